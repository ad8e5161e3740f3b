/**
 * Loading a generated world of 10,000 VMs on 100 hosts: wall time and the memory the loaded world
 * holds (heap after a full GC, minus the heap before).
 *
 * Then opening a lab as the app does (LabLibrary: scenario file → lab folder → engine; then again
 * from its saved state) for 10,000 and 100,000 VMs, each in its own process so its peak memory is
 * its own: open time, peak RSS, and the longest the event loop was held (the time any other client's
 * answer would have waited; the aim is ≤ 250 ms at a time).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScenario } from '../src/main/engine/world/generate-world';
import { loadScenarioText } from '../src/main/engine/world/load-scenario';
import { treeChildren } from '../src/main/engine/world/inventory-tree';

/** Longest any other client's answer may wait while a lab opens (issue 15). */
const STALL_BUDGET_MS = 250;

const openArg = process.argv.indexOf('--open');
if (openArg > 0) {
  await openLab(Number(process.argv[openArg + 1]));
  process.exit(0);
}

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

for (const vms of [10_000, 100_000]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--open', String(vms)], {
    stdio: 'inherit',
    timeout: 900_000,
  });
  if (r.status !== 0) console.log(`open ${vms} VMs: the measuring process failed (${r.status ?? r.signal})`);
}

/** Opens an n-VM lab through the lab library, twice (from the scenario, then from its saved state). */
async function openLab(n: number): Promise<void> {
  const { createLabService } = await import('../src/main/services/create-lab-service');
  const { memoryConnectionStorage } = await import('../src/main/services/storage/memory-connection-storage');
  const dir = mkdtempSync(join(tmpdir(), 'vmlab-bench-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(
    file,
    JSON.stringify(
      generateScenario({ vcenters: 1, hostsPerVcenter: Math.max(100, n / 100), vmsPerVcenter: n }),
    ),
  );
  // The longest gap between ticks of a 10 ms timer: how long the event loop was held at a time.
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  const open = async (): Promise<number> => {
    const t0 = performance.now();
    const lab = await createLabService({
      labPath: file,
      connectionStorage: memoryConnectionStorage(),
      dataDir: join(dir, 'data'),
    });
    const took = performance.now() - t0;
    await lab.labs?.close();
    lab.dispose();
    return took;
  };
  try {
    longest = 0;
    last = performance.now();
    const fresh = await open();
    const freshStall = longest;
    longest = 0;
    last = performance.now();
    const restored = await open();
    const restoredStall = longest;
    const peakMB = process.resourceUsage().maxRSS / 1024;
    console.log(
      `open a ${n.toLocaleString('en')}-VM lab: from its scenario ${(fresh / 1000).toFixed(1)} s ` +
        `(event loop held up to ${freshStall.toFixed(0)} ms at a time; budget ${STALL_BUDGET_MS} ms), ` +
        `from its saved state ${(restored / 1000).toFixed(1)} s (held up to ${restoredStall.toFixed(0)} ms; ` +
        `budget ${STALL_BUDGET_MS} ms); peak RSS ${peakMB.toFixed(0)} MB`,
    );
  } finally {
    clearInterval(probe);
    rmSync(dir, { recursive: true, force: true });
  }
}
