import { randomUUID } from 'node:crypto';
import { readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ConnectionNotice } from '../../../shared/contract';
import { MemoryKeyValueStore, type KeyValueStore } from './key-value-store';

/** A store that was opened, plus what the user must be told about opening it. */
export interface OpenedStore {
  store: KeyValueStore;
  notices: ConnectionNotice[];
}

export interface RecoveryOptions {
  /** The file the store will use (to find its stale temp files and to move it aside). */
  filePath: string;
  /** Opens the store; may throw (Conf throws a SyntaxError on a file that is not JSON). */
  open: () => KeyValueStore;
  /** Checks the parsed content; returns why it is unacceptable, or null when it is fine. */
  validate: (data: Record<string, unknown>) => string | null;
  /** What the file holds, for the notice ("saved connections"). */
  what: string;
  now?: () => Date;
}

/**
 * Temp files the atomic writer (`atomically`, used by conf and electron-store) leaves next to the
 * store when a write is interrupted: "<file>.tmp-<10 digits><6 hex>". The real file is only replaced
 * by renaming a complete temp file over it, so a leftover temp file is never the newest good copy.
 */
export function isStaleTempFileOf(fileName: string, storeFileName: string): boolean {
  if (!fileName.startsWith(`${storeFileName}.tmp-`)) return false;
  return /^\d{10}[0-9a-f]{6}$/.test(fileName.slice(storeFileName.length + 5));
}

/**
 * Deletes temp files of interrupted writes. Runs before this process writes anything, and only one
 * lab process uses a config directory at a time, so none of them can belong to a write in progress.
 * Returns the names removed.
 */
export function removeStaleTempFiles(filePath: string): string[] {
  const dir = dirname(filePath);
  const name = basename(filePath);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!isStaleTempFileOf(entry, name)) continue;
    try {
      if (statSync(join(dir, entry)).isFile()) {
        unlinkSync(join(dir, entry));
        removed.push(entry);
      }
    } catch {
      // Another cleanup got there first or it is not ours to delete; either way nothing is lost.
    }
  }
  return removed;
}

/**
 * Moves a damaged store file aside as "<name>.corrupt-<timestamp><ext>" next to it, so nothing the
 * user typed is destroyed and a fresh store can start. Returns the new path.
 */
export function moveAside(filePath: string, now: Date): string {
  const ext = extname(filePath);
  const stem = filePath.slice(0, filePath.length - ext.length);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${stem}.corrupt-${stamp}${ext}`;
  for (let n = 2; exists(target); n++) target = `${stem}.corrupt-${stamp}-${n}${ext}`;
  renameSync(filePath, target);
  return target;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function notice(level: ConnectionNotice['level'], message: string, now: Date): ConnectionNotice {
  return { id: randomUUID(), level, message, at: now.toISOString() };
}

/**
 * Opens a store file so that a damaged one never stops the app: stale temp files are removed; a file
 * that is not JSON, or whose content fails validation (hand-edited, from a newer version), is moved
 * aside with a timestamp and a fresh, empty store is started; the user gets a notice either way. If the
 * file cannot be used at all (permissions, disk), an in-memory store keeps the app working for the
 * session and the notice says that changes will not be kept.
 */
export function openRecoveringStore(options: RecoveryOptions): OpenedStore {
  const now = options.now ?? (() => new Date());
  const notices: ConnectionNotice[] = [];
  removeStaleTempFiles(options.filePath);

  const fresh = (reason: string): OpenedStore => {
    try {
      const aside = moveAside(options.filePath, now());
      notices.push(
        notice(
          'warning',
          `The ${options.what} file could not be read (${reason}). It was moved aside to "${aside}" and a new, ` +
            `empty one was started. Nothing was deleted: you can inspect or restore the old file.`,
          now(),
        ),
      );
      const store = options.open();
      store.write({});
      return { store, notices };
    } catch (e) {
      return inMemory(e);
    }
  };

  const inMemory = (e: unknown): OpenedStore => {
    notices.push(
      notice(
        'error',
        `The ${options.what} file "${options.filePath}" cannot be used (${(e as Error)?.message ?? String(e)}). ` +
          `Changes are kept for this session only.`,
        now(),
      ),
    );
    return { store: new MemoryKeyValueStore(), notices };
  };

  let store: KeyValueStore;
  let data: Record<string, unknown>;
  try {
    store = options.open();
    data = store.read();
  } catch (e) {
    if (e instanceof SyntaxError) return fresh(`it is not valid JSON: ${e.message}`);
    return inMemory(e);
  }
  const problem = options.validate(data);
  if (problem) return fresh(problem);
  return { store, notices };
}
