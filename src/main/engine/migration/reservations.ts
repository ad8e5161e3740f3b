/**
 * Space on destination datastores claimed by disk copies not yet committed: a request is checked
 * against free space less what copies in flight will take, so two migrations cannot both count on
 * the same free space.
 */
import type { ReservedSpace } from '../compatibility';
import { planDiskConsumedGB, type VmPlan } from './plan-types';

export class DiskReservations {
  /** GB claimed per destination datastore by every copy in flight. */
  readonly total = new Map<string, number>();

  /** Claims what a plan's copies will take; returns the claim (per datastore) to release later. */
  claim(plan: VmPlan): ReadonlyMap<string, number> {
    const claim = new Map<string, number>();
    for (const d of plan.disks) if (d.copy) addSum(claim, d.toDatastoreId, planDiskConsumedGB(d));
    for (const [ds, gb] of claim) addSum(this.total, ds, gb);
    return claim;
  }

  release(claim: ReadonlyMap<string, number>): void {
    for (const [ds, gb] of claim) addSum(this.total, ds, -gb);
  }

  /** What every copy in flight but one (`own`, a claim) takes: to check that one again. */
  othersThan(own: ReadonlyMap<string, number>): ReservedSpace {
    return {
      get: (ds) => {
        const mine = own.get(ds);
        if (mine === undefined) return this.total.get(ds);
        const v = (this.total.get(ds) ?? 0) - mine;
        return Math.abs(v) < 1e-9 ? undefined : v;
      },
    };
  }
}

/** Adds to a running sum; a sum that reaches zero is dropped. */
function addSum(map: Map<string, number>, key: string, n: number): void {
  const v = (map.get(key) ?? 0) + n;
  if (Math.abs(v) < 1e-9) map.delete(key);
  else map.set(key, v);
}
