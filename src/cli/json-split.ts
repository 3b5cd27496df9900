// Splits one JSON object, fed in pieces as it is read, into the elements of one array member (each element's text)
// and the other members (their key and value text), so a 100,000-account file is parsed one account at a time and
// never held as one parsed document. It checks the structure only as far as splitting needs: every piece it hands
// out is still parsed by JSON.parse. Whatever it does not expect (a non-object element, a member named twice, text
// after the end, a byte order mark) throws NotSplittable, and the caller reads the document the ordinary way, which
// says what is wrong and where.

export class NotSplittable extends Error {}

export interface SplitHandlers {
  /** The text of one element (an object) of the split array. */
  element(text: string): void;
  /** Another member of the root object: its key and its value's text. */
  member(key: string, text: string): void;
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

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Index of the quote that closes the string opened at `open`, or -1 if the text ends first. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}

/** End (exclusive) of the object or array opened at `open`, or -1 if the text ends first. Brackets are only
 *  counted, not matched: JSON.parse of the piece rejects a mismatch. */
function compositeEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
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
function scalarEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
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
  #rest = "";

  /** `split`: the key of the array whose elements are handed out one by one. */
  constructor(split: string, on: SplitHandlers) {
    this.#split = split;
    this.#on = on;
  }

  /** The next piece of the document. */
  push(piece: string): void {
    const text = this.#rest === "" ? piece : this.#rest + piece;
    this.#rest = "";
    const at = this.#scan(text, false);
    if (at < text.length) this.#rest = text.slice(at);
  }

  /** The document ended: it must have been one whole object. */
  end(): void {
    const text = this.#rest;
    this.#rest = "";
    const at = this.#scan(text, true);
    if (at < text.length || this.#state !== State.Done) throw new NotSplittable("the document ended early");
  }

  /** Reads `text` from the start; returns where the unfinished token begins (text.length when none). */
  #scan(text: string, last: boolean): number {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
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
          const q = stringEnd(text, i);
          if (q < 0) return i;
          const key = JSON.parse(text.slice(i, q + 1)) as string;
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
            const q = stringEnd(text, i);
            end = q < 0 ? -1 : q + 1;
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) end = compositeEnd(text, i);
          else end = scalarEnd(text, i);
          if (end < 0) {
            if (!last) return i;
            end = n;
          }
          this.#on.member(this.#key, text.slice(i, end));
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
          const end = compositeEnd(text, i);
          if (end < 0) return i;
          this.#on.element(text.slice(i, end));
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
