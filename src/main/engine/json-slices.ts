/**
 * JSON.parse for large texts, a slice at a time. A 100,000-VM scenario is 18 MB of JSON and a saved
 * lab of that size 70 MB; one JSON.parse of either holds the thread for 1–1.5 s on the bench machine,
 * while a lab must keep answering its other clients (issue 15: at most 250 ms at a time). So a big
 * document is walked from the outside in: any value that fits in a slice is handed to the native
 * JSON.parse whole, a larger object or array is taken apart member by member, and the generator
 * yields between slices so the caller (services/persistence/chunked.ts) can give the event loop a
 * turn. The result equals JSON.parse's, including own "__proto__" keys and the last of duplicate keys.
 *
 * Small texts go to JSON.parse directly, so their error messages are exactly the native ones; in a big
 * text a syntax error names its position in the whole text.
 */

/** Below this depth a large value is parsed natively whole (no deep recursion on hostile nesting). */
const MAX_DEPTH = 32;
/** Texts up to this length are parsed in one go (a few milliseconds). */
export const ONE_GO_CHARS = 1024 * 1024;
/** Largest piece of text handed to JSON.parse at once, and the work between two yields. */
export const SLICE_CHARS = 64 * 1024;

/** Where a text is cut (tests use tiny sizes to take small documents apart). */
export interface SliceSizes {
  oneGoChars: number;
  sliceChars: number;
}

/** Parses JSON text like JSON.parse, yielding between slices of a large text. Throws SyntaxError. */
export function* parseJsonSteps(
  text: string,
  sizes: SliceSizes = { oneGoChars: ONE_GO_CHARS, sliceChars: SLICE_CHARS },
): Generator<void, unknown, void> {
  if (text.length <= sizes.oneGoChars) return JSON.parse(text);
  const reader = new SliceReader(text, sizes.sliceChars);
  const start = reader.skipSpace(0);
  const [value, end] = yield* reader.value(start, 0);
  if (reader.skipSpace(end) !== text.length) throw reader.fault(reader.skipSpace(end));
  return value;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

class SliceReader {
  /** Characters parsed since the last yield. */
  private sinceYield = 0;

  constructor(
    private readonly text: string,
    private readonly sliceChars: number,
  ) {}

  /** The value starting at `start` and the position just after it. */
  *value(start: number, depth: number): Generator<void, [unknown, number], void> {
    const end = this.endWithin(start, depth > MAX_DEPTH ? this.text.length : start + this.sliceChars);
    if (end >= 0) {
      const value = this.parsePiece(start, end);
      this.sinceYield += end - start;
      if (this.sinceYield >= this.sliceChars) {
        this.sinceYield = 0;
        yield;
      }
      return [value, end];
    }
    const open = this.text.charCodeAt(start);
    if (open === OPEN_BRACE) return yield* this.object(start, depth + 1);
    if (open === OPEN_BRACKET) return yield* this.array(start, depth + 1);
    // A huge string or number: one native parse (strings are copied, not scanned, by V8).
    const whole = this.endWithin(start, this.text.length);
    return [this.parsePiece(start, whole < 0 ? this.text.length : whole), whole];
  }

  private *object(start: number, depth: number): Generator<void, [unknown, number], void> {
    const out: Record<string, unknown> = {};
    let i = this.skipSpace(start + 1);
    if (this.text.charCodeAt(i) === CLOSE_BRACE) return [out, i + 1];
    for (;;) {
      if (this.text.charCodeAt(i) !== QUOTE) throw this.fault(i);
      const keyEnd = this.endOfString(i);
      const key = this.parsePiece(i, keyEnd) as string;
      i = this.skipSpace(keyEnd);
      if (this.text.charCodeAt(i) !== COLON) throw this.fault(i);
      const [member, end] = yield* this.value(this.skipSpace(i + 1), depth);
      // As JSON.parse does: an own property even for "__proto__", the last duplicate wins.
      Object.defineProperty(out, key, {
        value: member,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      i = this.skipSpace(end);
      const c = this.text.charCodeAt(i);
      if (c === CLOSE_BRACE) return [out, i + 1];
      if (c !== COMMA) throw this.fault(i);
      i = this.skipSpace(i + 1);
    }
  }

  private *array(start: number, depth: number): Generator<void, [unknown, number], void> {
    const out: unknown[] = [];
    let i = this.skipSpace(start + 1);
    if (this.text.charCodeAt(i) === CLOSE_BRACKET) return [out, i + 1];
    for (;;) {
      const [element, end] = yield* this.value(i, depth);
      out.push(element);
      i = this.skipSpace(end);
      const c = this.text.charCodeAt(i);
      if (c === CLOSE_BRACKET) return [out, i + 1];
      if (c !== COMMA) throw this.fault(i);
      i = this.skipSpace(i + 1);
    }
  }

  /**
   * Where the value starting at `start` ends, if it ends before `limit`; -1 otherwise. Only finds
   * the boundary (brackets outside strings); JSON.parse then checks the piece.
   */
  private endWithin(start: number, limit: number): number {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === QUOTE) {
      const end = this.endOfString(start);
      return end <= limit ? end : -1;
    }
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      let i = start;
      while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
      return i <= limit ? i : -1;
    }
    let depth = 0;
    const stop = Math.min(limit, text.length);
    for (let i = start; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = this.endOfString(i) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    // Unclosed at the end of the text: the piece goes to JSON.parse, which says what is wrong.
    return stop === text.length && limit >= text.length ? text.length : -1;
  }

  /** The position after the closing quote of the string starting at `start` (text end if none). */
  private endOfString(start: number): number {
    let from = start + 1;
    for (;;) {
      const q = this.text.indexOf('"', from);
      if (q < 0) return this.text.length;
      let backslashes = 0;
      while (this.text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      from = q + 1;
    }
  }

  skipSpace(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
      i++;
    }
  }

  /** JSON.parse of text[start, end); a syntax error names its position in the whole text. */
  private parsePiece(start: number, end: number): unknown {
    try {
      return JSON.parse(this.text.slice(start, end));
    } catch (e) {
      const message = (e as Error).message;
      const at = /position (\d+)/.exec(message);
      if (!at) throw new SyntaxError(`${message} (in the value at position ${start})`, { cause: e });
      throw new SyntaxError(`${message.slice(0, at.index)}position ${start + Number(at[1])}`, { cause: e });
    }
  }

  fault(i: number): SyntaxError {
    if (i >= this.text.length) return new SyntaxError('Unexpected end of JSON input');
    return new SyntaxError(`Unexpected token ${JSON.stringify(this.text[i])} in JSON at position ${i}`);
  }
}

function isDelimiter(c: number): boolean {
  return (
    c === COMMA ||
    c === CLOSE_BRACE ||
    c === CLOSE_BRACKET ||
    c === 0x20 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09
  );
}
