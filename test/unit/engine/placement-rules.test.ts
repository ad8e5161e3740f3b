import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const NEEDS_HOST =
  'If your target is a non-automated cluster, select a host within the non-automated cluster.';

describe('placement rules of RelocateVM: a non-automated cluster needs a host', () => {
  for (const mode of ['off', 'manual', 'partiallyAutomated'] as const) {
    test(`Migrate to a cluster whose DRS is ${mode}: refused until a host is chosen`, () => {
      const lab = defaultLab();
      const prod = lab.cluster('Prod-Cluster-70');
      lab.engine.setDrsMode(prod.id, mode);
      const vm = lab.vm('web-01');
      const toCluster = req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', clusterId: prod.id });
      const check = lab.engine.checkMigration(toCluster);
      expect(check.ok).toBe(false);
      expect(check.vms[0].errors).toContainEqual({ code: 'InvalidArgument', message: NEEDS_HOST });
      expect(() => lab.engine.startMigration(toCluster, ADMIN)).toThrow(NEEDS_HOST);
      expect(lab.engine.tasks.list(VC1)).toHaveLength(0);
      const toHost = req({
        vcenterId: VC1,
        vmIds: [vm.id],
        type: 'compute',
        hostId: lab.host('esx70-02.corp.local').id,
      });
      expect(lab.engine.checkMigration(toHost).ok).toBe(true);
    });
  }

  test('Import VMs into a manual cluster needs a host too; a fully automated one picks it', () => {
    const lab = defaultLab();
    const legacy = lab.cluster('Legacy-Cluster-67');
    const crm = lab.vm('crm-01');
    const importTo = (target: { clusterId?: string; hostId?: string }) =>
      req({
        vcenterId: VC1,
        vmIds: [crm.id],
        type: 'crossVcenter',
        ...target,
        datastoreId: lab.ds('SAN-LUN-01').id,
        networkId: lab.net('Legacy-Servers').id,
      });
    expect(lab.engine.checkMigration(importTo({ clusterId: legacy.id })).ok).toBe(true);
    lab.engine.setDrsMode(legacy.id, 'manual');
    const refused = lab.engine.checkMigration(importTo({ clusterId: legacy.id }));
    expect(refused.vms[0].errors.map((e) => e.message)).toContain(NEEDS_HOST);
    expect(lab.engine.checkMigration(importTo({ hostId: lab.host('esx67-01.corp.local').id })).ok).toBe(true);
  });

  test('maintenance mode in a manual cluster still finds where DRS would move a VM', () => {
    const lab = defaultLab();
    const prod = lab.cluster('Prod-Cluster-70');
    lab.engine.setDrsMode(prod.id, 'manual');
    lab.engine.enterMaintenance(lab.host('esx70-04.corp.local').id, ADMIN);
    const recs = lab.engine.drsStatus(prod.id).recommendations;
    expect(recs.length).toBeGreaterThan(0);
  });
});
