import type { PushName, PushPayload } from '../../shared/contract';
import { SimClock } from '../engine/clock';
import { Engine } from '../engine/engine';
import { createRandom } from '../engine/random';
import type { World } from '../engine/world/world';

/** The lab's engine on a real-time clock seeded from the world, running at 1× from the start. */
export function createLabEngine(world: World): Engine {
  const engine = new Engine({ world, clock: new SimClock(), random: createRandom(world.seed) });
  engine.setSpeed('1');
  return engine;
}

/** Turns the engine's coalesced batches into push events (one of each kind per batch at most). */
export function forwardEngineUpdates(
  engine: Engine,
  emit: <K extends PushName>(name: K, payload: PushPayload<K>) => void,
): () => void {
  return engine.subscribe((u) => {
    if (u.tasks.length) emit('tasks.updated', { tasks: u.tasks });
    if (u.events.length) emit('events.added', { events: u.events });
    if (u.pings.length) emit('ping.sample', { samples: u.pings });
    if (u.inventoryChanged.length)
      emit('inventory.changed', { revision: u.revision, vcenterIds: u.inventoryChanged });
    if (u.drsChanged.length) emit('drs.changed', { clusterIds: u.drsChanged });
    emit('clock.tick', u.clock);
  });
}
