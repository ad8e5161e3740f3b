/**
 * Bounded input: scenario files over the size or VM-count limit and paths that are not regular files
 * are refused promptly with an error naming the limit, memory stays bounded while refusing, and a
 * refused call blocks no later labs.* call.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LabService } from '../../../../src/main/services/lab-service';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { MAX_SCENARIO_BYTES, MAX_SCENARIO_VMS } from '../../../../src/shared/scenario-schema';
import type { LabError } from '../../../../src/shared/result';
import { useLabServices } from './lab-service-fixture';

const start = useLabServices();

async function refusal(lab: LabService, path: string): Promise<LabError> {
  const r = await lab.call('labs.openScenarioFile', { path }, { clientId: 'c' });
  if (r.ok) throw new Error('opened unexpectedly');
  return r.error;
}

describe('bounded input', () => {
  test('a FIFO named like a scenario is refused at once and later labs.* calls still answer', async () => {
    const { lab, dir } = await start();
    const fifo = join(dir, 'x.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(lab, fifo)).toMatchObject({ field: 'path' });
    expect((await refusal(lab, fifo)).message).toContain('not a regular file');
    const list = await lab.call('labs.list', {}, { clientId: 'c' });
    expect(list.ok).toBe(true);
    const folder = await lab.call('labs.openScenarioFile', { path: dir }, { clientId: 'c' });
    expect(folder.ok).toBe(false);
  });

  test('a scenario over the size limit is refused naming the limit, without reading it', async () => {
    const { lab, dir } = await start();
    const big = join(dir, 'huge.json');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1024 * 1024); // 200 MB, sparse: costs no disk
    const rssBefore = process.memoryUsage().rss;
    const e = await refusal(lab, big);
    expect(e).toMatchObject({ code: 'invalid-scenario', field: 'path' });
    expect(e.message).toContain(`the limit is ${MAX_SCENARIO_BYTES / 1048576} MB`);
    // Refusing did not read the file into memory (well under its 200 MB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  test('a scenario over the VM-count limit is refused naming the limit', async () => {
    const { lab, dir } = await start();
    const sc = generateScenario({ vcenters: 1, hostsPerVcenter: 2, vmsPerVcenter: 1 });
    const dc = sc.vcenters[0].datacenters![0];
    const vm = dc.vms![0];
    // Minimal VMs (the count matters, not their size): one over the limit.
    dc.vms = Array.from({ length: MAX_SCENARIO_VMS + 1 }, (_, i) => ({
      ...vm,
      name: `vm-${i}`,
      nics: [],
      disks: [],
    }));
    const path = join(dir, 'many.json');
    writeFileSync(path, JSON.stringify(sc));
    const e = await refusal(lab, path);
    expect(e.code).toBe('invalid-scenario');
    expect(e.message).toContain(`the limit is ${MAX_SCENARIO_VMS}`);
    expect(readFileSync(path).length).toBeLessThan(MAX_SCENARIO_BYTES);
  }, 120_000);
});
