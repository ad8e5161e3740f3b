/**
 * The line layout of a saved state: still one JSON document, with each VM record on its own line.
 *
 *     {"format":"vmotion-lab-state",…,"world":{…,"vms":[      ← the head: everything before the VMs
 *     {"id":"vc1:vm-1",…},                                     ← one VM per line, a comma after each
 *     {"id":"vc1:vm-2",…}                                        but the last
 *     ],"revision":…}                                          ← the tail: everything after them
 *
 * JSON.stringify never writes a raw line break (one inside a string is escaped as \n), so every line
 * break in the file is one of these. That lets a 100,000-VM state (70 MB) be read from its bytes a line
 * at a time, without ever building the whole text as one string: building, joining or flattening a
 * 70 MB string holds the thread about 270 ms in one piece, over issue 15's 250 ms budget for other
 * clients' answers. A file not in this layout (saved before it, re-indented or damaged) is read as
 * one text, more slowly, so what loads and how a bad file is refused never depend on the layout; any
 * JSON reader still reads every file.
 */
import { parseJsonSteps } from '../json-slices';

/** What the head ends with and the tail starts with. */
const VMS_OPEN = '"vms":[';
const VMS_CLOSE = ']';
const LINE_BREAK = 0x0a;

/** VM lines parsed between two yields. */
const LINES_PER_STEP = 200;
/** Bytes decoded between two yields when a file is read as one text. */
const DECODE_STEP = 1024 * 1024;

/**
 * The state text in the line layout as parts whose concatenation it is: the head, each VM's line
 * (its JSON text, after ",\n" but the first), the tail. Small parts: the writer joins them in
 * batches of about a megabyte as it writes (services/persistence/atomic-file.ts).
 */
export function stateParts(frame: { head: string; tail: string }, vmTexts: Iterable<string>): string[] {
  const parts = [`${frame.head}\n`];
  for (const text of vmTexts) parts.push(parts.length === 1 ? text : `,\n${text}`);
  parts.push(parts.length === 1 ? frame.tail : `\n${frame.tail}`);
  return parts;
}

/** The head and tail around the VM list of a state serialised with `placeholder` as its only VM. */
export function splitAtVms(text: string, placeholder: string): { head: string; tail: string } {
  const hole = `${VMS_OPEN}${JSON.stringify(placeholder)}${VMS_CLOSE}`;
  const at = text.indexOf(hole);
  return { head: text.slice(0, at) + VMS_OPEN, tail: VMS_CLOSE + text.slice(at + hole.length) };
}

/**
 * Parses a saved state like JSON.parse: its bytes a line at a time when they are in the line layout,
 * as one text otherwise; yields between steps. Throws SyntaxError.
 */
export function* parseStateJsonSteps(input: string | Uint8Array): Generator<void, unknown, void> {
  if (typeof input === 'string') return yield* parseJsonSteps(input);
  const firstBreak = input.indexOf(LINE_BREAK);
  const lastBreak = input.lastIndexOf(LINE_BREAK);
  if (firstBreak >= 0) {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const head = decoder.decode(input.subarray(0, firstBreak));
    const tail = decoder.decode(input.subarray(lastBreak + 1));
    if (head.endsWith(VMS_OPEN) && tail.startsWith(VMS_CLOSE)) {
      try {
        const laidOut = yield* parseLaidOut(input, head + tail, firstBreak, lastBreak);
        if (laidOut !== NOT_LAID_OUT) return laidOut;
      } catch {
        // Damaged or edited by hand (a blank line, a record split over two): the whole text decides,
        // so what loads and the error a bad file gets are JSON.parse's, whatever the layout.
      }
    }
  }
  return yield* parseJsonSteps(yield* decodeSteps(input));
}

const NOT_LAID_OUT = Symbol('not in the line layout');

function* parseLaidOut(
  bytes: Uint8Array,
  skeleton: string,
  firstBreak: number,
  lastBreak: number,
): Generator<void, unknown, void> {
  const data = yield* parseJsonSteps(skeleton);
  const vms = (data as { world?: { vms?: unknown } } | null)?.world?.vms;
  // The break after the head must open world.vms; a file that only looks laid out is read as one text.
  if (!Array.isArray(vms) || vms.length !== 0) return NOT_LAID_OUT;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let line = 2;
  for (let from = firstBreak + 1; from <= lastBreak; line++) {
    const end = bytes.indexOf(LINE_BREAK, from);
    let text = decoder.decode(bytes.subarray(from, end));
    if (end !== lastBreak) {
      if (!text.endsWith(',')) throw new SyntaxError(`Expected ',' at the end of line ${line}`);
      text = text.slice(0, -1);
    }
    vms.push(JSON.parse(text));
    from = end + 1;
    if (line % LINES_PER_STEP === 0) yield;
  }
  return data;
}

/** The bytes as one string, decoded a megabyte per step. */
function* decodeSteps(bytes: Uint8Array): Generator<void, string, void> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (let i = 0; i < bytes.length; i += DECODE_STEP) {
    text += decoder.decode(bytes.subarray(i, i + DECODE_STEP), { stream: true });
    yield;
  }
  return text + decoder.decode();
}
