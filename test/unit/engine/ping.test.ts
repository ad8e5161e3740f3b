import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';

/** One successful vMotion of web-01 with a ping running: the replies around its switchover. */
function switchover(seed: number) {
  const lab = defaultLab({ seed });
  const vm = lab.vm('web-01');
  const mon = lab.engine.ping.start(vm.id);
  const r = lab.engine.startMigration(
    req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', hostId: lab.host('esx70-02.corp.local').id }),
    ADMIN,
  );
  lab.clock.advance(30_000);
  const task = lab.engine.tasks.get(r.migrations[0].taskId)!;
  expect(task.state).toBe('success');
  const sw = task.phases.find((p) => p.name === 'Switchover')!;
  const stunMs = sw.completedAt! - sw.startedAt;
  const around = lab.engine.ping
    .samples(mon)
    .filter((s) => s.at >= sw.startedAt && s.at <= sw.startedAt + 1000);
  return { stunMs, around };
}

describe('ping at the switchover', () => {
  test('a clearly longer reply sized by the stun; a lost reply only now and then', () => {
    let lost = 0;
    const runs = 200;
    for (let seed = 1; seed <= runs; seed++) {
      const { stunMs, around } = switchover(seed);
      expect(around).toHaveLength(1);
      const rtt = around[0].rttMs;
      if (rtt === null) {
        lost++;
        continue;
      }
      // The reply waited out the stun: ~100 ms to 1 s, not the usual sub-millisecond one.
      expect(stunMs).toBeGreaterThanOrEqual(90);
      expect(stunMs).toBeLessThan(1000);
      expect(rtt).toBeGreaterThanOrEqual(stunMs);
      expect(rtt).toBeLessThan(stunMs + 5);
    }
    // "I only got a longer response time during the switchover": a loss is the exception.
    expect(lost).toBeLessThanOrEqual(runs / 10);
  });
});
