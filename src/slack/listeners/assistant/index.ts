// The assistant panel, and the buttons and modal of the assistant's messages.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { AI_ACTION_IDS, AI_CALLBACK_IDS } from "../../../features/assistant/ui/ids.js";
import type { SlackRuntime } from "../../runtime.js";
import {
  confirmButton,
  createButton,
  discardButton,
  pickButton,
  segmentConfirmButton,
  segmentDiscardButton,
} from "./decision-buttons.js";
import { editButton } from "./edit-button.js";
import { editSubmission } from "./edit-submission.js";
import { assistantPanel } from "./panel.js";

export function register(app: App, rt: SlackRuntime): void {
  app.assistant(assistantPanel(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.confirm, confirmButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.discard, discardButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.edit, editButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.pick, pickButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.create, createButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.segmentConfirm, segmentConfirmButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.segmentDiscard, segmentDiscardButton(rt));
  app.view(AI_CALLBACK_IDS.edit, editSubmission(rt));
}
