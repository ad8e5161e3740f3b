/**
 * The first step of planning a request: look up everything it names and check that the names fit
 * together (one source vCenter, a target in the right vCenter, the destination's datastore, pool,
 * folder and networks). A dangling or mismatched reference is an argument error: nothing happens.
 */
import { DATASTORE_DEFAULT_POLICY, type MigrationRequest } from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import type { FolderRec, HostRec, ResourcePoolRec, VCenterRec, VmRec } from '../../../shared/world-types';
import type { World } from '../world/world';

/** A request's references, looked up and checked. */
export interface RequestReferences {
  /** The vCenter the wizard runs on. */
  initiating: VCenterRec;
  /** The VMs, in request order (all in one vCenter). */
  vms: VmRec[];
  sourceVcenterId: string;
  targetVcenterId: string;
  crossVc: boolean;
  /** A cross vCenter request initiated on the target side (Import VMs). */
  isImport: boolean;
  /** The vCenter across from the initiating one in a cross vCenter request, else null. */
  otherVcenter: VCenterRec | null;
  /** The chosen host, when the request names one. */
  targetHost: HostRec | null;
  /** The hosts of the chosen cluster in id order, when the request names a cluster instead. */
  clusterHosts: HostRec[] | null;
  pool: ResourcePoolRec | null;
  folder: FolderRec | null;
}

const bad = (field: string, message: string): LabFault =>
  new LabFault('invalid-argument', message, { field });
const missing = (field: string, what: string, id: string): LabFault =>
  new LabFault('not-found', `No ${what} with id "${id}".`, { field });

/** Looks up and checks what a request names; throws LabFault for a malformed or dangling reference. */
export function resolveReferences(world: World, req: MigrationRequest): RequestReferences {
  const initiating = world.vcenters.get(req.vcenterId);
  if (!initiating) throw missing('vcenterId', 'vCenter', req.vcenterId);
  if (req.vmIds.length > 1 && new Set(req.vmIds).size !== req.vmIds.length)
    throw bad('vmIds', 'The same virtual machine is listed twice.');
  const vms = req.vmIds.map((id, i) => {
    const vm = world.vms.get(id);
    if (!vm) throw missing(`vmIds[${i}]`, 'virtual machine', id);
    return vm;
  });
  const sourceVcenterId = vms[0].vcenterId;
  if (vms.some((vm) => vm.vcenterId !== sourceVcenterId))
    throw bad('vmIds', 'All virtual machines of one request must be in the same vCenter Server.');

  const { targetHost, clusterHosts } = lookUpTarget(world, req);
  const targetVcenterId = targetHost?.vcenterId ?? clusterHosts?.[0].vcenterId ?? sourceVcenterId;
  const crossVc = req.type === 'crossVcenter';
  checkSides(req, sourceVcenterId, targetVcenterId);
  const isImport = crossVc && targetVcenterId === req.vcenterId;
  const otherVcenterId = isImport ? sourceVcenterId : targetVcenterId;

  const { pool, folder } = lookUpDestinationObjects(world, req, targetVcenterId);

  return {
    initiating,
    vms,
    sourceVcenterId,
    targetVcenterId,
    crossVc,
    isImport,
    otherVcenter: crossVc ? world.vcenters.get(otherVcenterId)! : null,
    targetHost,
    clusterHosts,
    pool,
    folder,
  };
}

/** The host or cluster a request names, which its type requires or forbids. */
function lookUpTarget(
  world: World,
  req: MigrationRequest,
): { targetHost: HostRec | null; clusterHosts: HostRec[] | null } {
  const needsHost = req.type !== 'storage';
  if (!needsHost && (req.hostId || req.clusterId))
    throw bad('hostId', 'A storage-only migration keeps the virtual machine on its host.');
  if (needsHost && !req.hostId && !req.clusterId)
    throw bad('hostId', 'Choose a destination host or cluster.');
  if (req.type !== 'compute' && !req.datastoreId) throw bad('datastoreId', 'Choose a destination datastore.');
  if (req.type === 'compute' && req.datastoreId)
    throw bad('datastoreId', 'A compute-only migration keeps the disks where they are.');
  if (req.hostId) {
    const host = world.hosts.get(req.hostId);
    if (!host) throw missing('hostId', 'host', req.hostId);
    return { targetHost: host, clusterHosts: null };
  }
  if (req.clusterId) {
    const cluster = world.clusters.get(req.clusterId);
    if (!cluster) throw missing('clusterId', 'cluster', req.clusterId);
    const hosts = world.hostsInCluster(cluster.id).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (hosts.length === 0) throw bad('clusterId', `The cluster '${cluster.name}' has no hosts.`);
    return { targetHost: null, clusterHosts: hosts };
  }
  return { targetHost: null, clusterHosts: null };
}

/** Which vCenters a request may span: one, or (cross vCenter) two with the initiator on one side. */
function checkSides(req: MigrationRequest, sourceVcenterId: string, targetVcenterId: string): void {
  if (req.type === 'crossVcenter') {
    if (targetVcenterId === sourceVcenterId)
      throw bad('hostId', 'A cross vCenter migration needs a target in another vCenter Server.');
    if (sourceVcenterId !== req.vcenterId && targetVcenterId !== req.vcenterId)
      throw bad(
        'vcenterId',
        'The initiating vCenter Server must own either the virtual machines or the target.',
      );
    return;
  }
  if (sourceVcenterId !== req.vcenterId)
    throw bad(
      'vmIds',
      'The virtual machines are not in this vCenter Server; use Import VMs or Cross vCenter Server export.',
    );
  if (targetVcenterId !== sourceVcenterId)
    throw bad('hostId', 'The target is in another vCenter Server; choose "Cross vCenter Server export".');
}

/** The datastore, pool, folder and networks a request names must be in the destination vCenter. */
function lookUpDestinationObjects(
  world: World,
  req: MigrationRequest,
  targetVcenterId: string,
): { pool: ResourcePoolRec | null; folder: FolderRec | null } {
  const ds = req.datastoreId ? world.datastores.get(req.datastoreId) : undefined;
  if (req.datastoreId && !ds) throw missing('datastoreId', 'datastore', req.datastoreId);
  if (ds && ds.vcenterId !== targetVcenterId)
    throw bad('datastoreId', 'The datastore is not in the destination vCenter Server.');
  const pool = req.resourcePoolId ? world.resourcePools.get(req.resourcePoolId) : undefined;
  if (req.resourcePoolId && !pool) throw missing('resourcePoolId', 'resource pool', req.resourcePoolId);
  if (pool && pool.vcenterId !== targetVcenterId)
    throw bad('resourcePoolId', 'The resource pool is not in the destination vCenter Server.');
  const folder = req.folderId ? world.folders.get(req.folderId) : undefined;
  if (req.folderId && !folder) throw missing('folderId', 'VM folder', req.folderId);
  if (folder && folder.vcenterId !== targetVcenterId)
    throw bad('folderId', 'The folder is not in the destination vCenter Server.');
  if (req.networkId) checkNetwork(world, req.networkId, 'networkId', targetVcenterId);
  for (const n of req.nicNetworks) checkNetwork(world, n.networkId, 'nicNetworks', targetVcenterId);
  checkStoragePolicy(world, req.storagePolicyId, targetVcenterId);
  return { pool: pool ?? null, folder: folder ?? null };
}

/** A storage policy the request names must be one of the destination vCenter's (or its datastores' default). */
function checkStoragePolicy(world: World, id: string | undefined, targetVcenterId: string): void {
  if (id === undefined || id === DATASTORE_DEFAULT_POLICY) return;
  const policies = world.vcenters.get(targetVcenterId)?.storagePolicies ?? [];
  if (!policies.some((p) => p.id === id)) throw missing('storagePolicyId', 'VM storage policy', id);
}

/** A network the request names must exist and be in the destination vCenter. */
function checkNetwork(world: World, id: string, field: string, targetVcenterId: string): void {
  const net = world.networks.get(id);
  if (!net) throw missing(field, 'network', id);
  if (net.vcenterId !== targetVcenterId)
    throw bad('networkId', `The network '${net.name}' is not in the destination vCenter Server.`);
}

/**
 * The vCenter across from the initiating one in a cross vCenter request (where its second task
 * runs and whose login records it), or null for a request within one vCenter. Throws like
 * resolveRequest for a request whose references do not fit together.
 */
export function otherVcenterOf(world: World, req: MigrationRequest): VCenterRec | null {
  return resolveReferences(world, req).otherVcenter;
}
