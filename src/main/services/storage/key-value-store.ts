/**
 * The small storage seam the connection vault writes through. Two file-backed implementations exist:
 * `conf` (browser mode and tests, ./conf-store.ts) and electron-store (Electron only,
 * src/main/electron-storage.ts). Both keep one JSON object per file and replace it atomically.
 */
export interface KeyValueStore {
  /** The backing file, or null when nothing is persisted (in-memory fallback). */
  readonly path: string | null;
  /** Every top-level key and value. Throws (typically a SyntaxError) when the file cannot be parsed. */
  read(): Record<string, unknown>;
  /** Replaces the whole content in one atomic write, so a crash leaves the old or the new file. */
  write(values: Record<string, unknown>): void;
}

/**
 * Keeps everything in memory: the default when no storage was configured, and the fallback when the
 * store file cannot be opened at all, so the app still works for the session.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly path = null;
  private values: Record<string, unknown> = {};

  read(): Record<string, unknown> {
    return structuredClone(this.values);
  }

  write(values: Record<string, unknown>): void {
    this.values = structuredClone(values);
  }
}
