import { describe, expect, test } from 'vitest';
import { ManualClock, RealTimeDriver, SimClock } from '../../../src/main/engine/clock';
import { ADMIN, defaultLab, req } from './fixture';

describe('simulation clock', () => {
  test('advance runs due events in time order, same-instant events in scheduling order', () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    clock.schedule(300, () => seen.push('c@300'));
    clock.schedule(100, () => seen.push('a@100'));
    clock.schedule(100, () => seen.push('b@100'));
    const cancelled = clock.schedule(200, () => seen.push('cancelled'));
    clock.cancel(cancelled);
    clock.advance(250);
    expect(seen).toEqual(['a@100', 'b@100']);
    expect(clock.now()).toBe(250);
    clock.advance(100);
    expect(seen).toEqual(['a@100', 'b@100', 'c@300']);
  });

  test('an event scheduled by an event at the same instant still runs in that advance', () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    clock.schedule(10, () => clock.after(0, () => seen.push(clock.now())));
    clock.advance(10);
    expect(seen).toEqual([10]);
  });

  test('the real-time driver runs sim time at the chosen speed and stops when paused', async () => {
    const clock = new SimClock();
    const driver = new RealTimeDriver(clock, undefined, { sliceMs: 20 });
    let ticks = 0;
    clock.onAdvanced(() => ticks++);
    driver.setSpeed('600');
    await new Promise((r) => setTimeout(r, 200));
    driver.setSpeed('paused');
    const at = clock.now();
    // ~200 ms of wall time at 600× ≈ 120 s of sim time (generous bounds for a busy CI machine).
    expect(at).toBeGreaterThan(30_000);
    expect(at).toBeLessThan(200_000);
    // Coalescing: one notification per slice, not one per simulated millisecond.
    expect(ticks).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 60));
    expect(clock.now()).toBe(at);
    driver.dispose();
  });

  test("'max' runs scheduled work as fast as possible", async () => {
    const clock = new SimClock();
    const driver = new RealTimeDriver(clock);
    let fired = 0;
    for (let i = 1; i <= 1000; i++) clock.schedule(i * 3600_000, () => fired++);
    driver.setSpeed('max');
    await new Promise((r) => setTimeout(r, 100));
    driver.dispose();
    expect(fired).toBe(1000);
    expect(clock.now()).toBeGreaterThanOrEqual(1000 * 3600_000);
  });
});

describe('deterministic replay', () => {
  function story(seed: number): string {
    const lab = defaultLab({ seed, drsIntervalMs: 300_000 });
    const vc = lab.vc('vcsa01').id;
    lab.engine.startMigration(
      req({
        vcenterId: vc,
        vmIds: [lab.vm('web-01').id, lab.vm('app-02').id],
        type: 'compute',
        clusterId: lab.cluster('Prod-Cluster-70').id,
      }),
      ADMIN,
    );
    lab.clock.advance(1500);
    lab.engine.injectFault('failToResume', null);
    lab.engine.startMigration(
      req({
        vcenterId: vc,
        vmIds: [lab.vm('sql-01').id],
        type: 'storage',
        datastoreId: lab.ds('SAN-LUN-01').id,
        diskFormat: 'thin',
      }),
      ADMIN,
    );
    lab.engine.enterMaintenance(lab.host('esx70-04.corp.local').id, ADMIN);
    lab.clock.advance(20 * 60_000);
    return JSON.stringify({
      events: lab.engine.events.all(vc),
      tasks: lab.engine.tasks.list(vc, 1000),
      vms: [...lab.world.vms.values()].map((v) => [
        v.id,
        v.hostId,
        v.disks.map((d) => d.datastoreId + d.format),
      ]),
    });
  }

  test('same seed and same actions give the same history; another seed changes the timings', () => {
    const a = story(11);
    expect(story(11)).toBe(a);
    expect(story(12)).not.toBe(a);
  });
});
