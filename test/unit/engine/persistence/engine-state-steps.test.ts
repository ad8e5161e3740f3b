/**
 * Saving and loading a large lab a chunk at a time (engine/persistence/engine-state.ts): the text is
 * the one-go serialisation's, also when VMs move, power off or get a device while the VMs are
 * written (the file shows the lab at the end of the save), a change that does not say what it touched
 * makes the step-wise save give up (the saver then serialises in one go, so the file still shows one
 * instant), and parsing step by
 * step gives the same state, and a damaged file is refused naming the field a whole-file check
 * names first.
 */
import { describe, expect, test } from 'vitest';
import {
  parseEngineState,
  parseEngineStateSteps,
  SERIALIZE_CHUNK,
  serializeEngineState,
  serializeEngineStateSteps,
} from '../../../../src/main/engine/persistence/engine-state';
import { runToEnd } from '../../../../src/main/engine/steps';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../../src/main/engine/world/load-scenario';
import { Engine } from '../../../../src/main/engine/engine';
import { ManualClock } from '../../../../src/main/engine/clock';
import { createRandom } from '../../../../src/main/engine/random';
import { LabFault } from '../../../../src/shared/result';
import { ADMIN, defaultLab, exportToBranch, req } from '../fixture';

const VC1 = 'vcsa01:vcenter';

function bigEngine(): Engine {
  const world = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 20, vmsPerVcenter: 3000 }));
  return new Engine({ world, clock: new ManualClock(), random: createRandom(1), drsIntervalMs: null });
}

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return { message: (e as LabFault).message, field: (e as LabFault).extra?.field };
  }
  return 'parsed';
}

describe('engine state step by step', () => {
  test('serialises to the same text as in one go, yielding between chunks of VMs', () => {
    const engine = bigEngine();
    const steps = serializeEngineStateSteps(engine);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value?.join('')).toBe(serializeEngineState(engine));
    expect(yields).toBeGreaterThanOrEqual(6000 / SERIALIZE_CHUNK - 1);
    engine.dispose();
  });

  test('follows what changes while the VMs are written: the file shows the lab as it is at the end', () => {
    const lab = defaultLab();
    const web1 = lab.vm('web-01');
    const web3 = lab.vm('web-03');
    const steps = serializeEngineStateSteps(lab.engine);
    expect(steps.next().done).toBe(false); // every VM written as it was
    // Meanwhile: a vMotion (same id, new record), an export to the other vCenter (a new id, the old
    // one gone), a power-off and a client ISO (edits in place), a host entering maintenance mode, a
    // port blocked on a host.
    const dst = lab.host('esx70-02.corp.local');
    lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [web1.id], type: 'compute', hostId: dst.id }),
      ADMIN,
    );
    lab.engine.startMigration(exportToBranch(lab, 'web-03'), ADMIN, 'administrator@branch.local');
    lab.clock.advance(3_600_000);
    const app = lab.vm('app-01');
    lab.engine.powerVm(app.id, 'powerOff', ADMIN);
    lab.clock.advance(60_000);
    const sql = lab.vm('sql-01');
    lab.engine.openConsole(sql.id, ADMIN);
    lab.engine.attachIso(sql.id, '/isos/tools.iso', undefined, ADMIN);
    lab.engine.enterMaintenance(lab.host('esx70-03.corp.local').id, ADMIN);
    lab.engine.setPortBlocked(dst.id, 902, true); // a lab control, as its handler records it
    lab.world.touchKeepIndexes({ outsideVms: true });
    const parts = runToEnd(steps);
    expect(parts).not.toBeNull();
    expect(parts!.join('')).toBe(serializeEngineState(lab.engine));
    const saved = parseEngineState(parts!.join(''));
    expect(saved.world.vms.find((vm) => vm.id === web1.id)?.hostId).toBe(dst.id);
    expect(saved.world.vms.some((vm) => vm.id === web3.id)).toBe(false);
    expect(saved.world.vms.filter((vm) => vm.name === 'web-03')).toHaveLength(1);
    expect(saved.world.vms.find((vm) => vm.id === app.id)?.powerState).toBe('poweredOff');
    expect(saved.world.vms.find((vm) => vm.id === sql.id)?.cdroms[0]).toMatchObject({
      connected: true,
      backing: { type: 'remoteIso', path: '/isos/tools.iso' },
    });
    lab.engine.dispose();
  });

  test('when many VMs change while it writes, it catches up in steps and still ends at the lab as it is', () => {
    const engine = bigEngine();
    const vms = [...engine.world.vms.values()];
    const powerOff = (from: number): void => {
      for (let i = from; i < vms.length; i += 3) {
        vms[i].powerState = 'poweredOff';
        engine.world.touchVm(vms[i].id);
      }
    };
    const quietSteps = [...serializeEngineStateSteps(engine)].length;
    const steps = serializeEngineStateSteps(engine);
    for (let i = 0; i < quietSteps / 2; i++) steps.next();
    powerOff(0); // 2000 VMs, written or not: more than the final step takes on
    let rounds = quietSteps / 2;
    let step = steps.next();
    for (; !step.done; step = steps.next()) if (++rounds === quietSteps) powerOff(1); // during the catch-up
    expect(rounds).toBeGreaterThan(quietSteps); // VMs written again in steps
    expect(step.value).not.toBeNull();
    expect(step.value!.join('')).toBe(serializeEngineState(engine));
    engine.dispose();
  });

  test('gives up when an id that left comes back while it writes (the map order changed)', () => {
    const lab = defaultLab();
    const [a, b] = [...lab.world.vms.values()];
    const steps = serializeEngineStateSteps(lab.engine);
    steps.next();
    lab.world.replaceVm(a, { ...a, id: 'vcsa02:vm-9001' }); // a leaves under a new id
    lab.world.replaceVm(b, { ...b, id: a.id }); // another VM takes the freed id
    expect(runToEnd(steps)).toBeNull();
    lab.engine.dispose();
  });

  test('gives up when a change does not say which records it touched', () => {
    const engine = bigEngine();
    const steps = serializeEngineStateSteps(engine);
    steps.next();
    steps.next();
    engine.world.touch();
    expect(runToEnd(steps)).toBeNull();
    engine.dispose();
  });

  test('parses as parseEngineState does, and refuses the same damage the same way', () => {
    const engine = bigEngine();
    const text = serializeEngineState(engine);
    engine.dispose();
    expect(runToEnd(parseEngineStateSteps(text))).toEqual(parseEngineState(text));
    const state = JSON.parse(text) as { world: { vms: Record<string, unknown>[] }; revision: unknown };
    // Each damage and the field named first, as a check of the whole file in one parse names it.
    const damages: [(s: typeof state) => void, string][] = [
      [(s) => (s.world.vms[4000].uuid = 7), 'world.vms.4000.uuid'],
      [
        (s) => {
          s.world.vms[4000].uuid = 7;
          s.revision = -1; // checked after the VMs
        },
        'world.vms.4000.uuid',
      ],
      [
        (s) => {
          s.world.vms[4000].uuid = 7;
          (s.world as Record<string, unknown>).hosts = 'x'; // checked before the VMs
        },
        'world.hosts',
      ],
      [(s) => (s.world.vms[10].hostId = 'nowhere'), 'world.vms.10.hostId'],
    ];
    for (const [damage, field] of damages) {
      const copy = structuredClone(state);
      damage(copy);
      const bad = JSON.stringify(copy);
      expect(failure(() => runToEnd(parseEngineStateSteps(bad)))).toMatchObject({ field });
      expect(failure(() => parseEngineState(bad))).toMatchObject({ field });
    }
    expect(failure(() => runToEnd(parseEngineStateSteps(text.slice(0, -10))))).toMatchObject({
      message: expect.stringContaining('not valid JSON'),
    });
  });
});
