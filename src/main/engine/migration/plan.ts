/**
 * Turns a wizard request into one concrete plan per VM (destination host, disks, NICs, folder, pool)
 * and runs the compatibility checks on each. Bad references are argument errors (nothing happens);
 * product rules that fail are compatibility errors shown in the wizard's panel.
 */
import type {
  CompatibilityIssue,
  CompatibilityResult,
  MigrationRequest,
  VmCompatibility,
} from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import type { DiskFormat } from '../../../shared/scenario-schema';
import type { HostRec, VCenterRec, VmRec } from '../../../shared/world-types';
import { checkPlan, crossVcenterIssues, MSG, vmLoadOnHost, type ReservedSpace } from '../compatibility';
import type { World } from '../world/world';

export interface DiskPlan {
  key: number;
  label: string;
  fromDatastoreId: string;
  toDatastoreId: string;
  fromFormat: DiskFormat;
  /** Changes from fromFormat only when the disk is copied. */
  toFormat: DiskFormat;
  copy: boolean;
  sizeGB: number;
  usedGB: number;
}

/**
 * GB a copied disk takes on its destination datastore (diskConsumedGB of the disk as it lands: thin
 * takes what is used, thick the whole size). Read straight off the plan, so diskConsumedGB only ever
 * sees world disk records (one object shape) and no record is built per call.
 */
export function planDiskConsumedGB(d: DiskPlan): number {
  return d.toFormat === 'thin' ? d.usedGB : d.sizeGB;
}

export interface NicPlan {
  key: number;
  label: string;
  fromNetworkId: string;
  toNetworkId: string;
  connected: boolean;
}

export interface VmPlan {
  vm: VmRec;
  srcHost: HostRec;
  dstHost: HostRec;
  srcVcenterId: string;
  dstVcenterId: string;
  crossVc: boolean;
  hostChange: boolean;
  storageChange: boolean;
  live: boolean;
  disks: DiskPlan[];
  nics: NicPlan[];
  folderId: string | null;
  resourcePoolId: string | null;
  dstDatacenterId: string;
}

/** What the planner needs from the running engine. */
export interface PlanContext {
  /** Load of a host including migrations already heading there (spreads a batch over a cluster). */
  hostLoad(hostId: string): number;
  /** Space already claimed on datastores by copies in flight. */
  reservedGB: ReadonlyMap<string, number>;
  /** The task of a migration the VM is already in, if any. */
  migratingTask(vmId: string): string | null;
  /**
   * Free space on a datastore now. The engine keeps it current as its own migrations commit, so a
   * busy lab does not re-sum a datastore's disks for every request.
   */
  datastoreFreeGB(datastoreId: string): number;
}

export interface ResolvedRequest {
  plans: (VmPlan & { check: VmCompatibility })[];
  compatibility: CompatibilityResult;
  initiatingVcenterId: string;
  /** The other vCenter of a cross-vCenter request (where the second task is). */
  remoteVcenterId: string | null;
  isImport: boolean;
}

const bad = (field: string, message: string): LabFault =>
  new LabFault('invalid-argument', message, { field });
const missing = (field: string, what: string, id: string): LabFault =>
  new LabFault('not-found', `No ${what} with id "${id}".`, { field });

/** Resolves and checks a request; throws LabFault only for malformed or dangling references. */
export function resolveRequest(world: World, req: MigrationRequest, ctx: PlanContext): ResolvedRequest {
  const initiating = world.vcenters.get(req.vcenterId);
  if (!initiating) throw missing('vcenterId', 'vCenter', req.vcenterId);
  if (req.vmIds.length > 1 && new Set(req.vmIds).size !== req.vmIds.length)
    throw bad('vmIds', 'The same virtual machine is listed twice.');
  const vms = lookUpVms(world, req.vmIds);
  const sourceVcId = vms[0].vcenterId;
  for (let i = 1; i < vms.length; i++)
    if (vms[i].vcenterId !== sourceVcId)
      throw bad('vmIds', 'All virtual machines of one request must be in the same vCenter Server.');

  const crossVc = req.type === 'crossVcenter';
  const needsHost = req.type !== 'storage';
  if (!needsHost && (req.hostId || req.clusterId))
    throw bad('hostId', 'A storage-only migration keeps the virtual machine on its host.');
  if (needsHost && !req.hostId && !req.clusterId)
    throw bad('hostId', 'Choose a destination host or cluster.');
  if (req.type !== 'compute' && !req.datastoreId) throw bad('datastoreId', 'Choose a destination datastore.');
  if (req.type === 'compute' && req.datastoreId)
    throw bad('datastoreId', 'A compute-only migration keeps the disks where they are.');

  let targetHost: HostRec | undefined;
  let clusterHosts: HostRec[] | null = null;
  if (req.hostId) {
    targetHost = world.hosts.get(req.hostId);
    if (!targetHost) throw missing('hostId', 'host', req.hostId);
  } else if (req.clusterId) {
    const cluster = world.clusters.get(req.clusterId);
    if (!cluster) throw missing('clusterId', 'cluster', req.clusterId);
    clusterHosts = world.hostsInCluster(cluster.id).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (clusterHosts.length === 0) throw bad('clusterId', `The cluster '${cluster.name}' has no hosts.`);
  }
  const targetVcId = targetHost?.vcenterId ?? clusterHosts?.[0].vcenterId ?? sourceVcId;

  let isImport = false;
  if (crossVc) {
    if (targetVcId === sourceVcId)
      throw bad('hostId', 'A cross vCenter migration needs a target in another vCenter Server.');
    if (sourceVcId !== req.vcenterId && targetVcId !== req.vcenterId)
      throw bad(
        'vcenterId',
        'The initiating vCenter Server must own either the virtual machines or the target.',
      );
    isImport = targetVcId === req.vcenterId;
  } else {
    if (sourceVcId !== req.vcenterId)
      throw bad(
        'vmIds',
        'The virtual machines are not in this vCenter Server; use Import VMs or Cross vCenter Server export.',
      );
    if (targetVcId !== sourceVcId)
      throw bad('hostId', 'The target is in another vCenter Server; choose "Cross vCenter Server export".');
  }

  const ds = req.datastoreId ? world.datastores.get(req.datastoreId) : undefined;
  if (req.datastoreId && !ds) throw missing('datastoreId', 'datastore', req.datastoreId);
  if (ds && ds.vcenterId !== targetVcId)
    throw bad('datastoreId', 'The datastore is not in the destination vCenter Server.');
  const pool = req.resourcePoolId ? world.resourcePools.get(req.resourcePoolId) : undefined;
  if (req.resourcePoolId && !pool) throw missing('resourcePoolId', 'resource pool', req.resourcePoolId);
  if (pool && pool.vcenterId !== targetVcId)
    throw bad('resourcePoolId', 'The resource pool is not in the destination vCenter Server.');
  const folder = req.folderId ? world.folders.get(req.folderId) : undefined;
  if (req.folderId && !folder) throw missing('folderId', 'VM folder', req.folderId);
  if (folder && folder.vcenterId !== targetVcId)
    throw bad('folderId', 'The folder is not in the destination vCenter Server.');
  // The request's network, then the per-NIC ones (no combined copy: this runs for every request).
  if (req.networkId) checkNetwork(world, req.networkId, 'networkId', targetVcId);
  for (let i = 0; i < req.nicNetworks.length; i++)
    checkNetwork(world, req.nicNetworks[i].networkId, 'nicNetworks', targetVcId);

  const remoteVcId = crossVc ? (isImport ? sourceVcId : targetVcId) : null;
  const requestIssues: CompatibilityIssue[] = [];
  if (crossVc) {
    const other = world.vcenters.get(remoteVcId!)!;
    requestIssues.push(
      ...crossVcenterIssues(
        initiating,
        other,
        vms.some((v) => v.powerState === 'poweredOn'),
        isImport,
      ),
    );
    if (new Set(vms.map((v) => v.powerState === 'poweredOn')).size > 1) {
      requestIssues.push({
        code: 'InvalidPowerState',
        message: 'All selected virtual machines must have the same power state.',
      });
    }
  }

  // Space this request's own copies claim, over what the engine has reserved (read through, not
  // copied), and load heading to hosts: only later VMs of the same request see either, so a
  // one-VM request (every move DRS, maintenance mode and most wizards make) keeps neither.
  const multi = vms.length > 1;
  const claimed = multi ? new Map<string, number>() : null;
  const reserved: ReservedSpace = claimed
    ? { get: (id) => (claimed.has(id) ? claimed.get(id) : ctx.reservedGB.get(id)) }
    : ctx.reservedGB;
  const extraLoad = multi ? new Map<string, number>() : null;
  const plans: ResolvedRequest['plans'] = [];
  const poolId = pool?.id ?? null;
  const folderId = folder?.id ?? null;
  for (let v = 0; v < vms.length; v++) {
    const vm = vms[v];
    const srcHost = world.hosts.get(vm.hostId)!;
    let plan: VmPlan;
    let result: { errors: CompatibilityIssue[]; warnings: CompatibilityIssue[] };
    if (!needsHost || targetHost) {
      plan = buildPlan(world, req, vm, srcHost, targetHost ?? srcHost, crossVc, poolId, folderId);
      result = checkPlan(world, plan, reserved, ctx);
    } else {
      const build = (dst: HostRec): VmPlan =>
        buildPlan(world, req, vm, srcHost, dst, crossVc, poolId, folderId);
      // DRS-like placement: the least loaded host of the cluster that passes every check.
      const ranked = clusterHosts!
        .filter((h) => h.id !== srcHost.id || !crossVc)
        .map((h) => ({ h, load: ctx.hostLoad(h.id) + (extraLoad?.get(h.id) ?? 0) }))
        .sort((a, b) => a.load - b.load || (a.h.id < b.h.id ? -1 : 1));
      let chosen: { plan: VmPlan; result: typeof result } | null = null;
      let first: { plan: VmPlan; result: typeof result } | null = null;
      for (const { h } of ranked) {
        if (h.id === srcHost.id) continue;
        const p = build(h);
        const r = checkPlan(world, p, reserved, ctx);
        if (!first) first = { plan: p, result: r };
        if (r.errors.length === 0) {
          chosen = { plan: p, result: r };
          break;
        }
      }
      let pick = chosen ?? first;
      if (!pick) {
        const only = build(ranked[0].h);
        pick = { plan: only, result: checkPlan(world, only, reserved, ctx) };
      }
      plan = pick.plan;
      result = pick.result;
    }
    // checkPlan's errors array is this plan's own: no copy unless request issues go first.
    const errors = requestIssues.length === 0 ? result.errors : [...requestIssues, ...result.errors];
    const busy = ctx.migratingTask(vm.id);
    if (busy)
      errors.unshift({
        code: 'TaskInProgress',
        message: `Another task is already in progress: '${vm.name}' is being migrated (task ${busy}).`,
      });
    if (errors.length === 0 && claimed && extraLoad) {
      for (const d of plan.disks) {
        if (d.copy)
          claimed.set(d.toDatastoreId, (reserved.get(d.toDatastoreId) ?? 0) + planDiskConsumedGB(d));
      }
      extraLoad.set(plan.dstHost.id, (extraLoad.get(plan.dstHost.id) ?? 0) + vmLoadOnHost(vm, plan.dstHost));
    }
    // The plan was built for this request alone: it takes its check result instead of a copy.
    const checked = plan as VmPlan & { check: VmCompatibility };
    checked.check = {
      vmId: vm.id,
      vmName: vm.name,
      targetHostId: plan.dstHost.id,
      targetHostName: plan.dstHost.name,
      errors,
      warnings: result.warnings,
    };
    plans.push(checked);
  }
  let ok = true;
  let quiet = true;
  const checks: VmCompatibility[] = new Array(plans.length);
  for (let i = 0; i < plans.length; i++) {
    const check = plans[i].check;
    checks[i] = check;
    if (check.errors.length > 0) ok = false;
    if (check.warnings.length > 0) quiet = false;
  }
  quiet &&= ok;
  return {
    plans,
    compatibility: {
      ok,
      summary: quiet
        ? MSG.succeeded
        : ok
          ? 'Compatibility checks succeeded with warnings.'
          : 'Compatibility checks failed.',
      vms: checks,
    },
    initiatingVcenterId: req.vcenterId,
    remoteVcenterId: remoteVcId,
    isImport,
  };
}

/** The request's VMs, in request order; a dangling id is an argument error. */
function lookUpVms(world: World, ids: readonly string[]): VmRec[] {
  const vms: VmRec[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const vm = world.vms.get(ids[i]);
    if (!vm) throw missing(`vmIds[${i}]`, 'virtual machine', ids[i]);
    vms[i] = vm;
  }
  return vms;
}

/** A network the request names must exist and be in the destination vCenter. */
function checkNetwork(world: World, id: string, field: string, targetVcId: string): void {
  const net = world.networks.get(id);
  if (!net) throw missing(field, 'network', id);
  if (net.vcenterId !== targetVcId)
    throw bad('networkId', `The network '${net.name}' is not in the destination vCenter Server.`);
}

function buildPlan(
  world: World,
  req: MigrationRequest,
  vm: VmRec,
  srcHost: HostRec,
  dstHost: HostRec,
  crossVc: boolean,
  poolId: string | null,
  folderId: string | null,
): VmPlan {
  // Indexed loops, no per-call closures: this runs for every VM of every request.
  const disks: DiskPlan[] = new Array(vm.disks.length);
  let storageChange = false;
  for (let i = 0; i < vm.disks.length; i++) {
    const d = vm.disks[i];
    const to = req.datastoreId ?? d.datastoreId;
    const copy = to !== d.datastoreId;
    if (copy) storageChange = true;
    disks[i] = {
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
  }
  const nics: NicPlan[] = new Array(vm.nics.length);
  for (let i = 0; i < vm.nics.length; i++) {
    const n = vm.nics[i];
    const perNic = req.nicNetworks.length === 0 ? undefined : nicNetworkFor(req, vm.id, n.key);
    let to = perNic?.networkId ?? req.networkId ?? n.networkId;
    if (!perNic && !req.networkId && crossVc)
      to = sameNamedNetwork(world, n.networkId, dstHost) ?? n.networkId;
    nics[i] = {
      key: n.key,
      label: n.label,
      fromNetworkId: n.networkId,
      toNetworkId: to,
      connected: n.connected,
    };
  }
  const sameCluster = srcHost.clusterId !== null && srcHost.clusterId === dstHost.clusterId;
  let resourcePoolId = poolId ?? (sameCluster ? vm.resourcePoolId : null);
  const dstVc: VCenterRec | undefined = world.vcenters.get(dstHost.vcenterId);
  if (!poolId && dstVc?.cloud && dstHost.clusterId) {
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
    storageChange,
    live: vm.powerState === 'poweredOn',
    disks,
    nics,
    folderId: folderId ?? (sameDc ? vm.folderId : null),
    resourcePoolId,
    dstDatacenterId: dstHost.datacenterId,
  };
}

/** The request's network for one NIC of a VM, if it names one. */
function nicNetworkFor(
  req: MigrationRequest,
  vmId: string,
  nicKey: number,
): MigrationRequest['nicNetworks'][number] | undefined {
  for (let i = 0; i < req.nicNetworks.length; i++) {
    const x = req.nicNetworks[i];
    if (x.vmId === vmId && x.nicKey === nicKey) return x;
  }
  return undefined;
}

/** Cross-vCenter default network mapping: a port group of the same name the destination host reaches. */
function sameNamedNetwork(world: World, networkId: string, dstHost: HostRec): string | null {
  const name = world.networks.get(networkId)?.name;
  for (const id of dstHost.networkIds) if (world.networks.get(id)?.name === name) return id;
  return null;
}
