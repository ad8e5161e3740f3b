/**
 * The engine's saved form and how a lab comes back from it. A save is one synchronous serialisation
 * of the world, tasks, events, clock, random state and DRS recommendations, so it always shows one
 * instant of the simulation. Migrations in flight are not saved: the commit point (the switchover's
 * single synchronous step) already decided where each VM is, so on restore a VM saved before its
 * switchover is on the source and one saved after it is on the destination; the interrupted tasks are
 * closed as failed. Plain TypeScript (no file access): the persistence service does the I/O.
 */
import { z } from 'zod';
import { clockSpeeds, type ClockSpeed, type LabEvent, type TaskInfo } from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import { SimClock, type TimerHost } from '../clock';
import type { DrsState } from '../drs';
import { Engine } from '../engine';
import type { EventLogState } from '../events';
import { createRandom } from '../random';
import type { TaskStoreState } from '../tasks';
import { runToEnd } from '../steps';
import { World, type WorldSnapshot } from '../world/world';
import { parseStateJsonSteps, splitAtVms, stateParts } from './state-lines';

/** The error text of every task that was queued or running when the lab stopped. */
export const INTERRUPTED_MESSAGE = 'Interrupted: the lab was closed during this operation';

export const STATE_FORMAT = 'vmotion-lab-state';
export const STATE_VERSION = 1;

/** Everything saved about a running lab, as plain JSON. */
export interface EngineState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  world: WorldSnapshot;
  /** The world's revision when saved; a restored world continues above it. */
  revision: number;
  clock: { now: number; epochMs: number; speed: ClockSpeed };
  /** The seeded generator's state, so the restored lab continues the same sequence. */
  random: number;
  tasks: TaskStoreState;
  events: EventLogState;
  drs: DrsState;
}

/** What restoring had to repair, for the log and the user. */
export interface RestoreReport {
  /** Tasks that were queued or running when the lab stopped, now failed with INTERRUPTED_MESSAGE. */
  interruptedTaskIds: string[];
  /** Hosts that were "Entering maintenance mode": their task was interrupted, so they are back to normal. */
  hostsNoLongerEntering: string[];
  /** VMs whose client (VMRC) ISO was disconnected: console sessions do not survive a restart. */
  remoteDevicesDisconnected: string[];
  /** The clock speed the lab was saved at (the caller decides whether to resume it). */
  speed: ClockSpeed;
}

/**
 * Serialises the engine's state as JSON text in one synchronous step, in the line layout
 * (state-lines.ts: one VM per line). Records are not copied first: nothing can change them while
 * this runs, and copying a 10k-VM world would double the cost.
 */
export function serializeEngineState(engine: Engine): string {
  return serializeEngineStateParts(engine).join('');
}

/**
 * serializeEngineState as parts, one per VM (still one synchronous step): the writer encodes them a
 * batch at a time, where one 70 MB string would hold the thread for half a second more.
 */
export function serializeEngineStateParts(engine: Engine): string[] {
  const texts = [...engine.world.vms.values()].map((vm) => JSON.stringify(vm));
  return stateParts(frameOf(engine), texts);
}

/** VMs serialised between two yields of serializeEngineStateSteps (a few milliseconds). */
export const SERIALIZE_CHUNK = 500;
/** VMs changed meanwhile left for the final, synchronous step of a step-wise save (~10 ms of work). */
const FINAL_STEP_VMS = 1000;
/** Most catch-up passes before the final step takes whatever is left. */
const CATCH_UP_PASSES = 10;
/**
 * Stands in for the VM list while the rest of the state is serialised; `"vms":["\u0000vm records…"]`
 * is found only where it was put (quotes inside a string value are escaped).
 */
const VMS_PLACEHOLDER = '\u0000vm records\u0000';

/** The state's text before and after its VM list, serialised now. */
function frameOf(engine: Engine): { head: string; tail: string } {
  const placeholder = VMS_PLACEHOLDER as unknown as WorldSnapshot['vms'][number];
  return splitAtVms(JSON.stringify(stateOf(engine, [placeholder])), VMS_PLACEHOLDER);
}

/**
 * serializeEngineState a chunk of VMs at a time (a 100,000-VM lab takes about a second in one go),
 * as parts whose concatenation is the same text. The file must still show one instant, while the lab
 * runs on: each VM is written as it was; those that changed meanwhile (a move replaces the record,
 * World.touchVm notes an edit in place) are written again, in steps while many are, the last few in
 * the final step. That step is synchronous: it also adds the VMs moves added and serialises the rest
 * (other records, tasks, events, clock). The result is null when a change did not say which records
 * it touched (World.touch): the caller then serialises in one go.
 */
export function* serializeEngineStateSteps(engine: Engine): Generator<void, string[] | null, void> {
  const w = engine.world;
  const watch = w.watchVmChanges();
  try {
    const records = [...w.vms.values()];
    /** Each VM's text, in the VM map's order when the save began; null once moved away. */
    const texts: (string | null)[] = new Array<string | null>(records.length);
    const at = new Map<string, number>();
    for (let i = 0; i < records.length; i++) {
      if (i > 0 && i % SERIALIZE_CHUNK === 0) {
        yield;
        if (watch.unknown) return null;
      }
      texts[i] = JSON.stringify(records[i]);
      at.set(records[i].id, i);
    }
    const rewrite = (ids: Iterable<string>): void => {
      for (const id of ids) {
        const i = at.get(id);
        if (i === undefined) continue; // added meanwhile: written in the final step
        const vm = w.vms.get(id);
        texts[i] = vm ? JSON.stringify(vm) : null;
      }
    };
    for (let pass = 0, before = Infinity; pass < CATCH_UP_PASSES; pass++) {
      yield;
      if (watch.unknown) return null;
      // Done when little is left, or when the lab changes faster than it is caught up with.
      const left = watch.changed.size;
      if (left <= FINAL_STEP_VMS || left >= before) break;
      before = left;
      const ids = [...watch.changed];
      watch.changed.clear();
      for (let j = 0; j < ids.length; j += SERIALIZE_CHUNK) {
        if (j > 0) yield;
        rewrite(ids.slice(j, j + SERIALIZE_CHUNK));
      }
    }
    yield;
    if (watch.unknown) return null;
    // The final step: nothing changes from here to the end.
    // An id that left and came back (a new VM under a freed id) sits at the map's end, not where it
    // was: rare enough to serialise in one go.
    if (watch.added.some((id) => at.has(id))) return null;
    rewrite(watch.changed);
    const added = watch.added.flatMap((id) => {
      const vm = w.vms.get(id);
      return vm ? [JSON.stringify(vm)] : [];
    });
    return stateParts(frameOf(engine), [...texts.filter((t): t is string => t !== null), ...added]);
  } finally {
    w.unwatchVmChanges(watch);
  }
}

function stateOf(engine: Engine, vms: WorldSnapshot['vms']): EngineState {
  const w = engine.world;
  const world: WorldSnapshot = {
    name: w.name,
    description: w.description,
    seed: w.seed,
    vcenters: [...w.vcenters.values()],
    datacenters: [...w.datacenters.values()],
    clusters: [...w.clusters.values()],
    hosts: [...w.hosts.values()],
    resourcePools: [...w.resourcePools.values()],
    datastores: [...w.datastores.values()],
    networks: [...w.networks.values()],
    folders: [...w.folders.values()],
    vms,
  };
  const clock = engine.clockInfo();
  const state: EngineState = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    world,
    revision: w.revision,
    clock: { now: clock.now, epochMs: clock.epochMs, speed: clock.speed },
    random: engine.random.state(),
    tasks: engine.tasks.exportState(),
    events: engine.events.exportState(),
    drs: engine.drs.exportState(),
  };
  return state;
}

/** VMs checked between two yields of parseEngineStateSteps. */
export const STATE_CHECK_CHUNK = 500;

const rec = z.looseObject({ id: z.string().min(1) });
const records = z.array(rec);
/** What a VM record of a state file must carry (checked one VM at a time; see parseEngineStateSteps). */
const stateVm = z.looseObject({
  id: z.string().min(1),
  vcenterId: z.string(),
  hostId: z.string(),
  uuid: z.string(),
  disks: z.array(z.looseObject({ datastoreId: z.string(), sizeGB: z.number() })),
  nics: z.array(z.looseObject({ mac: z.string() })),
  cdroms: z.array(z.looseObject({ connected: z.boolean(), backing: z.looseObject({ type: z.string() }) })),
});
/** The outer shape of a state file; records are checked for ids and references, not field by field. */
const stateSchema = z.looseObject({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  world: z.looseObject({
    name: z.string(),
    description: z.string(),
    seed: z.number(),
    vcenters: records,
    datacenters: records,
    clusters: records,
    hosts: records,
    resourcePools: records,
    datastores: records,
    networks: records,
    folders: records,
    vms: z.array(z.unknown()), // each checked on its own with stateVm, a chunk at a time
  }),
  revision: z.number().int().nonnegative(),
  clock: z.strictObject({
    now: z.number().nonnegative(),
    epochMs: z.number(),
    speed: z.enum(clockSpeeds),
  }),
  random: z.number().int().nonnegative(),
  tasks: z.strictObject({
    tasks: z.array(z.looseObject({ id: z.string(), vcenterId: z.string(), state: z.string() })),
    counters: z.record(z.string(), z.number().int()),
  }),
  events: z.strictObject({
    events: z.array(z.looseObject({ id: z.string(), vcenterId: z.string(), key: z.number() })),
    keys: z.record(z.string(), z.number().int()),
  }),
  drs: z.strictObject({ recommendations: z.record(z.string(), z.array(rec)), counter: z.number().int() }),
});

/**
 * Parses and checks a state file's text. Throws a LabFault ("invalid-scenario", naming the field)
 * when it is not JSON, not a state file, or refers to objects that do not exist.
 */
export function parseEngineState(text: string | Uint8Array): EngineState {
  return runToEnd(parseEngineStateSteps(text));
}

/**
 * parseEngineState a step at a time: a 100,000-VM lab's state is 70 MB of JSON, seconds of work, so
 * this yields between chunks of parsing and checking and the service keeps answering meanwhile.
 * The VMs are checked one by one after the rest of the file; a problem outside them is reported
 * first when a whole-file check would have reached it first (the format and the world's other lists
 * precede its VMs; revision, clock, tasks, events and DRS follow them).
 */
export function* parseEngineStateSteps(text: string | Uint8Array): Generator<void, EngineState, void> {
  let data: unknown;
  try {
    data = yield* parseStateJsonSteps(text);
  } catch (e) {
    throw new LabFault('invalid-scenario', `The lab state is not valid JSON: ${(e as Error).message}`, {
      field: '',
    });
  }
  const damaged = (path: PropertyKey[], message: string): LabFault => {
    const field = path.map(String).join('.');
    return new LabFault('invalid-scenario', `The lab state is damaged at "${field}": ${message}`, { field });
  };
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const vmsFirst = issue.path.length > 0 && !['format', 'version', 'world'].includes(String(issue.path[0]));
    if (vmsFirst) yield* checkVms((data as { world: { vms: unknown[] } }).world.vms, damaged);
    throw damaged(issue.path, issue.message);
  }
  const state = parsed.data as unknown as EngineState;
  const w = state.world;
  yield* checkVms(w.vms, damaged);
  const hosts = new Map(w.hosts.map((h) => [h.id, h]));
  const datastores = new Set(w.datastores.map((d) => d.id));
  for (const [i, vm] of w.vms.entries()) {
    if (i % STATE_CHECK_CHUNK === STATE_CHECK_CHUNK - 1) yield;
    const host = hosts.get(vm.hostId);
    if (!host || host.vcenterId !== vm.vcenterId)
      throw new LabFault('invalid-scenario', `The lab state is damaged: VM ${vm.id} is on an unknown host.`, {
        field: `world.vms.${i}.hostId`,
      });
    vm.disks.forEach((d, j) => {
      if (!datastores.has(d.datastoreId))
        throw new LabFault(
          'invalid-scenario',
          `The lab state is damaged: a disk of VM ${vm.id} is on an unknown datastore.`,
          {
            field: `world.vms.${i}.disks.${j}.datastoreId`,
          },
        );
    });
  }
  return state;
}

/** Checks each VM record against stateVm, yielding between chunks; throws for the first bad one. */
function* checkVms(
  vms: unknown[],
  damaged: (path: PropertyKey[], message: string) => LabFault,
): Generator<void, void, void> {
  for (const [i, vm] of vms.entries()) {
    if (i % STATE_CHECK_CHUNK === STATE_CHECK_CHUNK - 1) yield;
    const parsed = stateVm.safeParse(vm);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw damaged(['world', 'vms', i, ...issue.path], issue.message);
    }
  }
}

export interface RestoreOptions {
  /** DRS's periodic pass (default 5 min; null turns it off, as engine tests do). */
  drsIntervalMs?: number | null;
  timers?: TimerHost;
}

/**
 * Builds an engine from a saved state after a restart (clean or not). Tasks that were queued or
 * running fail with INTERRUPTED_MESSAGE and an event says so on their vCenter; a host that was
 * entering maintenance mode goes back to normal (its task was interrupted; the admin enters again);
 * console sessions and ping monitors are not restored, so client ISOs they carried are disconnected.
 * Limits, queues and reservations start empty because nothing is in flight. The state's records
 * become the world's (a copy of a 100,000-VM world costs seconds): pass a state nobody else uses.
 */
export function restoreEngineState(
  state: EngineState,
  options: RestoreOptions = {},
): { engine: Engine; report: RestoreReport } {
  const world = World.adopt(state.world); // the caller's freshly parsed state: no copy needed
  world.revision = state.revision + 1;
  const report: RestoreReport = {
    interruptedTaskIds: [],
    hostsNoLongerEntering: [],
    remoteDevicesDisconnected: [],
    speed: state.clock.speed,
  };
  for (const host of world.hosts.values()) {
    if (host.maintenance === 'entering') {
      host.maintenance = 'none';
      report.hostsNoLongerEntering.push(host.id);
    }
  }
  for (const vm of world.vms.values()) {
    let changed = false;
    for (const cd of vm.cdroms) {
      if (cd.backing.type === 'remoteIso' && cd.connected) {
        cd.connected = false;
        changed = true;
      }
    }
    if (changed) report.remoteDevicesDisconnected.push(vm.id);
  }
  const now = state.clock.now;
  const tasks: TaskInfo[] = state.tasks.tasks.map((t) => ({ ...t }));
  for (const t of tasks) {
    if (t.state !== 'queued' && t.state !== 'running') continue;
    t.state = 'error';
    t.error = INTERRUPTED_MESSAGE;
    t.completedAt = now;
    t.cancelable = false;
    t.phases = t.phases.map((p) => (p.completedAt === null ? { ...p, completedAt: now } : p));
    report.interruptedTaskIds.push(t.id);
  }
  const engine = new Engine({
    world,
    clock: new SimClock(state.clock.epochMs, now),
    random: createRandom(state.random),
    drsIntervalMs: options.drsIntervalMs,
    timers: options.timers,
  });
  engine.tasks.importState({ tasks, counters: state.tasks.counters });
  engine.events.importState({ events: state.events.events as LabEvent[], keys: state.events.keys });
  engine.drs.importState(state.drs);
  // New events, so the history says why a task failed and why a device or a host changed.
  for (const id of report.interruptedTaskIds) {
    const t = engine.tasks.get(id);
    if (!t) continue;
    engine.addEvent(
      t.vcenterId,
      'TaskEvent',
      `Task: ${t.name} of ${t.targetName} failed: ${INTERRUPTED_MESSAGE}`,
      {
        severity: 'error',
        user: t.initiator,
        objectId: t.targetId,
        objectName: t.targetName,
        taskId: t.id,
      },
    );
  }
  for (const id of report.hostsNoLongerEntering) {
    const h = world.hosts.get(id)!;
    engine.addEvent(
      h.vcenterId,
      'ExitMaintenanceModeEvent',
      `Host ${h.name} did not finish entering maintenance mode: the lab was closed`,
      {
        severity: 'warning',
        objectId: h.id,
        objectName: h.name,
      },
    );
  }
  for (const id of report.remoteDevicesDisconnected) {
    const vm = world.vms.get(id)!;
    engine.addEvent(
      vm.vcenterId,
      'VmRemoteDeviceDisconnectedEvent',
      `Remote device of ${vm.name} disconnected: the console session ended when the lab was closed`,
      {
        objectId: vm.id,
        objectName: vm.name,
      },
    );
  }
  // The repairs are news for whoever is listening after the restore, not history to skip.
  if (report.hostsNoLongerEntering.length || report.remoteDevicesDisconnected.length) world.touch();
  return { engine, report };
}
