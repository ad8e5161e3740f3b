/**
 * Network paths between hosts and sites, as lab controls: TCP ports a firewall blocks on a host, and
 * the round-trip time between two vCenters' sites. The state lives in the world's records (HostRec
 * `blockedPorts`, VCenterRec `siteRttMs`), so it is saved with the lab and a reset brings back what
 * the scenario says. What a blocked path does to a migration is one row per port in PORTS; the
 * long-distance rule and the bandwidth-delay effect are here and in migration/timing.ts.
 */
import { networkPorts, type HostNetworkPaths, type NetworkPort } from '../../shared/engine-api';
import { formatPath, LabFault } from '../../shared/result';
import type { HostRec } from '../../shared/world-types';
import type { EngineCore } from './core';
import type { PhaseKind } from './migration/phase-types';
import type { VmPlan } from './migration/plan-types';
import { MSG } from './vsphere-messages';
import type { World } from './world/world';

/**
 * How long the compatibility check of a cross vCenter migration waits on an NFC connection that
 * never opens before vCenter gives up with "Compatibility check took too long to complete" (model:
 * KB 393932 gives no figure; admins report minutes, the lab uses 2).
 */
export const COMPATIBILITY_CHECK_TIMEOUT_MS = 120_000;
/** ESXi's Migrate.NetTimeout: a vMotion stream that receives nothing fails after 20 s. */
export const VMOTION_NET_TIMEOUT_MS = 20_000;
/** An NFC connection attempt to a blocked port 902 gives up after this long (model). */
export const NFC_CONNECT_TIMEOUT_MS = 30_000;
/** Long-distance vMotion is supported up to this round-trip time between the hosts (vSphere docs). */
export const LONG_DISTANCE_MAX_RTT_MS = 150;

/** A migration phase that fails because a path is blocked: after how long, and with what error. */
export interface PathFailure {
  afterMs: number;
  message: string;
}

interface PortRow {
  /** What the port carries, as the Network paths control names it. */
  service: string;
  /** Whether a phase of this plan needs the port on its hosts (before any timeout). */
  usedBy(plan: VmPlan, phase: PhaseKind): boolean;
  /** The failure when it is blocked on the source or destination host. */
  failure(plan: VmPlan, blockedOn: HostRec): PathFailure;
}

/** Every port a lab control can block: which phases use it and how they fail without it. */
const PORTS: Record<NetworkPort, PortRow> = {
  902: {
    service: 'NFC (disk copies of powered-off VMs, cross vCenter checks)',
    // A powered-off VM that changes host is copied and registered over NFC. (Cross vCenter
    // migrations meet the blocked port earlier, in their compatibility check: nfcCheckHangs.)
    usedBy: (plan, phase) => !plan.live && plan.hostChange && (phase === 'copy' || phase === 'register'),
    failure: (_plan, host) => ({ afterMs: NFC_CONNECT_TIMEOUT_MS, message: MSG.nfcConnectFailed(host.name) }),
  },
  8000: {
    service: 'vMotion (memory and disk streams of powered-on VMs)',
    // The first data a vMotion sends: a disk mirrored over the vMotion network, or memory pre-copy.
    usedBy: (plan, phase) => plan.live && plan.hostChange && (phase === 'copy' || phase === 'precopyPass'),
    failure: () => ({ afterMs: VMOTION_NET_TIMEOUT_MS, message: MSG.vmotionNetwork }),
  },
};

/** True when a firewall blocks `port` on the host. */
export function isPortBlocked(host: HostRec, port: NetworkPort): boolean {
  return host.blockedPorts?.includes(port) ?? false;
}

/** The failure a blocked port causes in this phase of the plan, or null when its paths are open. */
export function pathFailure(plan: VmPlan, phase: PhaseKind): PathFailure | null {
  for (const port of networkPorts) {
    const row = PORTS[port];
    if (!row.usedBy(plan, phase)) continue;
    const blockedOn = [plan.dstHost, plan.srcHost].find((h) => isPortBlocked(h, port));
    if (blockedOn) return row.failure(plan, blockedOn);
  }
  return null;
}

/**
 * A cross vCenter migration's compatibility check opens NFC between the hosts (KB 393932): with port
 * 902 blocked on either host it hangs until COMPATIBILITY_CHECK_TIMEOUT_MS and then fails.
 */
export function nfcCheckHangs(plan: Pick<VmPlan, 'crossVc' | 'srcHost' | 'dstHost'>): boolean {
  return plan.crossVc && (isPortBlocked(plan.srcHost, 902) || isPortBlocked(plan.dstHost, 902));
}

/** Round-trip time between two hosts' sites in ms (0 on one site: same vCenter or no RTT set). */
export function hostsRttMs(world: World, a: HostRec, b: HostRec): number {
  return siteRttMs(world, a.vcenterId, b.vcenterId);
}

/** Round-trip time between two vCenters' sites in ms (0 for the same vCenter or no RTT set). */
export function siteRttMs(world: World, vcenterA: string, vcenterB: string): number {
  if (vcenterA === vcenterB) return 0;
  return world.vcenters.get(vcenterA)?.siteRttMs?.[vcenterB] ?? 0;
}

/** Sets the round-trip time between two vCenters' sites on both records (0 removes the pair). */
export function setSiteRtt(world: World, vcenterA: string, vcenterB: string, rttMs: number): void {
  const a = world.vcenters.get(vcenterA);
  const b = world.vcenters.get(vcenterB);
  if (!a)
    throw new LabFault('not-found', `There is no vCenter "${vcenterA}" in this lab.`, { field: 'vcenterId' });
  if (!b)
    throw new LabFault('not-found', `There is no vCenter "${vcenterB}" in this lab.`, {
      field: 'otherVcenterId',
    });
  if (a.id === b.id)
    throw new LabFault('invalid-argument', 'A round-trip time is between two different vCenters.', {
      field: 'otherVcenterId',
    });
  for (const [from, to] of [
    [a, b],
    [b, a],
  ]) {
    const map = { ...from.siteRttMs };
    if (rttMs > 0) map[to.id] = rttMs;
    else delete map[to.id];
    if (Object.keys(map).length) from.siteRttMs = map;
    else delete from.siteRttMs;
  }
}

/**
 * The round-trip times a scenario file gives (`siteRttMs` on a vCenter, by the other's key), kept on
 * both vCenters of each pair. A key that names no other vCenter is refused with its field.
 */
export function applyScenarioSiteRtts(
  world: World,
  vcenters: readonly { key: string; siteRttMs?: Record<string, number> }[],
): void {
  vcenters.forEach((vc, vi) => {
    for (const [key, ms] of Object.entries(vc.siteRttMs ?? {})) {
      const other = world.vcenters.get(`${key}:vcenter`);
      if (!other || key === vc.key) {
        const field = formatPath(['vcenters', vi, 'siteRttMs', key]);
        throw new LabFault('invalid-scenario', `${field}: no other vCenter with key "${key}" in the lab`, {
          field,
        });
      }
      setSiteRtt(world, `${vc.key}:vcenter`, other.id, ms);
    }
  });
}

/** Blocks or unblocks a port on a host; answers the host's network paths. */
export function setPortBlocked(
  world: World,
  hostId: string,
  port: number,
  blocked: boolean,
): HostNetworkPaths {
  const host = hostOf(world, hostId);
  if (!(networkPorts as readonly number[]).includes(port))
    throw new LabFault(
      'invalid-argument',
      `Port ${port} cannot be blocked in the lab: choose ${networkPorts.join(' (NFC) or ')} (vMotion).`,
      { field: 'port' },
    );
  const ports = new Set(host.blockedPorts ?? []);
  if (blocked) ports.add(port);
  else ports.delete(port);
  if (ports.size) host.blockedPorts = [...ports].sort((x, y) => x - y);
  else delete host.blockedPorts;
  return hostNetworkPaths(world, hostId);
}

/**
 * Records a port the lab control blocked or opened, on the host's vCenter (a lab event: vCenter
 * itself never sees a firewall between sites, but the learner's history and the grader should).
 */
export function logPortChange(core: EngineCore, host: HostRec, port: NetworkPort, blocked: boolean): void {
  const service = port === 902 ? 'NFC' : 'vMotion';
  core.addEvent(
    host.vcenterId,
    blocked ? 'LabNetworkPathBlockedEvent' : 'LabNetworkPathOpenedEvent',
    blocked
      ? `Lab control: TCP ${port} (${service}) to and from host ${host.name} is blocked`
      : `Lab control: TCP ${port} (${service}) to and from host ${host.name} is open again`,
    { severity: blocked ? 'warning' : 'info', objectId: host.id, objectName: host.name },
  );
}

/** Sets a host's CPU usage (percent); answers its network paths (which show the usage too). */
export function setHostCpuUsage(world: World, hostId: string, percent: number): HostNetworkPaths {
  const host = hostOf(world, hostId);
  if (!(percent >= 0 && percent <= 100))
    throw new LabFault('invalid-argument', 'CPU usage is a percentage from 0 to 100.', { field: 'percent' });
  if (percent > 0) host.cpuUsagePercent = percent;
  else delete host.cpuUsagePercent;
  return hostNetworkPaths(world, hostId);
}

/** A host's ports, its site's round-trip times to the other vCenters, and its CPU usage. */
export function hostNetworkPaths(world: World, hostId: string): HostNetworkPaths {
  const host = hostOf(world, hostId);
  return {
    hostId: host.id,
    hostName: host.name,
    ports: networkPorts.map((port) => ({
      port,
      service: PORTS[port].service,
      blocked: isPortBlocked(host, port),
    })),
    siteRtts: [...world.vcenters.values()]
      .filter((vc) => vc.id !== host.vcenterId)
      .map((vc) => ({
        vcenterId: vc.id,
        vcenterName: vc.name,
        rttMs: siteRttMs(world, host.vcenterId, vc.id),
      })),
    cpuUsagePercent: host.cpuUsagePercent ?? 0,
  };
}

function hostOf(world: World, hostId: string): HostRec {
  const host = world.hosts.get(hostId);
  if (!host)
    throw new LabFault('not-found', `There is no host "${hostId}" in this lab.`, { field: 'hostId' });
  return host;
}
