/**
 * Simulation time. Everything in the engine happens at a simulated instant: work is scheduled on a
 * discrete-event queue and the clock jumps from one event to the next. Who moves the clock decides
 * the pace: tests use ManualClock.advance(ms), the app uses RealTimeDriver with a speed. Events due
 * at the same instant run in the order they were scheduled, so a history replays exactly.
 */

export type TimerId = number;

/** What reads simulated time (the clock itself, SimClock). */
export interface TimeSource {
  now(): number;
}

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A binary min-heap of scheduled callbacks ordered by (time, scheduling order). Sifting moves a hole
 * instead of swapping, with the comparison written out: this runs once per simulated phase, so it
 * is the engine's innermost loop.
 */
class EventQueue {
  private heap: Scheduled[] = [];

  get size(): number {
    return this.heap.length;
  }
  peek(): Scheduled | undefined {
    return this.heap[0];
  }
  push(item: Scheduled): void {
    const h = this.heap;
    const at = item.at;
    const seq = item.seq;
    let i = h.length;
    h.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      // Stop once the parent comes first (earlier, or same time and scheduled earlier).
      if (parent.at < at || (parent.at === at && parent.seq < seq)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = item;
  }
  pop(): Scheduled | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return top;
    const at = last.at;
    const seq = last.seq;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      // The child that comes first.
      let c = l;
      let child = h[l];
      if (l + 1 < n) {
        const right = h[l + 1];
        if (right.at < child.at || (right.at === child.at && right.seq < child.seq)) {
          c = l + 1;
          child = right;
        }
      }
      if (at < child.at || (at === child.at && seq < child.seq)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

/**
 * The simulation clock and its event queue. `schedule` never runs a callback synchronously; time
 * only moves in `runUntil`, which runs due callbacks in (time, order) and then sets now to the target.
 */
export class SimClock {
  private current = 0;
  private seq = 0;
  private readonly queue = new EventQueue();
  /** Cancelled timers stay in the heap (cheap cancel) and are skipped when popped. */
  private readonly cancelled = new Set<TimerId>();
  private readonly advancedListeners = new Set<() => void>();
  /** Wall-clock instant the simulation's time 0 stands for (display only). */
  readonly epochMs: number;

  /** `startAt` resumes a saved lab's simulated time instead of starting at 0. */
  constructor(epochMs = Date.UTC(2026, 0, 5, 9, 0, 0), startAt = 0) {
    this.epochMs = epochMs;
    this.current = Math.max(0, startAt);
  }

  now(): number {
    return this.current;
  }

  /** Runs fn at sim time `at` (or now, if `at` is in the past) after everything already due then. */
  schedule(at: number, fn: () => void): TimerId {
    const item = { at: Math.max(at, this.current), seq: ++this.seq, fn };
    this.queue.push(item);
    return item.seq;
  }

  after(delayMs: number, fn: () => void): TimerId {
    return this.schedule(this.current + Math.max(0, delayMs), fn);
  }

  cancel(id: TimerId | null | undefined): void {
    if (id != null) this.cancelled.add(id);
  }

  /** Time of the next pending event, or undefined when nothing is scheduled. */
  nextAt(): number | undefined {
    this.dropCancelledHead();
    return this.queue.peek()?.at;
  }

  /** Pending (not cancelled) events; for tests and the benchmark. */
  get pending(): number {
    return this.queue.size - this.cancelled.size;
  }

  /**
   * Runs every event due up to and including `target`, then sets now to `target`. Returns how many
   * events ran. `maxEvents` lets a real-time driver bound one slice of work.
   */
  runUntil(target: number, maxEvents = Number.POSITIVE_INFINITY): number {
    const queue = this.queue;
    const cancelled = this.cancelled;
    let ran = 0;
    while (ran < maxEvents) {
      const head = queue.peek();
      if (head === undefined || head.at > target) break;
      queue.pop();
      // Cancelled timers stay in the heap and are dropped when they come up (as dropCancelledHead).
      if (cancelled.size > 0 && cancelled.delete(head.seq)) continue;
      this.current = head.at;
      ran++;
      head.fn();
    }
    this.dropCancelledHead();
    if (ran < maxEvents || queue.peek() === undefined) this.current = Math.max(this.current, target);
    return ran;
  }

  /** Listeners called after each advance of time (the engine flushes coalesced updates there). */
  onAdvanced(listener: () => void): () => void {
    this.advancedListeners.add(listener);
    return () => this.advancedListeners.delete(listener);
  }

  /** Tells listeners time moved; called by whoever drives the clock, once per advance or slice. */
  notifyAdvanced(): void {
    for (const l of this.advancedListeners) l();
  }

  private dropCancelledHead(): void {
    for (;;) {
      if (this.cancelled.size === 0) return;
      const head = this.queue.peek();
      if (!head || !this.cancelled.has(head.seq)) return;
      this.queue.pop();
      this.cancelled.delete(head.seq);
    }
  }
}

/** A clock tests move by hand: `advance(ms)` runs what falls due, in order, then notifies once. */
export class ManualClock extends SimClock {
  advance(ms: number): void {
    this.runUntil(this.now() + ms);
    this.notifyAdvanced();
  }

  /** Advances to a sim instant (no-op when it is in the past). */
  advanceTo(at: number): void {
    this.advance(Math.max(0, at - this.now()));
  }

  /**
   * Runs events one by one until `done()` holds or `limitMs` of sim time passed (periodic work such
   * as DRS never lets the queue empty, so "until idle" needs a condition).
   */
  runUntilCondition(done: () => boolean, limitMs = 24 * 3600_000): boolean {
    const end = this.now() + limitMs;
    while (!done()) {
      const next = this.nextAt();
      if (next === undefined || next > end) {
        this.runUntil(end);
        this.notifyAdvanced();
        return done();
      }
      this.runUntil(next);
    }
    this.notifyAdvanced();
    return true;
  }
}

/** Host timer functions, injected so the driver is plain TypeScript. */
export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Wall time in ms (performance.now or Date.now). */
  wallNow(): number;
}

const defaultTimers: TimerHost = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    // The simulation alone must not keep a process (a test run, a closing app) alive.
    (h as { unref?: () => void }).unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  wallNow: () => performance.now(),
};

/** Simulated ms per wall ms for each speed setting ('max' is handled separately). */
const SPEED_FACTOR: Record<string, number> = { paused: 0, '1': 1, '10': 10, '60': 60, '600': 600 };

/**
 * Drives a SimClock from wall time. Every slice (100 ms of wall time, so listeners see at most ~10
 * updates a second whatever the speed) it runs the sim forward by elapsed × speed. At 'max' it runs
 * events back to back for a bounded wall budget per slice and yields to the host between slices, so
 * the process stays responsive.
 */
export class RealTimeDriver {
  private speedSetting: string = 'paused';
  private handle: unknown = null;
  private lastWall = 0;
  private lastNotify = 0;
  private readonly sliceMs: number;
  private readonly maxBudgetMs: number;

  constructor(
    readonly clock: SimClock,
    private readonly timers: TimerHost = defaultTimers,
    options: { sliceMs?: number; maxBudgetMs?: number } = {},
  ) {
    this.sliceMs = options.sliceMs ?? 100;
    this.maxBudgetMs = options.maxBudgetMs ?? 50;
  }

  get speed(): string {
    return this.speedSetting;
  }

  setSpeed(speed: string): void {
    if (speed !== 'max' && !(speed in SPEED_FACTOR)) throw new Error(`Unknown clock speed "${speed}"`);
    this.speedSetting = speed;
    this.stopTimer();
    if (speed === 'paused') return;
    this.lastWall = this.timers.wallNow();
    this.arm(speed === 'max' ? 0 : this.sliceMs);
  }

  dispose(): void {
    this.stopTimer();
    this.speedSetting = 'paused';
  }

  private arm(ms: number): void {
    this.handle = this.timers.setTimeout(() => this.slice(), ms);
  }

  private stopTimer(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private slice(): void {
    this.handle = null;
    const wall = this.timers.wallNow();
    if (this.speedSetting === 'max') {
      const stopAt = wall + this.maxBudgetMs;
      // Run in chunks so the wall-clock check stays cheap relative to the events.
      while (this.timers.wallNow() < stopAt) {
        const next = this.clock.nextAt();
        if (next === undefined) break;
        this.clock.runUntil(next, 256);
      }
      this.lastWall = this.timers.wallNow();
      // At 'max' slices are short; listeners still hear at most once per slice length.
      if (this.lastWall - this.lastNotify >= this.sliceMs) {
        this.lastNotify = this.lastWall;
        this.clock.notifyAdvanced();
      }
      if (this.speedSetting === 'max') this.arm(0);
      return;
    }
    const factor = SPEED_FACTOR[this.speedSetting] ?? 0;
    const elapsed = wall - this.lastWall;
    this.lastWall = wall;
    this.clock.runUntil(this.clock.now() + elapsed * factor);
    this.lastNotify = wall;
    this.clock.notifyAdvanced();
    if (this.speedSetting !== 'paused') this.arm(this.sliceMs);
  }
}
