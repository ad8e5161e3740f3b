/**
 * What a migration request resolves to: one plan per VM (destination host, disks, NICs, folder,
 * pool). The planner (plan.ts) builds plans, the compatibility checks read them, the runner carries
 * them out; this module is what they share.
 */
import type { CompatibilityResult, VmCompatibility } from '../../../shared/engine-api';
import type { DiskFormat } from '../../../shared/scenario-schema';
import type { HostRec, VmRec } from '../../../shared/world-types';

/** What happens to one disk. */
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

/** GB a copied disk takes on its destination datastore: thin takes what is used, thick its size. */
export function planDiskConsumedGB(d: DiskPlan): number {
  return d.toFormat === 'thin' ? d.usedGB : d.sizeGB;
}

/** Which network one NIC ends up on. */
export interface NicPlan {
  key: number;
  label: string;
  fromNetworkId: string;
  toNetworkId: string;
  connected: boolean;
}

/** One VM's move. */
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

/** A plan with the result of its compatibility checks. */
export type CheckedPlan = VmPlan & { check: VmCompatibility };

/** What the planner needs from the running engine. */
export interface PlanContext {
  /** Load of a host including migrations already heading there (spreads a batch over a cluster). */
  hostLoad(hostId: string): number;
  /** Space already claimed on datastores by copies in flight. */
  reservedGB: ReadonlyMap<string, number>;
  /** The task of a migration the VM is already in, if any. */
  migratingTask(vmId: string): string | null;
}

/** A request resolved and checked: what the wizard's panel shows and what Finish starts. */
export interface ResolvedRequest {
  plans: CheckedPlan[];
  compatibility: CompatibilityResult;
  initiatingVcenterId: string;
  /** The other vCenter of a cross-vCenter request (where the second task is). */
  remoteVcenterId: string | null;
  isImport: boolean;
}
