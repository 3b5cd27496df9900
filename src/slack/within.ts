// Waiting for a Slack lookup only so long: a trigger_id is valid 3 s, and the Web API client's own timeout and
// retries may take far longer. A late lookup keeps running and fills its cache for the next request.

/**
 * How long a request waits for a Slack lookup (users.info, conversations.members) before going on without it.
 */
export const LOOKUP_BUDGET_MS = 1_000;

export const LATE = Symbol("late");

/** `work`'s result, or LATE when it takes longer than `ms` (it keeps running). */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
