import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManualClock } from '../../../src/main/engine/clock';
import { Engine, type EngineUpdate } from '../../../src/main/engine/engine';
import { createRandom } from '../../../src/main/engine/random';
import { loadScenarioText } from '../../../src/main/engine/world/load-scenario';
import type { World } from '../../../src/main/engine/world/world';
import { migrationRequestSchema, type MigrationRequestInput } from '../../../src/shared/engine-api';

const text = readFileSync(resolve(import.meta.dirname, '../../../resources/labs/default.json'), 'utf8');

export const ADMIN = 'administrator@vsphere.local';

/** The built-in lab with a manual clock; DRS's periodic pass is off unless asked for. */
export function defaultLab(opts: { seed?: number; drsIntervalMs?: number | null } = {}) {
  const world = loadScenarioText(text);
  const clock = new ManualClock();
  const engine = new Engine({
    world,
    clock,
    random: createRandom(opts.seed ?? 7),
    drsIntervalMs: opts.drsIntervalMs ?? null,
  });
  const updates: EngineUpdate[] = [];
  engine.subscribe((u) => updates.push(u));
  return { world, clock, engine, updates, ...lookups(world) };
}

export function lookups(world: World) {
  const byName = <T extends { name: string }>(map: Map<string, T>, name: string): T => {
    const found = [...map.values()].find((x) => x.name === name);
    if (!found) throw new Error(`no object named ${name}`);
    return found;
  };
  return {
    vm: (name: string) => byName(world.vms, name),
    host: (name: string) => byName(world.hosts, name),
    ds: (name: string) => byName(world.datastores, name),
    net: (name: string, vcenterId?: string) =>
      [...world.networks.values()].find((n) => n.name === name && (!vcenterId || n.vcenterId === vcenterId))!,
    cluster: (name: string) => byName(world.clusters, name),
    folder: (name: string, vcenterId?: string) =>
      [...world.folders.values()].find((n) => n.name === name && (!vcenterId || n.vcenterId === vcenterId))!,
    vc: (key: string) => world.vcenters.get(`${key}:vcenter`)!,
    /** Every VM named `name` in the whole lab (to prove there is exactly one). */
    copies: (name: string) => [...world.vms.values()].filter((v) => v.name === name),
  };
}

export const req = (r: MigrationRequestInput) => migrationRequestSchema.parse(r);

type Lab = ReturnType<typeof defaultLab>;

/**
 * Cross vCenter Server export of `vmName` from vcsa-01 to the branch (esx-w01, West-vsanDatastore,
 * folder Migrated, DPG-West-Prod): the export most engine tests start.
 */
export function exportToBranch(lab: Lab, vmName: string) {
  return req({
    vcenterId: 'vcsa01:vcenter',
    vmIds: [lab.vm(vmName).id],
    type: 'crossVcenter',
    hostId: lab.host('esx-w01.branch.example').id,
    datastoreId: lab.ds('West-vsanDatastore').id,
    folderId: lab.folder('Migrated', 'vcsa02:vcenter').id,
    networkId: lab.net('DPG-West-Prod').id,
  });
}
