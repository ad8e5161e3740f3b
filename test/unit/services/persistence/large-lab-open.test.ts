/**
 * Large labs stay responsive (issue 15, item 9): while a 50,000-VM scenario is read, validated and
 * built, the service keeps answering another client, all through the load rather than only before
 * and after it; a bad large file is refused naming the field, and the open lab stays as it was.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LabService } from '../../../../src/main/services/lab-service';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../../src/main/engine/world/load-scenario';
import type { LabInfo, LabsInfo } from '../../../../src/shared/contract';
import type { Result } from '../../../../src/shared/result';
import { useLabServices } from './lab-service-fixture';

const VMS = 50_000;
const start = useLabServices();

const bigScenario = (): ReturnType<typeof generateScenario> =>
  generateScenario({ vcenters: 1, hostsPerVcenter: 500, vmsPerVcenter: VMS });

/**
 * Runs `job` while another client asks lab.info every few milliseconds (each ask after a timer, as
 * requests from a socket arrive); returns when each answer came, as a fraction of the job's time.
 */
async function answersDuring<T>(
  lab: LabService,
  job: () => Promise<T>,
): Promise<{ result: T; at: number[] }> {
  const times: number[] = [];
  let done = false;
  const t0 = performance.now();
  const asker = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 5));
      const r = await lab.call('lab.info', {}, { clientId: 'other-client' });
      expect(r.ok).toBe(true);
      if (!done) times.push(performance.now());
    }
  })();
  const result = await job();
  done = true;
  const t1 = performance.now();
  await asker;
  return { result, at: times.map((t) => (t - t0) / (t1 - t0)) };
}

/**
 * Today the whole parse, validation, build and first save held the thread: no answer came in the
 * middle of a load. Now every quarter of it has answers.
 */
function expectAnswersThroughout(at: number[]): void {
  for (const quarter of [0, 1, 2, 3]) {
    const inQuarter = at.filter((f) => f >= quarter / 4 && f < (quarter + 1) / 4).length;
    expect(inQuarter, `answers in quarter ${quarter + 1} of the load (all: ${at.length})`).toBeGreaterThan(0);
  }
}

const vmCount = (info: LabInfo): number => info.vcenters.reduce((n, vc) => n + vc.vmCount, 0);

describe('opening a large lab', () => {
  test(
    'another client is answered all through the load of a 50,000-VM scenario and of its saved state',
    { timeout: 240_000 },
    async () => {
      const { lab, dir } = await start();
      const file = join(dir, 'big.json');
      writeFileSync(file, JSON.stringify(bigScenario()));
      const opened = await answersDuring(lab, () =>
        lab.call('labs.openScenarioFile', { path: file }, { clientId: 'c' }),
      );
      expect(opened.result.ok).toBe(true);
      expect((opened.result as Result<LabsInfo> & { ok: true }).value.current).toBe('big');
      expectAnswersThroughout(opened.at);
      // Back to the first lab, then the big one again: now restored from its saved state.
      expect((await lab.call('labs.open', { name: 'default' }, { clientId: 'c' })).ok).toBe(true);
      const restored = await answersDuring(lab, () =>
        lab.call('labs.open', { name: 'big' }, { clientId: 'c' }),
      );
      expect(restored.result.ok).toBe(true);
      expectAnswersThroughout(restored.at);
      const info = await lab.call('lab.info', {}, { clientId: 'c' });
      expect(vmCount((info as Result<LabInfo> & { ok: true }).value)).toBe(VMS);
    },
  );

  test(
    'a bad 50,000-VM file is refused naming the field, as the one-go loader does, and the open lab stays',
    { timeout: 240_000 },
    async () => {
      const { lab, dir } = await start();
      const before = await lab.call('lab.info', {}, { clientId: 'c' });
      const sc = bigScenario();
      const vms = sc.vcenters[0].datacenters![0].vms!;
      vms[45_000] = { ...vms[45_000], cpu: 0 };
      const file = join(dir, 'bad-big.json');
      writeFileSync(file, JSON.stringify(sc));
      let expected: Error | null = null;
      try {
        loadScenario(sc);
      } catch (e) {
        expected = e as Error;
      }
      const r = await lab.call('labs.openScenarioFile', { path: file }, { clientId: 'c' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('invalid-scenario');
      expect(r.error.field).toBe('vcenters[0].datacenters[0].vms[45000].cpu');
      expect(r.error.message).toBe(expected?.message);
      const labs = (await lab.call('labs.list', {}, { clientId: 'c' })) as Result<LabsInfo>;
      expect(labs.ok && labs.value.current).toBe('default');
      expect(labs.ok && labs.value.labs.map((l) => l.name)).toEqual(['default']);
      expect(await lab.call('lab.info', {}, { clientId: 'c' })).toEqual(before);
    },
  );
});
