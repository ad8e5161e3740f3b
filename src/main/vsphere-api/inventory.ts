/**
 * The managed-object view of one simulated vCenter: which vim25 object every lab record is, its
 * moref, its parent and children. Morefs are the lab id without the vCenter key ("vcsa01:vm-7" →
 * VirtualMachine "vm-7"), so they are stable across restarts and never need a table. vCenter
 * objects the lab does not model as records get derived morefs: the root folder (group-d1), each
 * datacenter's four folders, a cluster's or standalone host's root resource pool, and a standalone
 * host's ComputeResource.
 *
 * Read-only: the lab's world is read as it is now (the lab may swap in another world at any time).
 */
import type {
  ClusterRec,
  DatacenterRec,
  DatastoreRec,
  FolderRec,
  HostRec,
  NetworkRec,
  ResourcePoolRec,
  VCenterRec,
  VmRec,
} from '../../shared/world-types';
import type { World } from '../engine/world/world';
import { mo, type MoRef } from './soap';

export type DcFolderKind = 'vm' | 'host' | 'datastore' | 'network';

/** A vim25 managed entity of this vCenter. */
export type Entity =
  | { kind: 'rootFolder' }
  | { kind: 'dcFolder'; folder: DcFolderKind; dc: DatacenterRec }
  | { kind: 'vmFolder'; rec: FolderRec }
  | { kind: 'datacenter'; rec: DatacenterRec }
  | { kind: 'cluster'; rec: ClusterRec }
  | { kind: 'computeResource'; host: HostRec }
  | { kind: 'rootPool'; cluster: ClusterRec | null; host: HostRec | null }
  | { kind: 'pool'; rec: ResourcePoolRec }
  | { kind: 'host'; rec: HostRec }
  | { kind: 'vm'; rec: VmRec }
  | { kind: 'datastore'; rec: DatastoreRec }
  | { kind: 'network'; rec: NetworkRec }
  /** A distributed switch: the lab names it on its port groups (NetworkRec.switchName). */
  | { kind: 'dvs'; dc: DatacenterRec; name: string };

/** vim25 type of each entity kind (networks are Network or DistributedVirtualPortgroup). */
export function vimType(e: Entity): string {
  switch (e.kind) {
    case 'rootFolder':
    case 'dcFolder':
    case 'vmFolder':
      return 'Folder';
    case 'datacenter':
      return 'Datacenter';
    case 'cluster':
      return 'ClusterComputeResource';
    case 'computeResource':
      return 'ComputeResource';
    case 'rootPool':
    case 'pool':
      return 'ResourcePool';
    case 'host':
      return 'HostSystem';
    case 'vm':
      return 'VirtualMachine';
    case 'datastore':
      return 'Datastore';
    case 'network':
      return e.rec.type === 'distributed' ? 'DistributedVirtualPortgroup' : 'Network';
    case 'dvs':
      return 'VmwareDistributedVirtualSwitch';
  }
}

/** Which types a PropertySpec/ContainerView type covers (subtypes match their base types). */
const SUPERTYPES: Record<string, string[]> = {
  ClusterComputeResource: ['ComputeResource'],
  DistributedVirtualPortgroup: ['Network'],
  VmwareDistributedVirtualSwitch: ['DistributedVirtualSwitch'],
};
export function isA(actual: string, wanted: string): boolean {
  if (actual === wanted) return true;
  if (wanted === 'ManagedEntity' || wanted === 'ManagedObject') return true;
  return SUPERTYPES[actual]?.includes(wanted) ?? false;
}

const ROOT = 'group-d1';
const DC_FOLDER_PREFIX: Record<DcFolderKind, string> = {
  vm: 'vmfolder-',
  host: 'hostfolder-',
  datastore: 'datastorefolder-',
  network: 'networkfolder-',
};

export class Inventory {
  constructor(
    readonly vcenterId: string,
    private readonly world: () => World,
  ) {}

  get vc(): VCenterRec {
    return this.world().vcenters.get(this.vcenterId)!;
  }
  get w(): World {
    return this.world();
  }

  private local(id: string): string {
    return id.slice(this.vc.key.length + 1);
  }
  private labId(value: string): string {
    return `${this.vc.key}:${value}`;
  }
  private mine<T extends { vcenterId: string }>(rec: T | undefined): T | undefined {
    return rec && rec.vcenterId === this.vcenterId ? rec : undefined;
  }

  ref(e: Entity): MoRef {
    return mo(vimType(e), this.value(e));
  }

  /** The moref of a lab record id (host, VM, datastore, …) of this vCenter. */
  refOfId(id: string): MoRef | null {
    const e = this.entityOfId(id);
    return e ? this.ref(e) : null;
  }

  value(e: Entity): string {
    switch (e.kind) {
      case 'rootFolder':
        return ROOT;
      case 'dcFolder':
        return DC_FOLDER_PREFIX[e.folder] + this.local(e.dc.id);
      case 'computeResource':
        return `computeresource-${this.local(e.host.id)}`;
      case 'rootPool':
        return `resgroup-root-${this.local((e.cluster ?? e.host)!.id)}`;
      case 'dvs':
        return `dvs-${this.local(e.dc.id)}-${e.name}`;
      case 'vmFolder':
      case 'datacenter':
      case 'cluster':
      case 'pool':
      case 'host':
      case 'vm':
      case 'datastore':
      case 'network':
        return this.local(e.rec.id);
    }
  }

  entityOfId(id: string): Entity | null {
    const w = this.w;
    const vm = this.mine(w.vms.get(id));
    if (vm) return { kind: 'vm', rec: vm };
    const host = this.mine(w.hosts.get(id));
    if (host) return { kind: 'host', rec: host };
    const ds = this.mine(w.datastores.get(id));
    if (ds) return { kind: 'datastore', rec: ds };
    const net = this.mine(w.networks.get(id));
    if (net) return { kind: 'network', rec: net };
    const cl = this.mine(w.clusters.get(id));
    if (cl) return { kind: 'cluster', rec: cl };
    const pool = this.mine(w.resourcePools.get(id));
    if (pool) return { kind: 'pool', rec: pool };
    const folder = this.mine(w.folders.get(id));
    if (folder) return { kind: 'vmFolder', rec: folder };
    const dc = this.mine(w.datacenters.get(id));
    if (dc) return { kind: 'datacenter', rec: dc };
    return null;
  }

  /** The entity a moref names on this vCenter, or null (unknown value, or a type that does not match). */
  resolve(ref: { type: string; value: string }): Entity | null {
    const v = ref.value;
    let e: Entity | null = null;
    if (v === ROOT) e = { kind: 'rootFolder' };
    else if (v.startsWith('resgroup-root-')) {
      const owner = this.entityOfId(this.labId(v.slice('resgroup-root-'.length)));
      if (owner?.kind === 'cluster') e = { kind: 'rootPool', cluster: owner.rec, host: null };
      else if (owner?.kind === 'host' && !owner.rec.clusterId)
        e = { kind: 'rootPool', cluster: null, host: owner.rec };
    } else if (v.startsWith('dvs-')) {
      e = this.switches().find((d) => this.value(d) === v) ?? null;
    } else if (v.startsWith('computeresource-')) {
      const owner = this.entityOfId(this.labId(v.slice('computeresource-'.length)));
      if (owner?.kind === 'host' && !owner.rec.clusterId) e = { kind: 'computeResource', host: owner.rec };
    } else {
      const folder = (Object.keys(DC_FOLDER_PREFIX) as DcFolderKind[]).find((k) =>
        v.startsWith(DC_FOLDER_PREFIX[k]),
      );
      if (folder) {
        const dc = this.mine(this.w.datacenters.get(this.labId(v.slice(DC_FOLDER_PREFIX[folder].length))));
        if (dc) e = { kind: 'dcFolder', folder, dc };
      } else e = this.entityOfId(this.labId(v));
    }
    if (!e) return null;
    // A moref names its type; "Network" also reaches a distributed port group (its supertype).
    return isA(vimType(e), ref.type) ? e : null;
  }

  datacenters(): DatacenterRec[] {
    return [...this.w.datacenters.values()].filter((d) => d.vcenterId === this.vcenterId);
  }

  parent(e: Entity): Entity | null {
    const w = this.w;
    switch (e.kind) {
      case 'rootFolder':
        return null;
      case 'datacenter':
        return { kind: 'rootFolder' };
      case 'dcFolder':
        return { kind: 'datacenter', rec: e.dc };
      case 'vmFolder': {
        const p = e.rec.parentId ? w.folders.get(e.rec.parentId) : undefined;
        return p ? { kind: 'vmFolder', rec: p } : this.dcFolder('vm', e.rec.datacenterId);
      }
      case 'cluster':
        return this.dcFolder('host', e.rec.datacenterId);
      case 'computeResource':
        return this.dcFolder('host', e.host.datacenterId);
      case 'rootPool':
        return e.cluster ? { kind: 'cluster', rec: e.cluster } : { kind: 'computeResource', host: e.host! };
      case 'pool': {
        const p = e.rec.parentId ? w.resourcePools.get(e.rec.parentId) : undefined;
        if (p) return { kind: 'pool', rec: p };
        const cl = w.clusters.get(e.rec.clusterId);
        return cl ? { kind: 'rootPool', cluster: cl, host: null } : null;
      }
      case 'host': {
        const cl = e.rec.clusterId ? w.clusters.get(e.rec.clusterId) : undefined;
        return cl ? { kind: 'cluster', rec: cl } : { kind: 'computeResource', host: e.rec };
      }
      case 'vm': {
        const f = e.rec.folderId ? w.folders.get(e.rec.folderId) : undefined;
        return f ? { kind: 'vmFolder', rec: f } : this.dcFolder('vm', e.rec.datacenterId);
      }
      case 'datastore':
        return this.dcFolder('datastore', e.rec.datacenterId);
      case 'network':
        return this.dcFolder('network', e.rec.datacenterId);
      case 'dvs':
        return { kind: 'dcFolder', folder: 'network', dc: e.dc };
    }
  }

  /** The distributed switches of this vCenter (one per switch name its port groups use, per datacenter). */
  switches(dcId?: string): Extract<Entity, { kind: 'dvs' }>[] {
    const seen = new Map<string, Extract<Entity, { kind: 'dvs' }>>();
    for (const n of this.w.networks.values()) {
      if (n.vcenterId !== this.vcenterId || n.type !== 'distributed') continue;
      if (dcId && n.datacenterId !== dcId) continue;
      const dc = this.w.datacenters.get(n.datacenterId);
      if (dc) seen.set(`${dc.id}/${n.switchName}`, { kind: 'dvs', dc, name: n.switchName });
    }
    return [...seen.values()];
  }

  /** The switch a distributed port group belongs to. */
  switchOf(net: NetworkRec): Extract<Entity, { kind: 'dvs' }> | null {
    const dc = this.w.datacenters.get(net.datacenterId);
    return dc && net.type === 'distributed' ? { kind: 'dvs', dc, name: net.switchName } : null;
  }

  /**
   * DistributedVirtualSwitch.uuid, as vCenter formats it (16 hex bytes in pairs): derived from the
   * switch's moref, so it is stable and the same in NIC backings and on the switch.
   */
  switchUuid(e: Extract<Entity, { kind: 'dvs' }>): string {
    const key = `${this.vc.key}/${this.value(e)}`;
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      h1 = Math.imul(h1 ^ key.charCodeAt(i), 16777619) >>> 0;
      h2 = Math.imul(h2 ^ key.charCodeAt(i), 2246822519) >>> 0;
    }
    const hex = (
      `50${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}` + '0'.repeat(32)
    ).slice(0, 32);
    return hex.match(/../g)!.join(' ');
  }

  private dcFolder(folder: DcFolderKind, dcId: string): Entity | null {
    const dc = this.w.datacenters.get(dcId);
    return dc ? { kind: 'dcFolder', folder, dc } : null;
  }

  /** Folder.childEntity. */
  folderChildren(e: Entity): Entity[] {
    const w = this.w;
    if (e.kind === 'rootFolder') return this.datacenters().map((rec) => ({ kind: 'datacenter', rec }));
    if (e.kind === 'vmFolder') {
      return [
        ...[...w.folders.values()]
          .filter((f) => f.parentId === e.rec.id)
          .map((rec): Entity => ({ kind: 'vmFolder', rec })),
        ...w.vmsInFolder(e.rec.id).map((rec): Entity => ({ kind: 'vm', rec })),
      ];
    }
    if (e.kind !== 'dcFolder') return [];
    const dcId = e.dc.id;
    switch (e.folder) {
      case 'vm':
        return [
          ...[...w.folders.values()]
            .filter((f) => f.datacenterId === dcId && f.parentId === null)
            .map((rec): Entity => ({ kind: 'vmFolder', rec })),
          ...[...w.vms.values()]
            .filter((v) => v.datacenterId === dcId && v.folderId === null)
            .map((rec): Entity => ({ kind: 'vm', rec })),
        ];
      case 'host':
        return [
          ...[...w.clusters.values()]
            .filter((c) => c.datacenterId === dcId)
            .map((rec): Entity => ({ kind: 'cluster', rec })),
          ...[...w.hosts.values()]
            .filter((h) => h.datacenterId === dcId && !h.clusterId)
            .map((host): Entity => ({ kind: 'computeResource', host })),
        ];
      case 'datastore':
        return [...w.datastores.values()]
          .filter((d) => d.datacenterId === dcId)
          .map((rec): Entity => ({ kind: 'datastore', rec }));
      case 'network':
        return [
          ...this.switches(dcId),
          ...[...w.networks.values()]
            .filter((n) => n.datacenterId === dcId)
            .map((rec): Entity => ({ kind: 'network', rec })),
        ];
    }
  }

  /** ComputeResource.host */
  computeHosts(e: Entity): HostRec[] {
    if (e.kind === 'cluster') return this.w.hostsInCluster(e.rec.id);
    if (e.kind === 'computeResource') return [e.host];
    return [];
  }

  /** ResourcePool.resourcePool (child pools). */
  childPools(e: Entity): ResourcePoolRec[] {
    const pools = [...this.w.resourcePools.values()];
    if (e.kind === 'rootPool' && e.cluster)
      return pools.filter((p) => p.clusterId === e.cluster!.id && p.parentId === null);
    if (e.kind === 'pool') return pools.filter((p) => p.parentId === e.rec.id);
    return [];
  }

  /** ResourcePool.vm: VMs placed in this pool (the root pool holds those with no pool of their own). */
  poolVms(e: Entity): VmRec[] {
    if (e.kind === 'pool') return this.w.vmsInPool(e.rec.id);
    if (e.kind !== 'rootPool') return [];
    const hosts = e.cluster ? this.w.hostsInCluster(e.cluster.id) : [e.host!];
    return hosts.flatMap((h) => this.w.vmsOnHost(h.id)).filter((v) => !v.resourcePoolId);
  }

  /** The resource pool a VM belongs to. */
  vmPool(vm: VmRec): Entity | null {
    const pool = vm.resourcePoolId ? this.w.resourcePools.get(vm.resourcePoolId) : undefined;
    if (pool) return { kind: 'pool', rec: pool };
    const host = this.w.hosts.get(vm.hostId);
    if (!host) return null;
    const cl = host.clusterId ? this.w.clusters.get(host.clusterId) : undefined;
    return cl ? { kind: 'rootPool', cluster: cl, host: null } : { kind: 'rootPool', cluster: null, host };
  }

  /** Entities contained under `e` (ContainerView with recursive=true): folders, compute, pools. */
  *descendants(e: Entity, recursive: boolean): Generator<Entity> {
    const stack: Entity[] = [...this.containment(e)].reverse();
    while (stack.length) {
      const next = stack.pop()!;
      yield next;
      if (recursive) stack.push(...[...this.containment(next)].reverse());
    }
  }

  private containment(e: Entity): Entity[] {
    switch (e.kind) {
      case 'rootFolder':
      case 'vmFolder':
      case 'dcFolder':
        return this.folderChildren(e);
      case 'datacenter':
        return (['vm', 'host', 'datastore', 'network'] as DcFolderKind[]).map((folder) => ({
          kind: 'dcFolder',
          folder,
          dc: e.rec,
        }));
      case 'cluster':
      case 'computeResource':
        return [
          ...this.computeHosts(e).map((rec): Entity => ({ kind: 'host', rec })),
          e.kind === 'cluster'
            ? { kind: 'rootPool', cluster: e.rec, host: null }
            : { kind: 'rootPool', cluster: null, host: e.host },
        ];
      case 'rootPool':
      case 'pool':
        return this.childPools(e).map((rec): Entity => ({ kind: 'pool', rec }));
      default:
        return [];
    }
  }

  name(e: Entity): string {
    switch (e.kind) {
      case 'rootFolder':
        return 'Datacenters';
      case 'dcFolder':
        return e.folder;
      case 'computeResource':
        return e.host.name;
      case 'rootPool':
        return 'Resources';
      case 'dvs':
        return e.name;
      default:
        return e.rec.name;
    }
  }
}
