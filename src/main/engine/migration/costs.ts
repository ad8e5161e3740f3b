/** What a migration holds against the concurrency limits while it runs (reference "Concurrency"). */
import {
  addCost,
  COST_PROVISIONING_HOST,
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
 * move that leaves the disks where they are. A powered-off VM that changes host is a cold migration,
 * one of the "other provisioning operations" of the limits table: cost 1 on each host, no network
 * slot (its copy goes over NFC, not the vMotion network) and no datastore cost (datastore limits
 * apply to vMotion and Storage vMotion only). Its NFC copies share the host's NFC throughput instead
 * (timing.ts nfcCopyMBps).
 */
export function costsFor(p: VmPlan): MigrationCosts {
  const src = p.srcHost.id;
  const dst = p.dstHost.id;
  const vmotion = p.live && p.hostChange;
  const costs: MigrationCosts = {
    network: vmotion ? [src, dst] : [],
    host: { ids: [], costs: [] },
    datastore: { ids: [], costs: [] },
  };
  if (isColdRelocation(p)) {
    addCost(costs.host, src, COST_PROVISIONING_HOST);
    addCost(costs.host, dst, COST_PROVISIONING_HOST);
    return costs;
  }
  const hostCost = vmotion
    ? p.storageChange
      ? COST_SHARED_NOTHING_HOST
      : COST_VMOTION_HOST
    : p.storageChange
      ? COST_SVMOTION_HOST
      : COST_VMOTION_HOST;
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

/** A powered-off (or suspended) VM moving to another host: its files go over NFC. */
export function isColdRelocation(p: Pick<VmPlan, 'live' | 'hostChange'>): boolean {
  return !p.live && p.hostChange;
}
