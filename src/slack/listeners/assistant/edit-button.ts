// Edit on a proposal: opens the edit modal (trigger_id, 3 s); the message to update rides along in its metadata.
import { editView } from "../../../features/assistant/decisions.js";
import type { SlackRuntime } from "../../runtime.js";
import { failed } from "../messages/respond-to-text.js";
import { decisionInput, deliver, type ButtonArgs } from "./decision-input.js";

export function editButton(rt: SlackRuntime) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const input = await decisionInput(rt, args.client, args.body);
    const { place } = input;
    const meta = {
      proposalId: args.action.value ?? "",
      ...(place.channelId && place.ts && !place.ephemeral
        ? { channelId: place.channelId, messageTs: place.ts, ...(place.threadTs ? { threadTs: place.threadTs } : {}) }
        : {}),
    };
    let opened: Awaited<ReturnType<typeof editView>>;
    try {
      opened = await editView(input, meta.proposalId, meta);
    } catch (e) {
      opened = { replies: [{ message: failed(rt, e, input.locale) }], ephemeral: true };
    }
    if ("view" in opened) {
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: opened.view });
      return;
    }
    await deliver(rt, args.client, args, input, opened);
  };
}
