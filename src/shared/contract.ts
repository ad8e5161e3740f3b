/**
 * THE contract between the UI and the lab service: every call the renderer may make and every push
 * event it may receive. Both transports (Electron IPC and the browser-mode WebSocket) serve exactly
 * this object; the preload exposes exactly these names. Each call has a strict zod schema for its
 * arguments and a result type; every answer is a Result (value or typed LabError).
 */
import { z } from 'zod';
import type { Result } from './result';
import type { ObjectKind } from './world-types';

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
  hasChildren: boolean;
  /** A state shown as an icon overlay: poweredOff, suspended, maintenance, disconnected, … */
  badge?: string;
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
// Calls
// ---------------------------------------------------------------------------------------------------

export const calls = {
  /** The loaded lab: its name and vCenters. */
  'lab.info': { args: z.strictObject({}), result: returns<LabInfo>() },
  /** Children of a node in one of the four inventory views (lazy tree expansion). */
  'inventory.children': {
    args: z.strictObject({ view: z.enum(inventoryViews), parentId: id }),
    result: returns<TreeNode[]>(),
  },
  /** The Summary tab of one inventory object. */
  'inventory.summary': { args: z.strictObject({ id }), result: returns<ObjectSummary>() },
} as const;

// ---------------------------------------------------------------------------------------------------
// Push events (service → UI)
// ---------------------------------------------------------------------------------------------------

export const pushEvents = {
  /** The inventory changed (a migration completed, a host changed state, …): refresh what is shown. */
  'inventory.changed': returns<{ revision: number; vcenterIds: string[] }>(),
  /** A different lab was loaded or the lab was reset: reload everything. */
  'lab.reloaded': returns<{ revision: number }>(),
} as const;

// ---------------------------------------------------------------------------------------------------
// Derived types
// ---------------------------------------------------------------------------------------------------

export type CallName = keyof typeof calls;
export type CallArgs<K extends CallName> = z.input<(typeof calls)[K]['args']>;
export type ParsedArgs<K extends CallName> = z.output<(typeof calls)[K]['args']>;
export type CallResult<K extends CallName> = (typeof calls)[K]['result'];
export type PushName = keyof typeof pushEvents;
export type PushPayload<K extends PushName> = (typeof pushEvents)[K];

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
