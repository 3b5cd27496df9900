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
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;
