/**
 * Saving a 100,000-VM lab while it runs: the save is serialised a chunk of VMs at a time, and VMs
 * that change meanwhile are written again (engine/persistence/engine-state.ts). Printed: the longest
 * single step (how long another client's answer could wait) and the total, for an idle lab and for
 * labs whose VMs change while the save runs, beside the one-go serialisation a step-wise save used to
 * fall back to whenever the lab changed (the aim is ≤ 250 ms at a time; issue 15).
 */
import { ManualClock } from '../src/main/engine/clock';
import { Engine } from '../src/main/engine/engine';
import {
  serializeEngineStateParts,
  serializeEngineStateSteps,
} from '../src/main/engine/persistence/engine-state';
import { createRandom } from '../src/main/engine/random';
import { generateScenario } from '../src/main/engine/world/generate-world';
import { loadScenario } from '../src/main/engine/world/load-scenario';

const VMS = 100_000;
const world = loadScenario(generateScenario({ vcenters: 1, hostsPerVcenter: VMS / 100, vmsPerVcenter: VMS }));
const engine = new Engine({ world, clock: new ManualClock(), random: createRandom(1), drsIntervalMs: null });
const vms = [...world.vms.values()];
let edited = 0;

/** Power state flips between steps, as the engine makes them between the service's slices of work. */
function edit(count: number): void {
  for (let j = 0; j < count; j++) {
    const vm = vms[(edited++ * 7919) % vms.length];
    vm.powerState = vm.powerState === 'poweredOn' ? 'poweredOff' : 'poweredOn';
    world.touchVm(vm.id);
  }
}

const cases: [string, number][] = [
  ['idle', 0],
  ['2 VMs change per step', 2],
  ['20 VMs change per step', 20],
];
for (const [what, perStep] of cases) {
  const steps = serializeEngineStateSteps(engine);
  let longest = 0;
  let total = 0;
  for (;;) {
    edit(perStep);
    const t0 = performance.now();
    const step = steps.next();
    const took = performance.now() - t0;
    longest = Math.max(longest, took);
    total += took;
    if (step.done) {
      if (step.value === null) console.log(`${what}: the step-wise save gave up`);
      break;
    }
  }
  const t0 = performance.now();
  serializeEngineStateParts(engine);
  const oneGo = performance.now() - t0;
  console.log(
    `save a ${VMS.toLocaleString('en')}-VM lab, ${what}: longest step ${longest.toFixed(0)} ms, ` +
      `${(total / 1000).toFixed(1)} s of steps (${edited.toLocaleString('en')} edits so far); ` +
      `one go ${oneGo.toFixed(0)} ms`,
  );
}
engine.dispose();
