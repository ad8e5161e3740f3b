/**
 * One running vMotion Lab per data folder. Two processes saving the same labs would overwrite each
 * other's files (and each start cleans up the other's "leftover" temp files), so the first one holds
 * <dataDir>/instance.lock: { pid, url, startedAt }, owner-readable only. A later start reads it and
 * refuses, naming the running one; a lock whose process is gone (killed, crashed) is taken over.
 * Plain Node: browser mode uses it, and the desktop app beside Electron's own single-instance lock.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir, writeFileAtomic } from './services/persistence/atomic-file';

export const LOCK_FILE = 'instance.lock';

/** What the lock file says about the process holding it. */
export interface LockHolder {
  pid: number;
  /** Browser mode: the URL to open it at; the desktop app: null. */
  url: string | null;
  startedAt: string;
}

/** Another live process holds the folder; the message names it (and its URL when it has one). */
export class DataFolderInUseError extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    super(
      `vMotion Lab is already running on this data folder (process ${holder.pid}` +
        (holder.url ? `, open ${holder.url}` : ', the desktop app') +
        `). Stop it first, or start with another data folder. (Lock: ${lockFile})`,
    );
    this.name = 'DataFolderInUseError';
  }
}

export interface DataFolderLock {
  readonly file: string;
  /** Records the URL once the server listens, for the message a second start shows. */
  setUrl(url: string): Promise<void>;
  /** Gives the folder up (on a planned exit; a killed process leaves a lock the next start takes over). */
  release(): Promise<void>;
}

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own pid in an old lock: a previous life of this container
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(h.pid) || h.pid! <= 0) return null;
    return {
      pid: h.pid!,
      url: typeof h.url === 'string' ? h.url : null,
      startedAt: typeof h.startedAt === 'string' ? h.startedAt : '',
    };
  } catch {
    return null;
  }
}

const readHolder = async (file: string): Promise<LockHolder | null> =>
  parseHolder(await readFile(file, 'utf8').catch(() => ''));

/**
 * Takes the data folder for this process or throws DataFolderInUseError. The lock appears complete
 * in one step (written to a temp file, then hard-linked into place, which fails if a lock exists),
 * so a second start never reads half a lock.
 */
export async function acquireDataFolderLock(dataDir: string): Promise<DataFolderLock> {
  const file = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(holder), { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
      }
      const other = await readHolder(file);
      if (other && isAlive(other.pid)) throw new DataFolderInUseError(other, file);
      await takeOverStale(file, other);
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDir(dataDir);
  let released = false;
  return {
    file,
    setUrl: async (url) => {
      holder.url = url;
      await writeFileAtomic(file, JSON.stringify(holder));
    },
    release: async () => {
      if (released) return;
      released = true;
      // Only our own lock: never remove one another process took over meanwhile.
      if ((await readHolder(file))?.pid === process.pid) await unlink(file).catch(() => undefined);
    },
  };
}

/**
 * Moves a dead process's lock out of the way. Renamed first, then checked: if two starts race for
 * the same stale lock and one already put its own in place, the one we moved is put back.
 */
async function takeOverStale(file: string, seen: LockHolder | null): Promise<void> {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return; // already gone: try linking again
  }
  const moved = await readHolder(aside);
  if (moved && seen && moved.pid !== seen.pid && isAlive(moved.pid)) {
    await link(aside, file).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}
