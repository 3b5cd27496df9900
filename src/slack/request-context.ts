// The Slack request a log line belongs to: who, where and what (ids only, never the text typed), kept for the whole
// request — the work after its ack included — so a failure's log names the command, the user and the team.
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestContext {
  kind: string;
  /** The slash command, action id, view callback id or event type. */
  what?: string;
  team?: string;
  user?: string;
  channel?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const field = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? (o as Record<string, unknown>)[key] : undefined;

/** The ids of a Slack request body (slash command, interaction or event). */
export function contextOf(body: Record<string, unknown>, kind: string): RequestContext {
  const event = field(body, "event");
  const action = field(body, "actions");
  const entries: [keyof RequestContext, string | undefined][] = [
    [
      "what",
      str(body.command) ??
        str(field(Array.isArray(action) ? action[0] : undefined, "action_id")) ??
        str(field(field(body, "view"), "callback_id")) ??
        str(field(event, "type")),
    ],
    ["team", str(body.team_id) ?? str(field(body.team, "id")) ?? str(field(event, "team"))],
    ["user", str(body.user_id) ?? str(field(body.user, "id")) ?? str(field(event, "user"))],
    ["channel", str(body.channel_id) ?? str(field(body.channel, "id")) ?? str(field(event, "channel"))],
  ];
  return { kind, ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)) };
}

export const inRequest = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);

/** The current request's ids, to spread into a log line ({} outside a request). */
export const requestContext = (): RequestContext | Record<string, never> => storage.getStore() ?? {};
