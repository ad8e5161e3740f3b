import type { EventSeverity, TaskInfo } from '../../shared/engine-api';
import type { ObjectKind } from '../../shared/world-types';
import type { SimClock } from './clock';
import type { EventLog } from './events';
import type { LimitTracker } from './limits';
import type { Random } from './random';
import type { TaskStore } from './tasks';
import type { World } from './world/world';

/** Optional details of an event beyond its type and message. */
export interface EventExtra {
  severity?: EventSeverity;
  user?: string | null;
  objectId?: string | null;
  objectName?: string | null;
  taskId?: string | null;
}

/** The object a task acts on, as its task records it. */
export interface TaskTarget {
  id: string;
  name: string;
  kind: ObjectKind;
  vcenterId: string;
}

/** Choices of a new task beyond its name, target and initiator. */
export interface TaskOptions {
  /** The vCenter that runs the task, when not the target's (the receiving side of a cross vCenter move). */
  vcenterId?: string;
  /** False for tasks vSphere does not let a user cancel (default true). */
  cancelable?: boolean;
  /** The migration the task belongs to. */
  migrationId?: string;
}

/** The shared state the engine's parts work on (migrations, DRS, maintenance, devices, ping). */
export interface EngineCore {
  readonly world: World;
  readonly clock: SimClock;
  readonly random: Random;
  readonly tasks: TaskStore;
  readonly events: EventLog;
  readonly limits: LimitTracker;
  /** The id prefix of a vCenter ("vcsa01"). */
  vcKey(vcenterId: string): string;
  addEvent(vcenterId: string, type: string, message: string, extra?: EventExtra): void;
  /** Creates a task (queued) on the target's vCenter: the one way the engine's parts make tasks. */
  createTask(name: string, target: TaskTarget, initiator: string, options?: TaskOptions): TaskInfo;
  /** Records that a vCenter's inventory changed (pushed as inventory.changed on the next flush). */
  inventoryChanged(...vcenterIds: string[]): void;
}
