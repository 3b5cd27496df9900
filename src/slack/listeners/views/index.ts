// Modal submissions (the assistant's edit modal is registered in ../assistant).
import type { App } from "@slack/bolt";
import { FORM_OF_CALLBACK } from "../../../features/accounts/forms.js";
import { CALLBACK_IDS } from "../../../ui/ids.js";
import type { SlackRuntime } from "../../runtime.js";
import { accountFormSubmission } from "./account-form.js";
import { segmentFormSubmission } from "./segment-form.js";
import { dealFormSubmission } from "./deal-form.js";

export function register(app: App, rt: SlackRuntime): void {
  for (const callbackId of Object.values(CALLBACK_IDS)) {
    const kind = FORM_OF_CALLBACK[callbackId];
    if (kind) app.view(callbackId, accountFormSubmission(rt, kind));
  }
  app.view(CALLBACK_IDS.segment, segmentFormSubmission(rt));
  app.view(CALLBACK_IDS.dealLost, dealFormSubmission(rt, "lost"));
  app.view(CALLBACK_IDS.dealCloseDate, dealFormSubmission(rt, "close_date"));
}
