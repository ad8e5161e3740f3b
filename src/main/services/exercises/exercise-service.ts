/**
 * Guided exercises graded live: starts an attempt on the exercise's scenario and setup, grades it
 * from the engine's updates as the service forwards them (tasks, events, inventory, clock: the same
 * batches the UI receives, never by polling), counts refused requests as mistakes, and keeps every
 * attempt and its report on disk (./attempt-store.ts) so they survive a restart.
 */
import type { CallName, PushName, PushPayload } from '../../../shared/contract';
import type { LabEvent, TaskInfo } from '../../../shared/engine-api';
import type {
  AttemptStatus,
  ExerciseReport,
  ExerciseSummary,
  HintStatus,
} from '../../../shared/exercise-schema';
import { LabFault, type Result } from '../../../shared/result';
import { loadScenarioText } from '../../engine/world/load-scenario';
import { createLabEngine } from '../lab-engine';
import type { LabService } from '../lab-service';
import { readFile } from 'node:fs/promises';
import { Attempt, type AttemptRecord } from './attempt';
import { AttemptStore } from './attempt-store';
import type { ExerciseCatalog } from './catalog';
import { applySetup } from './setup-steps';

/**
 * Calls that act on the lab: when one is refused during an attempt, that is a mistake (reads and
 * the wizard's compatibility check are not). Lack of a session is the UI's business, not the learner's.
 */
const ACTING_CALLS: ReadonlySet<string> = new Set([
  'migration.start',
  'migration.cancel',
  'tasks.cancel',
  'host.enterMaintenance',
  'host.exitMaintenance',
  'drs.apply',
  'cluster.setDrsMode',
  'vmrc.attachIso',
  'vmrc.detachIso',
  'vm.power',
]);
const NOT_A_MISTAKE = new Set(['not-authenticated', 'internal', 'unknown-call']);

/** The saved lab an exercise runs in. */
export const exerciseLabName = (id: string): string => `exercise-${id}`.slice(0, 64);

export interface ExerciseServiceOptions {
  catalog: ExerciseCatalog;
  /** Wall clock for report times; injected by tests. */
  now?: () => Date;
}

export class ExerciseService {
  private attempt: Attempt | null = null;
  /** Finished attempts, oldest first (the current one is also here once finished). */
  private records: AttemptRecord[] = [];
  private store: AttemptStore | null = null;
  /** True while exercises.start swaps the lab, so its own reload does not end the attempt. */
  private starting = false;
  private seq = 0;
  private readonly wall: () => Date;

  constructor(
    private readonly lab: LabService,
    private readonly options: ExerciseServiceOptions,
  ) {
    this.wall = options.now ?? (() => new Date());
    lab.subscribe((name, payload, clientId) => {
      if (clientId === undefined) this.onPush(name, payload);
    });
  }

  /** Keeps attempts under `dir` and resumes the attempt that was running when the app stopped. */
  async attachStore(dir: string): Promise<void> {
    this.store = new AttemptStore(dir);
    const doc = await this.store.load();
    this.records = doc.attempts;
    this.seq = this.records.length;
    const current = doc.current ? this.records.find((r) => r.attemptId === doc.current) : undefined;
    if (!current) return;
    const entry = await this.options.catalog.get(current.exerciseId).catch(() => null);
    if (entry) this.attempt = new Attempt(entry.exercise, current);
  }

  async list(): Promise<ExerciseSummary[]> {
    const entries = await this.options.catalog.all();
    return entries.map(({ id, exercise: ex }) => {
      const last = [...this.records].reverse().find((r) => r.exerciseId === id && r.state !== 'running');
      const lastAttempt = last ? new Attempt(ex, last) : null;
      return {
        id,
        title: ex.title,
        level: ex.level,
        estimatedMinutes: ex.estimatedMinutes,
        teaser: ex.briefing.split(/\n\s*\n/)[0],
        goalCount: ex.objectives.length,
        hintCount: ex.hints.length,
        lastResult:
          last && lastAttempt && last.state !== 'running'
            ? { attemptId: last.attemptId, state: last.state, score: lastAttempt.score().score }
            : null,
      };
    });
  }

  async start(id: string): Promise<AttemptStatus> {
    const entry = await this.options.catalog.get(id);
    const scenarioPath = this.options.catalog.scenarioPath(entry);
    if (this.attempt?.running) {
      this.attempt.handIn(this.lab.engine.clock.now(), this.wall(), 'Another exercise was started.');
    }
    this.starting = true;
    let labName: string | null = null;
    try {
      const library = this.lab.labs;
      if (library) {
        labName = exerciseLabName(id);
        const info = await library.info();
        if (info.labs.some((l) => l.name === labName)) {
          await library.open(labName);
          await library.reset();
        } else {
          await library.create(labName, scenarioPath, true);
        }
      } else {
        const world = loadScenarioText(await readFile(scenarioPath, 'utf8'));
        this.lab.replaceLab(createLabEngine(world), `exercise: ${entry.exercise.title}`);
      }
      await applySetup(this.lab, entry.exercise.setup);
    } finally {
      this.starting = false;
    }
    const attempt = Attempt.begin(
      entry.exercise,
      { attemptId: `attempt-${Date.now().toString(36)}-${++this.seq}`, exerciseId: id, lab: labName },
      this.lab.world,
      this.lab.engine.clock.now(),
      this.wall(),
    );
    this.attempt = attempt;
    this.records.push(attempt.record);
    this.grade([], []);
    await this.save();
    return attempt.status();
  }

  status(): AttemptStatus | null {
    return this.attempt?.status() ?? null;
  }

  async hint(id: string): Promise<HintStatus> {
    if (!this.attempt) throw new LabFault('not-allowed', 'Start an exercise first.');
    const hint = this.attempt.revealHint(id);
    this.changed();
    await this.save();
    return hint;
  }

  /** The report of an attempt; the running one is handed in first. */
  async report(attemptId?: string): Promise<ExerciseReport> {
    const a = this.attempt;
    if (!attemptId || attemptId === a?.record.attemptId) {
      if (!a) throw new LabFault('not-found', 'No exercise has been attempted yet.');
      if (a.running) {
        a.handIn(this.lab.engine.clock.now(), this.wall());
        this.changed();
        await this.save();
      }
      return a.report();
    }
    const rec = this.records.find((r) => r.attemptId === attemptId);
    if (!rec) throw new LabFault('not-found', `No attempt "${attemptId}".`, { field: 'attemptId' });
    const entry = await this.options.catalog.get(rec.exerciseId);
    return new Attempt(entry.exercise, rec).report();
  }

  /** Every answer the dispatch gate gave: a refused acting call is a mistake of the running attempt. */
  observeAnswer(name: CallName | string, result: Result<unknown>): void {
    if (result.ok || !this.isLive() || !ACTING_CALLS.has(name) || NOT_A_MISTAKE.has(result.error.code))
      return;
    this.attempt!.refused(name, result.error.message, this.lab.engine.clock.now());
    this.changed();
    void this.save();
  }

  /** Waits for pending writes (tests, and before a planned exit). */
  async flush(): Promise<void> {
    await this.store?.flush();
  }

  // ---- grading --------------------------------------------------------------------------------

  /** The attempt is running in the lab that is open now. */
  private isLive(): boolean {
    const a = this.attempt;
    if (!a?.running || this.starting) return false;
    return a.record.lab === null || a.record.lab === this.lab.labs?.currentName;
  }

  private onPush<K extends PushName>(name: K, payload: PushPayload<K>): void {
    if (name === 'lab.reloaded') return this.onReloaded();
    if (!this.isLive()) return;
    if (name === 'tasks.updated') this.grade((payload as PushPayload<'tasks.updated'>).tasks, []);
    else if (name === 'events.added') this.grade([], (payload as PushPayload<'events.added'>).events);
    else if (name === 'inventory.changed' || name === 'clock.tick') this.grade([], []);
  }

  /** Another lab was opened, or this one reset: a reset attempt cannot be graded fairly any more. */
  private onReloaded(): void {
    const a = this.attempt;
    if (this.starting || !a?.running) return;
    const sameLab = a.record.lab !== null && a.record.lab === this.lab.labs?.currentName;
    if (a.record.lab !== null && !sameLab) return; // paused while another lab is open
    a.handIn(this.lab.engine.clock.now(), this.wall(), 'The lab was reset or replaced during the attempt.');
    this.changed();
    void this.save();
  }

  private grade(tasks: readonly TaskInfo[], events: readonly LabEvent[]): void {
    const a = this.attempt!;
    const now = this.lab.engine.clock.now();
    if (a.observe(a.context(this.lab.world, now), tasks, events, this.wall())) {
      this.changed();
      void this.save();
    }
  }

  private changed(): void {
    if (this.attempt) this.lab.emit('exercises.progress', this.attempt.status());
  }

  private save(): Promise<void> {
    if (!this.store) return Promise.resolve();
    return this.store.save({
      version: 1,
      current: this.attempt?.record.attemptId ?? null,
      attempts: this.records,
    });
  }
}
