/**
 * What "Schedule vMotion with high priority" means: vCenter reserves CPU for the vMotion on both the
 * source and the destination host, and the vMotion does not proceed when a host cannot give it;
 * "Schedule regular vMotion" reserves nothing and always proceeds (reference "Placement rules",
 * vSphere docs "Migrate a Virtual Machine to a New Compute Resource", vMotion priority step).
 */
import type { HostRec } from '../../shared/world-types';
import type { VmPlan } from './migration/plan-types';
import { MSG } from './vsphere-messages';

/**
 * CPU one high-priority vMotion reserves on each of its hosts (model, after VMware's vMotion
 * performance guidance: about 30% of a core on 1 GbE, a whole core on 10 GbE and faster).
 */
export function vmotionCpuReservationMhz(host: HostRec): number {
  return Math.round(host.cpu.mhz * (host.vmotion.linkGbps >= 10 ? 1 : 0.3));
}

/** A host's CPU capacity in MHz (all cores at their clock). */
export function hostCpuCapacityMhz(host: HostRec): number {
  return host.cpu.sockets * host.cpu.coresPerSocket * host.cpu.mhz;
}

/** CPU a host can still reserve: capacity less its usage and less other vMotions' reservations. */
export function unreservedCpuMhz(host: HostRec, reservedByOthersMhz: number): number {
  const usage = Math.min(100, Math.max(0, host.cpuUsagePercent ?? 0));
  return Math.floor(hostCpuCapacityMhz(host) * (1 - usage / 100) - reservedByOthersMhz);
}

/** True when the plan is a vMotion (a powered-on VM changing host): the moves priority applies to. */
export function isVmotion(plan: Pick<VmPlan, 'live' | 'hostChange'>): boolean {
  return plan.live && plan.hostChange;
}

/**
 * Why a high-priority vMotion cannot start now (the source host is checked first), or null when
 * both hosts have the headroom. `reservedOn` is what other running high-priority vMotions hold.
 */
export function highPriorityRefusal(plan: VmPlan, reservedOn: (hostId: string) => number): string | null {
  if (!isVmotion(plan)) return null;
  for (const host of [plan.srcHost, plan.dstHost]) {
    const requested = vmotionCpuReservationMhz(host);
    const unreserved = unreservedCpuMhz(host, reservedOn(host.id));
    if (unreserved < requested) return MSG.highPriorityCpu(host.name, Math.max(0, unreserved), requested);
  }
  return null;
}
