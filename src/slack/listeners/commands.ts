// `/kvalue …`: ack at once (Slack allows 3 s), then do the work and answer through response_url.
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommand } from "../../commands/run.js";
import { commandEnv, type SlackRuntime } from "../runtime.js";

export function kvalueCommand(rt: SlackRuntime) {
  return async ({ ack, command, client, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    const env = await commandEnv(rt, client, {
      workspaceId: command.team_id, userId: command.user_id, channelId: command.channel_id, source: "slash",
    });
    const message = await runCommand(env, command.text ?? "");
    await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
  };
}

export function register(app: App, rt: SlackRuntime): void {
  app.command("/kvalue", kvalueCommand(rt));
}
