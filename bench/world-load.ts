/**
 * Loading a generated world of 10,000 VMs on 100 hosts: wall time and the memory the loaded world
 * holds (heap after a full GC, minus the heap before).
 */
import { generateScenario } from '../src/main/engine/world/generate-world';
import { loadScenarioText } from '../src/main/engine/world/load-scenario';
import { treeChildren } from '../src/main/engine/world/inventory-tree';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const text = JSON.stringify(generateScenario({ vcenters: 1, hostsPerVcenter: 100, vmsPerVcenter: 10_000 }));
const runs: number[] = [];
loadScenarioText(text); // warm-up
for (let i = 0; i < 5; i++) {
  gc();
  const t0 = performance.now();
  loadScenarioText(text);
  runs.push(performance.now() - t0);
}
gc();
const before = process.memoryUsage().heapUsed;
const world = loadScenarioText(text);
gc();
const held = process.memoryUsage().heapUsed - before;
const t0 = performance.now();
const dc = treeChildren(world, 'vms', 'vc1:datacenter-1');
const folder = treeChildren(world, 'vms', dc[0].id);
const expand = performance.now() - t0;
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.log(
  `world load (10,000 VMs / 100 hosts): median ${median.toFixed(0)} ms, held ${(held / 1048576).toFixed(1)} MB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
);
console.log(`expand a ${folder.length}-VM folder in the service: ${expand.toFixed(1)} ms`);
