import type {
  ClusterRec,
  DatacenterRec,
  DatastoreRec,
  FolderRec,
  HostRec,
  InventoryRec,
  NetworkRec,
  ResourcePoolRec,
  VCenterRec,
  VmRec,
} from '../../../shared/world-types';
import { diskConsumedGB } from '../../../shared/world-types';

/** Plain-data form of the world, for saving and for handing to a child process. */
export interface WorldSnapshot {
  name: string;
  description: string;
  seed: number;
  vcenters: VCenterRec[];
  datacenters: DatacenterRec[];
  clusters: ClusterRec[];
  hosts: HostRec[];
  resourcePools: ResourcePoolRec[];
  datastores: DatastoreRec[];
  networks: NetworkRec[];
  folders: FolderRec[];
  vms: VmRec[];
}

interface Indexes {
  revision: number;
  vmsByHost: Map<string, VmRec[]>;
  vmsByFolder: Map<string, VmRec[]>;
  vmsByPool: Map<string, VmRec[]>;
  vmsByDatastore: Map<string, VmRec[]>;
  vmsByNetwork: Map<string, VmRec[]>;
  diskUseByDatastore: Map<string, number>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The normalised inventory of every simulated vCenter in the lab. Objects live in maps by id; reverse
 * indexes (VMs per host, disk use per datastore, …) are derived lazily and rebuilt after a change, so
 * nothing is stored twice and nothing can drift out of step.
 */
export class World {
  name: string;
  seed: number;
  description = '';
  readonly vcenters = new Map<string, VCenterRec>();
  readonly datacenters = new Map<string, DatacenterRec>();
  readonly clusters = new Map<string, ClusterRec>();
  readonly hosts = new Map<string, HostRec>();
  readonly resourcePools = new Map<string, ResourcePoolRec>();
  readonly datastores = new Map<string, DatastoreRec>();
  readonly networks = new Map<string, NetworkRec>();
  readonly folders = new Map<string, FolderRec>();
  readonly vms = new Map<string, VmRec>();
  /** Bumped on every change; views and indexes compare it to know when to refresh. */
  revision = 0;
  private indexes: Indexes | null = null;

  constructor(name: string, seed: number) {
    this.name = name;
    this.seed = seed;
  }

  /** Records that the inventory changed (call after any mutation of a record). */
  touch(): void {
    this.revision++;
  }

  /**
   * Records a change no index depends on (states, settings, names, a datastore's other data): the
   * revision moves and indexes that were current stay current.
   */
  touchKeepIndexes(): void {
    const current = this.indexes !== null && this.indexes.revision === this.revision;
    this.revision++;
    if (current) this.indexes!.revision = this.revision;
  }

  get(id: string): InventoryRec | undefined {
    return (
      this.vms.get(id) ??
      this.hosts.get(id) ??
      this.clusters.get(id) ??
      this.datastores.get(id) ??
      this.networks.get(id) ??
      this.folders.get(id) ??
      this.resourcePools.get(id) ??
      this.datacenters.get(id) ??
      this.vcenters.get(id)
    );
  }

  private index(): Indexes {
    if (this.indexes && this.indexes.revision === this.revision) return this.indexes;
    const ix: Indexes = {
      revision: this.revision,
      vmsByHost: new Map(),
      vmsByFolder: new Map(),
      vmsByPool: new Map(),
      vmsByDatastore: new Map(),
      vmsByNetwork: new Map(),
      diskUseByDatastore: new Map(),
    };
    for (const vm of this.vms.values()) {
      push(ix.vmsByHost, vm.hostId, vm);
      if (vm.folderId) push(ix.vmsByFolder, vm.folderId, vm);
      if (vm.resourcePoolId) push(ix.vmsByPool, vm.resourcePoolId, vm);
      const seen = new Set<string>();
      for (const disk of vm.disks) {
        ix.diskUseByDatastore.set(
          disk.datastoreId,
          (ix.diskUseByDatastore.get(disk.datastoreId) ?? 0) + diskConsumedGB(disk),
        );
        if (!seen.has(disk.datastoreId)) push(ix.vmsByDatastore, disk.datastoreId, vm);
        seen.add(disk.datastoreId);
      }
      const seenNet = new Set<string>();
      for (const nic of vm.nics) {
        if (!seenNet.has(nic.networkId)) push(ix.vmsByNetwork, nic.networkId, vm);
        seenNet.add(nic.networkId);
      }
    }
    this.indexes = ix;
    return ix;
  }

  vmsOnHost(hostId: string): VmRec[] {
    return this.index().vmsByHost.get(hostId) ?? [];
  }
  vmsInFolder(folderId: string): VmRec[] {
    return this.index().vmsByFolder.get(folderId) ?? [];
  }
  vmsInPool(poolId: string): VmRec[] {
    return this.index().vmsByPool.get(poolId) ?? [];
  }
  vmsOnDatastore(datastoreId: string): VmRec[] {
    return this.index().vmsByDatastore.get(datastoreId) ?? [];
  }
  vmsOnNetwork(networkId: string): VmRec[] {
    return this.index().vmsByNetwork.get(networkId) ?? [];
  }

  /** Space used on a datastore by lab VM disks plus everything else stored there. */
  datastoreUsedGB(datastoreId: string): number {
    const ds = this.datastores.get(datastoreId);
    if (!ds) return 0;
    return ds.otherUsedGB + (this.index().diskUseByDatastore.get(datastoreId) ?? 0);
  }

  datastoreFreeGB(datastoreId: string): number {
    const ds = this.datastores.get(datastoreId);
    if (!ds) return 0;
    return ds.capacityGB - this.datastoreUsedGB(datastoreId);
  }

  hostsInCluster(clusterId: string): HostRec[] {
    return [...this.hosts.values()].filter((h) => h.clusterId === clusterId);
  }

  /** The vCenter that owns an object (every record but a vCenter has a vcenterId). */
  vcenterOf(rec: InventoryRec): VCenterRec | undefined {
    return rec.kind === 'vcenter' ? rec : this.vcenters.get(rec.vcenterId);
  }

  toSnapshot(): WorldSnapshot {
    return structuredClone({
      name: this.name,
      description: this.description,
      seed: this.seed,
      vcenters: [...this.vcenters.values()],
      datacenters: [...this.datacenters.values()],
      clusters: [...this.clusters.values()],
      hosts: [...this.hosts.values()],
      resourcePools: [...this.resourcePools.values()],
      datastores: [...this.datastores.values()],
      networks: [...this.networks.values()],
      folders: [...this.folders.values()],
      vms: [...this.vms.values()],
    });
  }

  static fromSnapshot(snapshot: WorldSnapshot): World {
    const s = structuredClone(snapshot);
    const world = new World(s.name, s.seed);
    world.description = s.description;
    for (const r of s.vcenters) world.vcenters.set(r.id, r);
    for (const r of s.datacenters) world.datacenters.set(r.id, r);
    for (const r of s.clusters) world.clusters.set(r.id, r);
    for (const r of s.hosts) world.hosts.set(r.id, r);
    for (const r of s.resourcePools) world.resourcePools.set(r.id, r);
    for (const r of s.datastores) world.datastores.set(r.id, r);
    for (const r of s.networks) world.networks.set(r.id, r);
    for (const r of s.folders) world.folders.set(r.id, r);
    for (const r of s.vms) world.vms.set(r.id, r);
    return world;
  }
}
