/**
 * One attempt at an exercise: what was tracked at the start, which objectives are met, the hints
 * revealed, the mistakes made, and the verdict. Plain data plus the grading rules; the exercise
 * service feeds it the engine's updates and saves `record` after every change (so an attempt
 * survives a restart of the app exactly as far as it got).
 */
import type { LabEvent, TaskInfo } from '../../../shared/engine-api';
import {
  objectiveKinds,
  type AttemptState,
  type AttemptStatus,
  type Exercise,
  type ExerciseReport,
  type HintStatus,
  type Mistake,
  type ObjectiveStatus,
  type ScoreLine,
} from '../../../shared/exercise-schema';
import { LabFault } from '../../../shared/result';
import type { World } from '../../engine/world/world';
import {
  eventMeets,
  isHistoryGoal,
  judgeState,
  taskBreaks,
  taskMeets,
  type GradingContext,
} from './objectives';

/** The saved form of an attempt (one entry of <dataDir>/exercises/attempts.json). */
export interface AttemptRecord {
  attemptId: string;
  exerciseId: string;
  /** The saved lab the attempt runs in, or null for a lab without a data folder. */
  lab: string | null;
  startedAt: number;
  startedAtWall: string;
  finishedAt: number | null;
  finishedAtWall: string | null;
  state: AttemptState;
  outcome: string | null;
  vmUuids: [string, string][];
  vmsAtStart: string[];
  poweredOnAtStart: string[];
  objectives: Record<string, { done: boolean; at: number | null; detail: string | null }>;
  hints: string[];
  mistakes: Mistake[];
  /** Migrations (or tasks) already judged as failed or rolled back, so each counts once. */
  judged: string[];
}

/** Points: what a mistake costs, and how much of the score a failed attempt can still earn. */
export const SCORING = {
  full: 100,
  perMistake: 5,
  /** A failed attempt earns this share of the score for the goals it met. */
  failedGoalShare: 50,
} as const;

export class Attempt {
  private readonly judged: Set<string>;

  constructor(
    readonly exercise: Exercise,
    readonly record: AttemptRecord,
  ) {
    this.judged = new Set(record.judged);
  }

  /**
   * Starts grading on a freshly set-up lab: checks that every name the exercise uses exists in it
   * (refusing the exercise with the field named) and notes the VMs it must track.
   */
  static begin(
    exercise: Exercise,
    ids: { attemptId: string; exerciseId: string; lab: string | null },
    world: World,
    now: number,
    wallNow: Date,
  ): Attempt {
    checkNames(exercise, world);
    const vmUuids: [string, string][] = [];
    const vmsAtStart: string[] = [];
    const poweredOnAtStart: string[] = [];
    world.vms.forEach((vm) => {
      vmUuids.push([vm.name, vm.instanceUuid]);
      vmsAtStart.push(vm.instanceUuid);
      if (vm.powerState === 'poweredOn') poweredOnAtStart.push(vm.instanceUuid);
    });
    const objectives: AttemptRecord['objectives'] = {};
    for (const o of exercise.objectives) {
      const constraint = objectiveKinds[o.condition.kind].role === 'constraint';
      objectives[o.id] = { done: constraint, at: null, detail: null };
    }
    return new Attempt(exercise, {
      ...ids,
      startedAt: now,
      startedAtWall: wallNow.toISOString(),
      finishedAt: null,
      finishedAtWall: null,
      state: 'running',
      outcome: null,
      vmUuids,
      vmsAtStart,
      poweredOnAtStart,
      objectives,
      hints: [],
      mistakes: [],
      judged: [],
    });
  }

  get running(): boolean {
    return this.record.state === 'running';
  }

  context(world: World, now: number): GradingContext {
    const byUuid = new Map<string, string>();
    return {
      world,
      now,
      startedAt: this.record.startedAt,
      vmUuids: new Map(this.record.vmUuids),
      vmsAtStart: this.record.vmsAtStart,
      poweredOnAtStart: this.record.poweredOnAtStart,
      vmByUuid: (uuid) => {
        if (!byUuid.size) world.vms.forEach((vm) => byUuid.set(vm.instanceUuid, vm.id));
        const id = byUuid.get(uuid);
        return id ? world.vms.get(id) : undefined;
      },
    };
  }

  /**
   * Grades one batch of the engine's updates. Returns true when anything the learner sees changed
   * (an objective ticked or unticked, a mistake, the end).
   */
  observe(
    ctx: GradingContext,
    tasks: readonly TaskInfo[],
    events: readonly LabEvent[],
    wallNow: Date,
  ): boolean {
    if (!this.running) return false;
    const before = JSON.stringify([this.record.objectives, this.record.mistakes.length]);
    const { objectives } = this.record;
    for (const o of this.exercise.objectives) {
      const s = objectives[o.id];
      const role = objectiveKinds[o.condition.kind].role;
      if (role === 'goal' && isHistoryGoal(o.condition)) {
        if (s.done) continue;
        const met =
          tasks.some((t) => taskMeets(o.condition, t, ctx)) ||
          events.some((e) => eventMeets(o.condition, e, ctx));
        if (met) Object.assign(s, { done: true, at: ctx.now, detail: null });
        continue;
      }
      if (role === 'constraint') {
        if (!s.done) continue; // broken stays broken
        const why = tasks.map((t) => taskBreaks(o.condition, t, ctx)).find((w) => w) ?? null;
        const v = why ? { done: false, detail: why } : judgeState(o.condition, ctx);
        if (!v.done) Object.assign(s, { done: false, at: ctx.now, detail: v.detail });
        continue;
      }
      const v = judgeState(o.condition, ctx);
      Object.assign(s, {
        done: v.done,
        at: v.done ? (s.at ?? ctx.now) : null,
        detail: v.done ? null : v.detail,
      });
    }
    this.noteMistakes(tasks, ctx);
    this.decide(ctx.now, wallNow);
    return before !== JSON.stringify([this.record.objectives, this.record.mistakes.length]) || !this.running;
  }

  /** A request the lab refused while the attempt ran (e.g. a migration with a compatibility error). */
  refused(callName: string, message: string, now: number): void {
    if (!this.running) return;
    this.record.mistakes.push({ kind: 'refused', at: now, message: `${callName}: ${message}` });
  }

  revealHint(id: string): HintStatus {
    const hint = this.exercise.hints.find((h) => h.id === id);
    if (!hint) throw new LabFault('not-found', `This exercise has no hint "${id}".`, { field: 'id' });
    if (!this.running && !this.record.hints.includes(id))
      throw new LabFault('not-allowed', 'The attempt is over; start the exercise again to use hints.');
    if (!this.record.hints.includes(id)) this.record.hints.push(id);
    return { id, cost: hint.cost, revealed: true, text: hint.text };
  }

  /** Ends a running attempt as it stands (the learner hands in, or the lab went away). */
  handIn(now: number, wallNow: Date, outcome = 'Handed in before every goal was met.'): void {
    if (!this.running) return;
    this.finish('failed', outcome, now, wallNow);
  }

  status(): AttemptStatus {
    const r = this.record;
    return {
      attemptId: r.attemptId,
      exerciseId: r.exerciseId,
      title: this.exercise.title,
      level: this.exercise.level,
      briefing: this.exercise.briefing,
      state: r.state,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      outcome: r.outcome,
      objectives: this.objectiveStatuses(),
      hints: this.exercise.hints.map((h) => {
        const revealed = r.hints.includes(h.id);
        return { id: h.id, cost: h.cost, revealed, text: revealed ? h.text : null };
      }),
      mistakes: r.mistakes.map((m) => ({ ...m })),
    };
  }

  /** The final report; only for a finished attempt. */
  report(): ExerciseReport {
    const r = this.record;
    if (r.state === 'running' || r.finishedAt === null || !r.finishedAtWall)
      throw new LabFault('conflict', 'The attempt is still running.');
    const { score, lines } = this.score();
    return {
      attemptId: r.attemptId,
      exerciseId: r.exerciseId,
      title: this.exercise.title,
      level: this.exercise.level,
      state: r.state,
      outcome: r.outcome ?? '',
      startedAtWall: r.startedAtWall,
      finishedAtWall: r.finishedAtWall,
      startedAt: r.startedAt,
      simulatedMinutes: Math.round(((r.finishedAt - r.startedAt) / 60_000) * 10) / 10,
      objectives: this.objectiveStatuses(),
      hintsUsed: this.exercise.hints
        .filter((h) => r.hints.includes(h.id))
        .map((h) => ({ id: h.id, cost: h.cost, text: h.text })),
      mistakes: r.mistakes.map((m) => ({ ...m })),
      score,
      scoreLines: lines,
    };
  }

  /** The score and how it was reached (see SCORING). */
  score(): { score: number; lines: ScoreLine[] } {
    const r = this.record;
    const goals = this.exercise.objectives.filter((o) => objectiveKinds[o.condition.kind].role === 'goal');
    const met = goals.filter((o) => r.objectives[o.id].done).length;
    const lines: ScoreLine[] =
      r.state === 'passed'
        ? [{ label: 'Every goal met', points: SCORING.full }]
        : [
            {
              label: `${met} of ${goals.length} goals met (a failed attempt earns up to ${SCORING.failedGoalShare})`,
              points: Math.round((SCORING.failedGoalShare * met) / Math.max(1, goals.length)),
            },
          ];
    for (const h of this.exercise.hints.filter((x) => r.hints.includes(x.id)))
      lines.push({ label: `Hint "${h.id}" used`, points: -h.cost });
    if (r.mistakes.length)
      lines.push({
        label: `${r.mistakes.length} mistake(s)`,
        points: -SCORING.perMistake * r.mistakes.length,
      });
    const score = Math.max(
      0,
      lines.reduce((sum, l) => sum + l.points, 0),
    );
    return { score, lines };
  }

  private objectiveStatuses(): ObjectiveStatus[] {
    return this.exercise.objectives.map((o) => ({
      id: o.id,
      label: o.label,
      role: objectiveKinds[o.condition.kind].role,
      ...this.record.objectives[o.id],
    }));
  }

  /**
   * Failed tasks and rollbacks cost points, once per migration, unless an objective asked for exactly
   * that failure (the "failure mid-vMotion" exercise wants one).
   */
  private noteMistakes(tasks: readonly TaskInfo[], ctx: GradingContext): void {
    for (const t of tasks) {
      if (t.state !== 'error' && t.state !== 'cancelled') continue;
      const key = t.migrationId ?? t.id;
      if (this.judged.has(key)) continue;
      this.judged.add(key);
      this.record.judged.push(key);
      const expected = this.exercise.objectives.some(
        (o) => o.condition.kind === 'task' && o.condition.state === 'error' && taskMeets(o.condition, t, ctx),
      );
      if (expected) continue;
      const at = t.completedAt ?? ctx.now;
      if (t.state === 'error')
        this.record.mistakes.push({
          kind: 'taskFailed',
          at,
          message: `${t.name} (${t.targetName}): ${t.error}`,
        });
      if (t.phases.some((p) => p.name === 'Rollback'))
        this.record.mistakes.push({
          kind: 'rollback',
          at,
          message: `${t.targetName} was rolled back to its source`,
        });
    }
  }

  private decide(now: number, wallNow: Date): void {
    const broken = this.exercise.objectives.find(
      (o) => objectiveKinds[o.condition.kind].role === 'constraint' && !this.record.objectives[o.id].done,
    );
    if (broken) {
      const detail = this.record.objectives[broken.id].detail;
      this.finish('failed', `Broken: ${broken.label}${detail ? ` (${detail})` : ''}`, now, wallNow);
      return;
    }
    const allMet = this.exercise.objectives.every(
      (o) => objectiveKinds[o.condition.kind].role === 'constraint' || this.record.objectives[o.id].done,
    );
    if (allMet) this.finish('passed', 'Every goal met.', now, wallNow);
  }

  private finish(state: 'passed' | 'failed', outcome: string, now: number, wallNow: Date): void {
    Object.assign(this.record, { state, outcome, finishedAt: now, finishedAtWall: wallNow.toISOString() });
  }
}

/** Every name an exercise uses must exist in the lab it starts from; the field is named if not. */
function checkNames(exercise: Exercise, world: World): void {
  const names = (m: Map<string, { name: string }>): Set<string> =>
    new Set([...m.values()].map((x) => x.name));
  const tables = {
    vm: names(world.vms),
    host: names(world.hosts),
    cluster: names(world.clusters),
    datastore: names(world.datastores),
    network: names(world.networks),
    vcenter: new Set([...world.vcenters.values()].map((v) => v.key)),
  };
  const check = (value: unknown, table: keyof typeof tables, field: string): void => {
    if (typeof value === 'string' && !tables[table].has(value))
      throw new LabFault(
        'invalid-exercise',
        `${field}: there is no ${table} "${value}" in the exercise's lab`,
        {
          field,
        },
      );
  };
  exercise.setup.forEach((s, i) => {
    for (const key of ['vm', 'host', 'cluster', 'vcenter'] as const)
      if (key in s) check((s as Record<string, unknown>)[key], key, `setup[${i}].${key}`);
  });
  exercise.objectives.forEach((o, i) => {
    const c = o.condition as Record<string, unknown>;
    const at = `objectives[${i}].condition`;
    if (o.condition.kind === 'task' || o.condition.kind === 'event') {
      check(c.vcenter, 'vcenter', `${at}.vcenter`);
      return; // targets may be VMs or hosts; a task of another name simply never matches
    }
    if (o.condition.kind === 'hostInMaintenance') return check(c.host, 'host', `${at}.host`);
    for (const key of ['vm', 'host', 'cluster', 'datastore', 'network', 'vcenter'] as const)
      check(c[key], key, `${at}.${key}`);
  });
}
