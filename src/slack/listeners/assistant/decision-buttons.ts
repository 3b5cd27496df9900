// Confirm / Discard a proposal, and pick or create the account a note was about. Acked first; a failure is
// answered to the presser alone.
import {
  confirmDecision,
  confirmSegmentDecision,
  discardDecision,
  discardSegmentDecision,
  resumeNote,
  type DecisionResult,
} from "../../../features/assistant/decisions.js";
import type { SlackRuntime } from "../../runtime.js";
import { failed } from "../messages/respond-to-text.js";
import { decisionInput, deliver, type ButtonArgs, type PressedDecision } from "./decision-input.js";

function decisionButton(rt: SlackRuntime, run: (input: PressedDecision, value: string) => Promise<DecisionResult>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const input = await decisionInput(rt, args.client, args.body);
    let result: DecisionResult;
    try {
      result = await run(input, args.action.value ?? "");
    } catch (e) {
      result = { replies: [{ message: failed(rt, e, input.locale) }], ephemeral: true };
    }
    await deliver(rt, args.client, args, input, result);
  };
}

export const confirmButton = (rt: SlackRuntime) => decisionButton(rt, (input, id) => confirmDecision(input, id));

export const discardButton = (rt: SlackRuntime) => decisionButton(rt, (input, id) => discardDecision(input, id));

export const segmentConfirmButton = (rt: SlackRuntime) =>
  decisionButton(rt, (input, id) => confirmSegmentDecision(input, id));

export const segmentDiscardButton = (rt: SlackRuntime) =>
  decisionButton(rt, (input, id) => discardSegmentDecision(input, id));

/** The button's value is `<conversationId>|<accountId>`. */
export const pickButton = (rt: SlackRuntime) =>
  decisionButton(rt, (input, value) => {
    const [conversationId = "", accountId = ""] = value.split("|");
    return resumeNote(input, conversationId, { accountId });
  });

/** Creates the account the note named, in the team of the channel when pressed in a channel (not a DM). */
export const createButton = (rt: SlackRuntime) =>
  decisionButton(rt, (input, value) =>
    resumeNote(input, value, {
      create: true,
      ...(input.place.channelId && !input.place.channelId.startsWith("D") ? { channelId: input.place.channelId } : {}),
    }),
  );
