import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../../src/main/engine/world/load-scenario';
import { objectSummary, treeChildren } from '../../../../src/main/engine/world/inventory-tree';
import type { InventoryView } from '../../../../src/shared/contract';

const world = loadScenarioText(
  readFileSync(resolve(__dirname, '../../../../resources/labs/default.json'), 'utf8'),
);
const names = (view: InventoryView, id: string): string[] => treeChildren(world, view, id).map((n) => n.name);
const child = (view: InventoryView, id: string, name: string): string => {
  const n = treeChildren(world, view, id).find((c) => c.name === name);
  if (!n) throw new Error(`${name} not under ${id}`);
  return n.id;
};

describe('inventory views', () => {
  const vc = 'vcsa01:vcenter';
  const dc = child('hosts', vc, 'Datacenter-East');

  it('Hosts and Clusters: clusters, hosts, pools and VMs in natural order', () => {
    expect(names('hosts', dc)).toEqual(['Legacy-Cluster-67', 'Prod-Cluster-70']);
    const prod = child('hosts', dc, 'Prod-Cluster-70');
    expect(names('hosts', prod)).toEqual([
      'esx70-01.corp.local',
      'esx70-02.corp.local',
      'esx70-03.corp.local',
      'esx70-04.corp.local',
      'Gold',
      'Silver',
    ]);
    expect(names('hosts', child('hosts', prod, 'Gold'))).toEqual([
      'app-01',
      'app-02',
      'app-03',
      'app-04',
      'sql-01',
      'sql-02',
    ]);
    // VMs in a pool are listed under the pool, not again under their host.
    expect(names('hosts', child('hosts', prod, 'esx70-01.corp.local'))).toEqual(['dc-01', 'test-01']);
  });

  it('VMs and Templates: nested folders', () => {
    const prodFolder = child('vms', dc, 'Production');
    expect(names('vms', prodFolder)).toEqual(['App', 'DB', 'Web']);
    expect(names('vms', child('vms', prodFolder, 'Web'))).toHaveLength(6);
  });

  it('Storage and Networking', () => {
    expect(names('storage', dc)).toEqual([
      'Legacy-LUN-01',
      'NFS-ISO',
      'SAN-LUN-01',
      'SAN-LUN-02',
      'vsanDatastore-Prod',
    ]);
    expect(names('networking', dc)).toEqual(['DSwitch-Prod', 'Legacy-Servers', 'VM Network']);
    expect(names('networking', child('networking', dc, 'DSwitch-Prod'))).toEqual([
      'DPG-App-VLAN110',
      'DPG-DB-VLAN120',
      'DPG-Prod-VLAN100',
      'DPG-vMotion',
    ]);
  });

  it('marks powered-off VMs', () => {
    const legacy = child('vms', dc, 'Legacy');
    const print = treeChildren(world, 'vms', legacy).find((n) => n.name === 'print-01');
    expect(print?.badge).toBe('poweredOff');
  });

  it('summarises a VM with its host, disks, NICs and the remote ISO', () => {
    const vm = [...world.vms.values()].find((v) => v.name === 'build-agent-07')!;
    const s = objectSummary(world, vm.id);
    const field = (label: string): string | undefined => s.fields.find((f) => f.label === label)?.value;
    expect(field('Host')).toBe('esx67-02.corp.local');
    expect(field('Cluster')).toBe('Legacy-Cluster-67');
    expect(field('CD/DVD drive 1')).toContain('Remote (VMRC) local ISO');
    expect(s.path.map((p) => p.name)).toEqual([
      'vcsa-01.corp.local',
      'Datacenter-East',
      'Legacy-Cluster-67',
      'esx67-02.corp.local',
    ]);
  });

  it('answers an unknown id with a not-found error', () => {
    expect(() => treeChildren(world, 'hosts', 'vcsa01:vm-99999')).toThrow(/No inventory object/);
  });
});
