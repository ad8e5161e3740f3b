import { migrationRequestSchema, type MigrationRequestInput } from '../../../../src/shared/engine-api';
import type { MigrationScriptInput, ScriptObject } from '../../../../src/shared/script-gen';

/** Names of the default lab's objects, as the wizard's pages list them. */
export const objects: Record<string, ScriptObject> = {
  'vcsa01:vm-1': {
    name: 'web-01',
    vcenterId: 'vcsa01:vcenter',
    kind: 'vm',
    datacenter: 'Datacenter-East',
    nics: [{ key: 4000, label: 'Network adapter 1' }],
  },
  'vcsa01:vm-2': {
    name: "o'brien-01",
    vcenterId: 'vcsa01:vcenter',
    kind: 'vm',
    datacenter: 'Datacenter-East',
  },
  'vcsa01:host-2': {
    name: 'esx70-02.corp.local',
    vcenterId: 'vcsa01:vcenter',
    kind: 'host',
    datacenter: 'Datacenter-East',
  },
  'vcsa01:ds-2': { name: 'SAN-LUN-01', vcenterId: 'vcsa01:vcenter', kind: 'datastore' },
  'vcsa01:net-2': {
    name: 'DPG-App-VLAN110',
    vcenterId: 'vcsa01:vcenter',
    kind: 'network',
    distributed: true,
  },
  'vcsa02:cluster-1': {
    name: 'West-Cluster',
    vcenterId: 'vcsa02:vcenter',
    kind: 'cluster',
    datacenter: 'Datacenter-West',
  },
  'vcsa02:host-1': {
    name: 'esx-w01.branch.example',
    vcenterId: 'vcsa02:vcenter',
    kind: 'host',
    datacenter: 'Datacenter-West',
  },
  'vcsa02:ds-1': { name: 'West-vsanDatastore', vcenterId: 'vcsa02:vcenter', kind: 'datastore' },
  'vcsa02:net-1': { name: 'DPG-West-Prod', vcenterId: 'vcsa02:vcenter', kind: 'network', distributed: true },
  'vcsa02:folder-1': { name: 'Imported', vcenterId: 'vcsa02:vcenter', kind: 'folder' },
};
export const vcenters = {
  'vcsa01:vcenter': { address: 'vcsa-01.corp.local', user: 'administrator@vsphere.local' },
  'vcsa02:vcenter': { address: 'vcsa-02.branch.example', user: 'administrator@branch.local' },
};

export const input = (r: MigrationRequestInput): MigrationScriptInput => ({
  action: 'migrate',
  request: migrationRequestSchema.parse(r),
  objects,
  vcenters,
});

/** One request of each migration type. */
export const requests: Record<string, MigrationRequestInput> = {
  compute: { vcenterId: 'vcsa01:vcenter', vmIds: ['vcsa01:vm-1'], type: 'compute', hostId: 'vcsa01:host-2' },
  storage: {
    vcenterId: 'vcsa01:vcenter',
    vmIds: ['vcsa01:vm-1'],
    type: 'storage',
    datastoreId: 'vcsa01:ds-2',
    diskFormat: 'thin',
  },
  both: {
    vcenterId: 'vcsa01:vcenter',
    vmIds: ['vcsa01:vm-1'],
    type: 'both',
    hostId: 'vcsa01:host-2',
    datastoreId: 'vcsa01:ds-2',
    diskFormat: 'thickEagerZeroed',
    networkId: 'vcsa01:net-2',
    priority: 'normal',
  },
  crossVcenter: {
    vcenterId: 'vcsa01:vcenter',
    vmIds: ['vcsa01:vm-1'],
    type: 'crossVcenter',
    hostId: 'vcsa02:host-1',
    datastoreId: 'vcsa02:ds-1',
    folderId: 'vcsa02:folder-1',
    networkId: 'vcsa02:net-1',
    diskFormat: 'thin',
  },
};
