// Interaction ids of the assistant's messages and modal (kept apart from src/slack/blocks/ids.ts so the two
// surfaces can grow without colliding; every id starts with kv_ai_).

export const AI_ACTION_IDS = {
  confirm: "kv_ai_confirm",
  edit: "kv_ai_edit",
  discard: "kv_ai_discard",
  /** Pick the account of a pending note: value = "<conversationId>|<accountId>". */
  pick: "kv_ai_pick",
  /** Create the account a pending note names, then propose: value = "<conversationId>". */
  create: "kv_ai_create",
  /** Confirm / Discard a segment proposal (issue 10.3): value = the SegmentProposal id. */
  segmentConfirm: "kv_ai_seg_confirm",
  segmentDiscard: "kv_ai_seg_discard",
} as const;

export const AI_CALLBACK_IDS = { edit: "kv_ai_edit_modal" } as const;

export const isAssistantAction = (actionId: string): boolean => actionId.startsWith("kv_ai_");
