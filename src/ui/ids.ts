// Interaction ids shared by the builders and the listeners that handle them (src/slack/listeners).

export const ACTION_IDS = {
  /** The Import button under an import's dry-run summary. */
  importFile: "kv_import_file",
  updateFacts: "kv_update_facts",
  addContact: "kv_add_contact",
  addOpportunity: "kv_add_opportunity",
  logNote: "kv_log_note",
  pickAccount: "kv_pick_account",
  /** Pick one of several accounts for a pending `set`: the value carries the account id and the assignments. */
  pickAccountSet: "kv_pick_account_set",
  createAccount: "kv_create_account",
  adoptVersion: "kv_calibration_adopt",
  keepVersion: "kv_calibration_keep",
  revertVersion: "kv_calibration_revert",
  dealMenu: "kv_deal_menu",
  pickDeal: "kv_pick_deal",
  /** A switch of the alert settings: the value is the command text (`off quadrant`, `on deal_stale`). */
  alertToggle: "kv_alerts_toggle",
  /** Pick one of several accounts for `/kvalue history`: the value is the account id. */
  pickAccountHistory: "kv_pick_account_history",
  /** Undo on a history entry: the value is the id of the change's first audit row. */
  undoChange: "kv_undo_change",
  /** "Card" on an account line of the weekly digest: the value is the account id; the card comes to the presser. */
  openCard: "kv_open_card",
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** A segment's buttons: one per look and one for 三定, `kv_segment_look:<look>` (ids in one actions block differ). */
export const SEGMENT_LOOK_ACTION_PREFIX = "kv_segment_look:";
export const SEGMENT_LOOK_ACTION = /^kv_segment_look:[a-z_]+$/;

export const CALLBACK_IDS = {
  facts: "kv_facts_modal",
  contact: "kv_contact_modal",
  opportunity: "kv_opportunity_modal",
  note: "kv_note_modal",
  segment: "kv_segment_modal",
  dealLost: "kv_deal_lost_modal",
  dealCloseDate: "kv_deal_close_modal",
} as const;
export type CallbackId = (typeof CALLBACK_IDS)[keyof typeof CALLBACK_IDS];

/** The action_id of every input element in the modals; the block_id names the field. */
export const INPUT_ACTION_ID = "value";

/** Option value meaning "not known" in selects, kept apart from every enum code (incumbent has its own "unknown"). */
export const UNKNOWN_OPTION = "__unknown__";
