/**
 * Loading a scenario a step at a time, for the lab service: a 100,000-VM file takes seconds to parse,
 * validate and build, and the service must keep answering its other clients meanwhile (issue 15: at
 * most 250 ms at a time). The generators here yield between small chunks of work; the service runs
 * them with a turn of the event loop between chunks (services/persistence/chunked.ts). The result
 * and every error are those of the one-go loadScenarioText / loadScenario (load-scenario.ts), which
 * the tests use as the oracle.
 *
 * Validation is split so no single zod parse covers the VMs: the scenario is checked with every
 * datacenter's VM list emptied (the "skeleton": vCenters, hosts, datastores, … are few), then each
 * VM on its own. The first issue reported is the one a whole-file parse reports first: zod walks
 * objects in their schema's key order and reports unknown keys after the known ones, so a
 * skeleton issue comes before the VMs of its datacenter exactly when its key precedes `vms` (and
 * `datacenters`, `vcenters`) in that order.
 */
import {
  MAX_SCENARIO_VMS,
  scenarioDatacenter,
  scenarioSchema,
  scenarioVCenter,
  scenarioVm,
  type Scenario,
  type ScenarioVm,
} from '../../../shared/scenario-schema';
import { formatPath, LabFault } from '../../../shared/result';
import { parseJsonSteps } from '../json-slices';
import { normalise } from './load-scenario';
import type { World } from './world';

/** VMs validated between two yields. */
export const VALIDATE_CHUNK = 200;

/** loadScenarioText, yielding between chunks of parsing, validating and building. */
export function* loadScenarioTextSteps(text: string): Generator<void, World, void> {
  let data: unknown;
  try {
    data = yield* parseJsonSteps(text);
  } catch (e) {
    throw new LabFault('invalid-scenario', `The scenario file is not valid JSON: ${(e as Error).message}`, {
      field: '',
    });
  }
  return yield* loadScenarioSteps(data);
}

/** loadScenario (a parsed scenario object), yielding between chunks of validating and building. */
export function* loadScenarioSteps(input: unknown): Generator<void, World, void> {
  return yield* normalise(yield* validateScenarioSteps(input));
}

/** One datacenter's VM list taken out of the skeleton. */
interface Hole {
  vcenter: number;
  datacenter: number;
  vms: unknown[];
}

type Issue = { path: PropertyKey[]; message: string; code: string };

function fault(issue: { path: PropertyKey[]; message: string }): LabFault {
  const field = formatPath(issue.path as (string | number)[]);
  return new LabFault('invalid-scenario', `${field || 'scenario'}: ${issue.message}`, { field });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The scenario checked against scenarioSchema, VMs one by one; throws what a whole parse throws first. */
function* validateScenarioSteps(input: unknown): Generator<void, Scenario, void> {
  const holes: Hole[] = [];
  const skeleton = hollowOut(input, holes);
  const total = holes.reduce((n, h) => n + h.vms.length, 0);
  // Refused before any VM is looked at: a file far over the limit costs no more than counting.
  if (total > MAX_SCENARIO_VMS)
    throw fault({
      path: ['vcenters'],
      message: `the lab has ${total} VMs; the limit is ${MAX_SCENARIO_VMS}`,
    });
  const outer = scenarioSchema.safeParse(skeleton);
  const outerIssue = outer.success ? null : (outer.error.issues[0] as Issue);
  const parsedVms: ScenarioVm[][] = [];
  let checked = 0;
  for (const hole of holes) {
    if (outerIssue && comesBefore(outerIssue, hole)) throw fault(outerIssue);
    const out: ScenarioVm[] = [];
    for (const [i, vm] of hole.vms.entries()) {
      if (++checked % VALIDATE_CHUNK === 0) yield;
      const parsed = scenarioVm.safeParse(vm);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw fault({
          path: ['vcenters', hole.vcenter, 'datacenters', hole.datacenter, 'vms', i, ...issue.path],
          message: issue.message,
        });
      }
      out.push(parsed.data);
    }
    parsedVms.push(out);
  }
  if (!outer.success) throw fault(outerIssue!);
  const sc = outer.data;
  holes.forEach((hole, i) => {
    sc.vcenters[hole.vcenter].datacenters[hole.datacenter].vms = parsedVms[i];
  });
  return sc;
}

/**
 * A shallow copy of the scenario with every datacenter's `vms` list emptied (the lists go to
 * `holes`, in file order). Anything not shaped as expected is left in place for the schema to name.
 */
function hollowOut(input: unknown, holes: Hole[]): unknown {
  if (!isRecord(input) || !Array.isArray(input.vcenters)) return input;
  const vcenters = input.vcenters.map((vc: unknown, vi) => {
    if (!isRecord(vc) || !Array.isArray(vc.datacenters)) return vc;
    const datacenters = vc.datacenters.map((dc: unknown, di) => {
      if (!isRecord(dc) || !Array.isArray(dc.vms)) return dc;
      holes.push({ vcenter: vi, datacenter: di, vms: dc.vms });
      return { ...dc, vms: [] };
    });
    return { ...vc, datacenters };
  });
  return { ...input, vcenters };
}

const keyOrder = {
  scenario: Object.keys(scenarioSchema.shape),
  vcenter: Object.keys(scenarioVCenter.shape),
  datacenter: Object.keys(scenarioDatacenter.shape),
};

/** Whether zod reports `issue` (found in the skeleton) before anything in the VMs of `hole`. */
function comesBefore(issue: Issue, hole: Hole): boolean {
  const p = issue.path;
  // An unknown-keys issue ends at its object (handled by the length tests below); any other issue
  // inside a key's value comes where that key comes in the object's schema.
  const precedes = (order: string[], key: PropertyKey, hollowKey: string): boolean =>
    order.includes(String(key)) && order.indexOf(String(key)) < order.indexOf(hollowKey);
  if (p.length === 0) return false; // the scenario's unknown keys: after everything
  if (p[0] !== 'vcenters' || p.length === 1) return precedes(keyOrder.scenario, p[0], 'vcenters');
  const vc = Number(p[1]);
  if (vc !== hole.vcenter) return vc < hole.vcenter;
  if (p.length === 2) return false; // the vCenter's unknown keys: after its datacenters
  if (p[2] !== 'datacenters' || p.length === 3) return precedes(keyOrder.vcenter, p[2], 'datacenters');
  const dc = Number(p[3]);
  if (dc !== hole.datacenter) return dc < hole.datacenter;
  if (p.length === 4) return false; // the datacenter's unknown keys: after its VMs
  return precedes(keyOrder.datacenter, p[4], 'vms');
}
