// Spacing of the digest's posts (notes/stack.md: chat.postMessage allows about one message per second per channel,
// and a few hundred per minute per workspace). Each post waits for its turn in its channel and in its workspace, so a
// Monday 09:00 with hundreds of subscriptions drains at Slack's pace instead of bouncing off 429s. A 429 that still
// happens (another instance posted to the same workspace) is waited out by the WebClient's Retry-After handling.
import { setTimeout as sleep } from "node:timers/promises";

export interface PacerOptions {
  /** Minimum gap between two posts to the same channel. */
  channelGapMs: number;
  /** Minimum gap between two posts to the same workspace. */
  workspaceGapMs: number;
  /** Clock for the gaps (real time: this is about Slack's rate, not the business clock). */
  now?: () => number;
}

export class Pacer {
  readonly #next = new Map<string, number>();
  readonly #now: () => number;

  constructor(private readonly o: PacerOptions) {
    this.#now = o.now ?? Date.now;
  }

  /** Resolves when a post to `channel` of `workspace` may go out, and books that slot. */
  async turn(workspace: string, channel: string): Promise<void> {
    const ch = `c:${workspace}:${channel}`,
      ws = `w:${workspace}`;
    // Book synchronously, so concurrent callers queue behind each other rather than all waking at once.
    const at = Math.max(this.#now(), this.#next.get(ch) ?? 0, this.#next.get(ws) ?? 0);
    this.#next.set(ch, at + this.o.channelGapMs);
    this.#next.set(ws, at + this.o.workspaceGapMs);
    if (this.#next.size > 10_000) this.#forgetPast();
    const wait = at - this.#now();
    if (wait > 0) await sleep(wait);
  }

  #forgetPast(): void {
    const now = this.#now();
    for (const [k, v] of this.#next) if (v < now) this.#next.delete(k);
  }
}
