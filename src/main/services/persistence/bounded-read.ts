/**
 * Reading files the user or a damaged data folder hands us, without trusting them: the path must be
 * a regular file (a FIFO would block the read, and every later lab call queued behind it, for ever;
 * a device could stream without end) and no larger than the limit for its kind, checked with stat
 * before a byte is read, so refusing a 200 MB file costs no memory.
 */
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { LabFault } from '../../../shared/result';
import { MAX_SCENARIO_BYTES } from '../../../shared/scenario-schema';

export { MAX_SCENARIO_BYTES };
/** Largest saved state read back: a 100,000-VM lab saves about 70 MB, plus its task and event history. */
export const MAX_STATE_BYTES = 256 * 1024 * 1024;
/** lab.json and index.json are a few hundred bytes. */
export const MAX_SMALL_FILE_BYTES = 64 * 1024;

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Why a path was refused before reading (not a file, too large); fields for the LabFault. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly code: 'not-a-file' | 'too-large',
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/**
 * The text of `path` if it is a regular file of at most `limit` bytes. Throws UnreadableFileError
 * naming the limit otherwise, and the fs error (ENOENT, EACCES, …) when it cannot be opened.
 */
export async function readBoundedText(path: string, limit: number): Promise<string> {
  return decodeInChunks(await readBoundedBytes(path, limit));
}

/** readBoundedText's bytes, not decoded (a large lab's state is parsed from them a line at a time). */
export async function readBoundedBytes(path: string, limit: number): Promise<Buffer> {
  const info = await stat(path);
  if (!info.isFile())
    throw new UnreadableFileError(
      `"${path}" is not a regular file (a folder, pipe or device).`,
      'not-a-file',
    );
  if (info.size > limit)
    throw new UnreadableFileError(`"${path}" is ${mb(info.size)}; the limit is ${mb(limit)}.`, 'too-large');
  const handle = await open(path, 'r');
  try {
    // Read at most limit + 1 bytes: a file that grew since stat is refused, not read without end.
    const buffer = Buffer.alloc(Math.min(info.size, limit) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > limit)
        throw new UnreadableFileError(`"${path}" is larger than the limit of ${mb(limit)}.`, 'too-large');
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** Bytes decoded between two turns of the event loop (a 70 MB state takes ~1 s in one go). */
const DECODE_CHUNK = 1024 * 1024;

/** buffer.toString('utf8'), a megabyte at a time with a turn of the event loop in between. */
async function decodeInChunks(buffer: Buffer): Promise<string> {
  if (buffer.length <= DECODE_CHUNK) return buffer.toString('utf8');
  const decoder = new StringDecoder('utf8'); // keeps a character split between chunks whole
  const parts: string[] = [];
  for (let i = 0; i < buffer.length; i += DECODE_CHUNK) {
    parts.push(decoder.write(buffer.subarray(i, i + DECODE_CHUNK)));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  parts.push(decoder.end());
  return parts.join('');
}

/** readBoundedText for a scenario the user named: every refusal is a LabFault naming `field`. */
export async function readScenarioFile(path: string, field: string): Promise<string> {
  try {
    return await readBoundedText(path, MAX_SCENARIO_BYTES);
  } catch (e) {
    if (e instanceof UnreadableFileError)
      throw new LabFault(e.code === 'too-large' ? 'invalid-scenario' : 'invalid-argument', e.message, {
        field,
      });
    throw new LabFault('not-found', `Cannot read the scenario file "${path}": ${(e as Error).message}`, {
      field,
    });
  }
}
