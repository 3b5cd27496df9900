// What a signed request body must look like before any listener reads it. Slack's payloads carry many more fields;
// only the ones listeners rely on are checked (objects stay open). A body is one of three things:
// "malformed" (a known kind missing what its listeners read: answered 400), "unhandled" (nothing here would serve
// it: acknowledged at once) or "dispatch" (handed to Bolt).
import { z } from "zod";

const id = z.string().min(1);
const user = z.looseObject({ id });

const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user,
  actions: z.array(z.looseObject({ action_id: z.string(), block_id: z.string().optional() })).min(1),
  // Absent for actions inside a modal or App Home; when present it is a channel.
  channel: z.looseObject({ id }).optional(),
  container: z.looseObject({ type: z.string() }).optional(),
  view: z.looseObject({ id }).optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
});

const view = z.looseObject({
  id,
  callback_id: z.string(),
  private_metadata: z.string().optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }).optional(),
});

const viewSubmission = z.looseObject({ type: z.literal("view_submission"), user, view });
const viewClosed = z.looseObject({ type: z.literal("view_closed"), user, view });
const blockSuggestion = z.looseObject({ type: z.literal("block_suggestion"), user, action_id: z.string() });
const shortcut = z.looseObject({ type: z.enum(["shortcut", "message_action"]), user, callback_id: z.string() });

const slashCommand = z.looseObject({
  command: z.string().startsWith("/"),
  user_id: id,
  channel_id: id,
  team_id: id,
  text: z.string().optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
});

const eventCallback = z.looseObject({
  type: z.literal("event_callback"),
  event_id: z.string().optional(),
  event: z.looseObject({ type: z.string().min(1) }),
});

/** The interaction kinds a listener reads: each must match its schema or the request is refused. */
const interactions: Record<string, z.ZodType> = {
  block_actions: blockActions,
  view_submission: viewSubmission,
  view_closed: viewClosed,
  block_suggestion: blockSuggestion,
  shortcut,
  message_action: shortcut,
};

export type Screened = { kind: "dispatch" } | { kind: "malformed"; why: string } | { kind: "unhandled"; why: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const problem = (e: z.ZodError): string =>
  e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");

/** Sorts a decoded body (url_verification and ssl_check are Bolt's and never reach here). */
export function screenPayload(body: unknown): Screened {
  if (!isRecord(body)) return { kind: "malformed", why: "the body is not an object" };
  if ("command" in body) {
    const r = slashCommand.safeParse(body);
    return r.success ? { kind: "dispatch" } : { kind: "malformed", why: problem(r.error) };
  }
  const type = typeof body.type === "string" ? body.type : "";
  const schema = interactions[type];
  if (schema) {
    const r = schema.safeParse(body);
    return r.success ? { kind: "dispatch" } : { kind: "malformed", why: problem(r.error) };
  }
  if (type === "event_callback") {
    // An event we cannot read is still Slack's: acknowledged so it is not redelivered, then dropped.
    const r = eventCallback.safeParse(body);
    return r.success ? { kind: "dispatch" } : { kind: "unhandled", why: `undecodable event (${problem(r.error)})` };
  }
  return { kind: "unhandled", why: `no listener for a body of type "${type || "(none)"}"` };
}
