/**
 * The phase table of a migration: which phases it goes through (planPhases), where each one ends on
 * the progress bar, which faults can strike in it (by its fault site, see faults.ts), and what it
 * does as it begins (PHASES): how long it takes, the detail line its tasks show, and its effects.
 */
import type { EngineCore } from '../core';
import { faultsAt } from '../faults';
import type { PingMonitors } from '../ping';
import type { RemoteDevices } from '../remote-devices';
import { COMPATIBILITY_CHECK_TIMEOUT_MS, hostsRttMs, nfcCheckHangs } from '../network-paths';
import { isColdRelocation } from './costs';
import type { Migration } from './migration';
import type { Phase, PhaseKind } from './phase-types';
import type { VmPlan } from './plan-types';
import {
  copyGB,
  DATAMOVER_MBPS,
  DISK_OVER_VMOTION_CAP_MBPS,
  formatMB,
  nfcCopyMBps,
  precopyPasses,
  switchoverMs,
  vmotionBandwidthMBps,
} from './timing';

/** Where phases end on the progress bar (%); disk copies and pre-copy passes share out the gaps. */
const PROGRESS = {
  checks: 5,
  prepareDestination: 8,
  prepareSource: 10,
  /** Disk copies end here when memory pre-copy follows them. */
  disksBeforeMemory: 60,
  memory: 90,
  switchover: 95,
  cleanup: 100,
} as const;

const NONE = faultsAt(null);

/** The phases a plan goes through, in order. */
export function planPhases(p: VmPlan): Phase[] {
  const vmotion = p.live && p.hostChange;
  const movesData = p.storageChange || vmotion;
  const phases: Phase[] = [
    { kind: 'checks', name: 'Compatibility checks', progressTo: PROGRESS.checks, faults: NONE },
    {
      kind: 'prepareDestination',
      name: p.crossVc
        ? 'Prepare destination (vMotion receive on the destination vCenter Server)'
        : 'Prepare destination',
      progressTo: PROGRESS.prepareDestination,
      faults: faultsAt(movesData ? 'prepareDestination' : 'prepareDestinationOnly'),
    },
    { kind: 'prepareSource', name: 'Prepare source', progressTo: PROGRESS.prepareSource, faults: NONE },
  ];
  const copies = p.disks.filter((d) => d.copy);
  const disksEnd = vmotion ? PROGRESS.disksBeforeMemory : PROGRESS.memory;
  const from = PROGRESS.prepareSource;
  copies.forEach((disk, i) =>
    phases.push({
      kind: 'copy',
      name: `Copy ${disk.label}`,
      progressTo: Math.round(from + ((disksEnd - from) * (i + 1)) / copies.length),
      faults: faultsAt(vmotion ? 'diskCopyWithVmotion' : 'diskCopy'),
      disk,
    }),
  );
  if (vmotion) {
    phases.push({
      kind: 'precopy',
      name: 'Memory pre-copy',
      progressTo: PROGRESS.memory,
      faults: faultsAt('memoryPrecopy'),
      memFrom: copies.length ? disksEnd : from,
      vm: p.vm,
    });
  }
  if (p.live) {
    phases.push({
      kind: 'switchover',
      name: p.hostChange ? 'Switchover' : 'Switchover (fast suspend/resume)',
      progressTo: PROGRESS.switchover,
      faults: faultsAt('switchover'),
    });
  } else {
    phases.push({
      kind: 'register',
      name: 'Register virtual machine on destination',
      progressTo: PROGRESS.switchover,
      faults: NONE,
    });
  }
  phases.push({ kind: 'cleanup', name: 'Clean-up', progressTo: PROGRESS.cleanup, faults: NONE });
  return phases;
}

/**
 * Memory pre-copy as passes at the bandwidth the link gives now (they replace the pre-copy phase),
 * and the memory left for the switchover.
 */
export function precopyPassPhases(
  core: EngineCore,
  m: Migration,
  precopy: Extract<Phase, { kind: 'precopy' }>,
): { passes: Phase[]; remainder: { mb: number; bw: number } } {
  const bw = bandwidth(core, m.plan);
  const vm = core.world.vms.get(m.vmId) ?? precopy.vm;
  const { passes, remainderMB } = precopyPasses(vm.memoryMB, vm.dirtyRateMBps, bw);
  const total = passes.reduce((s, x) => s + x.sentMB, 0);
  const { memFrom } = precopy;
  let sent = 0;
  const phases = passes.map((pass, i): Phase => {
    sent += pass.sentMB;
    return {
      kind: 'precopyPass',
      name: `Memory pre-copy pass ${i + 1}`,
      progressTo: Math.round(memFrom + ((PROGRESS.memory - memFrom) * sent) / total),
      faults: i === 0 ? faultsAt('memoryPrecopy') : NONE,
      pass,
      bw,
    };
  });
  return { passes: phases, remainder: { mb: remainderMB, bw } };
}

/** What a phase needs from the engine as it begins. */
export interface PhaseContext {
  core: EngineCore;
  remote: RemoteDevices;
  ping: PingMonitors;
  /** Cold (NFC) disk copies running now that involve the host, this one included. */
  nfcCopiesOn(hostId: string): number;
}

/** A phase that has begun: how long it takes (ms) and the detail line its tasks show. */
export interface PhaseStart {
  ms: number;
  detail?: string;
}

type Begin<K extends PhaseKind> = (
  ctx: PhaseContext,
  m: Migration,
  phase: Extract<Phase, { kind: K }>,
) => PhaseStart;

/** What each phase does as it begins. */
const PHASES: { [K in PhaseKind]: Begin<K> } = {
  // A cross vCenter check over a blocked NFC path hangs until vCenter gives up (network-paths.ts);
  // the recheck at its end then fails the migration with the panel's message.
  checks: ({ core }, m) =>
    nfcCheckHangs(m.plan)
      ? { ms: COMPATIBILITY_CHECK_TIMEOUT_MS, detail: 'Waiting for the destination host (NFC, TCP 902)' }
      : { ms: between(core, 700, 1400) },
  prepareDestination: ({ core }, m) => {
    if (m.destTask) core.tasks.start(m.destTask);
    return { ms: between(core, 900, 1800) + (m.plan.crossVc ? between(core, 1000, 2000) : 0) };
  },
  prepareSource: ({ core }) => ({ ms: between(core, 400, 800) }),
  copy: ({ core, nfcCopiesOn }, { plan: p }, { disk }) => {
    const rate = !p.hostChange
      ? DATAMOVER_MBPS
      : p.live
        ? Math.min(bandwidth(core, p), DISK_OVER_VMOTION_CAP_MBPS)
        : nfcCopyMBps(
            Math.max(nfcCopiesOn(p.srcHost.id), nfcCopiesOn(p.dstHost.id)),
            hostsRttMs(core.world, p.srcHost, p.dstHost),
          );
    const mb = copyGB(disk) * 1024;
    const ds = core.world.datastores.get(disk.toDatastoreId)?.name || '—';
    return {
      ms: Math.max(200, Math.round((mb / rate) * 1000)),
      detail: `${formatMB(mb)} to [${ds}] at ${Math.round(rate)} MB/s`,
    };
  },
  precopy: () => {
    throw new Error('pre-copy is replaced by its passes before it begins');
  },
  precopyPass: (_ctx, _m, { pass, bw }) => ({
    ms: Math.max(1, Math.round(pass.seconds * 1000)),
    detail: `${formatMB(pass.sentMB)} at ${Math.round(bw)} MB/s${pass.sdps ? ', Stun During Page Send' : ''}`,
  }),
  switchover: ({ core, remote, ping }, m) => {
    passPointOfNoReturn(core, m);
    const rem = m.remainder;
    const ms = switchoverMs(rem?.mb ?? 16, rem?.bw ?? 1000, core.random.next());
    const vm = core.world.vms.get(m.vmId);
    if (vm && m.plan.hostChange) remote.beforeSwitchover(vm, m.plan.srcHost.name, m.sourceTask.id);
    ping.noteStun(m.vmId, ms);
    return { ms, detail: `VM stunned for ${ms} ms` };
  },
  register: ({ core }, m) => {
    passPointOfNoReturn(core, m);
    return { ms: between(core, 800, 1500) };
  },
  cleanup: ({ core }) => ({ ms: between(core, 600, 1400) }),
};

/** Begins a phase: does what it does at its start; returns how long it takes and its detail line. */
export function beginPhase(ctx: PhaseContext, m: Migration, phase: Phase): PhaseStart {
  return (PHASES[phase.kind] as Begin<PhaseKind>)(ctx, m, phase as never);
}

/** From the switchover (or registering a cold VM) on, the migration completes: no cancel. */
function passPointOfNoReturn(core: EngineCore, m: Migration): void {
  m.committed = true;
  core.tasks.setCancelable(m.sourceTask, false);
  if (m.destTask && m.destTask.state !== 'queued') core.tasks.setCancelable(m.destTask, false);
}

/** Bandwidth a vMotion gets now: the link shared by the vMotions on the busier end, over the sites' RTT. */
function bandwidth(core: EngineCore, p: VmPlan): number {
  const l = core.limits;
  return vmotionBandwidthMBps(
    p.srcHost.vmotion.linkGbps,
    p.dstHost.vmotion.linkGbps,
    Math.max(l.activeOnLink(p.srcHost.id), l.activeOnLink(p.dstHost.id)),
    hostsRttMs(core.world, p.srcHost, p.dstHost),
  );
}

/** A migration whose current phase is a cold (NFC) disk copy involving the host. */
export function isNfcCopyOn(m: Migration, hostId: string): boolean {
  const p = m.plan;
  return (
    m.state === 'running' &&
    isColdRelocation(p) &&
    m.phases[m.phaseIndex]?.kind === 'copy' &&
    (p.srcHost.id === hostId || p.dstHost.id === hostId)
  );
}

/** A whole number of ms between min and max from the lab's random source. */
const between = (core: EngineCore, min: number, max: number): number =>
  Math.round(min + core.random.next() * (max - min));
