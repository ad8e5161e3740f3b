/**
 * Builds a script input from what the Migrate / Import VMs wizards already hold: the request they
 * submit and the rows their pages listed (names, datacenters, port group types).
 */
import type { MigrationRequest } from '../engine-api';
import type { ComputeResourceRow, DatastoreRow, FolderRow, NetworkRow, PlacementVm } from '../placement-api';
import type { MigrationScriptInput, ScriptObject, ScriptVCenter } from './script-input';

export interface WizardRows {
  vms: PlacementVm[];
  computeResources: ComputeResourceRow[];
  datastores: DatastoreRow[];
  networks: NetworkRow[];
  folders: FolderRow[];
  /** The vCenter the destination rows were listed from. */
  targetVcenterId: string;
}

export function scriptInputFromWizard(
  request: MigrationRequest,
  rows: WizardRows,
  vcenters: Record<string, ScriptVCenter>,
): MigrationScriptInput {
  const objects: Record<string, ScriptObject> = {};
  const target = rows.targetVcenterId;
  const datacenterOf = (row: ComputeResourceRow | undefined): string | undefined => {
    let r = row;
    while (r && r.kind !== 'datacenter') r = rows.computeResources.find((x) => x.id === r!.parentId);
    return r?.name;
  };
  for (const vm of rows.vms)
    objects[vm.id] = {
      name: vm.name,
      vcenterId: vm.vcenterId,
      kind: 'vm',
      datacenter: vm.folderPath.split(' / ')[0] || undefined,
      nics: vm.nics.map((n) => ({ key: n.key, label: n.label })),
    };
  for (const r of rows.computeResources)
    if (r.kind !== 'datacenter')
      objects[r.id] = { name: r.name, vcenterId: target, kind: r.kind, datacenter: datacenterOf(r) };
  for (const d of rows.datastores) objects[d.id] = { name: d.name, vcenterId: target, kind: 'datastore' };
  for (const n of rows.networks)
    objects[n.id] = {
      name: n.name,
      vcenterId: target,
      kind: 'network',
      distributed: n.type === 'distributed',
    };
  for (const f of rows.folders)
    if (f.kind === 'folder') objects[f.id] = { name: f.name, vcenterId: target, kind: 'folder' };
  // Source networks of the VMs (a same-vCenter move may keep them): known by name from the VM rows.
  for (const vm of rows.vms)
    for (const n of vm.nics)
      objects[n.networkId] ??= { name: n.networkName, vcenterId: vm.vcenterId, kind: 'network' };
  return { action: 'migrate', request, objects, vcenters };
}
