// Pure Block Kit builders (DESIGN "Surfaces"): view-model data in, blocks out, always within Slack's limits.
export * from "./types.js";
export { ACTION_IDS, CALLBACK_IDS, INPUT_ACTION_ID, UNKNOWN_OPTION, type ActionId, type CallbackId } from "./ids.js";
export {
  SLACK_LIMITS, truncate, truncateMrkdwn, escapeMrkdwn, fitLines, packLines, fitBlocks, fitMessage, fitModal, fitHome,
  blockTextLength, clampBlock, type Surface,
} from "./limits.js";
export { compareRows, sortRows } from "./common.js";
export { accountCardMessage, stageLabel } from "./account-card.js";
export { accountChoicesMessage, createAccountPromptMessage, MAX_CHOICES } from "./account-pick.js";
export { valueMatrixMessage, topListMessage } from "./matrix.js";
export { funnelMessage } from "./funnel.js";
export { helpMessage } from "./help.js";
export { homeView } from "./home.js";
export { noteSavedMessage } from "./note.js";
export { factsModal, contactModal, opportunityModal, noteModal, NOTE_MAX_LENGTH } from "./modals.js";
export {
  parseFactsSubmission, parseContactSubmission, parseOpportunitySubmission, parseNoteSubmission, parseModalMetadata,
} from "./submissions.js";
