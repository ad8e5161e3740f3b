import type { EventSeverity } from '../../shared/engine-api';
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
  /** Records that a vCenter's inventory changed (pushed as inventory.changed on the next flush). */
  inventoryChanged(...vcenterIds: string[]): void;
}
