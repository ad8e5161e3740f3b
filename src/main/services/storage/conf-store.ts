import Conf from 'conf';
import type { KeyValueStore } from './key-value-store';

/**
 * The part of `conf` this adapter uses. electron-store extends Conf, so the Electron implementation
 * wraps its instance with the same adapter.
 */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Conf keeps bookkeeping for migrations under this key; it is not ours to validate or drop. */
const CONF_INTERNAL_KEY = '__internal__';

/** Adapts a Conf (or electron-store) instance to the vault's KeyValueStore. */
export class ConfKeyValueStore implements KeyValueStore {
  constructor(private readonly conf: ConfLike) {}

  get path(): string {
    return this.conf.path;
  }

  read(): Record<string, unknown> {
    // Conf re-reads the file on every access, so a file moved aside reads as empty afterwards.
    const { [CONF_INTERNAL_KEY]: _internal, ...rest } = this.conf.store;
    return rest;
  }

  write(values: Record<string, unknown>): void {
    // Assigning `store` is one atomic write (temp file + rename) of the whole object.
    this.conf.store = values;
  }
}

/** Options shared by the conf and electron-store back ends. */
export interface StoreFileOptions {
  /** Directory of the store file (the user's config directory; a temp dir in tests). */
  cwd: string;
  /** File name without extension. */
  name: string;
}

/** File options for both back ends: owner-only permissions, no schema of conf's own (the vault validates). */
export const storeFileMode = 0o600;

/**
 * Opens a `conf` store file. Throws like Conf does when the file holds invalid JSON; callers go
 * through openRecoveringStore (./store-recovery.ts) to move such a file aside instead.
 */
export function openConfStore(options: StoreFileOptions): ConfKeyValueStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: options.cwd,
    configName: options.name,
    configFileMode: storeFileMode,
    clearInvalidConfig: false,
  });
  return new ConfKeyValueStore(conf);
}
