/**
 * What the script generators read: the wizard's migration request (or a maintenance-mode action)
 * plus the names of the objects its ids point at, as the wizard's pages listed them. Scripts name
 * objects the way an admin types them, never by the lab's internal ids.
 */
import type { MigrationRequest } from '../engine-api';

/** An inventory object a request refers to, by name. */
export interface ScriptObject {
  name: string;
  /** The vCenter it belongs to (a key of ScriptInput.vcenters). */
  vcenterId: string;
  kind: 'vm' | 'host' | 'cluster' | 'resourcePool' | 'datastore' | 'network' | 'folder';
  /** The datacenter it is in (govc's -dc, PowerCLI's -Location). */
  datacenter?: string;
  /** Networks: a distributed port group (its NIC backing differs from a standard port group's). */
  distributed?: boolean;
  /** VMs: their NICs, in order (per-NIC mapping). */
  nics?: { key: number; label: string }[];
}

/** How a script reaches a vCenter: its address (FQDN, or host:port of the lab's API) and user. */
export interface ScriptVCenter {
  address: string;
  user: string;
}

export interface MigrationScriptInput {
  action: 'migrate';
  request: MigrationRequest;
  objects: Record<string, ScriptObject>;
  vcenters: Record<string, ScriptVCenter>;
}

export interface MaintenanceScriptInput {
  action: 'enterMaintenance' | 'exitMaintenance';
  host: string;
  vcenter: ScriptVCenter;
  /** Enter only: also move powered-off VMs. */
  movePoweredOffVms?: boolean;
}

export type ScriptInput = MigrationScriptInput | MaintenanceScriptInput;

export const scriptTools = ['powercli', 'pyvmomi', 'govc'] as const;
export type ScriptTool = (typeof scriptTools)[number];

/** One generated script, ready to show with a copy button. */
export interface GeneratedScript {
  tool: ScriptTool;
  /** "PowerCLI", "pyvmomi", "govc". */
  label: string;
  /** For syntax colouring and the file extension: powershell, python, shell. */
  language: 'powershell' | 'python' | 'shell';
  code: string;
}

/** The parts of a migration request the generators share, with every name resolved. */
export interface ResolvedMigration {
  type: MigrationRequest['type'];
  vms: ScriptObject[];
  /** Where the VMs are now, and where they go (the same vCenter unless cross-vCenter). */
  source: ScriptVCenter;
  target: ScriptVCenter;
  crossVcenter: boolean;
  host: ScriptObject | null;
  cluster: ScriptObject | null;
  resourcePool: ScriptObject | null;
  folder: ScriptObject | null;
  datastore: ScriptObject | null;
  diskFormat: MigrationRequest['diskFormat'];
  /** One port group for every NIC, or null. */
  network: ScriptObject | null;
  /** Per-NIC port groups. */
  nicNetworks: { vm: ScriptObject; nicLabel: string; nicIndex: number; network: ScriptObject }[];
  priority: MigrationRequest['priority'];
}

/** Resolves a request's ids to names; an id the input does not name is an error (a bug in the caller). */
export function resolveMigration(input: MigrationScriptInput): ResolvedMigration {
  const { request: r, objects, vcenters } = input;
  const obj = (id: string | undefined): ScriptObject | null => {
    if (!id) return null;
    const o = objects[id];
    if (!o) throw new Error(`The script generator was not told the name of "${id}".`);
    return o;
  };
  const vc = (id: string): ScriptVCenter => {
    const v = vcenters[id];
    if (!v) throw new Error(`The script generator was not told how to reach vCenter "${id}".`);
    return v;
  };
  const vms = r.vmIds.map((id) => obj(id)!);
  const placement = obj(r.hostId) ?? obj(r.clusterId);
  const sourceId = vms[0].vcenterId;
  const targetId = placement?.vcenterId ?? obj(r.datastoreId)?.vcenterId ?? sourceId;
  return {
    type: r.type,
    vms,
    source: vc(sourceId),
    target: vc(targetId),
    crossVcenter: r.type === 'crossVcenter' && sourceId !== targetId,
    host: obj(r.hostId),
    cluster: obj(r.clusterId),
    resourcePool: obj(r.resourcePoolId),
    folder: obj(r.folderId),
    datastore: obj(r.datastoreId),
    diskFormat: r.diskFormat,
    network: obj(r.networkId),
    nicNetworks: r.nicNetworks.map((n) => {
      const vm = obj(n.vmId)!;
      const nicIndex = Math.max(0, vm.nics?.findIndex((x) => x.key === n.nicKey) ?? 0);
      return {
        vm,
        nicIndex,
        nicLabel: vm.nics?.[nicIndex]?.label ?? `Network adapter ${nicIndex + 1}`,
        network: obj(n.networkId)!,
      };
    }),
    priority: r.priority,
  };
}

/** Splits "host:port" (the lab's API) from a plain FQDN (port 443). */
export function hostAndPort(address: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(address);
  return m ? { host: m[1], port: Number(m[2]) } : { host: address, port: 443 };
}
