import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioText } from '../../../../src/main/engine/world/load-scenario';
import { loadScenarioSteps } from '../../../../src/main/engine/world/load-scenario-steps';
import { runToEnd } from '../../../../src/main/engine/steps';
import { LabFault } from '../../../../src/shared/result';

/**
 * Fuzzes the scenario loader with random mutations of the built-in lab (as a hand-edited file would
 * have): wrong types, deleted keys, unknown and prototype keys, duplicated entries, values swapped
 * between fields. Every rejection must be an "invalid-scenario" LabFault whose `field` names a path
 * that exists in the input, or whose parent does (a missing key), so the user can find the mistake.
 */
const defaultLab = readFileSync(resolve(__dirname, '../../../../resources/labs/default.json'), 'utf8');
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function allPaths(v: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) allPaths(v[k], [...path, k], out);
  return out;
}

const doc = JSON.parse(defaultLab) as Json;
const paths = allPaths(doc);
const containers = paths.filter((p) => {
  const v = at(doc, p);
  return v !== null && typeof v === 'object';
});
const strings = [...new Set(paths.map((p) => at(doc, p)).filter((v): v is string => typeof v === 'string'))];

function at(root: Json, path: Path): Json | undefined {
  let cur: Json | undefined = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg))
      return undefined;
    cur = (cur as Record<string | number, Json>)[seg];
  }
  return cur;
}

/** "vcenters[0].users" → ["vcenters", 0, "users"] */
function parseField(field: string): Path {
  const out: Path = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

const wrongValues: Json[] = [null, true, -1, 0, 1e308, '', 'x'.repeat(100_000), [], {}, 'not-a-thing', 3.5];

type Mutation =
  | { kind: 'set'; path: Path; value: Json }
  | { kind: 'delete'; path: Path }
  | { kind: 'addKey'; path: Path; key: string; value: Json }
  | { kind: 'duplicate'; path: Path }
  | { kind: 'swap'; path: Path; value: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constantFrom(...paths),
    value: fc.constantFrom(...wrongValues),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
  }),
  fc.record({
    kind: fc.constant('addKey' as const),
    path: fc.constantFrom(...containers.filter((p) => !Array.isArray(at(doc, p)))),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'bogus', 'toString'),
    value: fc.constantFrom<Json>({ polluted: 'yes' }, 1, 'x', null),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    path: fc.constantFrom(...paths.filter((p) => typeof p[p.length - 1] === 'number')),
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    path: fc.constantFrom(...paths.filter((p) => typeof at(doc, p) === 'string')),
    value: fc.constantFrom(...strings),
  }),
);

/** Applies one mutation to a copy (JSON round trip keeps an own "__proto__" key an own key). */
function mutate(input: Json, m: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(input)) as Json;
  if (m.path.length === 0) return m.kind === 'set' ? m.value : copy;
  const parent = at(copy, m.path.slice(0, -1));
  const target = at(copy, m.path);
  if (parent === null || typeof parent !== 'object') return copy; // an earlier mutation removed it
  const last = m.path[m.path.length - 1];
  const obj = parent as Record<string | number, Json>;
  switch (m.kind) {
    case 'set':
    case 'swap':
      obj[last] = m.value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete obj[last];
      break;
    case 'addKey':
      if (target === null || typeof target !== 'object' || Array.isArray(target)) return copy;
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    case 'duplicate':
      if (!Array.isArray(parent) || target === undefined) return copy;
      parent.splice(last as number, 0, JSON.parse(JSON.stringify(target)) as Json);
      break;
  }
  return copy;
}

describe('scenario loader fuzz', () => {
  it('every rejection of a mutated lab is invalid-scenario naming a field present in the file', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (ms) => {
        // Apply the mutations one after another to the same document.
        const input = ms.reduce<Json>(mutate, doc);
        let error: unknown = null;
        try {
          loadScenario(input);
        } catch (e) {
          error = e;
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
        if (error === null) return;
        rejected++;
        expect(error).toBeInstanceOf(LabFault);
        const fault = error as LabFault;
        expect(fault.code).toBe('invalid-scenario');
        const field = fault.extra.field ?? '';
        const path = parseField(field);
        const exists = at(input, path) !== undefined;
        const parentExists = path.length > 0 && at(input, path.slice(0, -1)) !== undefined;
        expect(exists || parentExists, `field "${field}" (${fault.message}) is not in the mutated file`).toBe(
          true,
        );
        if (field) expect(fault.message.startsWith(`${field}:`), fault.message).toBe(true);
        const added = ms.filter((m): m is Extract<Mutation, { kind: 'addKey' }> => m.kind === 'addKey');
        if (added.length && field === formatOf(added[0].path) && !exists) {
          expect(fault.message).toContain(added[0].key);
        }
      }),
      { numRuns: 600 },
    );
    expect(rejected).toBeGreaterThan(200);
  });

  it('the step-wise loader (used for large labs) accepts and refuses exactly as the one-go loader', () => {
    const outcome = (load: () => { toSnapshot(): unknown }): unknown => {
      try {
        return { world: load().toSnapshot() };
      } catch (e) {
        return { error: (e as LabFault).message, field: (e as LabFault).extra?.field };
      }
    };
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (ms) => {
        const input = ms.reduce<Json>(mutate, doc);
        expect(outcome(() => runToEnd(loadScenarioSteps(input)))).toEqual(outcome(() => loadScenario(input)));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('rejects text that is not JSON with a LabFault, never a bare SyntaxError', () => {
    fc.assert(
      fc.property(fc.nat(defaultLab.length - 1), fc.string({ minLength: 1, maxLength: 3 }), (cut, junk) => {
        const text = defaultLab.slice(0, cut) + junk;
        try {
          loadScenarioText(text);
        } catch (e) {
          expect(e).toBeInstanceOf(LabFault);
          expect((e as LabFault).code).toBe('invalid-scenario');
        }
      }),
      { numRuns: 200 },
    );
  });
});

function formatOf(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
