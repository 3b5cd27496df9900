// Per-thread state in the Conversation table (one row per workspace + channel + thread): the account the thread
// is about, the interview's progress, a note waiting for "which account?", and the last Q&A turns. Any process
// can pick up a thread, so several instances behind a load balancer answer the same conversation consistently.
import { z } from "zod";
import type { ServiceDeps } from "../deps.js";
import { proposedChangesSchema } from "./proposals.js";

export interface ThreadKey {
  workspaceId: string;
  channelId: string;
  threadTs: string;
}

const turn = z.object({ role: z.enum(["user", "assistant"]), content: z.string() });

export const threadStateSchema = z.object({
  accountId: z.string().nullable().default(null),
  history: z.array(turn).default([]),
  interview: z
    .object({
      accountId: z.string(),
      asked: z.array(z.string()),
      /** The field asked last and the question as it was put (the extraction is told what the rep answers). */
      current: z.string().nullable(),
      question: z.string().nullable().default(null),
      done: z.boolean(),
    })
    .nullable()
    .default(null),
  pending: z.object({ query: z.string().nullable(), changes: proposedChangesSchema }).nullable().default(null),
});
export type ThreadState = z.infer<typeof threadStateSchema>;

export const emptyState = (): ThreadState => ({ accountId: null, history: [], interview: null, pending: null });

/** Q&A turns kept per thread: enough for a follow-up ("and B?"), bounded in tokens. */
export const HISTORY_TURNS = 6;

export interface Thread {
  id: string;
  key: ThreadKey;
  userId: string;
  state: ThreadState;
}

function parseState(text: string): ThreadState {
  try {
    const parsed = threadStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : emptyState();
  } catch {
    return emptyState(); // a row from an older version: start the thread afresh rather than fail the message
  }
}

export async function loadThread(deps: ServiceDeps, key: ThreadKey): Promise<Thread | null> {
  const row = await deps.repos.assistant.findThread(key);
  return row ? { id: row.id, key, userId: row.userId, state: parseState(row.state) } : null;
}

export async function threadById(deps: ServiceDeps, workspaceId: string, id: string): Promise<Thread | null> {
  const row = await deps.repos.assistant.findThreadById(workspaceId, id);
  return row
    ? {
        id: row.id,
        key: { workspaceId, channelId: row.channelId, threadTs: row.threadTs },
        userId: row.userId,
        state: parseState(row.state),
      }
    : null;
}

export async function saveThread(
  deps: ServiceDeps,
  key: ThreadKey,
  userId: string,
  kind: string,
  state: ThreadState,
): Promise<string> {
  const history = state.history.slice(-HISTORY_TURNS);
  return deps.repos.assistant.upsertThread(
    key,
    userId,
    { state: JSON.stringify({ ...state, history }), kind },
    deps.now(),
  );
}
