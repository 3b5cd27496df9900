// A file's parsed rows handed to the import that writes them, once. An async function keeps its arguments until it
// ends, so rows passed as a plain array stay in memory through every write of a long import; handed over in a
// Handoff, they are held only by the planning step that takes them, and then by the steps not yet written
// (issue 11.7: 100,000 rows and the team's keys are not all kept through the writes).

export class Handoff<T> {
  #value: T | null;

  constructor(value: T) {
    this.#value = value;
  }

  /** The value; the handoff forgets it. Taking it twice is a bug in the caller. */
  take(): T {
    const value = this.#value;
    if (value === null) throw new Error("a handoff is taken once");
    this.#value = null;
    return value;
  }
}

/** The value itself, or what a handoff holds (taking it). */
export const received = <T>(value: T | Handoff<T>): T => (value instanceof Handoff ? value.take() : value);
