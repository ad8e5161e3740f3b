/**
 * Faults an admin arms for training and tests, and the one table of what each kind does: where in
 * a migration it strikes and the vSphere error the tasks end with. Adding a fault kind is a row in
 * FAULTS (and the kind in the contract's faultKinds).
 */
import type { ArmedFault, FaultKind } from '../../shared/engine-api';
import type { VmPlan } from './migration/plan-types';
import { MSG } from './vsphere-messages';
import type { World } from './world/world';

/**
 * Moments of a migration where a fault can strike; the phase table (migration/phases.ts) says
 * which phase is which moment.
 */
export type FaultSite =
  /** Preparing the destination of a migration that also moves data. */
  | 'prepareDestination'
  /** Preparing the destination of a migration that moves no data (a cold compute-only move). */
  | 'prepareDestinationOnly'
  /** Copying a disk alongside the memory of a vMotion (over the vMotion network, mirrored). */
  | 'diskCopyWithVmotion'
  /** Copying a disk otherwise (Storage vMotion's data mover, or NFC for a powered-off VM). */
  | 'diskCopy'
  /** The first pass of the memory pre-copy, when the destination host first takes the stream. */
  | 'memoryPrecopy'
  | 'switchover';

interface FaultRow {
  /** Where it strikes (halfway through the first such phase the migration reaches). */
  strikesAt: readonly FaultSite[];
  /** The error both tasks end with. */
  message(plan: VmPlan, world: World): string;
}

/** Every fault kind: where it strikes and the error it leaves. */
export const FAULTS: Record<FaultKind, FaultRow> = {
  destinationHostLost: {
    strikesAt: ['prepareDestinationOnly', 'diskCopy', 'memoryPrecopy'],
    message: (plan) => MSG.hostLost(plan.dstHost.name),
  },
  datastoreFull: {
    strikesAt: ['prepareDestinationOnly', 'diskCopyWithVmotion', 'diskCopy'],
    message: (plan, world) => {
      const disk = plan.disks.find((d) => d.copy) ?? plan.disks[0];
      return MSG.space((disk && world.datastores.get(disk.toDatastoreId)?.name) || '—');
    },
  },
  timeout: {
    strikesAt: ['prepareDestination', 'prepareDestinationOnly'],
    message: () => MSG.timeout,
  },
  failToResume: {
    strikesAt: ['switchover'],
    message: () => MSG.failToResume,
  },
};

/** FAULTS read the other way: the kinds that can strike at each site. */
const kindsAt = new Map<FaultSite, FaultKind[]>();
for (const [kind, row] of Object.entries(FAULTS) as [FaultKind, FaultRow][])
  for (const site of row.strikesAt) kindsAt.set(site, [...(kindsAt.get(site) ?? []), kind]);

/** The fault kinds that can strike at a site (none when the phase has no site). */
export function faultsAt(site: FaultSite | null): readonly FaultKind[] {
  return (site && kindsAt.get(site)) || [];
}

/**
 * The armed faults. Each fires once, in the next migration (of the named VM, or any) that reaches
 * a phase where such a failure happens in real life.
 */
export class FaultBox {
  private armed: ArmedFault[] = [];
  private counter = 0;

  inject(kind: FaultKind, vmId: string | null): ArmedFault {
    const f: ArmedFault = { id: `fault-${++this.counter}`, kind, vmId };
    this.armed.push(f);
    return f;
  }

  list(): ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** Takes the first armed fault that applies to this migration (by VM and by what it does). */
  claim(vmId: string, applies: (kind: FaultKind) => boolean): FaultKind | null {
    const i = this.armed.findIndex((f) => (f.vmId === null || f.vmId === vmId) && applies(f.kind));
    if (i < 0) return null;
    return this.armed.splice(i, 1)[0].kind;
  }

  /** A VM re-registered under a new id keeps the faults aimed at it. */
  rekey(oldId: string, newId: string): void {
    for (const f of this.armed) if (f.vmId === oldId) f.vmId = newId;
  }
}
