// Splits one JSON object, fed in pieces of UTF-8 as it is read, into the elements of one array member (each
// element's bytes) and the other members (their key and value bytes), so a 100,000-account file is parsed in batches
// of accounts and never held as one parsed document. It reads bytes, not text: every character it looks for is
// ASCII, which UTF-8 never uses inside another character, so the pieces it cuts decode exactly as they would inside
// the whole document (a broken character included), and the decoding is left to whoever parses the piece. It checks the structure only as far as splitting needs: every piece it hands
// out is still parsed by JSON.parse. Whatever it does not expect (a non-object element, a member named twice, text
// after the end, a byte order mark) throws NotSplittable, and the caller reads the document the ordinary way, which
// says what is wrong and where.

export class NotSplittable extends Error {}

export interface SplitHandlers {
  /** The bytes of one element (an object) of the split array: a view of the piece it was read from. */
  element(bytes: Uint8Array): void;
  /** Another member of the root object: its key and its value's bytes. */
  member(key: string, bytes: Uint8Array): void;
}

/** Where the reader is: what it expects next. */
const State = {
  Before: 0,
  FirstKey: 1,
  Key: 2,
  Colon: 3,
  Value: 4,
  FirstElement: 5,
  Element: 6,
  AfterElement: 7,
  AfterMember: 8,
  Done: 9,
} as const;
type State = (typeof State)[keyof typeof State];

const QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44,
  COLON = 58,
  OPEN_BRACE = 123,
  CLOSE_BRACE = 125,
  OPEN_BRACKET = 91,
  CLOSE_BRACKET = 93;

const EMPTY = new Uint8Array(0);

/** The UTF-8 text of `b[start, end)`, as Buffer#toString decodes it (a broken character becomes U+FFFD). */
export const utf8 = (b: Uint8Array, start = 0, end = b.length): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8", start, end);

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Index of the quote that closes the string opened at `open`, or -1 if the bytes end first. */
function stringEnd(b: Uint8Array, open: number): number {
  for (let i = open + 1; i < b.length; i++) {
    const c = b[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** End (exclusive) of the object or array opened at `open`, or -1 if the bytes end first. Brackets are only
 *  counted, not matched: JSON.parse of the piece rejects a mismatch. */
function compositeEnd(b: Uint8Array, open: number): number {
  let depth = 0;
  for (let i = open; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE) {
      i = stringEnd(b, i);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** End (exclusive) of a number, true, false or null starting at `start`, or -1 if the text may go on. */
function scalarEnd(b: Uint8Array, start: number): number {
  for (let i = start; i < b.length; i++) {
    const c = b[i] as number;
    if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) return i;
  }
  return -1;
}

export class ObjectSplitter {
  readonly #split: string;
  readonly #on: SplitHandlers;
  readonly #seen = new Set<string>();
  #state: State = State.Before;
  #key = "";
  /** The unfinished token at the end of the last piece, read again with the next one. */
  #rest: Uint8Array = EMPTY;

  /** `split`: the key of the array whose elements are handed out one by one. */
  constructor(split: string, on: SplitHandlers) {
    this.#split = split;
    this.#on = on;
  }

  /** The next piece of the document. */
  push(piece: Uint8Array): void {
    const bytes = this.#rest.length === 0 ? piece : Buffer.concat([this.#rest, piece]);
    this.#rest = EMPTY;
    const at = this.#scan(bytes, false);
    if (at < bytes.length) this.#rest = bytes.subarray(at);
  }

  /** The document ended: it must have been one whole object. */
  end(): void {
    const bytes = this.#rest;
    this.#rest = EMPTY;
    const at = this.#scan(bytes, true);
    if (at < bytes.length || this.#state !== State.Done) throw new NotSplittable("the document ended early");
  }

  /** Reads `b` from the start; returns where the unfinished token begins (b.length when none). */
  #scan(b: Uint8Array, last: boolean): number {
    const n = b.length;
    let i = 0;
    while (i < n) {
      const c = b[i] as number;
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (this.#state) {
        case State.Before:
          if (c !== OPEN_BRACE) throw new NotSplittable("not an object");
          this.#state = State.FirstKey;
          i++;
          break;
        case State.FirstKey:
        case State.Key: {
          if (c === CLOSE_BRACE && this.#state === State.FirstKey) {
            this.#state = State.Done;
            i++;
            break;
          }
          if (c !== QUOTE) throw new NotSplittable("expected a key");
          const q = stringEnd(b, i);
          if (q < 0) return i;
          const key = JSON.parse(utf8(b, i, q + 1)) as string;
          if (this.#seen.has(key)) throw new NotSplittable(`"${key}" twice`);
          this.#seen.add(key);
          this.#key = key;
          this.#state = State.Colon;
          i = q + 1;
          break;
        }
        case State.Colon:
          if (c !== COLON) throw new NotSplittable("expected a colon");
          this.#state = State.Value;
          i++;
          break;
        case State.Value: {
          if (this.#key === this.#split) {
            if (c !== OPEN_BRACKET) throw new NotSplittable(`"${this.#key}" is not an array`);
            this.#state = State.FirstElement;
            i++;
            break;
          }
          let end: number;
          if (c === QUOTE) {
            const q = stringEnd(b, i);
            end = q < 0 ? -1 : q + 1;
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) end = compositeEnd(b, i);
          else end = scalarEnd(b, i);
          if (end < 0) {
            if (!last) return i;
            end = n;
          }
          this.#on.member(this.#key, b.subarray(i, end));
          this.#state = State.AfterMember;
          i = end;
          break;
        }
        case State.FirstElement:
        case State.Element: {
          if (c === CLOSE_BRACKET && this.#state === State.FirstElement) {
            this.#state = State.AfterMember;
            i++;
            break;
          }
          if (c !== OPEN_BRACE) throw new NotSplittable("an element is not an object");
          const end = compositeEnd(b, i);
          if (end < 0) return i;
          this.#on.element(b.subarray(i, end));
          this.#state = State.AfterElement;
          i = end;
          break;
        }
        case State.AfterElement:
          if (c === COMMA) this.#state = State.Element;
          else if (c === CLOSE_BRACKET) this.#state = State.AfterMember;
          else throw new NotSplittable("expected , or ] after an element");
          i++;
          break;
        case State.AfterMember:
          if (c === COMMA) this.#state = State.Key;
          else if (c === CLOSE_BRACE) this.#state = State.Done;
          else throw new NotSplittable("expected , or } after a member");
          i++;
          break;
        case State.Done:
          throw new NotSplittable("text after the end of the document");
      }
    }
    return n;
  }
}
