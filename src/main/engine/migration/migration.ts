/** A migration in the runner: its plan, tasks, place in the queue and progress through its phases. */
import type { FaultKind, TaskInfo } from '../../../shared/engine-api';
import type { TimerId } from '../clock';
import type { Limit, MigrationCosts } from '../limits';
import type { Phase } from './phase-types';
import type { VmPlan } from './plan-types';

export type MigrationOutcome = 'success' | 'error' | 'cancelled';

export interface Migration {
  id: string;
  plan: VmPlan;
  /** The VM's id now (a cross-vCenter move gives it a new one at the commit). */
  vmId: string;
  vmName: string;
  priority: 'high' | 'normal';
  state: 'queued' | 'running' | 'done';
  /** Position in the queue: high priority first, then arrival order (set when queued). */
  queueKey: number;
  /** While queued: a limit it was over when last tried (it is retried once that one frees up). */
  blockedBy: Limit | null;
  costs: MigrationCosts;
  /** GB this migration's copies claim per destination datastore. */
  reservedGB: ReadonlyMap<string, number>;
  sourceTask: TaskInfo;
  destTask: TaskInfo | null;
  phases: Phase[];
  /** The phase running now (-1 before the first). */
  phaseIndex: number;
  timer: TimerId | null;
  /** Runs the next phase (one callback per migration for all of its phase timers). */
  tick: (() => void) | null;
  /** An armed fault this migration claimed; it strikes in the first phase where it can. */
  fault: FaultKind | null;
  /** Set once the switchover starts: from here the migration completes, it cannot be cancelled. */
  committed: boolean;
  /** Memory left after pre-copy and the bandwidth it goes at, for the switchover time. */
  remainder: { mb: number; bw: number } | null;
  drsCluster: string | null;
  onDone: ((m: Migration, outcome: MigrationOutcome, error: string | null) => void)[];
}

export interface EnqueueOptions {
  /** The vCenter the wizard ran on; its task records `initiator`, the other one `remoteInitiator`. */
  initiatingVcenterId: string;
  initiator: string;
  /** Who the other vCenter records as initiator of its task (the wizard's login there). */
  remoteInitiator?: string;
  priority: 'high' | 'normal';
  /** DRS-initiated (balance or evacuation): events name the cluster. */
  drsCluster?: string | null;
}

/** The destination task once it has started, else null (it starts with "Prepare destination"). */
export function startedDestTask(m: Migration): TaskInfo | null {
  return m.destTask && m.destTask.state !== 'queued' ? m.destTask : null;
}

/** The tasks that show the migration's phases now: the source's, and the destination's once started. */
export function runningTasks(m: Migration): TaskInfo[] {
  const dest = startedDestTask(m);
  return dest ? [m.sourceTask, dest] : [m.sourceTask];
}
