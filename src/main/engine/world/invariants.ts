/**
 * What must hold for any lab world, whether it was just built from a scenario, restored from a
 * saved state, or survived a crash: every record has the fields and types the engine relies on,
 * every object exists once, every VM sits whole in one vCenter (host, disks, NICs), VM identities
 * (UUID, instance UUID, MAC) are unique, every vCenter has a user to log in with, and datastore free
 * space adds up. The lab library refuses a saved state that breaks one (moved aside, rebuilt from
 * its scenario) and the crash test checks them after every kill. Pure: no file access.
 *
 * The check is a generator that yields every CHECK_CHUNK records, so a caller holding a 100,000-VM
 * lab can give other work a turn between chunks; `snapshotViolations` runs it to the end at once.
 */
import { z } from 'zod';
import { diskFormats, drsModes, powerStates } from '../../../shared/scenario-schema';
import { diskConsumedGB } from '../../../shared/world-types';
import type { World, WorldSnapshot } from './world';

/** Records checked between two yields of the generator. */
export const CHECK_CHUNK = 500;
/** At most this many violations are collected: enough to say what is wrong, bounded for a huge file. */
const MAX_VIOLATIONS = 20;

/** One broken rule, with where it is in the snapshot ("vms.3.nics.0.mac"). */
export interface Violation {
  field: string;
  message: string;
}

const id = z.string().min(1);
const ref = z.string().min(1);
const count = z.number().finite().nonnegative();
const user = z.looseObject({ user: z.string().min(1), password: z.string().min(1) });

/** The fields each kind of record must carry, with their types; extra fields are left alone. */
const recordShapes = {
  vcenters: z.looseObject({
    id,
    kind: z.literal('vcenter'),
    key: z.string(),
    name: z.string().min(1),
    version: z.string(),
    build: z.string(),
    ssoDomain: z.string(),
    users: z.array(user).min(1, 'a vCenter needs at least one user to log in with'),
    certificate: z.looseObject({ thumbprint: z.string() }),
    cloud: z.boolean(),
    reachable: z.boolean(),
    linkedModeGroup: z.string().nullable(),
  }),
  datacenters: z.looseObject({ id, kind: z.literal('datacenter'), vcenterId: ref, name: z.string() }),
  clusters: z.looseObject({
    id,
    kind: z.literal('cluster'),
    vcenterId: ref,
    datacenterId: ref,
    name: z.string(),
    drs: z.enum(drsModes),
    evc: z.string().nullable(),
  }),
  hosts: z.looseObject({
    id,
    kind: z.literal('host'),
    vcenterId: ref,
    datacenterId: ref,
    clusterId: ref.nullable(),
    name: z.string().min(1),
    version: z.string(),
    cpu: z.looseObject({
      vendor: z.enum(['intel', 'amd']),
      sockets: count,
      coresPerSocket: count,
      mhz: count,
    }),
    memoryGB: count,
    vmotion: z.looseObject({ enabled: z.boolean(), linkGbps: count }),
    connectionState: z.enum(['connected', 'disconnected', 'notResponding']),
    maintenance: z.enum(['none', 'entering', 'inMaintenance']),
    datastoreIds: z.array(ref),
    networkIds: z.array(ref),
  }),
  resourcePools: z.looseObject({
    id,
    kind: z.literal('resourcePool'),
    vcenterId: ref,
    clusterId: ref,
    parentId: ref.nullable(),
    name: z.string(),
  }),
  datastores: z.looseObject({
    id,
    kind: z.literal('datastore'),
    vcenterId: ref,
    datacenterId: ref,
    name: z.string().min(1),
    capacityGB: count,
    otherUsedGB: count,
  }),
  networks: z.looseObject({
    id,
    kind: z.literal('network'),
    vcenterId: ref,
    datacenterId: ref,
    name: z.string().min(1),
    vlan: z.number().int(),
  }),
  folders: z.looseObject({
    id,
    kind: z.literal('folder'),
    vcenterId: ref,
    datacenterId: ref,
    parentId: ref.nullable(),
    name: z.string(),
  }),
  vms: z.looseObject({
    id,
    kind: z.literal('vm'),
    vcenterId: ref,
    datacenterId: ref,
    name: z.string().min(1),
    uuid: z.string().min(1),
    instanceUuid: z.string().min(1),
    powerState: z.enum(powerStates),
    cpu: count,
    memoryMB: count,
    hardwareVersion: count,
    hostId: ref,
    folderId: ref.nullable(),
    resourcePoolId: ref.nullable(),
    disks: z.array(
      z.looseObject({
        key: z.number(),
        sizeGB: count,
        usedGB: count,
        format: z.enum(diskFormats),
        datastoreId: ref,
      }),
    ),
    nics: z.array(
      z.looseObject({ key: z.number(), networkId: ref, mac: z.string().min(1), connected: z.boolean() }),
    ),
    cdroms: z.array(z.looseObject({ connected: z.boolean(), backing: z.looseObject({ type: z.string() }) })),
    ipAddress: z.string().nullable(),
    dirtyRateMBps: count,
    pinned: z.boolean(),
  }),
} as const;

type Kind = keyof typeof recordShapes;
const kinds = Object.keys(recordShapes) as Kind[];

/**
 * Checks a world snapshot (the saved form) and returns what is wrong, first problems first; an
 * empty list means the engine may build a World from it. Yields every CHECK_CHUNK records.
 */
export function* checkSnapshot(snapshot: WorldSnapshot): Generator<void, Violation[], void> {
  const out: Violation[] = [];
  const add = (field: string, message: string): boolean => {
    if (out.length < MAX_VIOLATIONS) out.push({ field, message });
    return out.length >= MAX_VIOLATIONS;
  };
  let done = 0;
  /** vCenter id of every object, by id (ids are unique across kinds: they carry the kind's prefix). */
  const owner = new Map<string, { kind: Kind; vcenterId: string }>();
  for (const kind of kinds) {
    const list = (snapshot as unknown as Record<Kind, unknown>)[kind];
    if (!Array.isArray(list)) {
      add(kind, 'must be a list');
      continue;
    }
    for (const [i, rec] of list.entries()) {
      if (++done % CHECK_CHUNK === 0) yield;
      const parsed = recordShapes[kind].safeParse(rec);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        if (add([kind, i, ...issue.path].join('.'), issue.message)) return out;
        continue;
      }
      const r = parsed.data as { id: string; vcenterId?: string };
      if (owner.has(r.id)) {
        const what = kind === 'vms' ? `VM ${r.id} is in two places` : `${r.id} appears twice`;
        if (add(`${kind}.${i}.id`, what)) return out;
        continue;
      }
      owner.set(r.id, { kind, vcenterId: r.vcenterId ?? r.id });
    }
  }
  if (out.length) return out;

  const sameVc = (refId: string, kind: Kind, vcenterId: string): boolean => {
    const o = owner.get(refId);
    return o !== undefined && o.kind === kind && o.vcenterId === vcenterId;
  };
  const seen = { uuid: new Set<string>(), instanceUuid: new Set<string>(), mac: new Set<string>() };
  const unique = (set: Set<string>, value: string, field: string, what: string): boolean => {
    if (!set.has(value)) {
      set.add(value);
      return false;
    }
    return add(field, `${what} ${value} is used by two VMs`);
  };
  for (const [i, vm] of snapshot.vms.entries()) {
    if (++done % CHECK_CHUNK === 0) yield;
    const at = `vms.${i}`;
    if (
      !sameVc(vm.hostId, 'hosts', vm.vcenterId) &&
      add(`${at}.hostId`, `VM ${vm.id} is on a host of no or another vCenter`)
    )
      return out;
    for (const [j, d] of vm.disks.entries())
      if (
        !sameVc(d.datastoreId, 'datastores', vm.vcenterId) &&
        add(
          `${at}.disks.${j}.datastoreId`,
          `a disk of VM ${vm.id} is on a datastore of no or another vCenter`,
        )
      )
        return out;
    for (const [j, n] of vm.nics.entries()) {
      if (
        !sameVc(n.networkId, 'networks', vm.vcenterId) &&
        add(`${at}.nics.${j}.networkId`, `a NIC of VM ${vm.id} is on a network of no or another vCenter`)
      )
        return out;
      if (unique(seen.mac, n.mac.toLowerCase(), `${at}.nics.${j}.mac`, 'MAC address')) return out;
    }
    if (unique(seen.uuid, vm.uuid, `${at}.uuid`, 'UUID')) return out;
    if (unique(seen.instanceUuid, vm.instanceUuid, `${at}.instanceUuid`, 'instance UUID')) return out;
  }
  for (const [i, h] of snapshot.hosts.entries()) {
    if (!sameVc(h.datacenterId, 'datacenters', h.vcenterId))
      add(`hosts.${i}.datacenterId`, `host ${h.id} is in no datacenter of its vCenter`);
  }
  return out;
}

/** checkSnapshot run to the end in one go (small worlds, tests). */
export function snapshotViolations(snapshot: WorldSnapshot): Violation[] {
  const run = checkSnapshot(snapshot);
  for (;;) {
    const step = run.next();
    if (step.done) return step.value;
  }
}

/**
 * Checks a built World (what the engine runs on): each VM whole in one vCenter, identities unique,
 * and the free space the world shows for each datastore equals capacity minus other files minus the
 * disks present. Returns one sentence per problem.
 */
export function worldViolations(world: World): string[] {
  const failures: string[] = [];
  const vms = [...world.vms.values()];
  const dupes = (name: string, values: string[]): void => {
    const seen = new Set<string>();
    const twice = values.filter((v) => seen.size === seen.add(v).size);
    if (twice.length) failures.push(`${name}: ${twice.length} duplicated (${twice.slice(0, 3).join(', ')})`);
  };
  dupes(
    'VM uuids',
    vms.map((v) => v.uuid),
  );
  dupes(
    'VM instance uuids',
    vms.map((v) => v.instanceUuid),
  );
  dupes(
    'MAC addresses',
    vms.flatMap((v) => v.nics.map((n) => n.mac.toLowerCase())),
  );
  for (const vm of vms) {
    const host = world.hosts.get(vm.hostId);
    if (!host || host.vcenterId !== vm.vcenterId)
      failures.push(`VM ${vm.name} is on a host of another vCenter`);
    for (const d of vm.disks) {
      const ds = world.datastores.get(d.datastoreId);
      if (!ds || ds.vcenterId !== vm.vcenterId)
        failures.push(`a disk of VM ${vm.name} is on a datastore of another vCenter`);
    }
    for (const n of vm.nics) {
      const net = world.networks.get(n.networkId);
      if (!net || net.vcenterId !== vm.vcenterId)
        failures.push(`a NIC of VM ${vm.name} is on a network of another vCenter`);
    }
  }
  for (const vc of world.vcenters.values())
    if (!vc.users.length) failures.push(`vCenter ${vc.name} has no user to log in with`);
  const used = new Map<string, number>();
  for (const vm of vms)
    for (const d of vm.disks) used.set(d.datastoreId, (used.get(d.datastoreId) ?? 0) + diskConsumedGB(d));
  for (const ds of world.datastores.values()) {
    const expected = ds.capacityGB - ds.otherUsedGB - (used.get(ds.id) ?? 0);
    const shown = world.datastoreFreeGB(ds.id);
    if (Math.abs(expected - shown) > 1e-6)
      failures.push(`datastore ${ds.name}: free space shown ${shown} GB, disks present leave ${expected} GB`);
  }
  return failures;
}
