/**
 * Saving and loading a large lab a chunk at a time (engine/persistence/engine-state.ts): the text is
 * the one-go serialisation's, a change while the VMs are written makes the step-wise save give up
 * (the saver then serialises in one go, so the file still shows one instant), and parsing step by
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

  test('gives up when the world changes while the VMs are written', () => {
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
