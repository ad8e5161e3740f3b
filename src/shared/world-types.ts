/**
 * The normalised lab world: every inventory object stored once, by id, with parent ids. Trees are
 * derived for views (src/main/engine/world/inventory-tree.ts). Ids look like vSphere managed object
 * references prefixed with the vCenter key ("vcsa01:vm-1042") so they are unique across the lab.
 */
import type { DiskFormat, DrsMode, PowerState } from './scenario-schema';

export type ObjectKind =
  | 'vcenter'
  | 'datacenter'
  | 'folder'
  | 'cluster'
  | 'host'
  | 'resourcePool'
  | 'datastore'
  | 'network'
  | 'dvSwitch'
  | 'vm';

export interface Certificate {
  thumbprint: string;
  issuer: string;
  subject: string;
  validFrom: string;
  validTo: string;
}

export interface VCenterRec {
  id: string;
  kind: 'vcenter';
  key: string;
  name: string;
  version: string;
  build: string;
  ssoDomain: string;
  users: { user: string; password: string }[];
  certificate: Certificate;
  cloud: boolean;
  reachable: boolean;
  license: 'standard' | 'enterprisePlus';
  linkedModeGroup: string | null;
  /**
   * Round-trip time (ms) between this vCenter's site and another vCenter's site, by the other
   * vCenter's id; kept on both sides. Absent pairs are on one LAN (no delay modelled).
   */
  siteRttMs?: Record<string, number>;
}

export interface DatacenterRec {
  id: string;
  kind: 'datacenter';
  vcenterId: string;
  name: string;
}

export interface ClusterRec {
  id: string;
  kind: 'cluster';
  vcenterId: string;
  datacenterId: string;
  name: string;
  drs: DrsMode;
  evc: string | null;
}

export type MaintenanceState = 'none' | 'entering' | 'inMaintenance';

export interface HostRec {
  id: string;
  kind: 'host';
  vcenterId: string;
  datacenterId: string;
  clusterId: string | null;
  name: string;
  version: string;
  build: string;
  cpu: { vendor: 'intel' | 'amd'; generation: string; sockets: number; coresPerSocket: number; mhz: number };
  memoryGB: number;
  vmotion: { enabled: boolean; linkGbps: number };
  connectionState: 'connected' | 'disconnected' | 'notResponding';
  maintenance: MaintenanceState;
  datastoreIds: string[];
  networkIds: string[];
  /** TCP ports a firewall blocks on this host (902 NFC, 8000 vMotion); absent = none (engine/network-paths.ts). */
  blockedPorts?: number[];
  /**
   * CPU usage of the host in percent, as its summary shows it (load from workloads the lab does not
   * model VM by VM); absent = idle. High-priority vMotion needs headroom (engine/vmotion-priority.ts).
   */
  cpuUsagePercent?: number;
}

export interface ResourcePoolRec {
  id: string;
  kind: 'resourcePool';
  vcenterId: string;
  clusterId: string;
  /** Parent pool, or null for a pool directly under the cluster's root pool. */
  parentId: string | null;
  name: string;
}

export interface DatastoreRec {
  id: string;
  kind: 'datastore';
  vcenterId: string;
  datacenterId: string;
  name: string;
  type: 'VMFS' | 'NFS' | 'vSAN' | 'vVol';
  capacityGB: number;
  /** Space used by files that are not lab VM disks (ISOs, logs, other tenants). Free space is derived. */
  otherUsedGB: number;
}

export interface NetworkRec {
  id: string;
  kind: 'network';
  vcenterId: string;
  datacenterId: string;
  name: string;
  type: 'standard' | 'distributed';
  switchName: string;
  vlan: number;
}

export interface FolderRec {
  id: string;
  kind: 'folder';
  vcenterId: string;
  datacenterId: string;
  /** Parent VM folder, or null for a folder at the datacenter's VM folder root. */
  parentId: string | null;
  name: string;
}

export interface DiskRec {
  key: number;
  label: string;
  sizeGB: number;
  usedGB: number;
  format: DiskFormat;
  datastoreId: string;
}

export interface NicRec {
  key: number;
  label: string;
  networkId: string;
  mac: string;
  connected: boolean;
}

export type CdromBacking =
  | { type: 'none' }
  | { type: 'datastoreIso'; datastoreId: string; path: string }
  | { type: 'hostDevice'; device: string }
  | { type: 'remoteIso'; path: string };

export interface CdromRec {
  key: number;
  label: string;
  backing: CdromBacking;
  connected: boolean;
}

export interface VmRec {
  id: string;
  kind: 'vm';
  vcenterId: string;
  datacenterId: string;
  name: string;
  /** BIOS UUID and instance UUID are preserved across every migration. */
  uuid: string;
  instanceUuid: string;
  powerState: PowerState;
  cpu: number;
  memoryMB: number;
  hardwareVersion: number;
  guestOs: string;
  hostId: string;
  folderId: string | null;
  resourcePoolId: string | null;
  disks: DiskRec[];
  nics: NicRec[];
  cdroms: CdromRec[];
  serialPorts: { remote: boolean; connected: boolean }[];
  ipAddress: string | null;
  dirtyRateMBps: number;
  pinned: boolean;
  /**
   * VMware Tools is installed in the guest (guest shutdown and reboot need it running). Labs saved
   * before this field existed lack it: only `false` means not installed.
   */
  toolsInstalled: boolean;
}

export type InventoryRec =
  | VCenterRec
  | DatacenterRec
  | ClusterRec
  | HostRec
  | ResourcePoolRec
  | DatastoreRec
  | NetworkRec
  | FolderRec
  | VmRec;

/** Space a disk takes on its datastore: thin disks take what is written, thick ones their size. */
export function diskConsumedGB(disk: Pick<DiskRec, 'format' | 'sizeGB' | 'usedGB'>): number {
  return disk.format === 'thin' ? disk.usedGB : disk.sizeGB;
}
