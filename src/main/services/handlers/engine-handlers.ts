import type { PushName, PushPayload } from '../../../shared/contract';
import type { MigrationRequest } from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import { SimClock } from '../../engine/clock';
import { Engine } from '../../engine/engine';
import { createRandom } from '../../engine/random';
import type { World } from '../../engine/world/world';
import type { CallContext, Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

type EngineCalls =
  | 'migration.check'
  | 'migration.start'
  | 'migration.cancel'
  | 'tasks.list'
  | 'tasks.cancel'
  | 'events.list'
  | 'vmrc.open'
  | 'vmrc.close'
  | 'vmrc.list'
  | 'vmrc.attachIso'
  | 'vmrc.detachIso'
  | 'host.enterMaintenance'
  | 'host.exitMaintenance'
  | 'cluster.setDrsMode'
  | 'drs.recommendations'
  | 'drs.apply'
  | 'clock.get'
  | 'clock.setSpeed'
  | 'ping.start'
  | 'ping.stop'
  | 'fault.inject';

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

/**
 * Migrations, tasks and events, VMRC devices, maintenance mode, DRS, clock, ping and fault
 * injection. Calls that act on a vCenter take the initiator from the caller's session there; a
 * cross-vCenter request also needs the session the wizard opened on the other vCenter.
 */
export function engineHandlers(lab: LabService): Pick<Handlers, EngineCalls> {
  const user = (ctx: CallContext, vcenterId: string): string => lab.sessions.require(ctx, vcenterId).user;
  const vcOf = (id: string, field: string): string => {
    const rec = lab.world.get(id);
    if (!rec) throw new LabFault('not-found', `No object with id "${id}".`, { field });
    return rec.kind === 'vcenter' ? rec.id : rec.vcenterId;
  };
  /** Runs an engine action and sends what it changed right away (one batch per call). */
  const act = <T>(fn: () => T): T => {
    try {
      return fn();
    } finally {
      lab.engine.flush();
    }
  };
  const remoteUser = (ctx: CallContext, r: MigrationRequest): string | undefined => {
    if (r.type !== 'crossVcenter') return undefined;
    const targetId = r.hostId ?? r.clusterId;
    const sides = [
      vcOf(r.vmIds[0], 'vmIds'),
      targetId ? vcOf(targetId, r.hostId ? 'hostId' : 'clusterId') : r.vcenterId,
    ];
    const other = sides.find((v) => v !== r.vcenterId);
    return other ? user(ctx, other) : undefined;
  };
  const taskOn = (vcenterId: string, taskId: string): void => {
    const t = lab.engine.tasks.get(taskId);
    if (!t || t.vcenterId !== vcenterId)
      throw new LabFault('not-found', `No task with id "${taskId}" on this vCenter Server.`, {
        field: 'taskId',
      });
  };
  return {
    'migration.check': (r, ctx) => {
      user(ctx, r.vcenterId);
      remoteUser(ctx, r);
      return lab.engine.checkMigration(r);
    },
    'migration.start': (r, ctx) => {
      const initiator = user(ctx, r.vcenterId);
      const remote = remoteUser(ctx, r);
      return act(() => lab.engine.startMigration(r, initiator, remote));
    },
    'migration.cancel': ({ vcenterId, taskId }, ctx) => {
      const u = user(ctx, vcenterId);
      taskOn(vcenterId, taskId);
      if (!lab.engine.tasks.get(taskId)?.migrationId)
        throw new LabFault('invalid-argument', 'The task is not a migration.', { field: 'taskId' });
      return act(() => lab.engine.cancelTask(taskId, u));
    },
    'tasks.list': ({ vcenterId, limit }, ctx) => {
      user(ctx, vcenterId);
      return lab.engine.tasks.list(vcenterId, limit);
    },
    'tasks.cancel': ({ vcenterId, taskId }, ctx) => {
      const u = user(ctx, vcenterId);
      taskOn(vcenterId, taskId);
      return act(() => lab.engine.cancelTask(taskId, u));
    },
    'events.list': ({ vcenterId, limit, afterKey, objectId }, ctx) => {
      user(ctx, vcenterId);
      return lab.engine.events.list(vcenterId, { limit, afterKey, objectId });
    },
    'vmrc.open': ({ vmId }, ctx) => {
      const u = user(ctx, vcOf(vmId, 'vmId'));
      return act(() => lab.engine.openConsole(vmId, u));
    },
    'vmrc.close': ({ vmId, sessionId }, ctx) => {
      const u = user(ctx, vcOf(vmId, 'vmId'));
      if (!lab.engine.remote.list(vmId).some((s) => s.id === sessionId)) {
        throw new LabFault('not-found', `No console session "${sessionId}" to this virtual machine.`, {
          field: 'sessionId',
        });
      }
      act(() => lab.engine.closeConsole(sessionId, u));
      return { closed: true as const };
    },
    'vmrc.list': ({ vmId }, ctx) => {
      user(ctx, vcOf(vmId, 'vmId'));
      return lab.engine.remote.list(vmId);
    },
    'vmrc.attachIso': ({ vmId, path, cdromKey }, ctx) => {
      const u = user(ctx, vcOf(vmId, 'vmId'));
      act(() => lab.engine.attachIso(vmId, path, cdromKey, u));
      return { attached: true as const };
    },
    'vmrc.detachIso': ({ vmId, cdromKey }, ctx) => {
      const u = user(ctx, vcOf(vmId, 'vmId'));
      act(() => lab.engine.detachIso(vmId, cdromKey, u));
      return { detached: true as const };
    },
    'host.enterMaintenance': ({ hostId, movePoweredOffVms }, ctx) => {
      const u = user(ctx, vcOf(hostId, 'hostId'));
      return act(() => lab.engine.enterMaintenance(hostId, u, movePoweredOffVms));
    },
    'host.exitMaintenance': ({ hostId }, ctx) => {
      const u = user(ctx, vcOf(hostId, 'hostId'));
      return act(() => lab.engine.exitMaintenance(hostId, u));
    },
    'cluster.setDrsMode': ({ clusterId, mode }, ctx) => {
      user(ctx, vcOf(clusterId, 'clusterId'));
      return act(() => lab.engine.setDrsMode(clusterId, mode));
    },
    'drs.recommendations': ({ clusterId, run }, ctx) => {
      user(ctx, vcOf(clusterId, 'clusterId'));
      return run ? act(() => lab.engine.runDrs(clusterId)) : lab.engine.drsStatus(clusterId);
    },
    'drs.apply': ({ clusterId, recommendationIds }, ctx) => {
      const u = user(ctx, vcOf(clusterId, 'clusterId'));
      return act(() => lab.engine.applyRecommendations(clusterId, recommendationIds, u));
    },
    'clock.get': () => lab.engine.clockInfo(),
    'clock.setSpeed': ({ speed }) => act(() => lab.engine.setSpeed(speed)),
    'ping.start': ({ vmId }) => ({ monitorId: lab.engine.ping.start(vmId) }),
    'ping.stop': ({ monitorId }) => {
      lab.engine.ping.stop(monitorId);
      return { stopped: true as const };
    },
    'fault.inject': ({ kind, vmId }) => lab.engine.injectFault(kind, vmId ?? null),
  };
}
