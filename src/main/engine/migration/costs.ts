/** What a migration holds against the concurrency limits while it runs (reference "Concurrency"). */
import {
  addCost,
  COST_SHARED_NOTHING_HOST,
  COST_SVMOTION_DATASTORE,
  COST_SVMOTION_HOST,
  COST_VMOTION_DATASTORE,
  COST_VMOTION_HOST,
  type MigrationCosts,
} from '../limits';
import type { VmPlan } from './plan-types';

/**
 * The cost model of a plan: a vMotion takes a network slot on both hosts; each host pays the cost
 * of the kind of move; a Storage vMotion costs its source and destination datastores more than a
 * move that leaves the disks where they are.
 */
export function costsFor(p: VmPlan): MigrationCosts {
  const src = p.srcHost.id;
  const dst = p.dstHost.id;
  const vmotion = p.live && p.hostChange;
  const hostCost = vmotion
    ? p.storageChange
      ? COST_SHARED_NOTHING_HOST
      : COST_VMOTION_HOST
    : p.storageChange
      ? COST_SVMOTION_HOST
      : COST_VMOTION_HOST;
  const costs: MigrationCosts = {
    network: vmotion ? [src, dst] : [],
    host: { ids: [], costs: [] },
    datastore: { ids: [], costs: [] },
  };
  addCost(costs.host, src, hostCost);
  addCost(costs.host, dst, hostCost);
  const copies = p.disks.filter((d) => d.copy);
  for (const d of copies) {
    addCost(costs.datastore, d.fromDatastoreId, COST_SVMOTION_DATASTORE);
    addCost(costs.datastore, d.toDatastoreId, COST_SVMOTION_DATASTORE);
  }
  if (copies.length === 0)
    for (const d of p.disks) addCost(costs.datastore, d.fromDatastoreId, COST_VMOTION_DATASTORE);
  return costs;
}
