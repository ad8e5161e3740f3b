import type { TaskInfo, TaskPhase, TaskState, TaskWaitReason } from '../../shared/engine-api';
import type { ObjectKind } from '../../shared/world-types';
import { RecentList } from './recent-list';
import { flattenString } from './flatten-string';
import type { TimeSource } from './clock';

/** What a new task needs; the store fills in id, state, times and progress. */
export interface NewTask {
  vcenterId: string;
  vcenterKey: string;
  name: string;
  targetId: string;
  targetName: string;
  targetKind: ObjectKind;
  initiator: string;
  migrationId?: string | null;
  cancelable?: boolean;
}

/** A straight-line progress estimate for the current phase, evaluated when updates are flushed. */
interface ProgressRamp {
  from: number;
  to: number;
  startAt: number;
  endAt: number;
}

/** A task store's saved form (see TaskStore.exportState). */
export interface TaskStoreState {
  tasks: TaskInfo[];
  /** Last task number used per vCenter key, so restored labs never reuse a task id. */
  counters: Record<string, number>;
}

/** Completed tasks kept per vCenter (the Recent Tasks pane and Task Console show recent history). */
const KEEP_FINISHED_PER_VCENTER = 5000;

/**
 * Every task of every vCenter. Changes mark a task dirty; `takeChanges` hands out each dirty task
 * once (its latest state) so updates reach the UI coalesced, never one message per step.
 */
export class TaskStore {
  private readonly tasks = new Map<string, TaskInfo>();
  private readonly counters = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly ramps = new Map<string, ProgressRamp>();
  /** The finished tasks kept per vCenter, oldest first. */
  private readonly finishedOrder = new Map<string, RecentList<string>>();

  constructor(private readonly clock: TimeSource) {}

  create(t: NewTask): TaskInfo {
    const n = (this.counters.get(t.vcenterKey) ?? 0) + 1;
    this.counters.set(t.vcenterKey, n);
    const task: TaskInfo = {
      id: `${t.vcenterKey}:task-${n}`,
      vcenterId: t.vcenterId,
      name: t.name,
      targetId: t.targetId,
      targetName: t.targetName,
      targetKind: t.targetKind,
      initiator: t.initiator,
      state: 'queued',
      progress: 0,
      queuedAt: this.clock.now(),
      startedAt: null,
      completedAt: null,
      error: null,
      linkedTaskId: null,
      phases: [],
      cancelable: t.cancelable ?? true,
      waitingFor: [],
      migrationId: t.migrationId ?? null,
    };
    this.tasks.set(task.id, task);
    this.dirty.add(task.id);
    return task;
  }

  get(id: string): TaskInfo | undefined {
    return this.tasks.get(id);
  }

  /** Tasks of one vCenter, newest first. */
  list(vcenterId: string, limit = 200): TaskInfo[] {
    const out: TaskInfo[] = [];
    const all = [...this.tasks.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      if (all[i].vcenterId === vcenterId) out.push(all[i]);
    }
    return out;
  }

  all(): IterableIterator<TaskInfo> {
    return this.tasks.values();
  }

  link(a: TaskInfo, b: TaskInfo): void {
    a.linkedTaskId = b.id;
    b.linkedTaskId = a.id;
    this.touch(a);
    this.touch(b);
  }

  start(task: TaskInfo): void {
    if (task.state !== 'queued') return;
    task.state = 'running';
    task.startedAt = this.clock.now();
    this.touch(task);
  }

  /** Closes the open phase (if any) and opens a new one; `progressTo` is reached when it ends at `endAt`. */
  phase(
    task: TaskInfo,
    name: string,
    opts: { detail?: string; progressTo?: number; endAt?: number } = {},
  ): void {
    const now = this.clock.now();
    this.closePhase(task);
    const phase: TaskPhase = { name, startedAt: now, completedAt: null };
    if (opts.detail) phase.detail = flattenString(opts.detail);
    task.phases.push(phase);
    if (opts.progressTo !== undefined)
      this.ramps.set(task.id, {
        from: task.progress,
        to: opts.progressTo,
        startAt: now,
        endAt: opts.endAt ?? now,
      });
    this.touch(task);
  }

  setProgress(task: TaskInfo, progress: number): void {
    this.ramps.delete(task.id);
    task.progress = Math.max(task.progress, Math.min(100, Math.round(progress)));
    this.touch(task);
  }

  setWaiting(task: TaskInfo, reasons: TaskWaitReason[]): void {
    const same =
      reasons.length === task.waitingFor.length &&
      reasons.every(
        (r, i) => r.targetId === task.waitingFor[i].targetId && r.reason === task.waitingFor[i].reason,
      );
    if (same) return;
    task.waitingFor = reasons;
    this.touch(task);
  }

  setCancelable(task: TaskInfo, cancelable: boolean): void {
    if (task.cancelable === cancelable) return;
    task.cancelable = cancelable;
    this.touch(task);
  }

  retarget(task: TaskInfo, targetId: string): void {
    task.targetId = targetId;
    this.touch(task);
  }

  finish(task: TaskInfo, state: Exclude<TaskState, 'queued' | 'running'>, error: string | null = null): void {
    if (task.state === 'success' || task.state === 'error' || task.state === 'cancelled') return;
    this.closePhase(task);
    this.ramps.delete(task.id);
    task.state = state;
    task.error = error;
    task.completedAt = this.clock.now();
    task.cancelable = false;
    task.waitingFor = state === 'success' ? [] : task.waitingFor;
    if (state === 'success') task.progress = 100;
    this.touch(task);
    this.retire(task);
  }

  isFinished(task: TaskInfo): boolean {
    return task.state === 'success' || task.state === 'error' || task.state === 'cancelled';
  }

  /**
   * The tasks that changed since the last call (each once, latest state), with progress of running
   * tasks brought up to the current instant.
   */
  takeChanges(): TaskInfo[] {
    const now = this.clock.now();
    for (const [id, ramp] of this.ramps) {
      const task = this.tasks.get(id);
      if (!task || task.state !== 'running') {
        this.ramps.delete(id);
        continue;
      }
      const span = ramp.endAt - ramp.startAt;
      const f = span <= 0 ? 1 : Math.min(1, Math.max(0, (now - ramp.startAt) / span));
      const p = Math.floor(ramp.from + (ramp.to - ramp.from) * f);
      if (p > task.progress) {
        task.progress = Math.min(99, p);
        this.dirty.add(id);
      }
    }
    const out: TaskInfo[] = [];
    for (const id of this.dirty) {
      const t = this.tasks.get(id);
      if (t) out.push(structuredCloneTask(t));
    }
    this.dirty.clear();
    return out;
  }

  /** Every kept task (oldest first) and the per-vCenter id counters, as plain data to save. */
  exportState(): TaskStoreState {
    return { tasks: [...this.tasks.values()], counters: Object.fromEntries(this.counters) };
  }

  /**
   * Loads saved tasks into an empty store (a restored lab). Nothing is marked changed: the restored
   * history is what the UI fetches with tasks.list; finished tasks count towards the retention limit.
   */
  importState(state: TaskStoreState): void {
    for (const [key, n] of Object.entries(state.counters)) this.counters.set(key, n);
    for (const t of state.tasks) {
      this.tasks.set(t.id, t);
      if (this.isFinished(t)) this.retire(t);
    }
  }

  private touch(task: TaskInfo): void {
    this.dirty.add(task.id);
  }

  private closePhase(task: TaskInfo): void {
    const open = task.phases[task.phases.length - 1];
    if (open && open.completedAt === null) open.completedAt = this.clock.now();
  }

  /** Counts a finished task towards its vCenter's history and forgets the oldest beyond what is kept. */
  private retire(task: TaskInfo): void {
    let order = this.finishedOrder.get(task.vcenterId);
    if (!order) this.finishedOrder.set(task.vcenterId, (order = new RecentList(KEEP_FINISHED_PER_VCENTER)));
    const dropped = order.push(task.id);
    if (dropped !== undefined) this.tasks.delete(dropped);
  }
}

/**
 * A copy safe to hand outside the engine (listeners must not see later mutations). A phase is only
 * ever changed while open (closePhase sets its end), so the copy shares the completed phases and
 * copies the open one.
 */
function structuredCloneTask(t: TaskInfo): TaskInfo {
  const phases = t.phases.slice();
  for (let i = phases.length - 1; i >= 0; i--)
    if (phases[i].completedAt === null) phases[i] = { ...phases[i] };
  return {
    ...t,
    phases,
    waitingFor: t.waitingFor.length === 0 ? [] : t.waitingFor.map((w) => ({ ...w })),
  };
}
