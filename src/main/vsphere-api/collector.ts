/**
 * The PropertyCollector: PropertyFilterSpec evaluation (ObjectSpec + TraversalSpec/SelectionSpec
 * walking, PropertySpec type matching with subtypes, dotted paths), RetrievePropertiesEx paging,
 * and the change detection behind WaitForUpdates(Ex): each filter remembers the encoded values it
 * last reported and the next call reports the differences, under an increasing version.
 */
import type { CollectorState, FilterState } from './api-sessions';
import { isA } from './inventory';
import { lookupObject, type EndpointContext, type ManagedObject } from './managed-objects';
import {
  encodeValue,
  isArrayVal,
  isMoRef,
  isTyped,
  localizedFault,
  SoapFault,
  type DataObject,
  type MoRef,
  type Value,
} from './soap';
import { boolOf, child, childrenNamed, morefChild, textOf, type XNode } from './xml-decode';

interface PropSpec {
  type: string;
  all: boolean;
  paths: string[];
}

/** One selected object and the property paths asked of it ('all' = every top-level property). */
interface Selected {
  mo: ManagedObject;
  paths: Set<string> | 'all';
}

const key = (ref: MoRef): string => `${ref.type}:${ref.value}`;

function propSpecs(spec: XNode): PropSpec[] {
  return childrenNamed(spec, 'propSet').map((p) => ({
    type: textOf(p, 'type') ?? '',
    all: boolOf(p, 'all') ?? false,
    paths: childrenNamed(p, 'pathSet').map((n) => n.text.trim()),
  }));
}

/** Named TraversalSpecs anywhere under an ObjectSpec, for SelectionSpec references by name. */
function namedSpecs(nodes: XNode[], into = new Map<string, XNode>(), depth = 0): Map<string, XNode> {
  if (depth > 32) return into;
  for (const n of nodes) {
    const name = textOf(n, 'name');
    if (name && textOf(n, 'path') !== undefined && !into.has(name)) into.set(name, n);
    namedSpecs(childrenNamed(n, 'selectSet'), into, depth + 1);
  }
  return into;
}

/** The morefs a traversal path's value holds (one moref, an array of them, or nothing). */
function refsIn(v: Value): MoRef[] {
  if (v === null || v === undefined) return [];
  if (isMoRef(v)) return [v];
  if (Array.isArray(v)) return v.flatMap(refsIn);
  if (isArrayVal(v)) return v.items.flatMap(refsIn);
  return [];
}

/** Evaluates a dotted property path; `missing` when the path names no property of the object. */
export function propertyValue(mo: ManagedObject, path: string): Value | typeof MISSING {
  const [top, ...rest] = path.split('.');
  const getter = Object.prototype.hasOwnProperty.call(mo.props, top) ? mo.props[top] : undefined;
  if (!getter) return MISSING;
  let v: Value = getter();
  for (const part of rest) {
    if (v === null || v === undefined) return undefined;
    if (
      typeof v !== 'object' ||
      v instanceof Date ||
      Array.isArray(v) ||
      isMoRef(v) ||
      isArrayVal(v) ||
      isTyped(v)
    )
      return MISSING;
    if (!Object.prototype.hasOwnProperty.call(v, part)) return undefined;
    v = (v as DataObject)[part];
  }
  return v;
}
export const MISSING = Symbol('missing');

/** Walks one PropertyFilterSpec and returns the objects it selects with the paths asked of each. */
export function select(ctx: EndpointContext, spec: XNode): Selected[] {
  const props = propSpecs(spec);
  const out = new Map<string, Selected>();
  const visited = new Set<string>();
  const add = (mo: ManagedObject): void => {
    for (const p of props) {
      if (!isA(mo.type, p.type)) continue;
      const k = key(mo.ref);
      let s = out.get(k);
      if (!s) out.set(k, (s = { mo, paths: new Set() }));
      if (p.all) s.paths = 'all';
      else if (s.paths !== 'all') for (const path of p.paths) s.paths.add(path);
    }
  };
  for (const os of childrenNamed(spec, 'objectSet')) {
    const ref = morefChild(os, 'obj');
    const start = ref ? lookupObject(ctx, ref) : null;
    if (!ref || !start) {
      throw new SoapFault(
        'ManagedObjectNotFound',
        `The object '${ref?.type ?? '?'}:${ref?.value ?? '?'}' has already been deleted or has not been completely created`,
        {
          obj: ref ? { _mo: true, ...ref } : undefined,
        },
      );
    }
    const named = namedSpecs(childrenNamed(os, 'selectSet'));
    const walk = (mo: ManagedObject, skip: boolean, selections: XNode[], depth: number): void => {
      if (!skip) add(mo);
      if (depth > 64) return;
      for (const sel of selections) {
        const ts = textOf(sel, 'path') !== undefined ? sel : named.get(textOf(sel, 'name') ?? '');
        if (!ts) continue;
        const type = textOf(ts, 'type') ?? '';
        if (!isA(mo.type, type)) continue;
        const path = textOf(ts, 'path') ?? '';
        const visit = `${key(mo.ref)}|${type}.${path}|${textOf(ts, 'name') ?? ''}`;
        if (visited.has(visit)) continue;
        visited.add(visit);
        const v = propertyValue(mo, path);
        if (v === MISSING) continue;
        for (const r of refsIn(v)) {
          const next = lookupObject(ctx, r);
          if (next) walk(next, boolOf(ts, 'skip') ?? false, childrenNamed(ts, 'selectSet'), depth + 1);
        }
      }
    };
    walk(start, boolOf(os, 'skip') ?? false, childrenNamed(os, 'selectSet'), 0);
  }
  return [...out.values()];
}

/** One object's requested properties as (name, value) pairs plus the paths it does not have. */
function values(s: Selected): { set: [string, Value][]; missing: string[] } {
  const set: [string, Value][] = [];
  const missing: string[] = [];
  const paths = s.paths === 'all' ? Object.keys(s.mo.props) : [...s.paths];
  for (const path of paths) {
    const v = propertyValue(s.mo, path);
    if (v === MISSING) missing.push(path);
    else if (v !== undefined && v !== null) set.push([path, v]);
  }
  return { set, missing };
}

const invalidProperty = (path: string): DataObject => ({
  _type: 'MissingProperty',
  path,
  fault: localizedFault(new SoapFault('InvalidProperty', `Invalid property: ${path}`, { name: path })),
});

export function objectContent(s: Selected): DataObject {
  const { set, missing } = values(s);
  return {
    _type: 'ObjectContent',
    obj: s.mo.ref,
    propSet: set.map(([name, val]) => ({ _type: 'DynamicProperty', name, val })),
    missingSet: missing.map(invalidProperty),
  };
}

/** RetrieveProperties / RetrievePropertiesEx over every spec of specSet. */
export function retrieve(ctx: EndpointContext, specSet: XNode[]): DataObject[] {
  const seen = new Map<string, DataObject>();
  for (const spec of specSet) for (const s of select(ctx, spec)) seen.set(key(s.mo.ref), objectContent(s));
  return [...seen.values()];
}

/** The answer of a call without a session: every object reports NotAuthenticated (as vcsim does). */
export function notAuthenticatedContent(ctx: EndpointContext, specSet: XNode[]): DataObject[] {
  const fault = localizedFault(new SoapFault('NotAuthenticated', 'The session is not authenticated.', {}));
  return specSet.flatMap((spec) =>
    childrenNamed(spec, 'objectSet').flatMap((os) => {
      const ref = morefChild(os, 'obj');
      if (!ref) return [];
      const paths = childrenNamed(spec, 'propSet').flatMap((p) =>
        childrenNamed(p, 'pathSet').map((n) => n.text.trim()),
      );
      return [
        {
          _type: 'ObjectContent',
          obj: { _mo: true as const, ...ref },
          missingSet: (paths.length ? paths : ['']).map((path) => ({
            _type: 'MissingProperty',
            path,
            fault,
          })),
        },
      ];
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// WaitForUpdates
// ---------------------------------------------------------------------------------------------------

function encoded(v: Value): string {
  const out: string[] = [];
  encodeValue(out, 'v', v, true);
  return out.join('');
}

/** What changed through one filter since it last reported (everything, the first time). */
export function filterUpdate(ctx: EndpointContext, filterId: string, f: FilterState): DataObject | null {
  const now = new Map<string, Map<string, string>>();
  const objectSet: DataObject[] = [];
  const before = f.reported;
  let selected: Selected[];
  try {
    selected = select(ctx, f.spec);
  } catch {
    selected = []; // the watched object is gone: it leaves
  }
  for (const s of selected) {
    const k = key(s.mo.ref);
    const { set } = values(s);
    const props = new Map(set.map(([n, v]) => [n, encoded(v)]));
    now.set(k, props);
    const old = before?.get(k);
    const changes = set.filter(([n]) => !old || old.get(n) !== props.get(n));
    const removed = old ? [...old.keys()].filter((n) => !props.has(n)) : [];
    if (old && changes.length === 0 && removed.length === 0) continue;
    objectSet.push({
      _type: 'ObjectUpdate',
      kind: old ? 'modify' : 'enter',
      obj: s.mo.ref,
      changeSet: [
        ...changes.map(([name, val]) => ({ _type: 'PropertyChange', name, op: 'assign', val })),
        ...removed.map((name) => ({ _type: 'PropertyChange', name, op: 'assign' })),
      ],
    });
  }
  for (const k of before?.keys() ?? []) {
    if (now.has(k)) continue;
    const [type, ...rest] = k.split(':');
    objectSet.push({ _type: 'ObjectUpdate', kind: 'leave', obj: { _mo: true, type, value: rest.join(':') } });
  }
  f.reported = now;
  if (objectSet.length === 0) return null;
  return {
    _type: 'PropertyFilterUpdate',
    filter: { _mo: true, type: 'PropertyFilter', value: filterId },
    objectSet,
  };
}

/** One pass over a collector's filters; null when nothing changed. `full` resends everything. */
export function collectorUpdate(ctx: EndpointContext, c: CollectorState, full: boolean): DataObject | null {
  const filterSet: DataObject[] = [];
  for (const id of c.filters) {
    const f = ctx.session?.objects.get(id);
    if (f?.kind !== 'filter') continue;
    if (full) f.reported = null;
    const u = filterUpdate(ctx, id, f);
    if (u) filterSet.push(u);
  }
  if (filterSet.length === 0) return null;
  c.version++;
  return { _type: 'UpdateSet', version: String(c.version), filterSet, truncated: false };
}

export { child };
