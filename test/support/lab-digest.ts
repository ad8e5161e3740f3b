/**
 * A stable fingerprint of everything a contract call could change in a LabService: the world, the
 * engine's tasks, events, faults, console sessions, DRS state, ping monitors and clock, the login
 * sessions of the given clients, saved connections, trust and notices, and the bytes of every file
 * in the data directory. Two equal digests mean a call changed nothing anyone could observe.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabService } from '../../src/main/services/lab-service';

/** JSON with sorted keys; Maps and Sets as sorted entry lists; functions and undefined dropped. */
export function stableJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [String(k), norm(x)]).sort() };
    if (v instanceof Set) return { $set: [...v].map(norm) };
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (typeof x !== 'function' && x !== undefined) out[k] = norm(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

/** A private field the digest depends on; fails loudly if the engine renames it (the digest would weaken). */
function privateMap(owner: object, field: string): Map<unknown, unknown> {
  const m = Reflect.get(owner, field) as unknown;
  if (!(m instanceof Map))
    throw new Error(`lab-digest: expected a Map at ${owner.constructor.name}.${field}; update the digest`);
  return m;
}

function filesOf(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory())
      out.push(...filesOf(p).map(([n, h]): [string, string] => [`${name}/${n}`, h]));
    else out.push([name, createHash('sha256').update(readFileSync(p)).digest('hex')]);
  }
  return out;
}

const attempt = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (e) {
    return { threw: (e as Error).message };
  }
};

export function labDigest(lab: LabService, clientIds: string[], dataDir?: string): string {
  const world = lab.world;
  const engine = lab.engine;
  const vcs = [...world.vcenters.values()];
  const state = {
    world: world.toSnapshot(),
    revision: world.revision,
    tasks: [...engine.tasks.all()],
    events: vcs.map((v) => engine.events.all(v.id)),
    faults: engine.faults.list(),
    consoles: [...world.vms.keys()].map((id) => engine.remote.list(id)).filter((l) => l.length > 0),
    drs: [...world.clusters.keys()].map((id) => attempt(() => engine.drsStatus(id))),
    pingMonitors: privateMap(engine.ping, 'monitors'),
    clock: engine.clockInfo(),
    sessions: clientIds.map((clientId) => lab.sessions.list({ clientId })),
    connections: lab.connections.saved.list(),
    notices: lab.connections.store.notices(),
    passwordStorage: lab.connections.vault.passwordStorage(),
    trust: vcs.map((v) => attempt(() => lab.connections.trust.check(v.name))),
    files: dataDir ? filesOf(dataDir) : [],
  };
  return createHash('sha256').update(stableJson(state)).digest('hex');
}
