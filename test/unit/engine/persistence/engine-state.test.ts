import { describe, expect, test } from 'vitest';
import {
  INTERRUPTED_MESSAGE,
  parseEngineState,
  restoreEngineState,
  serializeEngineState,
} from '../../../../src/main/engine/persistence/engine-state';
import { ADMIN, defaultLab, req } from '../fixture';

const VC1 = 'vcsa01:vcenter';
const VC2 = 'vcsa02:vcenter';

/** Saves and restores as a restart would (through JSON text). */
const restart = (engine: Parameters<typeof serializeEngineState>[0]) =>
  restoreEngineState(parseEngineState(serializeEngineState(engine)), { drsIntervalMs: null });

describe('engine state: restore after a crash', () => {
  test('before the switchover the VM is on the source; after it, on the destination; both tasks failed as interrupted', () => {
    const lab = defaultLab();
    const a = lab.vm('web-01');
    const b = lab.vm('app-01');
    const srcA = a.hostId;
    const dstA = [...lab.world.hosts.values()].find(
      (h) => h.clusterId === lab.world.hosts.get(srcA)!.clusterId && h.id !== srcA,
    )!;
    const dst2 = [...lab.world.hosts.values()].find(
      (h) => h.vcenterId === VC2 && h.connectionState === 'connected',
    )!;
    const started = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [a.id], type: 'compute', hostId: dstA.id }),
      ADMIN,
    );
    const cross = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [b.id],
        type: 'crossVcenter',
        hostId: dst2.id,
        datastoreId: dst2.datastoreIds[0],
        networkId: dst2.networkIds[0],
      }),
      ADMIN,
      'administrator@branch.local',
    );
    const taskA = lab.engine.tasks.get(started.migrations[0].taskId)!;
    const taskB = lab.engine.tasks.get(cross.migrations[0].taskId)!;
    // Stop while the cross-vCenter move is in Clean-up (committed) and the vMotion has not switched over.
    lab.clock.runUntilCondition(() => taskB.phases.at(-1)?.name === 'Clean-up');
    const phaseA = taskA.phases.at(-1)?.name ?? '';
    const aCommitted = phaseA === 'Clean-up' || taskA.state === 'success';
    expect(taskB.state).toBe('running');

    const { engine, report } = restart(lab.engine);
    const w = engine.world;
    const copiesOf = (uuid: string) => [...w.vms.values()].filter((v) => v.uuid === uuid);
    expect(copiesOf(b.uuid)).toHaveLength(1);
    expect(copiesOf(b.uuid)[0].vcenterId).toBe(VC2); // committed: on the destination
    expect(copiesOf(a.uuid)).toHaveLength(1);
    expect(copiesOf(a.uuid)[0].hostId).toBe(aCommitted ? dstA.id : srcA);
    for (const id of [taskB.id, taskB.linkedTaskId!, ...(taskA.state === 'running' ? [taskA.id] : [])]) {
      const t = engine.tasks.get(id)!;
      expect(t.state).toBe('error');
      expect(t.error).toBe(INTERRUPTED_MESSAGE);
      expect(t.completedAt).toBe(lab.clock.now());
      expect(t.phases.every((p) => p.completedAt !== null)).toBe(true);
      expect(report.interruptedTaskIds).toContain(id);
    }
    expect([...engine.tasks.all()].some((t) => t.state === 'running' || t.state === 'queued')).toBe(false);
    // Nothing is held: limits start empty and a new migration of the same VM is accepted.
    expect(engine.limits.hostUse.size).toBe(0);
    expect(engine.runner.byVm.size).toBe(0);
    expect(() =>
      engine.startMigration(
        req({
          vcenterId: w.vms.get(copiesOf(a.uuid)[0].id)!.vcenterId,
          vmIds: [copiesOf(a.uuid)[0].id],
          type: 'compute',
          hostId: srcA === copiesOf(a.uuid)[0].hostId ? dstA.id : srcA,
        }),
        ADMIN,
      ),
    ).not.toThrow();
    // The history says why, on the vCenter the task belongs to.
    expect(
      engine.events
        .all(VC2)
        .some((e) => e.taskId === taskB.linkedTaskId && e.message.includes(INTERRUPTED_MESSAGE)),
    ).toBe(true);
    engine.dispose();
  });

  test('clock, random sequence, task and event ids continue where the lab stopped', () => {
    const lab = defaultLab();
    const vm = lab.vm('web-01');
    lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', hostId: lab.host('esx70-02.corp.local').id }),
      ADMIN,
    );
    lab.clock.advance(3_600_000);
    const { engine } = restart(lab.engine);
    expect(engine.clock.now()).toBe(lab.clock.now());
    expect(engine.random.next()).toBe(lab.engine.random.next());
    const before = [...lab.engine.tasks.all()].map((t) => t.id);
    const t = engine.enterMaintenance(lab.host('esx70-03.corp.local').id, ADMIN);
    expect(before).not.toContain(t.id);
    const keys = engine.events.all(VC1).map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    engine.dispose();
  });

  test('a host entering maintenance mode goes back to normal with its task interrupted', () => {
    const lab = defaultLab();
    const host = lab.host('esx70-01.corp.local');
    const task = lab.engine.enterMaintenance(host.id, ADMIN);
    expect(lab.world.hosts.get(host.id)!.maintenance).toBe('entering');
    const { engine, report } = restart(lab.engine);
    expect(engine.world.hosts.get(host.id)!.maintenance).toBe('none');
    expect(report.hostsNoLongerEntering).toEqual([host.id]);
    expect(engine.tasks.get(task.id)).toMatchObject({ state: 'error', error: INTERRUPTED_MESSAGE });
    // The admin can enter maintenance mode again.
    expect(engine.enterMaintenance(host.id, ADMIN).state).toBe('running');
    engine.dispose();
  });

  test('console sessions are dropped: a client ISO they carried is disconnected', () => {
    const lab = defaultLab();
    const vm = [...lab.world.vms.values()].find((v) => v.powerState === 'poweredOn' && v.cdroms.length > 0)!;
    lab.engine.openConsole(vm.id, ADMIN);
    lab.engine.attachIso(vm.id, '/home/admin/tools.iso', undefined, ADMIN);
    const { engine, report } = restart(lab.engine);
    expect(report.remoteDevicesDisconnected).toContain(vm.id);
    expect(engine.remote.list(vm.id)).toEqual([]);
    expect(engine.world.vms.get(vm.id)!.cdroms.find((c) => c.backing.type === 'remoteIso')!.connected).toBe(
      false,
    );
    engine.dispose();
  });

  test('a damaged state is refused naming where it is damaged', () => {
    const lab = defaultLab();
    const good = serializeEngineState(lab.engine);
    expect(() => parseEngineState(good.slice(0, good.length / 2))).toThrow(/not valid JSON/);
    const data = JSON.parse(good);
    data.world.vms[0].hostId = 'vcsa01:host-999';
    expect(() => parseEngineState(JSON.stringify(data))).toThrow(
      expect.objectContaining({ code: 'invalid-scenario', extra: { field: 'world.vms.0.hostId' } }),
    );
    delete data.tasks;
    expect(() => parseEngineState(JSON.stringify(data))).toThrow(/damaged at "tasks"/);
  });
});
