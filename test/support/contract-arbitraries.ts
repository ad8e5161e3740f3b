/**
 * fast-check arbitraries for every contract call, derived from the calls' own zod schemas so the
 * fuzzers cover whatever the contract holds today. Arguments are "valid-ish" (the right shape with
 * interesting values: real ids from every vCenter, unknown ids, huge strings, prototype keys) or
 * plainly adversarial (wrong types, extra keys, `__proto__` / `constructor` payloads).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { callNames, calls, type CallName } from '../../src/shared/contract';
import { errorCodes, type LabError, type Result } from '../../src/shared/result';
import type { World } from '../../src/main/engine/world/world';

/** Strings worth trying in any string argument: real ids, addresses and users, and nasty values. */
export interface StringPool {
  ids: string[];
  addresses: string[];
  users: string[];
  passwords: string[];
  thumbprints: string[];
}

/** Every id, address and user the lab's world holds (ids of all vCenters, so cross-vCenter mixes occur). */
export function stringPoolOf(world: World): StringPool {
  const snap = world.toSnapshot();
  const ids = [
    ...snap.vcenters,
    ...snap.datacenters,
    ...snap.clusters,
    ...snap.hosts,
    ...snap.resourcePools,
    ...snap.datastores,
    ...snap.networks,
    ...snap.folders,
    ...snap.vms,
  ].map((r) => r.id);
  return {
    ids,
    addresses: snap.vcenters.map((v) => v.name),
    users: snap.vcenters.flatMap((v) => v.users.map((u) => u.user)),
    passwords: snap.vcenters.flatMap((v) => v.users.map((u) => u.password)),
    thumbprints: snap.vcenters.map((v) => v.certificate.thumbprint),
  };
}

const nasty = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  'vcsa01:vm-999999',
  'no-such-id',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\ud800',
  '😀'.repeat(50),
  'x'.repeat(201),
  'y'.repeat(300_000),
];

function stringArb(pool: StringPool, adversarial: boolean): fc.Arbitrary<string> {
  if (!adversarial) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pool.ids) },
      { weight: 1, arbitrary: fc.constantFrom(...pool.addresses) },
      { weight: 1, arbitrary: fc.constantFrom(...pool.users) },
      { weight: 1, arbitrary: fc.constantFrom(...pool.passwords) },
      { weight: 1, arbitrary: fc.constantFrom(...pool.thumbprints) },
    );
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pool.ids) },
    { weight: 1, arbitrary: fc.constantFrom(...pool.addresses) },
    { weight: 1, arbitrary: fc.constantFrom(...pool.users) },
    { weight: 1, arbitrary: fc.constantFrom(...pool.passwords) },
    { weight: 1, arbitrary: fc.constantFrom(...pool.thumbprints) },
    { weight: 2, arbitrary: fc.constantFrom(...nasty) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

/** Any JSON-ish value of the wrong kind for a field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(1e308),
  fc.constant(-0),
  fc.string({ maxLength: 10 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: 'yes' } } }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * A value shaped by the schema. Plain: every leaf of the right kind, strings from the lab's real ids,
 * addresses and credentials (mixed across vCenters), so calls get past validation into the handlers.
 * Adversarial: leaves may be nasty strings or the wrong kind, objects may carry extra or prototype keys.
 */
export function shapedArb(schema: z.ZodType, pool: StringPool, adversarial = true): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (): fc.Arbitrary<unknown> => shapedArb(def.innerType as z.ZodType, pool, adversarial);
  let arb: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'string':
      arb = stringArb(pool, adversarial);
      break;
    case 'number':
      arb = adversarial
        ? fc.oneof(fc.integer({ min: -2, max: 6000 }), fc.constant(2 ** 31), fc.double({ noNaN: false }))
        : fc.integer({ min: 0, max: 300 });
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'enum':
      arb = fc.constantFrom(...(Object.values(def.entries as Record<string, string>) as string[]));
      if (adversarial)
        arb = fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
      break;
    case 'array':
      arb = fc.array(shapedArb(def.element as z.ZodType, pool, adversarial), {
        minLength: adversarial ? 0 : 1,
        maxLength: 4,
      });
      break;
    case 'optional':
      return fc.oneof(fc.constant(undefined), inner());
    case 'default':
      return fc.oneof(fc.constant(undefined), inner());
    case 'nullable':
      return fc.oneof(fc.constant(null), inner());
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(
        Object.entries(shape).map(([k, s]) => [k, shapedArb(s, pool, adversarial)]),
      );
      if (!adversarial) return fc.record(fields).map((rec) => JSON.parse(JSON.stringify(rec)) as unknown);
      const extras = fc.option(fc.constantFrom('__proto__', 'constructor', 'extra', 'prototype'), {
        freq: 6,
      });
      return fc.tuple(fc.record(fields), extras, wrongValue).map(([rec, extra, v]) => {
        // Built through JSON so a "__proto__" key is an own property, as JSON.parse on the wire makes it.
        const out = JSON.parse(JSON.stringify(rec)) as Record<string, unknown>;
        if (extra)
          Object.defineProperty(out, extra, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return out;
      });
    }
    default:
      // A schema kind this generator does not know yet: fall back to arbitrary values.
      return fc.anything();
  }
  return adversarial ? fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: wrongValue }) : arb;
}

/** Arguments for one call: mostly schema-shaped, sometimes anything at all. */
export function argsArb(name: CallName, pool: StringPool): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: shapedArb(calls[name].args as z.ZodType, pool, false) },
    { weight: 4, arbitrary: shapedArb(calls[name].args as z.ZodType, pool, true) },
    { weight: 1, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withObjectString: true, withNullPrototype: true }) },
  );
}

export interface FuzzCall {
  name: string;
  args: unknown;
  /** Which test client makes the call (one has sessions, one has none). */
  client: number;
}

/** One call: a contract name (or, now and then, a name that is not one) with arguments. */
export function callArb(pool: StringPool, clients = 2): fc.Arbitrary<FuzzCall> {
  const known = fc
    .constantFrom(...callNames)
    .chain((name) =>
      fc.record({ name: fc.constant<string>(name), args: argsArb(name, pool), client: fc.nat(clients - 1) }),
    );
  const unknown = fc.record({
    name: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'lab.info ', 'LAB.INFO'),
      fc.string(),
    ),
    args: fc.anything({ maxDepth: 1 }),
    client: fc.nat(clients - 1),
  });
  return fc.oneof({ weight: 12, arbitrary: known }, { weight: 1, arbitrary: unknown });
}

/** Whether a value is a well-formed Result; returns why not, or null. */
export function resultProblem(r: unknown): string | null {
  if (typeof r !== 'object' || r === null) return `not an object: ${String(r)}`;
  const res = r as Result<unknown>;
  if (res.ok === true) return 'value' in res ? null : 'ok result without a value';
  if (res.ok !== false) return 'no ok flag';
  const e = res.error as LabError | undefined;
  if (!e || typeof e.message !== 'string' || !e.message) return 'error without a message';
  if (!(errorCodes as readonly string[]).includes(e.code)) return `unknown error code ${String(e.code)}`;
  return null;
}

/** Short, printable form of a call for failure messages (huge strings cut). */
export function describeCall(c: FuzzCall): string {
  const text = JSON.stringify(c.args, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v,
  );
  return `${c.name}(${text ?? String(c.args)}) as client ${c.client}`;
}
