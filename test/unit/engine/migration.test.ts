import { describe, expect, test } from 'vitest';
import { LabFault } from '../../../src/shared/result';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const VC2 = 'vcsa02:vcenter';
const VC67 = 'vcsa67:vcenter';
const BRANCH = 'administrator@branch.local';
const LEGACY = 'administrator@legacy.local';

describe('vMotion within a vCenter', () => {
  test('compute-only vMotion: queued → running → success with the phases, VM on the new host', () => {
    const lab = defaultLab();
    const web = lab.vm('web-01');
    const dst = lab.host('esx70-02.corp.local');
    const r = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [web.id], type: 'compute', hostId: dst.id }),
      ADMIN,
    );
    const taskId = r.migrations[0].taskId;
    const t0 = lab.engine.tasks.get(taskId)!;
    expect(t0).toMatchObject({
      name: 'Migrate virtual machine',
      initiator: ADMIN,
      targetName: 'web-01',
      state: 'running',
    });
    lab.clock.advance(120_000);
    const t = lab.engine.tasks.get(taskId)!;
    expect(t.state).toBe('success');
    expect(t.progress).toBe(100);
    const names = t.phases.map((p) => p.name);
    expect(names).toEqual([
      'Compatibility checks',
      'Prepare destination',
      'Prepare source',
      'Memory pre-copy pass 1',
      'Switchover',
      'Clean-up',
    ]);
    const stun = t.phases.find((p) => p.name === 'Switchover')!;
    expect(stun.completedAt! - stun.startedAt).toBeLessThan(1000);
    expect(lab.world.vms.get(web.id)!.hostId).toBe(dst.id);
    expect(lab.copies('web-01')).toHaveLength(1);
    expect(lab.engine.events.all(VC1).map((e) => e.message)).toContain(
      'Migration of virtual machine web-01 from esx70-01.corp.local, vsanDatastore-Prod to esx70-02.corp.local, vsanDatastore-Prod completed',
    );
  });

  test('memory pre-copy: a busy database needs several passes; pass 1 moves all memory at the link share', () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-01'); // 64 GB, dirtying 900 MB/s
    const r = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [sql.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
      ADMIN,
    );
    lab.clock.advance(600_000);
    const t = lab.engine.tasks.get(r.migrations[0].taskId)!;
    const passes = t.phases.filter((p) => p.name.startsWith('Memory pre-copy pass'));
    expect(passes.length).toBeGreaterThan(1);
    // 64 GB over 18 Gb/s (2250 MB/s) ≈ 29 s.
    expect(passes[0].detail).toBe('64.0 GB at 2250 MB/s');
    expect(passes[0].completedAt! - passes[0].startedAt).toBeGreaterThan(28_000);
    expect(passes[0].completedAt! - passes[0].startedAt).toBeLessThan(30_000);
  });

  test('storage vMotion converts the disk format and moves the space between datastores', () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-02');
    const from = lab.ds('SAN-LUN-02');
    const to = lab.ds('SAN-LUN-01');
    const freeFrom = lab.world.datastoreFreeGB(from.id);
    const freeTo = lab.world.datastoreFreeGB(to.id);
    lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [sql.id], type: 'storage', datastoreId: to.id, diskFormat: 'thin' }),
      ADMIN,
    );
    lab.clock.advance(3_600_000);
    const moved = lab.world.vms.get(sql.id)!;
    expect(moved.hostId).toBe(sql.hostId);
    expect(moved.disks.map((d) => [d.datastoreId, d.format])).toEqual([
      [to.id, 'thin'],
      [to.id, 'thin'],
    ]);
    // Thick 100 + 500 GB leave SAN-LUN-02; thin 60 + 310 GB arrive on SAN-LUN-01.
    expect(lab.world.datastoreFreeGB(from.id) - freeFrom).toBeCloseTo(600);
    expect(freeTo - lab.world.datastoreFreeGB(to.id)).toBeCloseTo(370);
  });

  test('compute-only keeps the disk format (it only changes when a disk is copied)', () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-02');
    expect(() =>
      lab.engine.startMigration(
        req({
          vcenterId: VC1,
          vmIds: [sql.id],
          type: 'compute',
          hostId: lab.host('esx70-01.corp.local').id,
          diskFormat: 'thin',
        }),
        ADMIN,
      ),
    ).not.toThrow();
    lab.clock.advance(600_000);
    expect(lab.world.vms.get(sql.id)!.disks.map((d) => d.format)).toEqual([
      'thickEagerZeroed',
      'thickLazyZeroed',
    ]);
  });

  test('a cluster target lets DRS pick the least loaded compatible host, and folder, pool and network follow the request', () => {
    const lab = defaultLab();
    const vm = lab.vm('test-01');
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [vm.id],
        type: 'compute',
        clusterId: lab.cluster('Prod-Cluster-70').id,
        folderId: lab.folder('Infrastructure', VC1).id,
        nicNetworks: [{ vmId: vm.id, nicKey: vm.nics[0].key, networkId: lab.net('DPG-DB-VLAN120').id }],
      }),
      ADMIN,
    );
    // esx70-01 and -02 carry the least memory; esx70-01 is the VM's own host, so -02.
    expect(r.migrations[0].targetHostId).toBe(lab.host('esx70-02.corp.local').id);
    lab.clock.advance(120_000);
    const moved = lab.world.vms.get(vm.id)!;
    expect(moved.folderId).toBe(lab.folder('Infrastructure', VC1).id);
    expect(moved.nics[0].networkId).toBe(lab.net('DPG-DB-VLAN120').id);
    expect(moved.nics[0].mac).toBe(vm.nics[0].mac);
  });

  test('a second request for a VM already migrating is refused with a clear message', () => {
    const lab = defaultLab();
    const web = lab.vm('web-02');
    const args = req({
      vcenterId: VC1,
      vmIds: [web.id],
      type: 'compute',
      hostId: lab.host('esx70-03.corp.local').id,
    });
    lab.engine.startMigration(args, ADMIN);
    let err: unknown;
    try {
      lab.engine.startMigration(args, ADMIN);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LabFault);
    expect((err as LabFault).code).toBe('conflict');
    expect((err as LabFault).message).toMatch(
      /Another task is already in progress: 'web-02' is being migrated/,
    );
  });
});

describe('cross vCenter migration (XVM)', () => {
  test('export from vcsa-01 to vcsa-02: Relocate on the source, Initiate vMotion receive operation on the destination, linked', () => {
    const lab = defaultLab();
    const web = lab.vm('web-03');
    const before = structuredClone(web);
    const dstHost = lab.host('esx-w01.branch.example');
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [web.id],
        type: 'crossVcenter',
        hostId: dstHost.id,
        datastoreId: lab.ds('West-vsanDatastore').id,
        folderId: lab.folder('Migrated', VC2).id,
        networkId: lab.net('DPG-West-Prod').id,
      }),
      ADMIN,
      BRANCH,
    );
    const m = r.migrations[0];
    const src = lab.engine.tasks.get(m.taskId)!;
    const dst = lab.engine.tasks.get(m.linkedTaskId!)!;
    expect(src).toMatchObject({
      vcenterId: VC1,
      name: 'Relocate virtual machine',
      initiator: ADMIN,
      linkedTaskId: dst.id,
    });
    expect(dst).toMatchObject({
      vcenterId: VC2,
      name: 'Initiate vMotion receive operation',
      initiator: BRANCH,
      linkedTaskId: src.id,
    });
    lab.clock.advance(3_600_000);
    expect(lab.engine.tasks.get(src.id)!.state).toBe('success');
    expect(lab.engine.tasks.get(dst.id)!.state).toBe('success');
    expect(lab.world.vms.has(web.id)).toBe(false);
    const copies = lab.copies('web-03');
    expect(copies).toHaveLength(1);
    const moved = copies[0];
    expect(moved.id).toMatch(/^vcsa02:vm-\d+$/);
    expect(moved).toMatchObject({
      vcenterId: VC2,
      hostId: dstHost.id,
      uuid: before.uuid,
      instanceUuid: before.instanceUuid,
      folderId: lab.folder('Migrated', VC2).id,
    });
    expect(moved.nics.map((n) => n.mac)).toEqual(before.nics.map((n) => n.mac));
    expect(moved.disks[0].datastoreId).toBe(lab.ds('West-vsanDatastore').id);
    expect(lab.engine.tasks.get(dst.id)!.targetId).toBe(moved.id);
    expect(
      lab.engine.events.all(VC2).some((e) => e.type === 'VmRelocatedEvent' && e.objectId === moved.id),
    ).toBe(true);
  });

  test('import from the 6.7 vCenter into vcsa-01 (one request, several VMs)', () => {
    const lab = defaultLab();
    const crm = [lab.vm('crm-01'), lab.vm('crm-02')];
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: crm.map((v) => v.id),
        type: 'crossVcenter',
        clusterId: lab.cluster('Legacy-Cluster-67').id,
        datastoreId: lab.ds('SAN-LUN-01').id,
        networkId: lab.net('Legacy-Servers').id,
      }),
      ADMIN,
      LEGACY,
    );
    expect(r.migrations).toHaveLength(2);
    const srcTask = lab.engine.tasks.get(r.migrations[0].linkedTaskId!)!;
    expect(srcTask).toMatchObject({ vcenterId: VC67, name: 'Relocate virtual machine', initiator: LEGACY });
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!).toMatchObject({
      vcenterId: VC1,
      name: 'Initiate vMotion receive operation',
      initiator: ADMIN,
    });
    lab.clock.advance(3_600_000);
    for (const name of ['crm-01', 'crm-02']) {
      const c = lab.copies(name);
      expect(c).toHaveLength(1);
      expect(c[0].vcenterId).toBe(VC1);
    }
    expect(lab.engine.tasks.list(VC67).filter((t) => t.state === 'success')).toHaveLength(2);
  });

  test('XVM rules: the initiator must be 7.0 U1c, the other side 6.5+, live needs Enterprise Plus', () => {
    const lab = defaultLab();
    const west = lab.vm('branch-app-01');
    const fromU1a = lab.engine.checkMigration(
      req({
        vcenterId: VC2,
        vmIds: [west.id],
        type: 'crossVcenter',
        hostId: lab.host('esx70-01.corp.local').id,
        datastoreId: lab.ds('SAN-LUN-01').id,
      }),
    );
    expect(fromU1a.ok).toBe(false);
    expect(fromU1a.vms[0].errors[0].message).toMatch(/requires vCenter Server 7.0 Update 1c or later/);
    lab.vc('vcsa02').license = 'standard';
    const live = lab.engine.checkMigration(
      req({
        vcenterId: VC1,
        vmIds: [west.id],
        type: 'crossVcenter',
        hostId: lab.host('esx70-01.corp.local').id,
        datastoreId: lab.ds('SAN-LUN-01').id,
        networkId: lab.net('DPG-Prod-VLAN100').id,
      }),
    );
    expect(live.vms[0].errors.map((e) => e.code)).toContain('InvalidLicense');
    lab.world.vcenters.get('vcsa67:vcenter')!.version = '6.0.0';
    const old = lab.engine.checkMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab.vm('archive-01').id],
        type: 'crossVcenter',
        hostId: lab.host('esx70-01.corp.local').id,
        datastoreId: lab.ds('SAN-LUN-01').id,
      }),
    );
    expect(old.vms[0].errors[0].message).toMatch(/6.0 is not supported/);
  });
});

describe('limits and queueing', () => {
  test('the 1 GbE host runs 4 vMotions at once; the 5th waits queued and starts when one ends', () => {
    const lab = defaultLab();
    const slow = lab.host('esx67-03.corp.local'); // 1 GbE
    const erp = ['erp-legacy-01', 'erp-legacy-02', 'erp-legacy-04', 'erp-legacy-05', 'build-agent-07'].map(
      lab.vm,
    );
    lab.engine.detachIso(lab.vm('build-agent-07').id, undefined, ADMIN);
    const ids = erp.map(
      (vm) =>
        lab.engine.startMigration(
          req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', hostId: slow.id, priority: 'normal' }),
          ADMIN,
        ).migrations[0].taskId,
    );
    const states = () => ids.map((id) => lab.engine.tasks.get(id)!.state);
    expect(states().filter((s) => s === 'running')).toHaveLength(4);
    expect(states()[4]).toBe('queued');
    expect(lab.engine.limits.networkUse.get(slow.id)).toBe(4);
    lab.clock.runUntilCondition(() => lab.engine.tasks.get(ids[4])!.state !== 'queued');
    expect(lab.engine.tasks.get(ids[4])!.state).toBe('running');
    expect(states().filter((s) => s === 'success').length).toBeGreaterThanOrEqual(1);
    lab.clock.advance(3_600_000);
    expect(states()).toEqual(['success', 'success', 'success', 'success', 'success']);
  });

  test('bandwidth is shared: four vMotions on one 1 GbE link each get a quarter', () => {
    const lab = defaultLab();
    const slow = lab.host('esx67-03.corp.local');
    const vms = ['erp-legacy-01', 'erp-legacy-02', 'erp-legacy-04', 'erp-legacy-05'].map(lab.vm);
    const one = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [vms[0].id], type: 'compute', hostId: slow.id }),
      ADMIN,
    ).migrations[0].taskId;
    lab.clock.advance(600_000);
    const alone = lab.engine.tasks.get(one)!.phases.find((p) => p.name === 'Memory pre-copy pass 1')!;
    expect(alone.detail).toMatch(/at 125 MB\/s/);
    const lab2 = defaultLab();
    const ids = vms.map(
      (vm) =>
        lab2.engine.startMigration(
          req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', hostId: slow.id }),
          ADMIN,
        ).migrations[0].taskId,
    );
    lab2.clock.advance(600_000);
    const shared = lab2.engine.tasks.get(ids[0])!.phases.find((p) => p.name === 'Memory pre-copy pass 1')!;
    expect(shared.detail).toMatch(/at 31 MB\/s/);
  });

  test("Storage vMotion costs 4 of a host's 8: the third one on the same host waits", () => {
    const lab = defaultLab();
    const vms = ['web-01', 'test-01', 'dc-01'].map(lab.vm); // all on esx70-01
    const ids = vms.map(
      (vm) =>
        lab.engine.startMigration(
          req({
            vcenterId: VC1,
            vmIds: [vm.id],
            type: 'storage',
            datastoreId:
              lab.ds('SAN-LUN-01').id === vm.disks[0].datastoreId
                ? lab.ds('SAN-LUN-02').id
                : lab.ds('SAN-LUN-01').id,
          }),
          ADMIN,
        ).migrations[0].taskId,
    );
    expect(ids.map((id) => lab.engine.tasks.get(id)!.state)).toEqual(['running', 'running', 'queued']);
    expect(lab.engine.limits.hostUse.get(lab.host('esx70-01.corp.local').id)).toBe(8);
  });
});

describe('failure and rollback', () => {
  for (const kind of ['destinationHostLost', 'timeout', 'failToResume'] as const) {
    test(`${kind}: the task fails with the product's message and the VM stays on the source, once`, () => {
      const lab = defaultLab();
      const web = lab.vm('web-04');
      lab.engine.injectFault(kind, web.id);
      const r = lab.engine.startMigration(
        req({ vcenterId: VC1, vmIds: [web.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
        ADMIN,
      );
      lab.clock.advance(600_000);
      const t = lab.engine.tasks.get(r.migrations[0].taskId)!;
      expect(t.state).toBe('error');
      const expected = {
        destinationHostLost: /Connection closed by remote host/,
        timeout: /^Operation timed out$/,
        failToResume: /^The source detected that the destination failed to resume\.$/,
      }[kind];
      expect(t.error).toMatch(expected);
      expect(t.phases.at(-1)!.name).toBe('Rollback');
      expect(lab.copies('web-04')).toHaveLength(1);
      expect(lab.world.vms.get(web.id)).toMatchObject({ hostId: web.hostId, powerState: 'poweredOn' });
      expect(lab.engine.limits.hostUse.size).toBe(0);
    });
  }

  test('datastoreFull during an XVM disk copy fails both tasks and leaves the VM in the source vCenter only', () => {
    const lab = defaultLab();
    const web = lab.vm('web-05');
    lab.engine.injectFault('datastoreFull', null);
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [web.id],
        type: 'crossVcenter',
        hostId: lab.host('esx-w02.branch.example').id,
        datastoreId: lab.ds('West-NFS-01').id,
        networkId: lab.net('DPG-West-Prod').id,
      }),
      ADMIN,
      BRANCH,
    );
    lab.clock.advance(600_000);
    const src = lab.engine.tasks.get(r.migrations[0].taskId)!;
    const dst = lab.engine.tasks.get(r.migrations[0].linkedTaskId!)!;
    expect(src.error).toBe("Insufficient disk space on datastore 'West-NFS-01'.");
    expect(dst.state).toBe('error');
    expect(lab.copies('web-05').map((v) => v.vcenterId)).toEqual([VC1]);
  });

  test('cancel rolls back: task cancelled with the product message, VM still on the source and running', () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-01');
    const r = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [sql.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
      ADMIN,
    );
    lab.clock.advance(10_000);
    lab.engine.cancelTask(r.migrations[0].taskId, ADMIN);
    const t = lab.engine.tasks.get(r.migrations[0].taskId)!;
    expect(t).toMatchObject({ state: 'cancelled', error: 'The task was canceled by a user.' });
    expect(lab.world.vms.get(sql.id)!.hostId).toBe(sql.hostId);
    // The VM can be migrated again right away.
    expect(() =>
      lab.engine.startMigration(
        req({ vcenterId: VC1, vmIds: [sql.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
        ADMIN,
      ),
    ).not.toThrow();
  });
});

describe('updates to listeners', () => {
  test('coalesced: one batch per advance, each task once with its latest state', () => {
    const lab = defaultLab();
    lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab.vm('sql-01').id, lab.vm('sql-02').id],
        type: 'compute',
        clusterId: lab.cluster('Prod-Cluster-70').id,
      }),
      ADMIN,
    );
    lab.engine.flush();
    lab.updates.length = 0;
    for (let i = 0; i < 100; i++) lab.clock.advance(100); // 10 s of sim time in 100 ms steps
    expect(lab.updates).toHaveLength(100);
    for (const u of lab.updates) expect(new Set(u.tasks.map((t) => t.id)).size).toBe(u.tasks.length);
    lab.updates.length = 0;
    lab.clock.advance(600_000);
    expect(lab.updates).toHaveLength(1);
    expect(lab.updates[0].tasks.every((t) => t.state === 'success')).toBe(true);
    expect(lab.updates[0].inventoryChanged).toEqual([VC1]);
  });
});
