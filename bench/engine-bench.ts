/**
 * Engine benchmark: 1,000 concurrent full-fidelity migrations (compatibility checks, queueing at
 * the limits, every phase, tasks and events on both sides, commit) in a 10,000-VM world, with the
 * clock at 'max'. Prints simulated migrations per wall second and peak memory.
 * Run: npx tsx bench/engine-bench.ts
 */
import { SimClock } from '../src/main/engine/clock';
import { Engine } from '../src/main/engine/engine';
import { createRandom } from '../src/main/engine/random';
import { generateScenario } from '../src/main/engine/world/generate-world';
import { loadScenario } from '../src/main/engine/world/load-scenario';
import { migrationRequestSchema } from '../src/shared/engine-api';

const CONCURRENT = 1000;
const world = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 160, vmsPerVcenter: 5000 }));
const clock = new SimClock();
const engine = new Engine({ world, clock, random: createRandom(1), drsIntervalMs: null });
let peakRss = process.memoryUsage().rss;
const sampleMem = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// Half compute-only vMotions inside a cluster, half Storage vMotions; a slice are cross-vCenter exports.
const vms = [...world.vms.values()].filter((v) => v.vcenterId === 'vc1:vcenter').slice(0, CONCURRENT);
const hostsByCluster = new Map<string, string[]>();
for (const h of world.hosts.values())
  if (h.clusterId) hostsByCluster.set(h.clusterId, [...(hostsByCluster.get(h.clusterId) ?? []), h.id]);
const vc2Host = [...world.hosts.values()].find((h) => h.vcenterId === 'vc2:vcenter')!;

const t0 = performance.now();
let done = 0;
let failed = 0;
engine.runner.onFinished((_m, outcome) => {
  if (outcome === 'success') done++;
  else failed++;
});
vms.forEach((vm, i) => {
  const host = world.hosts.get(vm.hostId)!;
  const peers = hostsByCluster.get(host.clusterId!)!;
  const kind = i % 10 === 0 ? 'crossVcenter' : i % 2 === 0 ? 'compute' : 'storage';
  const other = host.datastoreIds.find((d) => d !== vm.disks[0].datastoreId)!;
  const r = migrationRequestSchema.parse({
    vcenterId: 'vc1:vcenter',
    vmIds: [vm.id],
    type: kind,
    hostId:
      kind === 'compute'
        ? peers[(peers.indexOf(host.id) + 1) % peers.length]
        : kind === 'crossVcenter'
          ? vc2Host.id
          : undefined,
    datastoreId: kind === 'storage' ? other : kind === 'crossVcenter' ? vc2Host.datastoreIds[0] : undefined,
    diskFormat: kind === 'storage' ? 'thin' : 'sameAsSource',
    networkId: kind === 'crossVcenter' ? vc2Host.networkIds[0] : undefined,
  });
  engine.startMigration(r, 'administrator@site1.local', 'administrator@site2.local');
});
const queuedAtStart = engine.runner.queued.length;
const tStarted = performance.now();

// 'max' speed: run the event queue back to back until every migration has finished.
let batches = 0;
while (done + failed < CONCURRENT) {
  const next = clock.nextAt();
  if (next === undefined) break;
  clock.runUntil(next, 4096);
  if (++batches % 50 === 0) {
    clock.notifyAdvanced();
    sampleMem();
  }
}
clock.notifyAdvanced();
sampleMem();
const wall = (performance.now() - t0) / 1000;
console.log(`world: ${world.vms.size} VMs, ${world.hosts.size} hosts`);
console.log(
  `migrations: ${CONCURRENT} requested at once (${queuedAtStart} queued at the limits), ${done} succeeded, ${failed} failed`,
);
console.log(
  `simulated time: ${(clock.now() / 60_000).toFixed(1)} min; wall: ${wall.toFixed(3)} s (start ${((tStarted - t0) / 1000).toFixed(3)} s)`,
);
console.log(`simulated migrations per wall second: ${Math.round(done / wall)}`);
console.log(`peak memory (RSS): ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
