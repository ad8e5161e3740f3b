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
import { DatastoreFreeSpace } from './free-space';
import { vcenterIdOf } from './object-ids';

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
  /** Each VM's position in the VM map's order; every list below keeps that order. */
  order: Map<string, number>;
  nextOrder: number;
  /** Datastores whose disk use must be summed again (from vmsByDatastore) before it is read. */
  staleUse: Set<string>;
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

/** The index lists a VM is in: host, folder, pool, each datastore and network once. */
function listsOf(ix: Indexes, vm: VmRec): [Map<string, VmRec[]>, string][] {
  const out: [Map<string, VmRec[]>, string][] = [[ix.vmsByHost, vm.hostId]];
  if (vm.folderId) out.push([ix.vmsByFolder, vm.folderId]);
  if (vm.resourcePoolId) out.push([ix.vmsByPool, vm.resourcePoolId]);
  for (const ds of new Set(vm.disks.map((d) => d.datastoreId))) out.push([ix.vmsByDatastore, ds]);
  for (const net of new Set(vm.nics.map((n) => n.networkId))) out.push([ix.vmsByNetwork, net]);
  return out;
}

/** Takes a VM out of every index list; false if it is not where its record says (rebuild instead). */
function unindexVm(ix: Indexes, vm: VmRec, ord: number): boolean {
  for (const [map, key] of listsOf(ix, vm)) {
    const list = map.get(key);
    if (!list) return false;
    // Lists are in VM-map order: look the VM up by its position (a folder can hold thousands).
    let i = lowerBound(ix, list, ord);
    if (list[i] !== vm) i = list.indexOf(vm);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) map.delete(key);
  }
  for (const d of vm.disks) ix.staleUse.add(d.datastoreId);
  return true;
}

/** First index in an index list (VM-map order) whose VM comes at or after `ord`. */
function lowerBound(ix: Indexes, list: readonly VmRec[], ord: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ix.order.get(list[mid].id)! < ord) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Puts a VM into every index list at its place in the VM map's order. */
function indexVm(ix: Indexes, vm: VmRec, ord: number): void {
  for (const [map, key] of listsOf(ix, vm)) {
    const list = map.get(key);
    if (!list) {
      map.set(key, [vm]);
      continue;
    }
    list.splice(lowerBound(ix, list, ord), 0, vm);
  }
  for (const d of vm.disks) ix.staleUse.add(d.datastoreId);
}

function emptyIndexes(revision: number): Indexes {
  return {
    revision,
    order: new Map(),
    nextOrder: 0,
    staleUse: new Set(),
    vmsByHost: new Map(),
    vmsByFolder: new Map(),
    vmsByPool: new Map(),
    vmsByDatastore: new Map(),
    vmsByNetwork: new Map(),
    diskUseByDatastore: new Map(),
  };
}

/** Adds a VM at the end of every index list it belongs in (a full rebuild, in VM-map order). */
function appendVm(ix: Indexes, vm: VmRec): void {
  ix.order.set(vm.id, ix.nextOrder++);
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

/** A datastore's disk use summed as a rebuild does it: VMs in order, each VM's disks in order. */
function sumDiskUse(ix: Indexes, datastoreId: string): void {
  ix.staleUse.delete(datastoreId);
  let sum: number | undefined;
  for (const vm of ix.vmsByDatastore.get(datastoreId) ?? [])
    for (const disk of vm.disks)
      if (disk.datastoreId === datastoreId) sum = (sum ?? 0) + diskConsumedGB(disk);
  if (sum === undefined) ix.diskUseByDatastore.delete(datastoreId);
  else ix.diskUseByDatastore.set(datastoreId, sum);
}

/** What changed in the VM map while a step-wise save wrote it (World.watchVmChanges). */
export interface VmChangeWatch {
  /** VMs whose record was edited in place (touchVm), replaced or removed by a move (replaceVm). */
  readonly changed: Set<string>;
  /** VMs added by a move to another vCenter (a new id, at the end of the map), in order. */
  readonly added: string[];
  /** A change that did not say what it touched (touch()): any VM record may differ. */
  unknown: boolean;
}

/**
 * The normalised inventory of every simulated vCenter in the lab. Objects live in maps by id; reverse
 * indexes (VMs per host, disk use per datastore, …) are derived lazily and rebuilt after a change
 * (a migration's commit updates them for the one VM instead, see replaceVm), so nothing is stored
 * twice and nothing can drift out of step.
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
  /** Moves committed since the indexes were last read: [record before, record after]. */
  private pendingMoves: [VmRec, VmRec][] = [];
  /** Free space per datastore as planning reads it, kept current through moves (see free-space.ts). */
  readonly freeSpace = new DatastoreFreeSpace(this);
  private readonly watches = new Set<VmChangeWatch>();

  constructor(name: string, seed: number) {
    this.name = name;
    this.seed = seed;
  }

  /** Records that the inventory changed (call after any mutation of a record; any VM may have changed). */
  touch(): void {
    this.revision++;
    for (const watch of this.watches) watch.unknown = true;
  }

  /** touch() for an edit of one VM's record in place (power state, devices, host on power-on). */
  touchVm(vmId: string): void {
    this.revision++;
    for (const watch of this.watches) watch.changed.add(vmId);
  }

  /** touch() for a change to records other than VMs' (a host's maintenance state, a cluster, a vCenter). */
  touchOutsideVms(): void {
    this.revision++;
  }

  /**
   * Records a change no index depends on (states, settings, names, a datastore's other data): the
   * revision moves and indexes that were current stay current. `outsideVms`: no VM record changed.
   */
  touchKeepIndexes(scope: { outsideVms?: boolean } = {}): void {
    const current = this.indexes !== null && this.indexes.revision === this.revision;
    if (scope.outsideVms) this.touchOutsideVms();
    else this.touch();
    if (current) this.indexes!.revision = this.revision;
  }

  /**
   * Starts noting which VM records change (a step-wise save writes each VM once, then again only
   * those that changed meanwhile).
   */
  watchVmChanges(): VmChangeWatch {
    const watch: VmChangeWatch = { changed: new Set(), added: [], unknown: false };
    this.watches.add(watch);
    return watch;
  }

  unwatchVmChanges(watch: VmChangeWatch): void {
    this.watches.delete(watch);
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
    if (this.indexes && this.indexes.revision === this.revision) {
      if (this.pendingMoves.length === 0 || this.applyMoves(this.indexes)) return this.indexes;
    }
    this.pendingMoves = [];
    const ix = emptyIndexes(this.revision);
    for (const vm of this.vms.values()) appendVm(ix, vm);
    this.indexes = ix;
    return ix;
  }

  /**
   * Builds the indexes a chunk of VMs at a time, yielding between chunks, so a large lab being loaded
   * does not hold the thread for the whole build (100,000 VMs: ~0.2 s). The world must not change
   * meanwhile (it is still being loaded); the next read then finds the indexes current.
   */
  *buildIndexSteps(chunk = 5000): Generator<void, void, void> {
    this.pendingMoves = [];
    const ix = emptyIndexes(this.revision);
    let n = 0;
    for (const vm of this.vms.values()) {
      appendVm(ix, vm);
      if (++n % chunk === 0) yield;
    }
    this.indexes = ix;
  }

  /**
   * Replaces a VM's record after a move (same id: same place in the VM map; a new id: removed and
   * added at the end). Current indexes are not dropped: the move is noted and applied to just that
   * VM's index lists when the indexes are next read (lists keep the VM map's order, as a rebuild
   * would); when many moves pile up unread, the indexes are dropped and rebuilt on the next read.
   */
  replaceVm(old: VmRec, moved: VmRec): void {
    const ix = this.indexes !== null && this.indexes.revision === this.revision ? this.indexes : null;
    if (moved.id !== old.id) this.vms.delete(old.id);
    this.vms.set(moved.id, moved);
    this.revision++;
    for (const watch of this.watches) {
      watch.changed.add(old.id);
      if (moved.id !== old.id) watch.added.push(moved.id);
    }
    this.freeSpace.vmMoved(old, moved, this.revision - 1);
    if (!ix) return;
    if (this.pendingMoves.length >= Math.max(64, this.vms.size >> 6)) {
      this.indexes = null;
      this.pendingMoves = [];
      return;
    }
    this.pendingMoves.push([old, moved]);
    ix.revision = this.revision;
  }

  /** Applies the noted moves to the indexes; false when one does not match them (rebuild instead). */
  private applyMoves(ix: Indexes): boolean {
    const moves = this.pendingMoves;
    this.pendingMoves = [];
    for (const [old, moved] of moves) {
      let ord = ix.order.get(old.id);
      if (ord === undefined || !unindexVm(ix, old, ord)) return false;
      if (moved.id !== old.id) {
        ix.order.delete(old.id);
        ix.order.set(moved.id, (ord = ix.nextOrder++));
      }
      indexVm(ix, moved, ord);
    }
    return true;
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
    const ix = this.index();
    if (ix.staleUse.has(datastoreId)) sumDiskUse(ix, datastoreId);
    return ds.otherUsedGB + (ix.diskUseByDatastore.get(datastoreId) ?? 0);
  }

  datastoreFreeGB(datastoreId: string): number {
    const ds = this.datastores.get(datastoreId);
    if (!ds) return 0;
    return ds.capacityGB - this.datastoreUsedGB(datastoreId);
  }

  hostsInCluster(clusterId: string): HostRec[] {
    return [...this.hosts.values()].filter((h) => h.clusterId === clusterId);
  }

  /**
   * The vCenter an object belongs to (a vCenter belongs to itself), read from the object's id, so
   * it also answers for an object that no longer exists (see object-ids.ts).
   */
  vcenterOf(objectId: string): VCenterRec | undefined {
    return this.vcenters.get(vcenterIdOf(objectId));
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
    return World.adopt(structuredClone(snapshot));
  }

  /**
   * A world made of the snapshot's own records, not copies: for a snapshot nobody else holds (one
   * just parsed from a file), where copying a 100,000-VM world would take seconds.
   */
  static adopt(s: WorldSnapshot): World {
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
