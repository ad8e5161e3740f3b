/**
 * Sessions scope what a client sees: a push event about a vCenter reaches a client only when it has
 * a session there, as the matching list calls (tasks.list, events.list, …) already require. Events
 * about the lab as a whole (lab.reloaded, clock.tick, saved connections) go to every client;
 * inventory.changed goes to every client too (the vCenter list's counts are public, like lab.info),
 * but names only the vCenters that client may look into.
 */
import type { PushName, PushPayload } from '../../shared/contract';
import type { World } from '../engine/world/world';

/**
 * The part of a push a client with sessions on `vcenters` may see, or null when nothing is left.
 * Pure: the transports call it for each of their clients.
 */
export function scopePush<K extends PushName>(
  name: K,
  payload: PushPayload<K>,
  world: World,
  vcenters: ReadonlySet<string>,
): PushPayload<K> | null {
  const p = payload as PushPayload<PushName>;
  const keep = <T>(list: T[], vcOf: (item: T) => string | undefined): T[] | null => {
    const kept = list.filter((item) => {
      const vc = vcOf(item);
      return vc !== undefined && vcenters.has(vc);
    });
    return kept.length ? kept : null;
  };
  let scoped: unknown;
  switch (name) {
    case 'tasks.updated': {
      const tasks = keep((p as PushPayload<'tasks.updated'>).tasks, (t) => t.vcenterId);
      scoped = tasks && { tasks };
      break;
    }
    case 'events.added': {
      const events = keep((p as PushPayload<'events.added'>).events, (e) => e.vcenterId);
      scoped = events && { events };
      break;
    }
    case 'ping.sample': {
      // By the vCenter at the time of the reply: a cross-vCenter switchover re-keys the VM before
      // the batch is pushed, and its reply across the switchover must still arrive.
      const samples = keep((p as PushPayload<'ping.sample'>).samples, (s) => s.vcenterId);
      scoped = samples && { samples };
      break;
    }
    case 'drs.changed': {
      const clusterIds = keep(
        (p as PushPayload<'drs.changed'>).clusterIds,
        (id) => world.clusters.get(id)?.vcenterId,
      );
      scoped = clusterIds && { clusterIds };
      break;
    }
    case 'inventory.changed': {
      const changed = p as PushPayload<'inventory.changed'>;
      scoped = { ...changed, vcenterIds: changed.vcenterIds.filter((id) => vcenters.has(id)) };
      break;
    }
    default:
      // lab.reloaded, clock.tick, connections.*: the lab as a whole. session.ended is addressed
      // to its one client by the emitter already.
      scoped = payload;
  }
  return (scoped ?? null) as PushPayload<K> | null;
}
