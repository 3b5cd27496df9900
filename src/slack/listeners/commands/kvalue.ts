// `/kvalue …`: ack at once (Slack allows 3 s), then do the work and answer through response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { runCommand } from "../../../commands/run.js";
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import { uploadToUser } from "../../files.js";
import { postToResponseUrl } from "../../respond.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";

export type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

export function kvalueCommand(rt: SlackRuntime) {
  return async ({ ack, command, client }: CommandArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    const reply = (m: SlackMessage) =>
      postToResponseUrl(command.response_url, { response_type: "ephemeral", text: m.text, blocks: m.blocks });
    await afterAck(
      rt,
      "/kvalue",
      async () => {
        const env = await commandEnv(rt, client, {
          workspaceId: command.team_id,
          userId: command.user_id,
          channelId: command.channel_id,
          source: "slash",
        });
        locale = env.locale;
        const message = await runCommand(env, command.text ?? "");
        await reply(message);
        // Files (calibration charts, an export) follow the text, in the user's direct conversation with the app or, for
        // a team's export asked for in its own channel, in that channel.
        if (message.files?.length)
          await uploadToUser(rt, client, command.user_id, message.files, message.text, message.filesChannel);
      },
      reply,
      () => locale,
    );
  };
}
