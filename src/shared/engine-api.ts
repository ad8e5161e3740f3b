/**
 * Shapes and argument schemas of the migration engine's part of the contract: tasks, events,
 * compatibility results, migration requests, remote devices, DRS, maintenance mode, clock and ping.
 * The engine (src/main/engine) produces these plain objects; contract.ts references them so the UI
 * sees exactly what the engine keeps.
 */
import { z } from 'zod';
import type { ObjectKind } from './world-types';

const id = z.string().min(1).max(200);

// ---------------------------------------------------------------------------------------------------
// Tasks and events
// ---------------------------------------------------------------------------------------------------

export const taskStates = ['queued', 'running', 'success', 'error', 'cancelled'] as const;
export type TaskState = (typeof taskStates)[number];

/** One step of a task, with simulation timestamps (ms of sim time). */
export interface TaskPhase {
  name: string;
  startedAt: number;
  completedAt: number | null;
  /** What the step moved or decided, e.g. "4.0 GB at 2250 MB/s". */
  detail?: string;
}

/** Why a waiting task (e.g. "Enter maintenance mode") cannot finish yet, one line per object. */
export interface TaskWaitReason {
  targetId: string;
  targetName: string;
  reason: string;
}

/** A task as the vSphere Client's Recent Tasks pane shows it (shaped like vSphere's TaskInfo). */
export interface TaskInfo {
  id: string;
  vcenterId: string;
  /** Display name, e.g. "Relocate virtual machine", "Initiate vMotion receive operation". */
  name: string;
  targetId: string;
  targetName: string;
  targetKind: ObjectKind;
  /** user@domain, or "System" for DRS-initiated work. */
  initiator: string;
  state: TaskState;
  /** 0–100. */
  progress: number;
  queuedAt: number;
  startedAt: number | null;
  completedAt: number | null;
  error: string | null;
  /** The related task on the other vCenter of a cross-vCenter migration. */
  linkedTaskId: string | null;
  phases: TaskPhase[];
  cancelable: boolean;
  waitingFor: TaskWaitReason[];
  /** The engine's migration id when the task belongs to a migration. */
  migrationId: string | null;
}

export type EventSeverity = 'info' | 'warning' | 'error';

/** One entry of a vCenter's event log (Monitor > Events). */
export interface LabEvent {
  id: string;
  /** Increasing per vCenter, like vSphere's event key. */
  key: number;
  vcenterId: string;
  /** vSphere event class, e.g. "VmMigratedEvent", "EnteredMaintenanceModeEvent". */
  type: string;
  severity: EventSeverity;
  message: string;
  createdAt: number;
  user: string | null;
  objectId: string | null;
  objectName: string | null;
  taskId: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Compatibility and migration requests
// ---------------------------------------------------------------------------------------------------

/** One compatibility finding; `code` is the vSphere fault name where there is one. */
export interface CompatibilityIssue {
  code: string;
  message: string;
  /** Advice shown under the message (e.g. the EVC hint). */
  hint?: string;
}

export interface VmCompatibility {
  vmId: string;
  vmName: string;
  /** Host the VM would run on (the chosen host, or the one DRS picked in a cluster). */
  targetHostId: string | null;
  targetHostName: string | null;
  errors: CompatibilityIssue[];
  warnings: CompatibilityIssue[];
}

export interface CompatibilityResult {
  /** True when no VM has an error (warnings allow the migration). */
  ok: boolean;
  /** "Compatibility checks succeeded." when there is nothing to report. */
  summary: string;
  vms: VmCompatibility[];
  /**
   * Simulated time vCenter takes to give this answer, when a check hangs before it fails (TCP 902
   * blocked: "Compatibility check took too long to complete"). The wizard keeps validating until the
   * lab clock has run this long. Absent: the answer comes at once.
   */
  answersAfterMs?: number;
}

export const migrationTypes = ['compute', 'storage', 'both', 'crossVcenter'] as const;
export type MigrationType = (typeof migrationTypes)[number];
export const targetDiskFormats = ['sameAsSource', 'thin', 'thickLazyZeroed', 'thickEagerZeroed'] as const;
export type TargetDiskFormat = (typeof targetDiskFormats)[number];
export const migrationPriorities = ['high', 'normal'] as const;

/**
 * What the Migrate / Import VMs wizards submit. `vcenterId` is the initiating vCenter (the one the
 * wizard runs on): for an export it owns the VMs, for an import it owns the target.
 */
/** The request's `storagePolicyId` for "Datastore Default" (RelocateSpec's VirtualMachineDefaultProfileSpec). */
export const DATASTORE_DEFAULT_POLICY = 'datastoreDefault';

export const migrationRequestSchema = z.strictObject({
  vcenterId: id,
  vmIds: z.array(id).min(1).max(1000),
  type: z.enum(migrationTypes),
  /** A host, or a cluster on which DRS picks the host. Not used by "storage". */
  hostId: id.optional(),
  clusterId: id.optional(),
  resourcePoolId: id.optional(),
  folderId: id.optional(),
  /** Where every disk goes; required by storage, both and crossVcenter. */
  datastoreId: id.optional(),
  diskFormat: z.enum(targetDiskFormats).default('sameAsSource'),
  /** One port group for every NIC. */
  networkId: id.optional(),
  /** Per-NIC port groups; they win over networkId. */
  nicNetworks: z
    .array(z.strictObject({ vmId: id, nicKey: z.number().int().nonnegative(), networkId: id }))
    .max(10000)
    .default([]),
  priority: z.enum(migrationPriorities).default('high'),
  /**
   * "VM Storage Policy" on Select storage: absent keeps each VM's policies ("Keep existing VM storage
   * policies"), `datastoreDefault` applies the destination datastore's default policy, otherwise a
   * storage policy of the destination vCenter (placement.storagePolicies).
   */
  storagePolicyId: z.union([z.literal(DATASTORE_DEFAULT_POLICY), id]).optional(),
});
export type MigrationRequest = z.output<typeof migrationRequestSchema>;
export type MigrationRequestInput = z.input<typeof migrationRequestSchema>;

export interface StartedMigration {
  migrationId: string;
  vmId: string;
  vmName: string;
  taskId: string;
  linkedTaskId: string | null;
  targetHostId: string;
}

export interface MigrationStartResult {
  migrations: StartedMigration[];
  /** Warnings the user accepted by finishing the wizard. */
  compatibility: CompatibilityResult;
}

// ---------------------------------------------------------------------------------------------------
// Faults, remote devices, DRS, clock, ping
// ---------------------------------------------------------------------------------------------------

export const faultKinds = ['destinationHostLost', 'datastoreFull', 'timeout', 'failToResume'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultInjectSchema = z.strictObject({
  kind: z.enum(faultKinds),
  /** Only the next migration of this VM; absent = the next migration that reaches the phase. */
  vmId: id.optional(),
});

export interface ArmedFault {
  id: string;
  kind: FaultKind;
  vmId: string | null;
}

export interface ConsoleSession {
  id: string;
  vmId: string;
  vmName: string;
  openedAt: number;
  /** "dropped" between the switchover and the VMRC reconnect of a vMotion. */
  state: 'connected' | 'dropped';
}

export interface DrsRecommendation {
  id: string;
  clusterId: string;
  vmId: string;
  vmName: string;
  fromHostId: string;
  fromHostName: string;
  toHostId: string;
  toHostName: string;
  /** Why DRS proposes it: "Balance average memory utilisation…", "Host is entering maintenance mode". */
  reason: string;
  /** Load spread (standard deviation of host load) before and after, for the explanation. */
  imbalanceBefore: number;
  imbalanceAfter: number;
}

export interface DrsStatus {
  clusterId: string;
  mode: 'off' | 'manual' | 'partiallyAutomated' | 'fullyAutomated';
  /** Standard deviation of host load (memory demand share), the number DRS tries to keep low. */
  imbalance: number;
  /** The level under which the cluster counts as balanced. */
  target: number;
  hostLoads: { hostId: string; hostName: string; load: number }[];
  recommendations: DrsRecommendation[];
  /** VMs DRS or maintenance mode cannot move, with why (the DRS tab's "Faults"). */
  faults: DrsFault[];
}

/**
 * A VM that DRS wants to move (to balance the cluster, or off a host entering maintenance mode) and
 * cannot: the compatibility check that stops it, in vSphere's words.
 */
export interface DrsFault {
  vmId: string;
  vmName: string;
  /** The host the VM runs on. */
  hostId: string;
  hostName: string;
  /** What DRS was doing: evacuating a host entering maintenance mode, or balancing load. */
  operation: 'maintenance' | 'balance';
  /** The first error that stops the move, as the compatibility panel words it. */
  reason: string;
}

export const clockSpeeds = ['paused', '1', '10', '60', '600', 'max'] as const;
export type ClockSpeed = (typeof clockSpeeds)[number];

export interface ClockInfo {
  /** Simulation time in ms since the lab started. */
  now: number;
  /** Wall-clock epoch the simulation started at, for showing sim time as a date. */
  epochMs: number;
  speed: ClockSpeed;
}

export interface PingSample {
  monitorId: string;
  vmId: string;
  /** The vCenter that managed the VM when the reply came (a migration may move it on before the push). */
  vcenterId: string;
  seq: number;
  at: number;
  /** null = no reply (request timed out). */
  rttMs: number | null;
}

export interface HostMaintenanceResult {
  taskId: string;
}

// ---------------------------------------------------------------------------------------------------
// Network paths (lab controls: blocked ports, round-trip time between sites, host CPU usage)
// ---------------------------------------------------------------------------------------------------

/** The TCP ports a lab control can block on a host: 902 carries NFC, 8000 carries vMotion. */
export const networkPorts = [902, 8000] as const;
export type NetworkPort = (typeof networkPorts)[number];

/** A port number for `lab.setPortBlocked`: any number is read, only networkPorts are accepted. */
export const networkPortSchema = z
  .number()
  .int()
  .refine((p): p is NetworkPort => (networkPorts as readonly number[]).includes(p), {
    message: `port must be one of ${networkPorts.join(', ')} (902 = NFC, 8000 = vMotion)`,
  });

export const setPortBlockedSchema = z.strictObject({
  hostId: z.string().min(1).max(300),
  port: networkPortSchema,
  blocked: z.boolean(),
});

export const setSiteRttSchema = z.strictObject({
  vcenterId: z.string().min(1).max(300),
  otherVcenterId: z.string().min(1).max(300),
  /** Round-trip time in ms (0 = same site). */
  rttMs: z.number().min(0).max(2000),
});

export const setHostCpuUsageSchema = z.strictObject({
  hostId: z.string().min(1).max(300),
  percent: z.number().min(0).max(100),
});

/** One host's network paths as the "Network paths" control shows them. */
export interface HostNetworkPaths {
  hostId: string;
  hostName: string;
  /** Each controllable port: what it carries and whether a firewall blocks it on this host. */
  ports: { port: NetworkPort; service: string; blocked: boolean }[];
  /** Round-trip time from this host's site to each other vCenter's site (0 = same site). */
  siteRtts: { vcenterId: string; vcenterName: string; rttMs: number }[];
  /** The host's CPU usage in percent (high-priority vMotion needs headroom). */
  cpuUsagePercent: number;
}
