/**
 * The step-wise scenario loader (engine/world/load-scenario-steps.ts) builds the same world as the
 * one-go loader, yields often enough that a large lab never holds the service for long, and reports
 * the same first problem as the one-go loader when a file has several (the fuzz test in
 * load-scenario-fuzz.test.ts compares the two on random damage).
 */
import { describe, expect, test } from 'vitest';
import { runToEnd } from '../../../../src/main/engine/steps';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import {
  loadScenario,
  loadScenarioText,
  NORMALISE_CHUNK,
} from '../../../../src/main/engine/world/load-scenario';
import {
  loadScenarioSteps,
  loadScenarioTextSteps,
  VALIDATE_CHUNK,
} from '../../../../src/main/engine/world/load-scenario-steps';
import type { LabFault } from '../../../../src/shared/result';

function failure(load: () => unknown): { message: string; field: unknown } {
  try {
    load();
  } catch (e) {
    return { message: (e as LabFault).message, field: (e as LabFault).extra?.field };
  }
  throw new Error('loaded unexpectedly');
}

describe('loading a scenario step by step', () => {
  test('builds the same world as the one-go loader, yielding at least once per chunk of VMs', () => {
    const text = JSON.stringify(generateScenario({ vcenters: 3, hostsPerVcenter: 30, vmsPerVcenter: 4000 }));
    const steps = loadScenarioTextSteps(text);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value.toSnapshot()).toEqual(loadScenarioText(text).toSnapshot());
    // Every VM is validated and then built: one yield per chunk of each, at least.
    expect(yields).toBeGreaterThanOrEqual(12_000 / VALIDATE_CHUNK + 12_000 / NORMALISE_CHUNK - 2);
  });

  test('with several problems, names the one the one-go loader names first', () => {
    const damaged: ((sc: ReturnType<typeof generateScenario>) => void)[] = [
      // A VM problem in datacenter 1 and an unknown key of the same datacenter: the VM comes first.
      (sc) => {
        sc.vcenters[1].datacenters![0].vms![3].cpu = 0;
        Object.assign(sc.vcenters[1].datacenters![0], { extra: 1 });
      },
      // A host problem (before the VMs in the datacenter) and a VM problem.
      (sc) => {
        sc.vcenters[1].datacenters![0].vms![3].cpu = 0;
        sc.vcenters[1].datacenters![0].clusters![0].hosts![0].memoryGB = -1;
      },
      // A later vCenter's bad key and an earlier vCenter's VM.
      (sc) => {
        sc.vcenters[0].datacenters![0].vms![10].memoryMB = 1;
        sc.vcenters[1].key = 'BAD KEY';
      },
      // A vCenter field and a VM in that vCenter; the vCenter's unknown key.
      (sc) => {
        sc.vcenters[1].datacenters![0].vms![0].name = '';
        sc.vcenters[1].build = 'x';
        Object.assign(sc.vcenters[1], { extra: 1 });
      },
      // The scenario's unknown key comes after everything; its name before everything.
      (sc) => {
        sc.vcenters[0].datacenters![0].vms![0].name = '';
        Object.assign(sc, { extra: 1 });
      },
      (sc) => {
        sc.vcenters[0].datacenters![0].vms![0].name = '';
        sc.name = '';
      },
    ];
    for (const damage of damaged) {
      const sc = generateScenario({ vcenters: 2, hostsPerVcenter: 4, vmsPerVcenter: 20 });
      damage(sc);
      expect(failure(() => runToEnd(loadScenarioSteps(sc)))).toEqual(failure(() => loadScenario(sc)));
    }
  });
});
