import { describe, expect, it } from 'vitest';
import { acceptCertificate, createTestLab, VC1, VC2, type TestLab } from '../lab-fixture';

async function signedIn(...vcs: (typeof VC1)[]): Promise<TestLab> {
  const t = createTestLab();
  for (const vc of vcs) {
    await acceptCertificate(t, vc.address);
    await t.call('session.login', { address: vc.address, user: vc.user, password: vc.password });
  }
  return t;
}

describe('wizard placement calls', () => {
  it('need a session on the vCenter they read', async () => {
    const t = await signedIn(VC1);
    const e = await t.fail('placement.computeResources', { vcenterId: VC2.id });
    expect(e.code).toBe('not-authenticated');
    expect((await t.fail('placement.vms', { vcenterId: VC2.id })).code).toBe('not-authenticated');
  });

  it('lists clusters, their hosts and pools, and standalone hosts under datacenters', async () => {
    const t = await signedIn(VC1);
    const rows = await t.call('placement.computeResources', { vcenterId: VC1.id });
    const names = rows.map((r) => `${'  '.repeat(r.level)}${r.name}`);
    expect(names.slice(0, 2)).toEqual(['Datacenter-East', '  Legacy-Cluster-67']);
    const prod = rows.find((r) => r.name === 'Prod-Cluster-70')!;
    expect(prod).toMatchObject({ kind: 'cluster', selectable: true });
    expect(prod.detail).toContain('EVC intel-cascadelake');
    const gold = rows.find((r) => r.name === 'Gold')!;
    expect(gold).toMatchObject({ kind: 'resourcePool', clusterId: prod.id, parentId: prod.id });
    expect(rows.find((r) => r.kind === 'datacenter')!.selectable).toBe(false);
  });

  it('lists the datastores and networks every target reaches, with capacity, provisioned and free', async () => {
    const t = await signedIn(VC1);
    const rows = await t.call('placement.computeResources', { vcenterId: VC1.id });
    const legacy = rows.find((r) => r.name === 'Legacy-Cluster-67')!.id;
    const esx70 = rows.find((r) => r.name === 'esx70-01.corp.local')!.id;
    const ds = await t.call('placement.datastores', { vcenterId: VC1.id, targetIds: [legacy] });
    expect(ds.map((d) => d.name)).toEqual(['Legacy-LUN-01', 'NFS-ISO', 'SAN-LUN-01']);
    for (const d of ds) {
      expect(d.freeGB).toBeLessThanOrEqual(d.capacityGB);
      expect(d.provisionedGB).toBeGreaterThanOrEqual(d.capacityGB - d.freeGB);
    }
    const shared = await t.call('placement.datastores', { vcenterId: VC1.id, targetIds: [legacy, esx70] });
    expect(shared.map((d) => d.name)).toEqual(['NFS-ISO', 'SAN-LUN-01']);
    const nets = await t.call('placement.networks', { vcenterId: VC1.id, targetIds: [legacy, esx70] });
    expect(nets.map((n) => n.name)).toEqual(['DPG-Prod-VLAN100']);
  });

  it('refuses targets of another vCenter', async () => {
    const t = await signedIn(VC1, VC2);
    const west = (await t.call('placement.computeResources', { vcenterId: VC2.id })).find(
      (r) => r.kind === 'cluster',
    )!;
    const e = await t.fail('placement.datastores', { vcenterId: VC1.id, targetIds: [west.id] });
    expect(e).toMatchObject({ code: 'invalid-argument', field: 'targetIds[0]' });
  });

  it('lists VM folders and VMs with power state, NICs and disks', async () => {
    const t = await signedIn(VC2);
    const folders = await t.call('placement.folders', { vcenterId: VC2.id });
    expect(folders.map((f) => f.name)).toEqual(['Datacenter-West', 'Migrated', 'Workloads']);
    const vms = await t.call('placement.vms', { vcenterId: VC2.id });
    const app = vms.find((v) => v.name === 'branch-app-01')!;
    expect(app).toMatchObject({ powerState: 'poweredOn', folderPath: 'Datacenter-West / Workloads' });
    expect(app.nics[0].networkName).toBe('DPG-West-Prod');
    const one = await t.call('placement.vms', { vcenterId: VC2.id, vmIds: [app.id] });
    expect(one.map((v) => v.name)).toEqual(['branch-app-01']);
  });
});
