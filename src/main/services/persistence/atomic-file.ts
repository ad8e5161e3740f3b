/**
 * Crash-safe file replacement: the new content goes to a temp file in the same folder, is flushed to
 * disk, and only then renamed over the real file (rename within a folder is atomic on POSIX and NTFS);
 * the folder is flushed too so the rename itself survives a power cut. A reader therefore always sees
 * either the old complete file or the new complete file, never a mix or a truncated one.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files of this writer: "<file>.<8 hex>.tmp" next to the target. */
const TEMP_SUFFIX = /\.[0-9a-f]{8}\.tmp$/;

/** The temp path a write of `path` uses (exported for tests that simulate a kill before the rename). */
export function tempPathFor(path: string): string {
  return `${path}.${randomBytes(4).toString('hex')}.tmp`;
}

/** True when `name` is a temp file this writer makes (for any target). */
export function isTempFileName(name: string): boolean {
  return TEMP_SUFFIX.test(name);
}

/** Flushes a folder's entries (the rename) to disk; some platforms cannot open folders, which is fine. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory; NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Characters joined into one write: small parts (a large lab's state has one per VM) in batches. */
const WRITE_BATCH_CHARS = 1024 * 1024;

async function writeParts(handle: FileHandle, parts: readonly string[]): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const part of parts) {
    batch.push(part);
    size += part.length;
    if (size < WRITE_BATCH_CHARS) continue;
    await handle.write(batch.join(''));
    batch = [];
    size = 0;
  }
  if (batch.length) await handle.write(batch.join(''));
}

/**
 * Writes `data` to `path` atomically and durably (temp file, fsync, rename, fsync folder). Data in
 * parts (a large lab's state) is written a batch of parts at a time, so no encoding holds the
 * thread long.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly string[],
): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else await writeParts(handle, data);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dirname(path));
}

/**
 * Deletes temp files an interrupted write left in `dir`. Called before this process writes there;
 * one lab process owns a data folder at a time, so none of them belongs to a write in progress.
 * Returns the names removed.
 */
export async function removeLeftoverTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!isTempFileName(name)) continue;
    const p = join(dir, name);
    try {
      if ((await stat(p)).isFile()) {
        await unlink(p);
        removed.push(name);
      }
    } catch {
      // Already gone: nothing to clean.
    }
  }
  return removed;
}

/** "2026-03-01T09-00-00-000Z": a timestamp that is a valid file name everywhere. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a damaged file aside as "<name without .json>.corrupt-<timestamp>.json" so the user keeps it
 * for inspection and the next start does not trip over it again. Returns the new path.
 */
export async function moveAside(path: string, now: Date): Promise<string> {
  const base = basename(path).replace(/\.json$/, '');
  const target = join(dirname(path), `${base}.corrupt-${fileTimestamp(now)}.json`);
  await rename(path, target);
  await syncDir(dirname(path));
  return target;
}

/** Removes a folder tree; a missing folder is fine. */
export async function removeTree(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

export { syncDir };
