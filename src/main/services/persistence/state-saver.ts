/**
 * Saves a lab's state in the background. Changes only mark the lab dirty; a save runs later, takes
 * one snapshot of one instant (serialised a chunk at a time when `serializeSteps` is given and can
 * follow the changes made meanwhile, else in one synchronous step) and writes it asynchronously and
 * atomically. Saves never overlap and changes made during a write coalesce into the next one. The
 * gap between saves grows with the cost of serialising, so even a huge lab spends at most ~5% of
 * the main thread on saving.
 */
import { writeFileAtomic } from './atomic-file';
import { runInChunks } from './chunked';

export interface StateSaverOptions {
  file: string;
  /**
   * Produces the file content (whole, or in parts the writer joins a batch at a time); called
   * synchronously at save time.
   */
  serialize: () => string | string[];
  /**
   * The same content a chunk at a time (a large lab's save would hold the thread for a second);
   * null from it means the lab changed in a way it cannot follow and `serialize` is used instead.
   */
  serializeSteps?: () => Generator<void, string[] | null, void>;
  /** Shortest gap between saves after a change (default 250 ms). */
  minDelayMs?: number;
  /** Gap for changes that only moved the clock (default 5 s): a lost second of sim time is harmless. */
  lazyDelayMs?: number;
  /** A write failed (disk full, folder removed): reported, and retried on the next change. */
  onError?: (e: Error) => void;
  /** Timer functions (tests may inject fakes). */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Serialising may use at most 1/BUDGET_FACTOR of wall time. */
const BUDGET_FACTOR = 20;

export class StateSaver {
  private dirty = false;
  private timer: unknown = null;
  private timerDue = 0;
  private writing: Promise<void> | null = null;
  private lastSerializeMs = 0;
  private disposed = false;
  /** Completed saves (for tests and the log). */
  saves = 0;
  private readonly minDelay: number;
  private readonly lazyDelay: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: StateSaverOptions) {
    this.minDelay = options.minDelayMs ?? 250;
    this.lazyDelay = options.lazyDelayMs ?? 5000;
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const h = setTimeout(fn, ms);
        // A pending save must not keep a finished process alive; shutdown calls flush().
        h.unref();
        return h;
      });
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Something worth saving changed; `lazy` for changes that only moved the clock. */
  markDirty(lazy = false): void {
    if (this.disposed) return;
    this.dirty = true;
    if (this.writing) return; // the write's completion schedules the next save
    const delay = Math.max(lazy ? this.lazyDelay : this.minDelay, this.lastSerializeMs * BUDGET_FACTOR);
    const due = Date.now() + delay;
    // An urgent change pulls a lazy save forward; a lazy one never pushes a save back.
    if (this.timer !== null && this.timerDue <= due) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timerDue = due;
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.saveNow().catch(() => undefined);
    }, delay);
  }

  /** Saves now if anything changed (or `force`), after any write in progress. */
  async flush(force = false): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.writing) await this.writing.catch(() => undefined);
    if (this.dirty || force) await this.saveNow();
  }

  /** Final save, then stop listening to changes. */
  async dispose(): Promise<void> {
    await this.flush();
    this.disposed = true;
  }

  private async saveNow(): Promise<void> {
    if (this.writing) {
      await this.writing.catch(() => undefined);
      if (!this.dirty) return;
    }
    this.dirty = false;
    // Set before the first await: no second save starts while this one serialises or writes.
    const save = this.serializeAndWrite();
    this.writing = save;
    let failed = false;
    try {
      await save;
      this.saves++;
    } catch (e) {
      failed = true;
      this.dirty = true;
      this.options.onError?.(e as Error);
      throw e;
    } finally {
      this.writing = null;
      // Changes made during the write go in the next save; a failed write waits for the next change
      // rather than retrying in a tight loop against a full disk.
      if (this.dirty && !this.disposed && !failed) this.markDirty();
    }
  }

  /** Serialises (in steps when it can) and writes; a failure of either is the caller's to report. */
  private async serializeAndWrite(): Promise<void> {
    const busy = { ms: 0 };
    const steps = this.options.serializeSteps?.();
    let text: string | string[] | null = steps ? await runInChunks(steps, busy) : null;
    if (text === null) {
      const started = performance.now();
      text = this.options.serialize();
      busy.ms += performance.now() - started;
    }
    // What the thread spent serialising (not the turns other work had in between).
    this.lastSerializeMs = busy.ms;
    await writeFileAtomic(this.options.file, text);
  }
}
