/**
 * The second step of planning: where each VM goes. A plan for a given destination host (disks,
 * NICs, folder, pool), and for a cluster the DRS-like choice of the least loaded host that passes
 * every check.
 */
import type { MigrationRequest } from '../../../shared/engine-api';
import type { HostRec, VmRec } from '../../../shared/world-types';
import { checkPlan, type PlanIssues, type ReservedSpace } from '../compatibility';
import type { World } from '../world/world';
import type { DiskPlan, NicPlan, VmPlan } from './plan-types';
import type { RequestReferences } from './request-references';

/** A plan and what its checks found. */
export interface Placement {
  plan: VmPlan;
  issues: PlanIssues;
}

/**
 * Places one VM of a request: on the named host (or its own, for storage only), or on the least
 * loaded host of the named cluster that passes every check (the first tried when none does).
 * `load` is a host's load including what this request already sends there.
 */
export function placeVm(
  world: World,
  req: MigrationRequest,
  refs: RequestReferences,
  vm: VmRec,
  reserved: ReservedSpace,
  load: (hostId: string) => number,
): Placement {
  const srcHost = world.hosts.get(vm.hostId)!;
  const build = (dst: HostRec): VmPlan => buildPlan(world, req, refs, vm, srcHost, dst);
  const place = (dst: HostRec): Placement => {
    const plan = build(dst);
    return { plan, issues: checkPlan(world, plan, reserved) };
  };
  if (!refs.clusterHosts) return place(refs.targetHost ?? srcHost);
  const ranked = refs.clusterHosts
    .filter((h) => h.id !== srcHost.id || !refs.crossVc)
    .map((h) => ({ h, load: load(h.id) }))
    .sort((a, b) => a.load - b.load || (a.h.id < b.h.id ? -1 : 1));
  let first: Placement | null = null;
  for (const { h } of ranked) {
    if (h.id === srcHost.id) continue;
    const p = place(h);
    if (p.issues.errors.length === 0) return p;
    first ??= p;
  }
  return first ?? place(ranked[0].h);
}

/** The plan for moving `vm` to `dstHost` as the request asks. */
function buildPlan(
  world: World,
  req: MigrationRequest,
  refs: RequestReferences,
  vm: VmRec,
  srcHost: HostRec,
  dstHost: HostRec,
): VmPlan {
  const { crossVc } = refs;
  const disks = vm.disks.map((d): DiskPlan => {
    const to = req.datastoreId ?? d.datastoreId;
    const copy = to !== d.datastoreId;
    return {
      key: d.key,
      label: d.label,
      fromDatastoreId: d.datastoreId,
      toDatastoreId: to,
      fromFormat: d.format,
      toFormat: copy && req.diskFormat !== 'sameAsSource' ? req.diskFormat : d.format,
      copy,
      sizeGB: d.sizeGB,
      usedGB: d.usedGB,
    };
  });
  const nics = vm.nics.map((n): NicPlan => {
    const perNic = req.nicNetworks.find((x) => x.vmId === vm.id && x.nicKey === n.key);
    let to = perNic?.networkId ?? req.networkId ?? n.networkId;
    if (!perNic && !req.networkId && crossVc)
      to = sameNamedNetwork(world, n.networkId, dstHost) ?? n.networkId;
    return {
      key: n.key,
      label: n.label,
      fromNetworkId: n.networkId,
      toNetworkId: to,
      connected: n.connected,
    };
  });
  const poolId = refs.pool?.id ?? null;
  const sameCluster = srcHost.clusterId !== null && srcHost.clusterId === dstHost.clusterId;
  let resourcePoolId = poolId ?? (sameCluster ? vm.resourcePoolId : null);
  if (!poolId && world.vcenters.get(dstHost.vcenterId)?.cloud && dstHost.clusterId) {
    resourcePoolId =
      [...world.resourcePools.values()].find(
        (p) => p.clusterId === dstHost.clusterId && p.name === 'Compute-ResourcePool',
      )?.id ?? resourcePoolId;
  }
  const sameDc = vm.datacenterId === dstHost.datacenterId && !crossVc;
  return {
    vm,
    srcHost,
    dstHost,
    srcVcenterId: vm.vcenterId,
    dstVcenterId: dstHost.vcenterId,
    crossVc,
    hostChange: dstHost.id !== srcHost.id,
    storageChange: disks.some((d) => d.copy),
    live: vm.powerState === 'poweredOn',
    disks,
    nics,
    folderId: refs.folder?.id ?? (sameDc ? vm.folderId : null),
    resourcePoolId,
    dstDatacenterId: dstHost.datacenterId,
  };
}

/** Cross-vCenter default network mapping: a port group of the same name the destination host reaches. */
function sameNamedNetwork(world: World, networkId: string, dstHost: HostRec): string | null {
  const name = world.networks.get(networkId)?.name;
  for (const id of dstHost.networkIds) if (world.networks.get(id)?.name === name) return id;
  return null;
}
