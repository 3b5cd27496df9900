// The app's shutdown state: whether it is draining (SIGTERM received: /readyz answers 503 and new Slack requests are
// refused), and the Slack requests still being worked on, so a shutdown can wait for them (bounded).
export class Lifecycle {
  #draining = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Runs `work` as one request in flight (until it settles). */
  track<T>(work: () => Promise<T>): Promise<T> {
    const p = work();
    const settled = p.then(
      () => {},
      () => {},
    );
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return p;
  }

  /** Starts draining and resolves when every request in flight has settled (true) or `ms` passed (false). */
  async drain(ms: number): Promise<boolean> {
    this.#draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), ms);
    });
    try {
      for (;;) {
        if (this.#inFlight.size === 0) return true;
        // Work may start more work (a listener's follow-up): wait until the set is empty, not one round.
        const all = Promise.all([...this.#inFlight]).then(() => true as const);
        if (!(await Promise.race([all, timeout]))) return false;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
