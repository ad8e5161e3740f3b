/**
 * THE contract between the UI and the lab service: every call the renderer may make and every push
 * event it may receive. Both transports (Electron IPC and the browser-mode WebSocket) serve exactly
 * this object; the preload exposes exactly these names. Each call has a strict zod schema for its
 * arguments and a result type; every answer is a Result (value or typed LabError).
 *
 * Calls are grouped by namespace, the part of the name before the dot (`labs.open` is in `labs`).
 * To add a call:
 *   1. add it to its namespace's block in `calls` below: a strict zod schema for the arguments, the
 *      result type, and a JSDoc line saying what the user gets;
 *   2. add its handler to that namespace's handler file under src/main/services/handlers/ (the
 *      file's type, `Pick<Handlers, CallsIn<'ns'>>`, makes a missing handler a type error);
 *   3. add the store action in src/renderer/src/stores/ that calls it (only stores talk to the API).
 * The preload, both transports and the fuzz tests pick the new call up from this object. */
import { z } from 'zod';
import type { Result } from './result';
import type { ObjectKind } from './world-types';
import {
  clockSpeeds,
  faultInjectSchema,
  migrationRequestSchema,
  setHostCpuUsageSchema,
  setPortBlockedSchema,
  setSiteRttSchema,
  type HostNetworkPaths,
  type ArmedFault,
  type ClockInfo,
  type CompatibilityResult,
  type ConsoleSession,
  type DrsStatus,
  type LabEvent,
  type MigrationStartResult,
  type PingSample,
  type TaskInfo,
} from './engine-api';
import { vmPowerSchema } from './power-api';
import {
  placementArgs,
  type ComputeResourceRow,
  type DatastoreRow,
  type FolderRow,
  type NetworkRow,
  type PlacementVm,
} from './placement-api';
import type { AttemptStatus, ExerciseReport, ExerciseSummary, HintStatus } from './exercise-schema';

/** A phantom marker carrying a result or payload type without a runtime value. */
const returns = <T>(): T => undefined as T;

const id = z.string().min(1).max(200);
export const inventoryViews = ['hosts', 'vms', 'storage', 'networking'] as const;
export type InventoryView = (typeof inventoryViews)[number];

// ---------------------------------------------------------------------------------------------------
// Result and payload types
// ---------------------------------------------------------------------------------------------------

/** One vCenter as the lab's start page lists it. */
export interface VCenterSummary {
  id: string;
  name: string;
  version: string;
  build: string;
  /** e.g. "7.0 U1c" */
  buildLabel: string;
  ssoDomain: string;
  reachable: boolean;
  cloud: boolean;
  vmCount: number;
  hostCount: number;
  /**
   * Whether this vCenter can start a cross vCenter migration (Cross vCenter Server export, Import
   * VMs): 7.0 U1c or later. Worked out by the service so the UI never re-derives version rules.
   */
  canStartCrossVCenterMigration: boolean;
  /** Whether this vCenter can be the other side of a cross vCenter migration (6.5 or later). */
  canJoinCrossVCenterMigration: boolean;
}

export interface LabInfo {
  name: string;
  description: string;
  /** Where the scenario came from: "built-in: default" or a file path. */
  source: string;
  vcenters: VCenterSummary[];
  revision: number;
}

export interface TreeNode {
  id: string;
  name: string;
  kind: ObjectKind;
  /**
   * True when the node can be expanded. Left out on VMs, which never have children: a 5,000-VM
   * folder's answer is then a quarter smaller (the WebSocket transfer and JSON.parse in the
   * renderer are most of a cold folder expansion).
   */
  hasChildren?: boolean;
  /** A state shown as an icon overlay: poweredOff, suspended, maintenance, disconnected, … */
  badge?: string;
}

/** One line of an object's VMs tab. */
export interface VmRow {
  id: string;
  name: string;
  powerState: 'poweredOn' | 'poweredOff' | 'suspended';
  hostName: string;
  cpu: number;
  memoryMB: number;
  ipAddress: string | null;
  /** Space the VM's disks take on their datastores, GB. */
  storageGB: number;
}

export interface ObjectSummary {
  id: string;
  kind: ObjectKind;
  name: string;
  vcenterId: string;
  /** Ancestors from the vCenter down, for breadcrumbs and revealing the object in the tree. */
  path: { id: string; name: string; kind: string }[];
  fields: { label: string; value: string }[];
}

// ---------------------------------------------------------------------------------------------------
// Saved labs: several named labs under the data folder, each saved continuously
// ---------------------------------------------------------------------------------------------------

/** One saved lab. */
export interface LabEntry {
  name: string;
  /** The scenario it was created from: "built-in: default" or the scenario file's path. */
  scenario: string;
  /** ISO time the lab was created. */
  createdAt: string;
  /** ISO time its state was last saved (null: never saved yet). */
  savedAt: string | null;
  /** The lab the service has open now. */
  current: boolean;
}

/** Something the user must be told about saved labs (a damaged state file moved aside, …). */
export interface LabNotice {
  id: string;
  lab: string;
  message: string;
  /** ISO time. */
  at: string;
  /** Where a damaged file was moved, if it was. */
  movedTo?: string;
}

/** The answer of every labs.* call: the labs, the open one, and notices to show. */
export interface LabsInfo {
  current: string;
  labs: LabEntry[];
  notices: LabNotice[];
}

/** A lab name: also its folder name, so letters, digits, space, dot, dash and underscore only. */
export const labName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
    'Use letters, digits, spaces, ".", "-" and "_" (start with a letter or digit).',
  )
  .refine((n) => !n.endsWith('.') && !n.endsWith(' '), 'A lab name cannot end with "." or a space.');
/**
 * A scenario file's path. Only .json files: the service reads whatever path it is given, and a parse
 * error quotes the start of the file, so other files (keys, configs) are never opened.
 */
const scenarioPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.toLowerCase().endsWith('.json'), 'A scenario file is a .json file.');

// ---------------------------------------------------------------------------------------------------
// Connections, sessions and certificate trust. No result or push payload here ever carries
// a password: passwords travel one way, from the UI into save / test / login.
// ---------------------------------------------------------------------------------------------------

/** A saved vCenter connection as the UI sees it: whether a password is kept, never the password. */
export interface SavedConnection {
  id: string;
  label: string;
  /** FQDN or IP address as the user typed it (lower-cased). */
  address: string;
  user: string;
  /** A password is kept for this connection (encrypted on disk, or for this session only). */
  hasPassword: boolean;
  /** The thumbprint accepted for this address, or null if its certificate was never accepted. */
  thumbprint: string | null;
  /** ISO time of the last successful connect, or null. */
  lastUsed: string | null;
}

/** Where a password given to connections.save / update ended up. */
export type PasswordKeeping = 'keyring' | 'key-file' | 'session-only' | 'none';

export interface SaveConnectionResult {
  connection: SavedConnection;
  /** Named so that no result ever has a field called "password", even one holding no secret. */
  passwordKeeping: PasswordKeeping;
}

/** A vCenter's TLS certificate as the acceptance dialog shows it. */
export interface CertificateInfo {
  /** SHA-256 thumbprint, 32 upper-case hex pairs separated by colons. */
  thumbprint: string;
  issuer: string;
  subject: string;
  validFrom: string;
  validTo: string;
}

/** The certificate a vCenter presents and whether this lab trusts it (SSH accept-new semantics). */
export interface CertificateCheck {
  address: string;
  vcenterId: string;
  vcenterName: string;
  certificate: CertificateInfo;
  /** untrusted: never accepted; changed: a different thumbprint was accepted before. */
  trust: 'trusted' | 'untrusted' | 'changed';
  /** The previously accepted thumbprint, or null. */
  trustedThumbprint: string | null;
}

/** One signed-in session of this client. */
export interface SessionInfo {
  vcenterId: string;
  vcenterName: string;
  /** user@domain as tasks and events record the initiator. */
  user: string;
  since: string;
  lastActive: string;
  /** When the session ends if nothing is done on this vCenter before then. */
  expiresAt: string;
}

/** Something about the saved-connections store the user must be told (e.g. a damaged file moved aside). */
export interface ConnectionNotice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  at: string;
}

/** How saved passwords are protected on this machine. */
export interface PasswordStorageInfo {
  /** keyring: OS keychain; key-file: opted-in local key file; session-only: kept in memory only. */
  mode: 'keyring' | 'key-file' | 'session-only';
  /** What protects the passwords, or why there is no keyring ("safeStorage backend basic_text"). */
  description: string;
  /** The user may opt in to storing passwords without a keyring (after reading `weakStorageWarning`). */
  weakStorageAvailable: boolean;
  weakStorageWarning: string;
}

/** What a successful connection test found, without signing in. */
export interface ConnectionTestResult {
  vcenterId: string;
  vcenterName: string;
  version: string;
  buildLabel: string;
  user: string;
}

const vcAddress = z.string().trim().min(1, 'enter the vCenter Server FQDN or IP address').max(253);
const vcUser = z.string().trim().min(1, 'enter a user name').max(256);
const vcPassword = z.string().min(1, 'enter the password').max(256);
const connectionLabel = z.string().trim().min(1, 'enter a name for the connection').max(80);
const certThumbprint = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'must be a SHA-256 thumbprint: 32 hex pairs separated by colons');

// ---------------------------------------------------------------------------------------------------
// vSphere API endpoints (issue 17)
// ---------------------------------------------------------------------------------------------------

/** One simulated vCenter's vim25 SOAP endpoint on 127.0.0.1, as the "vSphere API" panel lists it. */
export interface VsphereApiEndpointInfo {
  vcenterId: string;
  vcenterName: string;
  /** https://127.0.0.1:<port>/sdk */
  url: string;
  port: number;
  /** SHA-256 thumbprint of the certificate served (what the certificate prompt shows). */
  thumbprint: string;
  /** SHA-1 form of the same certificate (what pyvmomi 6.7 and govc pin, and ServiceLocator carries). */
  sha1Thumbprint: string;
  /** about.instanceUuid: how a ServiceLocator names this vCenter. */
  instanceUuid: string;
  /** A user of the vCenter to show in the connect lines (never a password). */
  user: string;
}

export interface VsphereApiStatus {
  /** False where the host cannot serve the API (nothing to switch on). */
  available: boolean;
  running: boolean;
  endpoints: VsphereApiEndpointInfo[];
}

// ---------------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------------

export const calls = {
  // ---- lab.* — The open lab and its lab controls.
  /** The loaded lab: its name and vCenters. */
  'lab.info': { args: z.strictObject({}), result: returns<LabInfo>() },
  /** Lab control: the vCenter gets a new certificate (new serial ⇒ new thumbprint); its sessions end. */
  'lab.changeCertificate': {
    args: z.strictObject({
      vcenterId: id,
      serial: z
        .number()
        .int()
        .min(1)
        .max(2 ** 31 - 1)
        .optional(),
    }),
    result: returns<CertificateInfo>(),
  },
  /**
   * Lab control: a firewall blocks (or stops blocking) TCP 902 (NFC) or 8000 (vMotion) on a host;
   * answers the host's network paths. Saved with the lab; a reset brings back the scenario's.
   */
  'lab.setPortBlocked': { args: setPortBlockedSchema, result: returns<HostNetworkPaths>() },
  /** Lab control: the round-trip time between two vCenters' sites (0 = same site). */
  'lab.setSiteRtt': { args: setSiteRttSchema, result: returns<HostNetworkPaths[]>() },
  /** Lab control: a host's CPU usage in percent (high-priority vMotion needs CPU headroom). */
  'lab.setHostCpuUsage': { args: setHostCpuUsageSchema, result: returns<HostNetworkPaths>() },
  /** A host's network paths: blocked ports, round-trip times to other sites, CPU usage. */
  'lab.networkPaths': { args: z.strictObject({ hostId: id }), result: returns<HostNetworkPaths>() },

  // ---- labs.* — Saved labs under the data folder, each saved continuously. Switching, resetting or
  // opening a scenario replaces the world and the engine and pushes lab.reloaded; login sessions stay.
  /** The saved labs, the open one, and notices (e.g. a damaged state file that was moved aside). */
  'labs.list': { args: z.strictObject({}), result: returns<LabsInfo>() },
  /** Creates a lab from the built-in scenario or a scenario file; opens it unless open is false. */
  'labs.create': {
    args: z.strictObject({
      name: labName,
      scenario: z.union([z.literal('default'), scenarioPath]).default('default'),
      open: z.boolean().default(true),
    }),
    result: returns<LabsInfo>(),
  },
  /** Saves the open lab and opens another saved lab as it was. */
  'labs.open': { args: z.strictObject({ name: labName }), result: returns<LabsInfo>() },
  /** Puts the open lab back to its scenario (tasks, events and moves are forgotten). */
  'labs.reset': { args: z.strictObject({}), result: returns<LabsInfo>() },
  /** Deletes a saved lab (not the open one). */
  'labs.delete': { args: z.strictObject({ name: labName }), result: returns<LabsInfo>() },
  /** Validates a scenario file and opens it as a new lab (named after the file unless name is given). */
  'labs.openScenarioFile': {
    args: z.strictObject({ path: scenarioPath, name: labName.optional() }),
    result: returns<LabsInfo>(),
  },
  /** Dismisses a notice from labs.list. */
  'labs.dismissNotice': { args: z.strictObject({ id }), result: returns<LabsInfo>() },

  // ---- clock.* — The simulation clock and its speed.
  'clock.get': { args: z.strictObject({}), result: returns<ClockInfo>() },
  'clock.setSpeed': { args: z.strictObject({ speed: z.enum(clockSpeeds) }), result: returns<ClockInfo>() },

  // ---- fault.* — Lab control: one-shot failures for training and tests.
  /** Injects a one-shot failure into the next migration (of a VM, or any) for training and tests. */
  'fault.inject': { args: faultInjectSchema, result: returns<ArmedFault>() },

  // ---- inventory.* — The four inventory views, Summary tabs and VM lists.
  /** Children of a node in one of the four inventory views (lazy tree expansion). */
  'inventory.children': {
    args: z.strictObject({ view: z.enum(inventoryViews), parentId: id }),
    result: returns<TreeNode[]>(),
  },
  /** The Summary tab of one inventory object. */
  'inventory.summary': { args: z.strictObject({ id }), result: returns<ObjectSummary>() },
  /** The VMs tab of an object: the VMs on a host, in a cluster, pool, folder, datastore or network. */
  'inventory.vms': {
    args: z.strictObject({ id, limit: z.number().int().min(1).max(20000).default(5000) }),
    result: returns<VmRow[]>(),
  },

  // ---- placement.* — The wizards' placement pages; each needs a session on the vCenter it reads.
  /** "Select a compute resource": datacenters, clusters, hosts and resource pools of a vCenter. */
  'placement.computeResources': { args: placementArgs.vcenter, result: returns<ComputeResourceRow[]>() },
  /** "Select storage": datastores the given hosts/clusters all reach, with capacity, provisioned, free. */
  'placement.datastores': { args: placementArgs.targets, result: returns<DatastoreRow[]>() },
  /** "Select folder": the VM folders of a vCenter under their datacenters. */
  'placement.folders': { args: placementArgs.vcenter, result: returns<FolderRow[]>() },
  /** "Select networks": port groups the given hosts/clusters all reach. */
  'placement.networks': { args: placementArgs.targets, result: returns<NetworkRow[]>() },
  /** VMs of a vCenter (all, or those listed) with power state, NICs and disks, for the wizards. */
  'placement.vms': { args: placementArgs.vms, result: returns<PlacementVm[]>() },

  // ---- session.* — This client's sign-in sessions.
  /** Signs in to a vCenter by address. Its certificate must have been accepted first (cert.trust). */
  'session.login': {
    args: z.strictObject({ address: vcAddress, user: vcUser, password: vcPassword }),
    result: returns<SessionInfo>(),
  },
  /** Ends this client's session on a vCenter (no error if there was none). */
  'session.logout': { args: z.strictObject({ vcenterId: id }), result: returns<{ loggedOut: boolean }>() },
  /** This client's live sessions. */
  'session.list': { args: z.strictObject({}), result: returns<SessionInfo[]>() },

  // ---- cert.* — Certificate trust, with SSH accept-new semantics.
  /** The certificate a vCenter presents and whether it is trusted; sends no credentials. */
  'cert.get': { args: z.strictObject({ address: vcAddress }), result: returns<CertificateCheck>() },
  /** Accepts a never-seen certificate; `thumbprint` must be the one the user was shown. */
  'cert.trust': {
    args: z.strictObject({ address: vcAddress, thumbprint: certThumbprint }),
    result: returns<CertificateCheck>(),
  },
  /** Replaces a trusted thumbprint after a change; both thumbprints must be the ones the user was shown. */
  'cert.retrust': {
    args: z.strictObject({
      address: vcAddress,
      previousThumbprint: certThumbprint,
      thumbprint: certThumbprint,
    }),
    result: returns<CertificateCheck>(),
  },

  // ---- connections.* — Saved connections. No result carries a password: passwords travel one way,
  // from the UI into save / test / login.
  'connections.list': { args: z.strictObject({}), result: returns<SavedConnection[]>() },
  /** Saves a new connection; the password is kept only if `savePassword` (see PasswordKeeping). */
  'connections.save': {
    args: z.strictObject({
      label: connectionLabel.optional(),
      address: vcAddress,
      user: vcUser,
      password: vcPassword.optional(),
      savePassword: z.boolean().default(false),
    }),
    result: returns<SaveConnectionResult>(),
  },
  /**
   * Edits or renames a connection. `password: null` forgets the password. Changing the address or
   * user forgets the old password unless a new one is given (it is never sent to another server).
   */
  'connections.update': {
    args: z.strictObject({
      id,
      label: connectionLabel.optional(),
      address: vcAddress.optional(),
      user: vcUser.optional(),
      password: vcPassword.nullable().optional(),
      savePassword: z.boolean().optional(),
    }),
    result: returns<SaveConnectionResult>(),
  },
  'connections.delete': { args: z.strictObject({ id }), result: returns<{ deleted: boolean }>() },
  /**
   * Checks address, certificate and credentials without signing in: a saved connection by `id`
   * (optionally with a password to try instead of the kept one), or `address` + `user` + `password`.
   */
  'connections.test': {
    args: z.strictObject({
      id: id.optional(),
      address: vcAddress.optional(),
      user: vcUser.optional(),
      password: vcPassword.optional(),
    }),
    result: returns<ConnectionTestResult>(),
  },
  /** Signs in with a saved connection; `password` is needed when none is kept (then kept for the session). */
  'connections.connect': {
    args: z.strictObject({ id, password: vcPassword.optional() }),
    result: returns<SessionInfo>(),
  },
  /** Things the user must be told about the store (damaged file moved aside, password unreadable, …). */
  'connections.notices': { args: z.strictObject({}), result: returns<ConnectionNotice[]>() },
  'connections.dismissNotice': { args: z.strictObject({ id }), result: returns<{ dismissed: boolean }>() },
  /** How passwords are protected here (keyring, opted-in key file, or session only). */
  'connections.passwordStorage': { args: z.strictObject({}), result: returns<PasswordStorageInfo>() },
  /**
   * Opts in to (or out of) keeping passwords on disk without an OS keyring. Opting in needs
   * `acknowledged: true`: the UI must have shown `weakStorageWarning`.
   */
  'connections.allowWeakPasswordStorage': {
    args: z.strictObject({ allow: z.boolean(), acknowledged: z.boolean().default(false) }),
    result: returns<PasswordStorageInfo>(),
  },

  // ---- migration.* — Migrations: compatibility check, start, cancel.
  /** The wizard's compatibility panel for a migration request; changes nothing. */
  'migration.check': { args: migrationRequestSchema, result: returns<CompatibilityResult>() },
  /** Finish on the Migrate / Import VMs wizard: one migration (and its tasks) per VM. */
  'migration.start': { args: migrationRequestSchema, result: returns<MigrationStartResult>() },
  /** Cancels a migration by either of its task ids: it rolls back, the VM stays on the source. */
  'migration.cancel': { args: z.strictObject({ vcenterId: id, taskId: id }), result: returns<TaskInfo>() },

  // ---- tasks.* — Recent Tasks of a vCenter.
  /** Recent tasks of a vCenter, newest first. */
  'tasks.list': {
    args: z.strictObject({ vcenterId: id, limit: z.number().int().min(1).max(5000).default(200) }),
    result: returns<TaskInfo[]>(),
  },
  /** Cancels any cancelable task (migration or "Enter maintenance mode"). */
  'tasks.cancel': { args: z.strictObject({ vcenterId: id, taskId: id }), result: returns<TaskInfo>() },

  // ---- events.* — Events of a vCenter.
  /** Events of a vCenter, newest first; afterKey returns only newer ones; objectId filters. */
  'events.list': {
    args: z.strictObject({
      vcenterId: id,
      limit: z.number().int().min(1).max(5000).default(200),
      afterKey: z.number().int().nonnegative().optional(),
      objectId: id.optional(),
    }),
    result: returns<LabEvent[]>(),
  },

  // ---- vmrc.* — VM Remote Console sessions and the client (remote) devices they serve.
  /** Opens a VM Remote Console session to a VM. */
  'vmrc.open': { args: z.strictObject({ vmId: id }), result: returns<ConsoleSession>() },
  /** Closes a console session; the last one closing disconnects the client devices it served. */
  'vmrc.close': { args: z.strictObject({ vmId: id, sessionId: id }), result: returns<{ closed: true }>() },
  /** Console sessions open to a VM. */
  'vmrc.list': { args: z.strictObject({ vmId: id }), result: returns<ConsoleSession[]>() },
  /** Attaches a local ISO through VMRC (a CD/DVD drive with a remote backing). */
  'vmrc.attachIso': {
    args: z.strictObject({
      vmId: id,
      path: z.string().min(1).max(1000),
      cdromKey: z.number().int().nonnegative().optional(),
    }),
    result: returns<{ attached: true }>(),
  },
  'vmrc.detachIso': {
    args: z.strictObject({ vmId: id, cdromKey: z.number().int().nonnegative().optional() }),
    result: returns<{ detached: true }>(),
  },

  // ---- vm.* — Virtual machines: power operations.
  /**
   * VM menu → Power: powerOn | powerOff | shutdownGuest | restartGuest | suspend | reset. Answers the
   * task it started ("Power On virtual machine", …); a refused action answers that task failed with
   * vCenter's message (e.g. guest shutdown without VMware Tools running).
   */
  'vm.power': { args: vmPowerSchema, result: returns<TaskInfo>() },

  // ---- host.* — Hosts: maintenance mode.
  /** "Enter maintenance mode" (evacuates running VMs; powered-off ones only when asked). */
  'host.enterMaintenance': {
    args: z.strictObject({ hostId: id, movePoweredOffVms: z.boolean().default(false) }),
    result: returns<TaskInfo>(),
  },
  'host.exitMaintenance': { args: z.strictObject({ hostId: id }), result: returns<TaskInfo>() },

  // ---- cluster.* — Clusters: DRS settings.
  'cluster.setDrsMode': {
    args: z.strictObject({
      clusterId: id,
      mode: z.enum(['off', 'manual', 'partiallyAutomated', 'fullyAutomated']),
    }),
    result: returns<DrsStatus>(),
  },

  // ---- drs.* — DRS recommendations.
  /** Host loads, imbalance and the pending recommendations of a cluster; run = do a DRS pass first. */
  'drs.recommendations': {
    args: z.strictObject({ clusterId: id, run: z.boolean().default(false) }),
    result: returns<DrsStatus>(),
  },
  /** "Apply recommendations": all pending ones, or those listed. */
  'drs.apply': {
    args: z.strictObject({ clusterId: id, recommendationIds: z.array(id).max(1000).optional() }),
    result: returns<TaskInfo>(),
  },

  // ---- ping.* — Ping monitors of VMs.
  /** Starts a continuous ping to a VM; samples arrive as ping.sample push events. */
  'ping.start': { args: z.strictObject({ vmId: id }), result: returns<{ monitorId: string }>() },
  'ping.stop': { args: z.strictObject({ monitorId: id }), result: returns<{ stopped: true }>() },

  // ---- exercises.* — Guided exercises graded live from the engine (src/main/services/exercises).
  /** The built-in exercises with level, time and the latest result of each. */
  'exercises.list': { args: z.strictObject({}), result: returns<ExerciseSummary[]>() },
  /**
   * Starts an attempt: the lab is reset to the exercise's scenario and setup (in a saved lab of its
   * own when the lab has a data folder); a running attempt is handed in first.
   */
  'exercises.start': { args: z.strictObject({ id }), result: returns<AttemptStatus>() },
  /** The current (or last) attempt with its objectives' `done`; null when none was ever started. */
  'exercises.status': { args: z.strictObject({}), result: returns<AttemptStatus | null>() },
  /** Reveals a hint of the running attempt (it costs its points). */
  'exercises.hint': { args: z.strictObject({ id }), result: returns<HintStatus>() },
  /**
   * The report of an attempt (default: the current one). A running attempt is handed in and graded
   * as it stands.
   */
  'exercises.report': {
    args: z.strictObject({ attemptId: id.optional() }),
    result: returns<ExerciseReport>(),
  },

  // ---- app.* — The desktop shell: OS dialogs.
  /**
   * Desktop only: the OS file dialog, to pick a local ISO (VMRC) or a scenario file. Browser mode has
   * none and answers not-allowed (the UI shows a path field there).
   */
  'app.pickFile': {
    args: z.strictObject({ purpose: z.enum(['iso', 'scenario']) }),
    result: returns<{ path: string | null }>(),
  },

  // ---- vsphereApi.* — vSphere API endpoints (issue 17): real clients (pyvmomi, govc, PowerCLI) on 127.0.0.1.
  /** Whether the endpoints run, and one line per reachable vCenter (URL, thumbprints, instanceUuid). */
  'vsphereApi.endpoints': { args: z.strictObject({}), result: returns<VsphereApiStatus>() },
  /** Starts or stops every endpoint (the lab controls' switch). */
  'vsphereApi.setRunning': {
    args: z.strictObject({ running: z.boolean() }),
    result: returns<VsphereApiStatus>(),
  },
} as const;

// ---------------------------------------------------------------------------------------------------
// Push events (service → UI)
// ---------------------------------------------------------------------------------------------------

export const pushEvents = {
  /** The inventory changed (a migration completed, a host changed state, …): refresh what is shown. */
  'inventory.changed': returns<{ revision: number; vcenterIds: string[] }>(),
  /** A different lab was loaded or the lab was reset: reload everything. */
  'lab.reloaded': returns<{ revision: number }>(),
  /** Saved connections or trusted thumbprints changed: refetch connections.list. */
  'connections.changed': returns<{ ids: string[] }>(),
  /** A new notice about the connections store (also listed by connections.notices). */
  'connections.notice': returns<ConnectionNotice>(),
  /** One of this client's sessions ended (logout, idle expiry, certificate change, client gone). */
  'session.ended': returns<{
    vcenterId: string;
    vcenterName: string;
    reason: 'logout' | 'expired' | 'certificate-changed' | 'unreachable';
    message: string;
  }>(),
  /** Tasks that changed since the last batch (each once, latest state; ≤ ~10 batches a second). */
  'tasks.updated': returns<{ tasks: TaskInfo[] }>(),
  /** Events logged since the last batch, on any vCenter. */
  'events.added': returns<{ events: LabEvent[] }>(),
  /** Simulation time moved (once per batch). */
  'clock.tick': returns<ClockInfo>(),
  /** New ping replies (rttMs null = lost) of running ping monitors. */
  'ping.sample': returns<{ samples: PingSample[] }>(),
  /** The running exercise attempt changed (an objective ticked, a mistake, a hint, the end). */
  'exercises.progress': returns<AttemptStatus>(),
  /** DRS recommendations of these clusters changed: refetch drs.recommendations. */
  'drs.changed': returns<{ clusterIds: string[] }>(),
} as const;

// ---------------------------------------------------------------------------------------------------
// Migration engine types (defined with the engine's schemas in ./engine-api)
// ---------------------------------------------------------------------------------------------------

export type * from './engine-api';
export type * from './placement-api';
export type * from './power-api';
export type * from './exercise-schema';

// ---------------------------------------------------------------------------------------------------
// Derived types
// ---------------------------------------------------------------------------------------------------

export type CallName = keyof typeof calls;
export type CallArgs<K extends CallName> = z.input<(typeof calls)[K]['args']>;
export type ParsedArgs<K extends CallName> = z.output<(typeof calls)[K]['args']>;
export type CallResult<K extends CallName> = (typeof calls)[K]['result'];
export type PushName = keyof typeof pushEvents;
export type PushPayload<K extends PushName> = (typeof pushEvents)[K];

/** The namespace of a call: "labs" for "labs.open". */
export type CallNamespace = CallName extends `${infer N}.${string}` ? N : never;
/** The calls of one namespace, e.g. `CallsIn<'labs'>` = "labs.list" | "labs.create" | …. */
export type CallsIn<N extends CallNamespace> = Extract<CallName, `${N}.${string}`>;

export const callNames = Object.keys(calls) as CallName[];
export const pushNames = Object.keys(pushEvents) as PushName[];

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
export const isPushName = (name: unknown): name is PushName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(pushEvents, name);

/** The IPC channel prefix; one channel per call ("vmlab:inventory.children"). */
export const IPC_PREFIX = 'vmlab:';
export const IPC_PUSH_CHANNEL = 'vmlab-push';

/**
 * The API as the renderer sees it: one async function per call, plus a subscription to push events.
 * The preload builds exactly this object over IPC; browser mode builds it over the WebSocket.
 */
export type LabApi = {
  [K in CallName]: (args: CallArgs<K>) => Promise<Result<CallResult<K>>>;
} & {
  on<K extends PushName>(name: K, handler: (payload: PushPayload<K>) => void): () => void;
};
