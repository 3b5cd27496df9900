// Buttons on kvalue's account and calibration messages (the assistant's buttons are registered in ../assistant).
import type { App, BlockAction, ButtonAction, OverflowAction, StaticSelectAction } from "@slack/bolt";
import { ACTION_IDS, SEGMENT_LOOK_ACTION } from "../../../ui/ids.js";
import type { SlackRuntime } from "../../runtime.js";
import { createAccount, pickAccount, pickAccountHistory, pickAccountSet } from "./account-choice.js";
import { answerBelow, answerInPlace } from "./answer-below.js";
import { alertToggle } from "../../../features/alerts/commands.js";
import { showAccount, undoFromHistory } from "../../../features/accounts/commands.js";
import { calibrationDecision } from "./calibration.js";
import { importFileButton } from "./import-file.js";
import { dealMenu, pickDealButton } from "./deal-menu.js";
import { openForm } from "./open-form.js";
import { openSegmentLook } from "./segment-look.js";

export function register(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.pickAccount, pickAccount(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.pickAccountSet, pickAccountSet(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.createAccount, createAccount(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.updateFacts, openForm(rt, "facts"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.addContact, openForm(rt, "contact"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.addOpportunity, openForm(rt, "opportunity"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.logNote, openForm(rt, "note"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.adoptVersion, calibrationDecision(rt, "adopt"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.keepVersion, calibrationDecision(rt, "keep"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.revertVersion, calibrationDecision(rt, "revert"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.importFile, importFileButton(rt));
  app.action<BlockAction<ButtonAction>>(SEGMENT_LOOK_ACTION, openSegmentLook(rt));
  app.action<BlockAction<OverflowAction>>(ACTION_IDS.dealMenu, dealMenu(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.pickDeal, pickDealButton(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.alertToggle, answerInPlace(rt, alertToggle));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.pickAccountHistory, pickAccountHistory(rt));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.undoChange, answerBelow(rt, undoFromHistory));
  app.action<BlockAction<ButtonAction | StaticSelectAction>>(ACTION_IDS.openCard, answerBelow(rt, showAccount));
}
