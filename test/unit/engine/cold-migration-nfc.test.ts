import { describe, expect, test } from 'vitest';
import { costsFor } from '../../../src/main/engine/migration/costs';
import { resolveRequest } from '../../../src/main/engine/migration/plan';
import { setSiteRtt } from '../../../src/main/engine/network-paths';
import { ADMIN, defaultLab, exportToBranch, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const VC2 = 'vcsa02:vcenter';

type Lab = ReturnType<typeof defaultLab>;

/** A powered-off VM moved to esx70-01 with its disks onto vsanDatastore-Prod: an NFC copy. */
const coldMove = (lab: Lab, vmName: string) =>
  req({
    vcenterId: VC1,
    vmIds: [lab.vm(vmName).id],
    type: 'both',
    hostId: lab.host('esx70-01.corp.local').id,
    datastoreId: lab.ds('vsanDatastore-Prod').id,
  });

const copyDetail = (lab: Lab, taskId: string) =>
  lab.engine.tasks.get(taskId)!.phases.find((p) => p.name.startsWith('Copy '))!.detail!;

describe('a cold migration copies its disks over NFC', () => {
  test('NFC is much slower than the data mover of a storage-only move', () => {
    const lab = defaultLab();
    const cold = lab.engine.startMigration(coldMove(lab, 'test-03'), ADMIN);
    lab.clock.advance(1_000);
    lab.clock.advance(30_000);
    expect(copyDetail(lab, cold.migrations[0].taskId)).toMatch(/at 150 MB\/s$/);
    lab.clock.advance(6 * 3_600_000);
    expect(lab.engine.tasks.get(cold.migrations[0].taskId)!.state).toBe('success');

    const lab2 = defaultLab();
    const storageOnly = lab2.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab2.vm('test-03').id],
        type: 'storage',
        datastoreId: lab2.ds('vsanDatastore-Prod').id,
      }),
      ADMIN,
    );
    lab2.clock.advance(30_000);
    expect(copyDetail(lab2, storageOnly.migrations[0].taskId)).toMatch(/at 800 MB\/s$/);
  });

  test('two cold copies through one host share its NFC throughput', () => {
    const lab = defaultLab();
    lab.vm('test-02').powerState = 'poweredOff';
    const a = lab.engine.startMigration(coldMove(lab, 'test-03'), ADMIN);
    const b = lab.engine.startMigration(coldMove(lab, 'test-02'), ADMIN);
    lab.clock.advance(30_000);
    // The second copy to start finds the first one on esx70-01's NFC server.
    const rates = [a, b].map((r) => copyDetail(lab, r.migrations[0].taskId).match(/at (\d+) MB\/s/)![1]);
    expect(rates.sort()).toEqual(['150', '75']);
  });

  test('between sites NFC keeps a fixed buffer: the round trip slows it far more than vMotion', () => {
    const lab = defaultLab();
    setSiteRtt(lab.world, VC1, VC2, 40);
    lab.vm('app-01').powerState = 'poweredOff';
    const r = lab.engine.startMigration(exportToBranch(lab, 'app-01'), ADMIN, 'administrator@branch.local');
    lab.clock.advance(60_000);
    expect(copyDetail(lab, r.migrations[0].taskId)).toMatch(/at 25 MB\/s$/); // 1 MB per 40 ms
  });

  test('its cost is a provisioning operation: 1 on each host, no vMotion slot, no datastore cost', () => {
    const lab = defaultLab();
    const ctx = { hostLoad: () => 0, reservedGB: new Map(), migratingTask: () => null };
    const plan = resolveRequest(lab.world, coldMove(lab, 'test-03'), ctx).plans[0];
    const costs = costsFor(plan);
    expect(costs.network).toEqual([]);
    expect(costs.host.costs).toEqual([1, 1]);
    expect(costs.datastore.ids).toEqual([]);
  });
});

describe('refused requests are recorded as vCenter events', () => {
  test('a non-automated cluster without a host: the refusal is in the Events tab', () => {
    const lab = defaultLab();
    const prod = lab.cluster('Prod-Cluster-70');
    lab.engine.setDrsMode(prod.id, 'manual');
    const web = lab.vm('web-01');
    expect(() =>
      lab.engine.startMigration(
        req({ vcenterId: VC1, vmIds: [web.id], type: 'compute', clusterId: prod.id }),
        ADMIN,
      ),
    ).toThrow('select a host');
    const ev = lab.engine.events.all(VC1).find((e) => e.objectId === web.id && e.severity === 'error');
    expect(ev).toMatchObject({ type: 'VmFailedMigrateEvent', user: ADMIN });
    expect(ev!.message).toMatch(
      /^Cannot migrate web-01 from esx70-01\.corp\.local.*select a host within the non-automated cluster\.$/,
    );
  });
});
