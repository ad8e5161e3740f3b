/**
 * What browser mode keeps between runs on one data folder so an open tab survives a restart: the
 * token the page must present and the port it was served on. Stored in <dataDir>/browser-host.json,
 * readable by the owner only (0600, in the 0700 data folder), like the saved connections beside it.
 * A file anyone else could read, or that is not a plain file, is not trusted: a fresh token replaces it.
 */
import { randomBytes } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../services/persistence/atomic-file';

export const BROWSER_IDENTITY_FILE = 'browser-host.json';
/** 24 random bytes, base64url: what a fresh token is; a kept one must be at least as long. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

export interface BrowserIdentity {
  token: string;
  /** The port last served on, tried first when --port is not given; null when never served. */
  port: number | null;
}

export const newBrowserToken = (): string => randomBytes(24).toString('base64url');

/**
 * The kept identity, or a fresh token when there is none, it is unreadable or malformed, or the
 * file's permissions let other users read it. `fresh` forces a new token (--new-token).
 */
export async function loadBrowserIdentity(dataDir: string, fresh = false): Promise<BrowserIdentity> {
  const file = join(dataDir, BROWSER_IDENTITY_FILE);
  if (!fresh) {
    try {
      const info = await lstat(file);
      const privateFile = process.platform === 'win32' || (info.mode & 0o077) === 0;
      if (info.isFile() && privateFile && info.size < 4096) {
        const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<BrowserIdentity>;
        const port = Number.isInteger(kept.port) && kept.port! > 0 && kept.port! < 65536 ? kept.port! : null;
        if (typeof kept.token === 'string' && TOKEN_PATTERN.test(kept.token))
          return { token: kept.token, port };
      }
    } catch {
      // Missing or damaged: a fresh token below.
    }
  }
  return { token: newBrowserToken(), port: null };
}

/** Keeps the token and port for the next run (atomic, owner-only). */
export function saveBrowserIdentity(dataDir: string, identity: BrowserIdentity): Promise<void> {
  return writeFileAtomic(join(dataDir, BROWSER_IDENTITY_FILE), JSON.stringify(identity));
}
