import { expect } from 'vitest';
import type {
  AttemptStatus,
  CallArgs,
  CallName,
  CallResult,
  ExerciseReport,
} from '../../../../src/shared/contract';
import { acceptCertificate, createTestLab, VC1, VC2, type TestLab } from '../lab-fixture';

/** The default lab's 6.7 vCenter (the Import VMs source). */
export const VC67 = {
  id: 'vcsa67:vcenter',
  address: 'vcsa-67.legacy.local',
  user: 'administrator@legacy.local',
  password: 'Old-But-Gold-67',
};

export interface ExerciseLab extends TestLab {
  /** Id of the object named `name` (VM, host, cluster, datastore, network; optionally in a vCenter). */
  id(name: string, vcenterKey?: string): string;
  /** Simulated time runs this many ms (the engine is paused between steps: tests never wait). */
  run(ms: number): void;
  /** Runs simulated time until the attempt is no longer running (or `limitMs` passes). */
  runToEnd(limitMs?: number): Promise<AttemptStatus>;
  status(): Promise<AttemptStatus>;
  report(): Promise<ExerciseReport>;
  call<K extends CallName>(name: K, args: CallArgs<K>, client?: string): Promise<CallResult<K>>;
}

/** A lab service on the default lab, signed in to the vCenters an exercise uses, with the exercise started. */
export async function startExercise(id: string): Promise<ExerciseLab> {
  const t = createTestLab();
  // A learner who used the lab before: certificates accepted, signed in. Sessions outlive the
  // exercise's reset, except on a vCenter whose certificate the exercise changes.
  for (const vc of [VC1, VC2, VC67]) {
    await acceptCertificate(t, vc.address);
    await t.call('session.login', { address: vc.address, user: vc.user, password: vc.password });
  }
  const status = await t.call('exercises.start', { id });
  expect(status.state).toBe('running');
  await t.call('clock.setSpeed', { speed: 'paused' });
  const world = () => t.lab.world;
  /** Moves simulated time in 5 s slices, notifying after each as the real-time driver does. */
  const advance = (ms: number): void => {
    const clock = t.lab.engine.clock;
    const end = clock.now() + ms;
    while (clock.now() < end) {
      clock.runUntil(Math.min(end, clock.now() + 5_000));
      clock.notifyAdvanced();
    }
  };
  return {
    ...t,
    id(name, vcenterKey) {
      const maps = [
        world().vms,
        world().hosts,
        world().clusters,
        world().datastores,
        world().networks,
      ] as Map<string, { id: string; name: string; vcenterId: string }>[];
      for (const m of maps)
        for (const x of m.values())
          if (x.name === name && (!vcenterKey || x.vcenterId === `${vcenterKey}:vcenter`)) return x.id;
      throw new Error(`no object named ${name}`);
    },
    run(ms) {
      advance(ms);
    },
    async runToEnd(limitMs = 4 * 3600_000) {
      const end = t.lab.engine.clock.now() + limitMs;
      while (t.lab.engine.clock.now() < end) {
        const s = await t.call('exercises.status', {});
        if (s && s.state !== 'running') return s;
        advance(10_000);
      }
      return (await t.call('exercises.status', {}))!;
    },
    async status() {
      return (await t.call('exercises.status', {}))!;
    },
    report: () => t.call('exercises.report', {}),
  };
}
