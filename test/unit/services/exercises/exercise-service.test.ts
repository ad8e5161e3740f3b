import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createLabService } from '../../../../src/main/services/create-lab-service';
import { memoryConnectionStorage } from '../../../../src/main/services/storage/memory-connection-storage';
import type { LabService } from '../../../../src/main/services/lab-service';
import type { AttemptStatus, CallArgs, CallName, CallResult } from '../../../../src/shared/contract';
import { tempDir, VC1 } from '../lab-fixture';
import { startExercise, type ExerciseLab } from './exercise-fixture';
import { Attempt } from '../../../../src/main/services/exercises/attempt';
import { parseExercise } from '../../../../src/shared/exercise-schema';
import { defaultLab } from '../../engine/fixture';

const scenarioPath = resolve(import.meta.dirname, '../../../../resources/labs/default.json');
let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.reverse().forEach((c) => c());
  cleanups = [];
});

async function start(id: string): Promise<ExerciseLab> {
  const l = await startExercise(id);
  cleanups.push(() => l.lab.dispose());
  return l;
}

describe('grading live from the engine', () => {
  test('objectives tick as the engine reports progress, each tick pushed as exercises.progress', async () => {
    const l = await start('07-failure-rollback');
    const progress = () =>
      l.pushes.filter((p) => p.name === 'exercises.progress').map((p) => p.payload as AttemptStatus);
    const before = progress().length;
    await l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('sql-01')],
      type: 'compute',
      hostId: l.id('esx70-02.corp.local'),
    });
    l.run(30 * 60_000);
    const ticks = progress().slice(before);
    expect(ticks.length).toBeGreaterThan(0);
    const last = ticks.at(-1)!;
    expect(last.objectives.find((o) => o.id === 'first-failed')).toMatchObject({ done: true });
    expect(last.objectives.find((o) => o.id === 'moved')).toMatchObject({
      done: false,
      detail: 'sql-01 runs on esx70-03.corp.local',
    });
    expect(last.state).toBe('running');
  });

  test('a hint shows its text only once revealed, and costs its points in the report', async () => {
    const l = await start('05-network-mapping');
    const s = await l.status();
    expect(s.hints).toEqual([{ id: 'network-page', cost: 10, revealed: false, text: null }]);
    const hint = await l.call('exercises.hint', { id: 'network-page' });
    expect(hint.text).toContain('DPG-Prod-VLAN100');
    expect(await l.fail('exercises.hint', { id: 'no-such-hint' })).toMatchObject({
      code: 'not-found',
      field: 'id',
    });
    await l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('web-06')],
      type: 'crossVcenter',
      clusterId: l.id('West-Cluster'),
      datastoreId: l.id('West-NFS-01'),
      networkId: l.id('DPG-West-DMZ'),
    });
    const end = await l.runToEnd();
    expect(end.state).toBe('passed');
    const r = await l.report();
    expect(r.scoreLines).toEqual([
      { label: 'Every goal met', points: 100 },
      { label: 'Hint "network-page" used', points: -10 },
    ]);
    expect(r.score).toBe(90);
    expect(r.hintsUsed.map((h) => h.id)).toEqual(['network-page']);
  });

  test('a broken constraint ends the attempt at once as failed, naming it', () => {
    const exercise = parseExercise({
      schemaVersion: 1,
      title: 'Quick move',
      level: 'beginner',
      estimatedMinutes: 5,
      briefing: 'Move web-01 to esx70-02 within five simulated minutes.',
      objectives: [
        {
          id: 'moved',
          label: 'web-01 on esx70-02',
          condition: { kind: 'vm', vm: 'web-01', host: 'esx70-02.corp.local' },
        },
        {
          id: 'quick',
          label: 'Within 5 simulated minutes',
          condition: { kind: 'withinMinutes', minutes: 5 },
        },
      ],
    });
    const { world } = defaultLab();
    const attempt = Attempt.begin(
      exercise,
      { attemptId: 'a1', exerciseId: 'x', lab: null },
      world,
      0,
      new Date(),
    );
    const wall = new Date('2026-03-01T10:00:00Z');
    attempt.observe(attempt.context(world, 4 * 60_000), [], [], wall);
    expect(attempt.running).toBe(true);
    expect(attempt.observe(attempt.context(world, 6 * 60_000), [], [], wall)).toBe(true);
    const r = attempt.report();
    expect(r).toMatchObject({
      state: 'failed',
      outcome: 'Broken: Within 5 simulated minutes (more than 5 simulated minutes)',
      simulatedMinutes: 6,
      finishedAtWall: wall.toISOString(),
    });
    expect(r.scoreLines).toEqual([
      { label: '0 of 1 goals met (a failed attempt earns up to 50)', points: 0 },
    ]);
  });

  test('a name the lab does not have is refused when the attempt starts, naming the field', () => {
    const exercise = parseExercise({
      schemaVersion: 1,
      title: 'Typo',
      level: 'beginner',
      estimatedMinutes: 5,
      briefing: 'Move web-01.',
      objectives: [
        { id: 'moved', label: 'x', condition: { kind: 'vm', vm: 'web-01', host: 'esx70-09.corp.local' } },
      ],
    });
    const { world } = defaultLab();
    expect(() =>
      Attempt.begin(exercise, { attemptId: 'a', exerciseId: 'x', lab: null }, world, 0, new Date()),
    ).toThrow(
      expect.objectContaining({ code: 'invalid-exercise', extra: { field: 'objectives[0].condition.host' } }),
    );
  });

  test('a refused start changes nothing', async () => {
    const l = await start('03-xvm-export-new-sso');
    expect(await l.fail('exercises.start', { id: 'no-such-exercise' })).toMatchObject({
      code: 'not-found',
      field: 'id',
    });
    expect((await l.status()).state).toBe('running');
  });

  test('starting another exercise hands the running one in; list shows the last result', async () => {
    const l = await start('05-network-mapping');
    const first = (await l.status()).attemptId;
    await l.call('exercises.start', { id: '02-maintenance-vmrc-esxi70' });
    const old = await l.call('exercises.report', { attemptId: first });
    expect(old).toMatchObject({ state: 'failed', outcome: 'Another exercise was started.' });
    const list = await l.call('exercises.list', {});
    expect(list.map((e) => e.id)).toContain('05-network-mapping');
    expect(list.find((e) => e.id === '05-network-mapping')!.lastResult).toMatchObject({
      attemptId: first,
      state: 'failed',
    });
    expect(list.every((e) => e.estimatedMinutes > 0 && e.teaser.length > 0)).toBe(true);
  });
});

describe('attempts saved with the lab', () => {
  async function open(dataDir: string): Promise<LabService> {
    const lab = await createLabService({
      labPath: scenarioPath,
      labLabel: 'built-in: default',
      connectionStorage: memoryConnectionStorage(),
      dataDir,
    });
    lab.engine.setSpeed('paused');
    return lab;
  }
  async function call<K extends CallName>(
    lab: LabService,
    name: K,
    args: CallArgs<K>,
  ): Promise<CallResult<K>> {
    const r = await lab.call(name, args, { clientId: 'c1' });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as CallResult<K>;
  }

  test('a running attempt resumes after a restart in its own saved lab, with its hints and mistakes', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const a = await open(dir);
    const check = await call(a, 'cert.get', { address: VC1.address });
    await call(a, 'cert.trust', { address: VC1.address, thumbprint: check.certificate.thumbprint });
    await call(a, 'session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    const started = await call(a, 'exercises.start', { id: '01-maintenance-vmrc-esxi67' });
    expect((await call(a, 'labs.list', {})).current).toBe('exercise-01-maintenance-vmrc-esxi67');
    a.engine.setSpeed('paused');
    await call(a, 'exercises.hint', { id: 'read-the-task' });
    // Entering maintenance mode twice: the second request is refused, a mistake.
    const refused = await a.call(
      'host.enterMaintenance',
      { hostId: [...a.world.hosts.values()].find((h) => h.name === 'esx67-02.corp.local')!.id },
      { clientId: 'c1' },
    );
    expect(refused.ok).toBe(true);
    const again = await a.call(
      'host.enterMaintenance',
      { hostId: [...a.world.hosts.values()].find((h) => h.name === 'esx67-02.corp.local')!.id },
      { clientId: 'c1' },
    );
    expect(again.ok).toBe(false);
    await a.exercises.flush();
    await a.labs!.flush();
    a.dispose(); // the process dies

    const b = await open(dir);
    cleanups.push(() => b.dispose());
    const s = (await call(b, 'exercises.status', {}))!;
    expect(s).toMatchObject({ attemptId: started.attemptId, state: 'running' });
    expect(s.hints.find((h) => h.id === 'read-the-task')!.revealed).toBe(true);
    expect(s.mistakes.map((m) => m.kind)).toEqual(['refused']);
    const r = await call(b, 'exercises.report', {});
    expect(r).toMatchObject({ state: 'failed', attemptId: started.attemptId });
    await b.exercises.flush();
    b.dispose();

    const c = await open(dir);
    cleanups.push(() => c.dispose());
    expect(await call(c, 'exercises.report', { attemptId: started.attemptId })).toEqual(r);
  });
});
