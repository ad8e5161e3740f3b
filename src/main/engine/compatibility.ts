/**
 * The compatibility checks of the Migrate wizard's compute-resource and storage pages. Messages are
 * the product's wording from the reference; errors block the migration, warnings let it go ahead.
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
import type { World } from './world/world';
import { planDiskConsumedGB, type VmPlan } from './migration/plan';

export const MSG = {
  remoteDevice: 'The virtual machine has a currently connected device with a remote backing.',
  vmotionNic:
    'A vMotion interface is not configured (or is misconfigured) on either the source or destination host.',
  cpu: "The CPU of the host is incompatible with the CPU feature requirements of the virtual machine; problem detected at CPUID level 0x1 register 'ecx'.",
  evcHint:
    'Use a cluster with Enhanced vMotion Compatibility (EVC) enabled, with a baseline both hosts support, to migrate between CPU generations.',
  serial:
    'Migration of virtual machine with remote serial port connected is not possible unless a Virtual Serial Port Concentrator appliance is used.',
  timeout: 'Operation timed out',
  failToResume: 'The source detected that the destination failed to resume.',
  cancelled: 'The task was canceled by a user.',
  succeeded: 'Compatibility checks succeeded.',
  device: (src: string, dst: string, device: string, backing: string) =>
    `Unable to migrate from ${src} to ${dst}: Device '${device}' uses backing '${backing}', which is not accessible.`,
  network: (adapter: string, network: string) =>
    `Currently connected network interface '${adapter}' uses network '${network}', which is not accessible.`,
  space: (ds: string) => `Insufficient disk space on datastore '${ds}'.`,
} as const;

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

/** Highest virtual hardware version an ESXi version runs (VMware KB 2007240). */
export function maxHardwareVersion(esxiVersion: string): number {
  let v = maxHardwareVersions.get(esxiVersion);
  if (v === undefined) maxHardwareVersions.set(esxiVersion, (v = computeMaxHardwareVersion(esxiVersion)));
  return v;
}

function computeMaxHardwareVersion(esxiVersion: string): number {
  if (isAtLeast(esxiVersion, '8.0.1')) return 21;
  if (isAtLeast(esxiVersion, '8.0.0')) return 20;
  if (isAtLeast(esxiVersion, '7.0.2')) return 19;
  if (isAtLeast(esxiVersion, '7.0.1')) return 18;
  if (isAtLeast(esxiVersion, '7.0.0')) return 17;
  if (isAtLeast(esxiVersion, '6.7.2')) return 15;
  if (isAtLeast(esxiVersion, '6.7.0')) return 14;
  if (isAtLeast(esxiVersion, '6.5.0')) return 13;
  if (isAtLeast(esxiVersion, '6.0.0')) return 11;
  return 10;
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

const issue = (code: string, message: string, hint?: string): CompatibilityIssue =>
  hint ? { code, message, hint } : { code, message };

/** Request-level rules of Advanced Cross vCenter vMotion (apply to every VM of the request). */
export function crossVcenterIssues(
  initiating: VCenterRec,
  other: VCenterRec,
  anyLive: boolean,
  isImport: boolean,
): CompatibilityIssue[] {
  const out: CompatibilityIssue[] = [];
  if (compareVersions(initiating.build, XVM_MIN_INITIATOR_BUILD) < 0) {
    out.push(
      issue(
        'NotSupported',
        `${isImport ? 'Import VMs' : 'Cross vCenter Server export'} requires vCenter Server 7.0 Update 1c or later; ${initiating.name} runs ${initiating.build}.`,
      ),
    );
  }
  if (compareVersions(other.version, XVM_MIN_REMOTE_VERSION) < 0) {
    out.push(
      issue(
        'NotSupported',
        `vCenter Server ${other.name} runs version ${other.version}; cross vCenter migration needs version 6.5 or later on the other side (6.0 is not supported).`,
      ),
    );
  }
  if (!other.reachable)
    out.push(issue('HostConnectFault', `Cannot connect to vCenter Server ${other.name}.`));
  if (anyLive && (initiating.license !== 'enterprisePlus' || other.license !== 'enterprisePlus')) {
    out.push(
      issue(
        'InvalidLicense',
        'Live migration across vCenter Server instances requires a vSphere Enterprise Plus license on both sides.',
        'Power off the virtual machine to relocate it with a Standard license.',
      ),
    );
  }
  return out;
}

/** GB already claimed per datastore (a Map, or a view over one). */
export interface ReservedSpace {
  get(datastoreId: string): number | undefined;
}

/** Free space per datastore: the world's own sums, or a cache kept current by the engine's commits. */
export interface FreeSpace {
  datastoreFreeGB(datastoreId: string): number;
}

/**
 * The per-VM checks for one resolved plan. `reservedGB` is space other copies already claim;
 * `space` says what is free (the world by default).
 */
export function checkPlan(
  world: World,
  plan: VmPlan,
  reservedGB: ReservedSpace,
  space: FreeSpace = world,
): { errors: CompatibilityIssue[]; warnings: CompatibilityIssue[] } {
  const errors: CompatibilityIssue[] = [];
  const warnings: CompatibilityIssue[] = [];
  const { vm, srcHost, dstHost } = plan;
  const live = vm.powerState === 'poweredOn';

  if (dstHost.connectionState !== 'connected') {
    errors.push(
      issue(
        'HostNotConnected',
        `The host '${dstHost.name}' is ${dstHost.connectionState === 'disconnected' ? 'disconnected' : 'not responding'}.`,
      ),
    );
  }
  if (plan.hostChange && dstHost.maintenance !== 'none') {
    errors.push(
      issue(
        'InvalidState',
        `The host '${dstHost.name}' is ${dstHost.maintenance === 'entering' ? 'entering' : 'in'} maintenance mode.`,
      ),
    );
  }
  if (srcHost.connectionState !== 'connected' && live) {
    errors.push(issue('HostNotConnected', `The host '${srcHost.name}' is not responding.`));
  }
  if (plan.hostChange && vm.hardwareVersion > maxHardwareVersion(dstHost.version)) {
    errors.push(
      issue(
        'NotSupportedHost',
        `The virtual machine version (vmx-${vm.hardwareVersion}) is not compatible with the version of the host '${dstHost.name}' (ESXi ${dstHost.version}).`,
      ),
    );
  }

  if (live && plan.hostChange) {
    if (!srcHost.vmotion.enabled || !dstHost.vmotion.enabled)
      errors.push(issue('NoVmotionNic', MSG.vmotionNic));
    const vmCpu = vmCpuLevel(srcHost, srcHost.clusterId ? world.clusters.get(srcHost.clusterId) : undefined);
    const dstCpu = hostCpuLevel(
      dstHost,
      dstHost.clusterId ? world.clusters.get(dstHost.clusterId) : undefined,
    );
    if (vmCpu.vendor !== dstCpu.vendor || vmCpu.level > dstCpu.level)
      errors.push(issue('CpuIncompatible', MSG.cpu, MSG.evcHint));
    if (vm.serialPorts.some((s) => s.remote && s.connected))
      errors.push(issue('RemoteSerialPort', MSG.serial));
  }

  // Remote (VMRC) device backings survive a live migration only when both hosts are 7.0 or later.
  if (live) {
    const remote = vm.cdroms.some((c) => c.connected && c.backing.type === 'remoteIso');
    if (
      remote &&
      (!isAtLeast(srcHost.version, REMOTE_DEVICE_MIN_ESXI) ||
        !isAtLeast(dstHost.version, REMOTE_DEVICE_MIN_ESXI))
    ) {
      errors.push(issue('RemoteDeviceNotSupported', MSG.remoteDevice));
    }
  }

  for (let i = 0; i < vm.cdroms.length; i++) {
    const cd = vm.cdroms[i];
    if (!cdromAccessible(world, cd, srcHost, dstHost, plan.crossVc)) {
      const msg = MSG.device(srcHost.name, dstHost.name, cd.label, backingLabel(world, cd));
      (cd.connected ? errors : warnings).push(issue('DeviceNotAccessible', msg));
    }
  }

  for (let i = 0; i < plan.nics.length; i++) {
    const nic = plan.nics[i];
    const net = world.networks.get(nic.toNetworkId);
    const accessible =
      !!net && net.vcenterId === dstHost.vcenterId && dstHost.networkIds.includes(nic.toNetworkId);
    if (!accessible && nic.connected && live) {
      errors.push(issue('NetworkNotAccessible', MSG.network(nic.label, net?.name ?? nic.toNetworkId)));
    } else if (!accessible) {
      warnings.push(issue('NetworkNotAccessible', MSG.network(nic.label, net?.name ?? nic.toNetworkId)));
    }
  }

  // Space each destination datastore needs, in first-seen order (a VM has a few disks: two short
  // arrays, no Map and no iterator objects).
  let needIds: string[] = [];
  let needGB: number[] = [];
  for (let i = 0; i < plan.disks.length; i++) {
    const d = plan.disks[i];
    const ds = world.datastores.get(d.toDatastoreId);
    if (!ds || !dstHost.datastoreIds.includes(d.toDatastoreId)) {
      errors.push(
        issue(
          'DatastoreNotAccessible',
          `The datastore '${ds?.name ?? d.toDatastoreId}' is not accessible from host '${dstHost.name}'.`,
          d.copy
            ? undefined
            : 'Change both compute resource and storage to move the disks with the virtual machine.',
        ),
      );
      continue;
    }
    if (d.copy) {
      const gb = planDiskConsumedGB(d);
      const at = needIds.indexOf(d.toDatastoreId);
      if (at >= 0) needGB[at] += gb;
      else if (needIds.length === 0) {
        // Usually the one datastore: arrays of size one rather than push's growth step.
        needIds = [d.toDatastoreId];
        needGB = [0 + gb];
      } else {
        needIds.push(d.toDatastoreId);
        needGB.push(0 + gb);
      }
    }
  }
  for (let i = 0; i < needIds.length; i++) {
    const dsId = needIds[i];
    if (space.datastoreFreeGB(dsId) - (reservedGB.get(dsId) ?? 0) < needGB[i])
      errors.push(issue('InsufficientDiskSpace', MSG.space(world.datastores.get(dsId)!.name)));
  }

  const dstVc = world.vcenters.get(dstHost.vcenterId);
  if (dstVc?.cloud) {
    const pool = plan.resourcePoolId ? world.resourcePools.get(plan.resourcePoolId) : undefined;
    const badDs = plan.disks.some((d) => world.datastores.get(d.toDatastoreId)?.name !== 'WorkloadDatastore');
    if (pool?.name !== 'Compute-ResourcePool' || badDs) {
      errors.push(
        issue(
          'NoPermission',
          'Permission to perform this operation was denied.',
          'In VMware Cloud, place workloads in the Compute-ResourcePool resource pool and on WorkloadDatastore.',
        ),
      );
    }
  }
  return { errors, warnings };
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

/** Memory demand share of a host: powered-on VM memory over host memory (DRS's balance metric). */
export function vmLoadOnHost(vm: VmRec, host: HostRec): number {
  return vm.powerState === 'poweredOn' ? vm.memoryMB / (host.memoryGB * 1024) : 0;
}
