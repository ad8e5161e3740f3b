/**
 * The saved labs on disk:
 *
 *   <dataDir>/labs/index.json            { "lastUsed": "<name>" }
 *   <dataDir>/labs/<name>/lab.json       { name, scenario, createdAt }   (written once)
 *   <dataDir>/labs/<name>/scenario.json  a copy of the scenario it was created from (for reset)
 *   <dataDir>/labs/<name>/state.json     the engine state (engine/persistence/engine-state.ts)
 *
 *   <dataDir>/damaged-labs/<name>-<timestamp>/   a lab whose lab.json could not be read, moved here whole
 *
 * Every file is replaced atomically. A lab folder appears complete or not at all (built under a
 * ".creating-" name and renamed) and disappears in one step (renamed to ".deleting-" first), so a
 * crash never leaves half a lab in the list. Nothing is read without a stat first (bounded-read.ts):
 * a folder, pipe or oversized file where a file should be is treated as damaged, never waited on.
 */
import { lstat, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  fileTimestamp,
  moveAside,
  removeLeftoverTempFiles,
  removeTree,
  syncDir,
  writeFileAtomic,
} from './atomic-file';
import {
  MAX_SCENARIO_BYTES,
  MAX_SMALL_FILE_BYTES,
  MAX_STATE_BYTES,
  readBoundedBytes,
  readBoundedText,
} from './bounded-read';

/** What lab.json holds. */
export interface LabMeta {
  name: string;
  /** "built-in: default" or the scenario file's path. */
  scenario: string;
  createdAt: string;
}

export const STATE_FILE = 'state.json';
const META_FILE = 'lab.json';
const SCENARIO_FILE = 'scenario.json';
const INDEX_FILE = 'index.json';
const CREATING = '.creating-';
const DELETING = '.deleting-';
/** Next to the labs folder, so a damaged lab leaves the list but stays where the user can find it. */
const DAMAGED_DIR = 'damaged-labs';

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

export class LabStore {
  /** @param root the labs folder, <dataDir>/labs */
  constructor(readonly root: string) {}

  dir(name: string): string {
    return join(this.root, name);
  }
  stateFile(name: string): string {
    return join(this.dir(name), STATE_FILE);
  }

  /**
   * Prepares the folder and cleans up after a crash: temp files of interrupted writes, half-created
   * and half-deleted lab folders. Returns what was removed (for the log).
   */
  async init(now = new Date()): Promise<string[]> {
    // A file (or anything else) where the labs folder or the index should be is moved aside, kept.
    const rootInfo = await lstat(this.root).catch(() => null);
    if (rootInfo && !rootInfo.isDirectory()) await moveAside(this.root, now);
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const indexInfo = await lstat(join(this.root, INDEX_FILE)).catch(() => null);
    if (indexInfo && !indexInfo.isFile()) await moveAside(join(this.root, INDEX_FILE), now);
    const removed = (await removeLeftoverTempFiles(this.root)).map((n) => n);
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith(CREATING) || entry.name.startsWith(DELETING)) {
        await removeTree(join(this.root, entry.name));
        removed.push(entry.name);
        continue;
      }
      removed.push(...(await removeLeftoverTempFiles(this.dir(entry.name))).map((n) => `${entry.name}/${n}`));
    }
    return removed;
  }

  /** Every complete lab, by name. */
  async list(): Promise<(LabMeta & { savedAt: string | null })[]> {
    const out: (LabMeta & { savedAt: string | null })[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const meta = await this.meta(entry.name);
      if (!meta) continue;
      const saved = await stat(this.stateFile(entry.name)).catch(() => null);
      out.push({ ...meta, savedAt: saved ? saved.mtime.toISOString() : null });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Lab folders whose lab.json cannot be read: not labs any more, to be moved aside whole. */
  async unreadable(): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && !(await this.meta(entry.name)))
        out.push(entry.name);
    }
    return out.sort();
  }

  /** Moves a whole lab folder to <dataDir>/damaged-labs/<name>-<timestamp> (nothing deleted). */
  async moveLabAside(name: string, now: Date): Promise<string> {
    const damaged = join(dirname(this.root), DAMAGED_DIR);
    await mkdir(damaged, { recursive: true, mode: 0o700 });
    const target = join(damaged, `${name}-${fileTimestamp(now)}`);
    await rename(this.dir(name), target);
    await syncDir(this.root);
    return target;
  }

  async meta(name: string): Promise<LabMeta | null> {
    try {
      const text = await readBoundedText(join(this.dir(name), META_FILE), MAX_SMALL_FILE_BYTES);
      const m = JSON.parse(text) as Partial<LabMeta> | null;
      if (typeof m !== 'object' || m === null) return null;
      if (typeof m.scenario !== 'string') return null;
      return { name, scenario: m.scenario, createdAt: typeof m.createdAt === 'string' ? m.createdAt : '' };
    } catch {
      return null;
    }
  }

  /** The existing lab whose name matches case-insensitively (folders may be case-insensitive). */
  async find(name: string): Promise<string | null> {
    const lower = name.toLowerCase();
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name.toLowerCase() === lower)
        return (await this.meta(entry.name)) ? entry.name : null;
    }
    return null;
  }

  /** Creates a lab folder with its metadata and scenario copy, all at once. */
  async create(name: string, scenarioText: string, scenarioLabel: string, now: Date): Promise<LabMeta> {
    const meta: LabMeta = { name, scenario: scenarioLabel, createdAt: now.toISOString() };
    const staging = join(this.root, `${CREATING}${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { mode: 0o700 });
    try {
      await writeFileAtomic(join(staging, SCENARIO_FILE), scenarioText);
      await writeFileAtomic(join(staging, META_FILE), JSON.stringify(meta, null, 2));
      await rename(staging, this.dir(name));
    } catch (e) {
      await removeTree(staging);
      throw e;
    }
    await syncDir(this.root);
    return meta;
  }

  /** Removes a lab: one rename makes it disappear, then its files are deleted. */
  async delete(name: string): Promise<void> {
    const doomed = join(this.root, `${DELETING}${randomBytes(4).toString('hex')}`);
    await rename(this.dir(name), doomed);
    await syncDir(this.root);
    await removeTree(doomed);
  }

  /**
   * The saved state's bytes (parsed a line at a time: engine/persistence/state-lines.ts), or null
   * when the lab was never saved. Throws when something is there but cannot be read as a file (a
   * folder, a pipe, too large): the caller moves it aside.
   */
  async readState(name: string): Promise<Uint8Array | null> {
    try {
      return await readBoundedBytes(this.stateFile(name), MAX_STATE_BYTES);
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  scenarioFile(name: string): string {
    return join(this.dir(name), SCENARIO_FILE);
  }

  readScenario(name: string): Promise<string> {
    return readBoundedText(this.scenarioFile(name), MAX_SCENARIO_BYTES);
  }

  /** Replaces a lab's scenario copy (when it was rebuilt from its source). */
  writeScenario(name: string, text: string): Promise<void> {
    return writeFileAtomic(this.scenarioFile(name), text);
  }

  async lastUsed(): Promise<string | null> {
    try {
      const text = await readBoundedText(join(this.root, INDEX_FILE), MAX_SMALL_FILE_BYTES);
      const idx = JSON.parse(text) as { lastUsed?: unknown } | null;
      return typeof idx?.lastUsed === 'string' ? idx.lastUsed : null;
    } catch {
      return null;
    }
  }

  setLastUsed(name: string): Promise<void> {
    return writeFileAtomic(join(this.root, INDEX_FILE), JSON.stringify({ lastUsed: name }));
  }
}
