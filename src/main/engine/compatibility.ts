/**
 * The compatibility checks of the Migrate wizard's compute-resource and storage pages: a table of
 * per-VM checks run in the panel's order, and the request-level rules of cross vCenter migration.
 * Messages are the product's wording (vsphere-messages.ts); errors block the migration, warnings
 * let it go ahead.
 */
import type { CompatibilityIssue } from '../../shared/engine-api';
import {
  compareVersions,
  isAtLeast,
  REMOTE_DEVICE_MIN_ESXI,
  XVM_MIN_INITIATOR_BUILD,
  XVM_MIN_REMOTE_VERSION,
} from '../../shared/versions';
import type { CdromRec, ClusterRec, HostRec, VCenterRec, VmRec } from '../../shared/world-types';
import { planDiskConsumedGB, type VmPlan } from './migration/plan-types';
import { hostsRttMs, LONG_DISTANCE_MAX_RTT_MS, nfcCheckHangs } from './network-paths';
import { MSG } from './vsphere-messages';
import type { World } from './world/world';

/** GB already claimed per datastore (a Map, or a view over one). */
export interface ReservedSpace {
  get(datastoreId: string): number | undefined;
}

/** What the per-VM checks find, in the order the panel lists them. */
export interface PlanIssues {
  errors: CompatibilityIssue[];
  warnings: CompatibilityIssue[];
}

/** What one check reads: the plan, the world, and the space other copies already claim. */
interface CheckInput {
  world: World;
  plan: VmPlan;
  /** The VM is powered on (a live migration). */
  live: boolean;
  reservedGB: ReservedSpace;
}

/** One compatibility check: adds what it finds to `found`. */
type PlanCheck = (input: CheckInput, found: PlanIssues) => void;

const issue = (code: string, message: string, hint?: string): CompatibilityIssue =>
  hint ? { code, message, hint } : { code, message };

const destinationHostConnected: PlanCheck = ({ plan: { dstHost } }, { errors }) => {
  if (dstHost.connectionState === 'connected') return;
  const state = dstHost.connectionState === 'disconnected' ? 'disconnected' : 'not responding';
  errors.push(issue('HostNotConnected', MSG.hostNotConnected(dstHost.name, state)));
};

const destinationNotInMaintenance: PlanCheck = ({ plan }, { errors }) => {
  const { dstHost } = plan;
  if (!plan.hostChange || dstHost.maintenance === 'none') return;
  errors.push(issue('InvalidState', MSG.hostInMaintenance(dstHost.name, dstHost.maintenance === 'entering')));
};

const sourceHostConnected: PlanCheck = ({ plan: { srcHost }, live }, { errors }) => {
  if (srcHost.connectionState !== 'connected' && live)
    errors.push(issue('HostNotConnected', MSG.hostNotConnected(srcHost.name, 'not responding')));
};

const hardwareVersionSupported: PlanCheck = ({ plan }, { errors }) => {
  const { vm, dstHost } = plan;
  if (plan.hostChange && vm.hardwareVersion > maxHardwareVersion(dstHost.version))
    errors.push(
      issue('NotSupportedHost', MSG.hardwareVersion(vm.hardwareVersion, dstHost.name, dstHost.version)),
    );
};

/** A live host change needs vMotion on both hosts, a CPU the VM can run on, no remote serial port. */
const vmotionPossible: PlanCheck = ({ world, plan, live }, { errors }) => {
  if (!live || !plan.hostChange) return;
  const { vm, srcHost, dstHost } = plan;
  if (!srcHost.vmotion.enabled || !dstHost.vmotion.enabled)
    errors.push(issue('NoVmotionNic', MSG.vmotionNic));
  const vmCpu = vmCpuLevel(srcHost, srcHost.clusterId ? world.clusters.get(srcHost.clusterId) : undefined);
  const dstCpu = hostCpuLevel(dstHost, dstHost.clusterId ? world.clusters.get(dstHost.clusterId) : undefined);
  if (vmCpu.vendor !== dstCpu.vendor || vmCpu.level > dstCpu.level)
    errors.push(issue('CpuIncompatible', MSG.cpu, MSG.evcHint));
  if (vm.serialPorts.some((s) => s.remote && s.connected)) errors.push(issue('RemoteSerialPort', MSG.serial));
};

/** Remote (VMRC) device backings survive a live migration only when both hosts are 7.0 or later. */
const remoteDevicesSupported: PlanCheck = ({ plan, live }, { errors }) => {
  if (!live) return;
  const { vm, srcHost, dstHost } = plan;
  const remote = vm.cdroms.some((c) => c.connected && c.backing.type === 'remoteIso');
  if (
    remote &&
    (!isAtLeast(srcHost.version, REMOTE_DEVICE_MIN_ESXI) ||
      !isAtLeast(dstHost.version, REMOTE_DEVICE_MIN_ESXI))
  )
    errors.push(issue('RemoteDeviceNotSupported', MSG.remoteDevice));
};

/** A CD/DVD backing the destination cannot reach: an error when connected, else a warning. */
const cdromsAccessible: PlanCheck = ({ world, plan }, found) => {
  const { vm, srcHost, dstHost } = plan;
  for (const cd of vm.cdroms) {
    if (cdromAccessible(world, cd, srcHost, dstHost, plan.crossVc)) continue;
    const msg = MSG.device(srcHost.name, dstHost.name, cd.label, backingLabel(world, cd));
    (cd.connected ? found.errors : found.warnings).push(issue('DeviceNotAccessible', msg));
  }
};

/** A network the destination host cannot reach: an error for a connected NIC of a running VM. */
const networksAccessible: PlanCheck = ({ world, plan, live }, found) => {
  const { dstHost } = plan;
  for (const nic of plan.nics) {
    const net = world.networks.get(nic.toNetworkId);
    const accessible =
      !!net && net.vcenterId === dstHost.vcenterId && dstHost.networkIds.includes(nic.toNetworkId);
    if (accessible) continue;
    const list = nic.connected && live ? found.errors : found.warnings;
    list.push(issue('NetworkNotAccessible', MSG.network(nic.label, net?.name ?? nic.toNetworkId)));
  }
};

/** Every disk's destination datastore is reachable from the host and has room for the copies. */
const datastoresAccessibleWithSpace: PlanCheck = ({ world, plan, reservedGB }, { errors }) => {
  const { dstHost } = plan;
  // GB each destination datastore needs, in first-seen order.
  const needGB = new Map<string, number>();
  for (const d of plan.disks) {
    const ds = world.datastores.get(d.toDatastoreId);
    if (!ds || !dstHost.datastoreIds.includes(d.toDatastoreId)) {
      const hint = d.copy ? undefined : MSG.datastoreNotAccessibleHint;
      errors.push(
        issue(
          'DatastoreNotAccessible',
          MSG.datastoreNotAccessible(ds?.name ?? d.toDatastoreId, dstHost.name),
          hint,
        ),
      );
      continue;
    }
    if (d.copy) needGB.set(d.toDatastoreId, (needGB.get(d.toDatastoreId) ?? 0) + planDiskConsumedGB(d));
  }
  for (const [dsId, gb] of needGB) {
    if (world.freeSpace.freeGB(dsId) - (reservedGB.get(dsId) ?? 0) < gb)
      errors.push(issue('InsufficientDiskSpace', MSG.space(world.datastores.get(dsId)!.name)));
  }
};

/** VMware Cloud lets workloads only into Compute-ResourcePool and onto WorkloadDatastore. */
const cloudPlacementAllowed: PlanCheck = ({ world, plan }, { errors }) => {
  if (!world.vcenters.get(plan.dstHost.vcenterId)?.cloud) return;
  const pool = plan.resourcePoolId ? world.resourcePools.get(plan.resourcePoolId) : undefined;
  const badDs = plan.disks.some((d) => world.datastores.get(d.toDatastoreId)?.name !== 'WorkloadDatastore');
  if (pool?.name !== 'Compute-ResourcePool' || badDs)
    errors.push(issue('NoPermission', MSG.noPermission, MSG.cloudPlacementHint));
};

/**
 * The issue code of a check that hangs rather than fails: the panel shows it, but a request sent
 * anyway (migration.start, RelocateVM_Task) starts its task, which waits out the hang in its
 * "Compatibility checks" phase and then fails with the message (engine.startMigration, phases.ts).
 */
export const CHECK_TIMEOUT_CODE = 'CompatibilityCheckTimeout';

/** A cross vCenter check opens NFC (TCP 902) between the hosts; blocked, it times out (KB 393932). */
const nfcPathOpen: PlanCheck = ({ plan }, { errors }) => {
  if (nfcCheckHangs(plan))
    errors.push(issue(CHECK_TIMEOUT_CODE, MSG.compatibilityCheckTimeout, MSG.compatibilityCheckTimeoutHint));
};

/** Long-distance vMotion: a live host change needs a round-trip time of 150 ms or less. */
const roundTripSupported: PlanCheck = ({ world, plan, live }, { errors }) => {
  if (!live || !plan.hostChange) return;
  const rtt = hostsRttMs(world, plan.srcHost, plan.dstHost);
  if (rtt > LONG_DISTANCE_MAX_RTT_MS) errors.push(issue('LongDistanceRttExceeded', MSG.longDistanceRtt(rtt)));
};

/** The per-VM checks, in the order the wizard's panel lists what they find. */
const PLAN_CHECKS: readonly PlanCheck[] = [
  destinationHostConnected,
  destinationNotInMaintenance,
  sourceHostConnected,
  hardwareVersionSupported,
  vmotionPossible,
  roundTripSupported,
  remoteDevicesSupported,
  cdromsAccessible,
  networksAccessible,
  datastoresAccessibleWithSpace,
  cloudPlacementAllowed,
  nfcPathOpen,
];

/**
 * The per-VM checks for one resolved plan. `reservedGB` is space other copies already claim; free
 * space is the world's running figure (World.freeSpace).
 */
export function checkPlan(world: World, plan: VmPlan, reservedGB: ReservedSpace): PlanIssues {
  const found: PlanIssues = { errors: [], warnings: [] };
  const input: CheckInput = { world, plan, live: plan.vm.powerState === 'poweredOn', reservedGB };
  for (const check of PLAN_CHECKS) check(input, found);
  return found;
}

/** Request-level rules of Advanced Cross vCenter vMotion (apply to every VM of the request). */
export function crossVcenterIssues(
  initiating: VCenterRec,
  other: VCenterRec,
  anyLive: boolean,
  isImport: boolean,
): CompatibilityIssue[] {
  const out: CompatibilityIssue[] = [];
  if (compareVersions(initiating.build, XVM_MIN_INITIATOR_BUILD) < 0)
    out.push(issue('NotSupported', MSG.xvmInitiatorTooOld(isImport, initiating.name, initiating.build)));
  if (compareVersions(other.version, XVM_MIN_REMOTE_VERSION) < 0)
    out.push(issue('NotSupported', MSG.xvmOtherTooOld(other.name, other.version)));
  if (!other.reachable) out.push(issue('HostConnectFault', MSG.vcenterUnreachable(other.name)));
  if (anyLive && (initiating.license !== 'enterprisePlus' || other.license !== 'enterprisePlus'))
    out.push(issue('InvalidLicense', MSG.xvmLicense, MSG.xvmLicenseHint));
  return out;
}

/** Memory demand share of a host: powered-on VM memory over host memory (DRS's balance metric). */
export function vmLoadOnHost(vm: VmRec, host: HostRec): number {
  return vm.powerState === 'poweredOn' ? vm.memoryMB / (host.memoryGB * 1024) : 0;
}

/** CPU generations in order, per vendor; a VM's feature level must not exceed the destination's. */
const CPU_GENERATIONS: Record<string, string[]> = {
  intel: [
    'merom',
    'penryn',
    'nehalem',
    'westmere',
    'sandybridge',
    'ivybridge',
    'haswell',
    'broadwell',
    'skylake',
    'cascadelake',
    'icelake',
    'sapphirerapids',
  ],
  amd: ['opteron-g1', 'opteron-g2', 'opteron-g3', 'opteron-g4', 'opteron-g5', 'zen1', 'zen2', 'zen3', 'zen4'],
};

/** Index of a generation ("cascadelake" or an EVC baseline like "intel-cascadelake") in its vendor's order. */
export function cpuLevel(vendor: string, generation: string): number {
  const key = `${vendor}/${generation}`;
  let level = cpuLevels.get(key);
  if (level === undefined) {
    const g = generation.toLowerCase().replace(/^(intel|amd)-/, '');
    cpuLevels.set(key, (level = (CPU_GENERATIONS[vendor] ?? []).indexOf(g)));
  }
  return level;
}
/** cpuLevel and maxHardwareVersion are pure and see few distinct inputs: computed once each. */
const cpuLevels = new Map<string, number>();
const maxHardwareVersions = new Map<string, number>();

const evcVendor = (evc: string): string => (evc.toLowerCase().startsWith('amd') ? 'amd' : 'intel');

/**
 * The CPU feature level a running VM carries: its cluster's EVC baseline when EVC is on (the VM
 * was masked to it), otherwise everything its host's CPU offers.
 */
function vmCpuLevel(host: HostRec, cluster: ClusterRec | undefined): { vendor: string; level: number } {
  if (cluster?.evc)
    return { vendor: evcVendor(cluster.evc), level: cpuLevel(evcVendor(cluster.evc), cluster.evc) };
  return { vendor: host.cpu.vendor, level: cpuLevel(host.cpu.vendor, host.cpu.generation) };
}

/** What a destination accepts: the EVC baseline of its cluster, or its own CPU. */
function hostCpuLevel(host: HostRec, cluster: ClusterRec | undefined): { vendor: string; level: number } {
  const own = { vendor: host.cpu.vendor, level: cpuLevel(host.cpu.vendor, host.cpu.generation) };
  if (!cluster?.evc) return own;
  return { vendor: own.vendor, level: Math.min(own.level, cpuLevel(evcVendor(cluster.evc), cluster.evc)) };
}

/** Highest virtual hardware version per ESXi version, newest first (VMware KB 2007240). */
const MAX_HARDWARE_VERSIONS: readonly { esxi: string; hardwareVersion: number }[] = [
  { esxi: '8.0.1', hardwareVersion: 21 },
  { esxi: '8.0.0', hardwareVersion: 20 },
  { esxi: '7.0.2', hardwareVersion: 19 },
  { esxi: '7.0.1', hardwareVersion: 18 },
  { esxi: '7.0.0', hardwareVersion: 17 },
  { esxi: '6.7.2', hardwareVersion: 15 },
  { esxi: '6.7.0', hardwareVersion: 14 },
  { esxi: '6.5.0', hardwareVersion: 13 },
  { esxi: '6.0.0', hardwareVersion: 11 },
];

/** Highest virtual hardware version an ESXi version runs (10 before ESXi 6.0). */
export function maxHardwareVersion(esxiVersion: string): number {
  let v = maxHardwareVersions.get(esxiVersion);
  if (v === undefined) {
    v = MAX_HARDWARE_VERSIONS.find((row) => isAtLeast(esxiVersion, row.esxi))?.hardwareVersion ?? 10;
    maxHardwareVersions.set(esxiVersion, v);
  }
  return v;
}

/** How a CD/DVD backing is named in the device message. */
export function backingLabel(world: World, cd: CdromRec): string {
  const b = cd.backing;
  switch (b.type) {
    case 'datastoreIso':
      return `[${world.datastores.get(b.datastoreId)?.name ?? '?'}] ${b.path}`;
    case 'hostDevice':
      return b.device;
    case 'remoteIso':
      return b.path;
    default:
      return '';
  }
}

function cdromAccessible(world: World, cd: CdromRec, src: HostRec, dst: HostRec, crossVc: boolean): boolean {
  const b = cd.backing;
  switch (b.type) {
    case 'none':
    case 'remoteIso':
      return true;
    case 'hostDevice':
      return src.id === dst.id;
    case 'datastoreIso':
      return !crossVc && dst.datastoreIds.includes(b.datastoreId) && world.datastores.has(b.datastoreId);
  }
}
