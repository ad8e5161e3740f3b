/**
 * What the Migrate and Import VMs wizards list on their placement pages: compute resources, datastores,
 * VM folders, networks and the VMs of a vCenter. Read-only views of the world, each read with the
 * caller's session on that vCenter (a wizard can only list what the signed-in user could see).
 */
import { z } from 'zod';
import type { DiskFormat, PowerState } from './scenario-schema';

const id = z.string().min(1).max(200);

/** One row of the "Select a compute resource" tree: datacenters group clusters and standalone hosts. */
export interface ComputeResourceRow {
  id: string;
  name: string;
  kind: 'datacenter' | 'cluster' | 'host' | 'resourcePool';
  /** The row this one sits under (null for a datacenter). */
  parentId: string | null;
  /** Depth in the tree, 0 for a datacenter. */
  level: number;
  /** Datacenters only group; everything else can be the destination. */
  selectable: boolean;
  /** The cluster a host or pool belongs to (what the request's clusterId becomes for a pool). */
  clusterId: string | null;
  /** Short description: "ESXi 7.0.3", "DRS Fully automated · EVC intel-cascadelake", … */
  detail: string;
  /** Why the host would refuse a VM, e.g. "Maintenance mode", "Disconnected"; null when usable. */
  state: string | null;
  /**
   * For a cluster (or a pool of one) whose DRS is off or not fully automated: the product's reason
   * a request must name one of its hosts instead (RelocateVM_Task's placement rule); otherwise null.
   */
  hostRequired?: string | null;
}

/** A VM storage policy on "Select storage" (besides "Keep existing" and "Datastore Default"). */
export interface StoragePolicyRow {
  id: string;
  name: string;
  description: string;
}

/** One row of the "Select storage" table. Sizes in GB; Provisioned counts thin disks at full size. */
export interface DatastoreRow {
  id: string;
  name: string;
  type: 'VMFS' | 'NFS' | 'vSAN' | 'vVol';
  capacityGB: number;
  provisionedGB: number;
  freeGB: number;
  /** Hosts of the chosen destination that mount it, of how many. */
  hostsMounting: number;
  hostsTotal: number;
}

/** One row of the "Select folder" tree (VM folders under their datacenters). */
export interface FolderRow {
  id: string;
  name: string;
  kind: 'datacenter' | 'folder';
  parentId: string | null;
  level: number;
  datacenterId: string;
  /** A datacenter row stands for its VM folder root, which the engine cannot take as a folder id. */
  selectable: boolean;
}

/** A port group a destination reaches. */
export interface NetworkRow {
  id: string;
  name: string;
  type: 'standard' | 'distributed';
  switchName: string;
  vlan: number;
}

export interface PlacementNic {
  key: number;
  label: string;
  networkId: string;
  networkName: string;
  connected: boolean;
}

export interface PlacementDisk {
  key: number;
  label: string;
  sizeGB: number;
  usedGB: number;
  format: DiskFormat;
  datastoreId: string;
  datastoreName: string;
}

/** A VM as the wizards show it: the Import VMs picker, the per-NIC network table, the summary. */
export interface PlacementVm {
  id: string;
  name: string;
  vcenterId: string;
  powerState: PowerState;
  hostId: string;
  hostName: string;
  clusterName: string | null;
  /** "Datacenter / Folder / Sub-folder". */
  folderPath: string;
  cpu: number;
  memoryMB: number;
  guestOs: string;
  /** Space the disks take now (thin disks count what is written). */
  usedGB: number;
  provisionedGB: number;
  nics: PlacementNic[];
  disks: PlacementDisk[];
}

/** Argument schemas of the placement calls (referenced by contract.ts). */
export const placementArgs = {
  vcenter: z.strictObject({ vcenterId: id }),
  /** Hosts or clusters (or a mix) of one vCenter: what they all reach is listed. */
  targets: z.strictObject({ vcenterId: id, targetIds: z.array(id).min(1).max(1000) }),
  vms: z.strictObject({ vcenterId: id, vmIds: z.array(id).min(1).max(1000).optional() }),
} as const;
