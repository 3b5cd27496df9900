// Service errors are values with a place: a code the surfaces translate, the offending field or path,
// and parameters for the message. Nothing here is user-facing text.

export type ServiceErrorCode =
  | "not_found" // no such account/team in what the user may see
  | "forbidden" // exists, but not for this user (surfaces show it as not_found, to leak nothing)
  | "invalid" // bad input: `field` names it
  | "conflict" // changed meanwhile (optimistic version), or a duplicate
  | "no_team"; // the command needs a team channel

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly field?: string,
    readonly params: Record<string, string | number> = {},
    /** For `invalid`: why, said in the user's language by the surfaces. */
    readonly reason?: InvalidReason,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Why an input is invalid, where the surfaces say so in the user's language (messages `invalid.<reason>`); the
 *  error's own message stays English, for logs. */
export type InvalidReason =
  | "deal_reason_not_closed"
  | "deal_reason_missing"
  | "deal_closed"
  | "deal_last_stage"
  | "account_name_missing"
  | "account_name_too_long"
  | "note_missing"
  | "note_too_long"
  | "team_name_missing"
  | "segment_empty"
  | "no_adoption"
  | "as_of_future"
  | "period_too_far";

/** An `invalid` error with its reason, `params` filling the reason's message. */
export const invalidInput = (
  why: InvalidReason,
  message: string,
  field: string,
  params: Record<string, string | number> = {},
): ServiceError => new ServiceError("invalid", message, field, params, why);

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;
