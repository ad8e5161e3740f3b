/**
 * What must hold for a saved lab whatever moment the process died at, checked on the state file
 * itself and on the lab restored from it (the same restore code the service runs at start).
 */
import {
  INTERRUPTED_MESSAGE,
  parseEngineState,
  restoreEngineState,
  type EngineState,
} from '../../src/main/engine/persistence/engine-state';
import type { World } from '../../src/main/engine/world/world';
import { snapshotViolations, worldViolations } from '../../src/main/engine/world/invariants';

/** The identities every VM of the scenario has for ever: migrations move VMs, never create or drop them. */
export interface Baseline {
  uuids: string[];
  instanceUuids: string[];
  macs: string[];
}

const sorted = (xs: string[]): string[] => [...xs].sort();

export function baselineOf(world: World): Baseline {
  const vms = [...world.vms.values()];
  return {
    uuids: sorted(vms.map((v) => v.uuid)),
    instanceUuids: sorted(vms.map((v) => v.instanceUuid)),
    macs: sorted(vms.flatMap((v) => v.nics.map((n) => n.mac))),
  };
}

/** What one check of a state file found. */
export interface StateCheck {
  failures: string[];
  /** Tasks queued or running in the file (the kill landed mid-operation). */
  inFlight: string[];
  /** Hosts that were entering maintenance mode in the file. */
  entering: number;
  vms: number;
  datastores: number;
  state: EngineState;
}

function sameList(name: string, got: string[], want: string[], failures: string[]): void {
  const g = sorted(got);
  if (g.length !== want.length || g.some((x, i) => x !== want[i])) {
    const missing = want.filter((x) => !g.includes(x));
    const dup = g.filter((x, i) => g.indexOf(x) !== i);
    failures.push(
      `${name}: ${missing.length} missing, ${dup.length} duplicated (${[...missing, ...dup].slice(0, 3).join(', ')})`,
    );
  }
}

/**
 * Checks a world: every VM of the scenario still there exactly once (against the baseline), and the
 * invariants of any world: identities unique, each VM whole in one vCenter, space adds up.
 */
export function checkWorld(world: World, baseline: Baseline, failures: string[]): void {
  const vms = [...world.vms.values()];
  sameList(
    'VM uuids',
    vms.map((v) => v.uuid),
    baseline.uuids,
    failures,
  );
  sameList(
    'VM instance uuids',
    vms.map((v) => v.instanceUuid),
    baseline.instanceUuids,
    failures,
  );
  sameList(
    'MAC addresses',
    vms.flatMap((v) => v.nics.map((n) => n.mac)),
    baseline.macs,
    failures,
  );
  // What must hold for any world (src/main/engine/world/invariants.ts, also checked on every load).
  failures.push(...worldViolations(world));
}

/**
 * Loads a state file as the service does and checks it before and after the restore: it parses, the
 * world is consistent, and after the restore nothing is queued or running, every interrupted task
 * failed with the interrupted message, and no host is left "entering maintenance mode".
 */
export function checkStateText(text: string, baseline: Baseline): StateCheck {
  const failures: string[] = [];
  const state = parseEngineState(text); // throws if the file does not load: the first failure of all
  for (const v of snapshotViolations(state.world)) failures.push(`state file: ${v.field}: ${v.message}`);
  const inFlight = state.tasks.tasks
    .filter((t) => t.state === 'queued' || t.state === 'running')
    .map((t) => t.id);
  const entering = state.world.hosts.filter((h) => h.maintenance === 'entering').length;
  const { engine } = restoreEngineState(structuredClone(state), { drsIntervalMs: null });
  try {
    checkWorld(engine.world, baseline, failures);
    for (const t of engine.tasks.all()) {
      if (t.state === 'queued' || t.state === 'running')
        failures.push(`task ${t.id} (${t.name}) still ${t.state} after restore`);
    }
    for (const id of inFlight) {
      const t = engine.tasks.get(id);
      if (t && (t.state !== 'error' || t.error !== INTERRUPTED_MESSAGE))
        failures.push(`interrupted task ${id} shows ${t.state}: ${t.error}`);
    }
    for (const h of engine.world.hosts.values())
      if (h.maintenance === 'entering')
        failures.push(`host ${h.name} still entering maintenance mode after restore`);
    return {
      failures,
      inFlight,
      entering,
      vms: engine.world.vms.size,
      datastores: engine.world.datastores.size,
      state,
    };
  } finally {
    engine.dispose();
  }
}
