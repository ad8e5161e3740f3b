import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/main/engine/clock';
import { Engine } from '../../../src/main/engine/engine';
import { createRandom } from '../../../src/main/engine/random';
import { generateScenario } from '../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../src/main/engine/world/load-scenario';
import { req } from './fixture';

/**
 * The runner only retries queued migrations that are new or wait on a host/datastore whose slots were
 * released; that equals rescanning the whole queue only while "no queued migration fits" holds after
 * every pump. Drive a crowded lab and check it after every step, with the queue order.
 */
describe('migration queue indexed by host and datastore', () => {
  test('after every step no queued migration fits, and the queue keeps its order', () => {
    const world = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 8, vmsPerVcenter: 400 }));
    const clock = new ManualClock();
    const engine = new Engine({ world, clock, random: createRandom(5), drsIntervalMs: null });
    const { runner, limits } = engine;
    const check = (): void => {
      for (const m of runner.queued) expect(limits.fits(m.costs)).toBe(false);
      expect(limits.withinLimits()).toBe(true);
      const q = runner.queued;
      const firstNormal = q.findIndex((m) => m.priority === 'normal');
      if (firstNormal >= 0) expect(q.slice(firstNormal).every((m) => m.priority === 'normal')).toBe(true);
    };
    const vms = [...world.vms.values()].filter((v) => v.vcenterId === 'vc1:vcenter').slice(0, 160);
    const vc1Hosts = [...world.hosts.values()].filter((h) => h.vcenterId === 'vc1:vcenter');
    const vc2Host = [...world.hosts.values()].find((h) => h.vcenterId === 'vc2:vcenter')!;
    const taskIds: string[] = [];
    let maxQueued = 0;
    vms.forEach((vm, i) => {
      const host = world.hosts.get(vm.hostId)!;
      const kind = i % 9 === 0 ? 'crossVcenter' : i % 3 === 0 ? 'storage' : i % 3 === 1 ? 'compute' : 'both';
      const dst = vc1Hosts[(vc1Hosts.indexOf(host) + 1 + (i % 3)) % vc1Hosts.length];
      const otherDs = host.datastoreIds.find((d) => d !== vm.disks[0].datastoreId)!;
      const r = engine.startMigration(
        req({
          vcenterId: 'vc1:vcenter',
          vmIds: [vm.id],
          type: kind,
          hostId: kind === 'storage' ? undefined : kind === 'crossVcenter' ? vc2Host.id : dst.id,
          datastoreId:
            kind === 'compute' ? undefined : kind === 'crossVcenter' ? vc2Host.datastoreIds[0] : otherDs,
          networkId: kind === 'crossVcenter' ? vc2Host.networkIds[0] : undefined,
          priority: i % 7 === 0 ? 'high' : 'normal',
        }),
        'administrator@site1.local',
      );
      taskIds.push(r.migrations[0].taskId);
      maxQueued = Math.max(maxQueued, runner.queued.length);
      check();
      if (i % 40 === 39) {
        clock.advance(3000);
        check();
      }
    });
    expect(maxQueued).toBeGreaterThan(50);
    // Cancel some (queued and running alike), then run everything to the end.
    for (let k = 0; k < taskIds.length; k += 11) {
      if (!engine.tasks.isFinished(engine.tasks.get(taskIds[k])!)) engine.cancelTask(taskIds[k], 'u@x');
      check();
    }
    while (runner.inFlight().length > 0) {
      clock.advance(700);
      check();
    }
    expect(runner.queued).toHaveLength(0);
    expect(limits.networkUse.size + limits.hostUse.size + limits.datastoreUse.size).toBe(0);
  });
});
