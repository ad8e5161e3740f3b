/**
 * How each objective kind of the exercise schema is graded: one row per kind, the same keys as
 * `objectiveKinds` in src/shared/exercise-schema.ts.
 *
 * Goals about the lab's state ("vm", "hostInMaintenance") are judged on the world as it is now, so
 * they can untick when something moves away again. Goals about history ("task", "event") are judged
 * on each task or event as the engine reports it and stay met. Constraints hold until broken.
 */
import type { LabEvent, TaskInfo } from '../../../shared/engine-api';
import type { ObjectiveCondition, ObjectiveKind } from '../../../shared/exercise-schema';
import type { HostRec, VmRec } from '../../../shared/world-types';
import type { World } from '../../engine/world/world';

/** What the grader knows while judging: the world now, the attempt's start, the VMs it tracks. */
export interface GradingContext {
  world: World;
  now: number;
  startedAt: number;
  /** VM name at the start → instance UUID (kept across cross-vCenter moves, unlike the id). */
  vmUuids: ReadonlyMap<string, string>;
  /** Every VM of the lab at the start (instance UUIDs), for "nothing lost". */
  vmsAtStart: readonly string[];
  /** VMs powered on at the start (instance UUIDs), for "without powering a VM off". */
  poweredOnAtStart: readonly string[];
  /** Finds a VM by instance UUID in the world now. */
  vmByUuid(uuid: string): VmRec | undefined;
}

/** A verdict: met (goal) / holds (constraint), and a short reason when not. */
export interface Verdict {
  done: boolean;
  detail: string | null;
}

type Cond<K extends ObjectiveKind> = Extract<ObjectiveCondition, { kind: K }>;

interface Evaluator<K extends ObjectiveKind> {
  /** The state now (state goals and constraints); absent for history goals. */
  state?: (c: Cond<K>, ctx: GradingContext) => Verdict;
  /** Whether one task the engine reported satisfies the goal (history goals). */
  task?: (c: Cond<K>, t: TaskInfo, ctx: GradingContext) => boolean;
  /** Whether one event the engine logged satisfies the goal (history goals). */
  event?: (c: Cond<K>, e: LabEvent, ctx: GradingContext) => boolean;
  /** A constraint broken by a task (e.g. a power-off task). */
  breaksOn?: (c: Cond<K>, t: TaskInfo, ctx: GradingContext) => string | null;
}

const yes: Verdict = { done: true, detail: null };
const no = (detail: string): Verdict => ({ done: false, detail });
const vcId = (key: string): string => `${key}:vcenter`;

/** Task names of the vSphere Client that take a running VM down (vSphere 7 Recent Tasks). */
export const POWER_DOWN_TASKS: readonly string[] = [
  'Power Off virtual machine',
  'Suspend virtual machine',
  'Initiate guest OS shutdown',
];

function hostOf(world: World, vm: VmRec): HostRec | undefined {
  return world.hosts.get(vm.hostId);
}

const evaluators: { [K in ObjectiveKind]: Evaluator<K> } = {
  vm: {
    state: (c, ctx) => {
      const uuid = ctx.vmUuids.get(c.vm);
      const vm = uuid ? ctx.vmByUuid(uuid) : undefined;
      if (!vm) return no(`${c.vm} is not in the lab`);
      const { world } = ctx;
      if (c.vcenter && vm.vcenterId !== vcId(c.vcenter)) return no(`${c.vm} is not in ${c.vcenter} yet`);
      const host = hostOf(world, vm);
      if (c.host && host?.name !== c.host) return no(`${c.vm} runs on ${host?.name ?? '?'}`);
      if (c.cluster) {
        const cluster = host?.clusterId ? world.clusters.get(host.clusterId) : undefined;
        if (cluster?.name !== c.cluster) return no(`${c.vm} is not in cluster ${c.cluster}`);
      }
      if (c.datastore) {
        const off = vm.disks.find((d) => world.datastores.get(d.datastoreId)?.name !== c.datastore);
        if (off) return no(`${off.label} of ${c.vm} is not on ${c.datastore}`);
      }
      if (c.diskFormat) {
        const off = vm.disks.find((d) => d.format !== c.diskFormat);
        if (off) return no(`${off.label} of ${c.vm} is ${off.format}`);
      }
      if (c.network) {
        const off = vm.nics.find((n) => world.networks.get(n.networkId)?.name !== c.network);
        if (off) return no(`${off.label} of ${c.vm} is not on ${c.network}`);
      }
      if (c.powerState && vm.powerState !== c.powerState) return no(`${c.vm} is ${vm.powerState}`);
      return yes;
    },
  },
  task: {
    task: (c, t) =>
      t.name === c.task &&
      t.state === c.state &&
      (!c.target || t.targetName === c.target) &&
      (!c.vcenter || t.vcenterId === vcId(c.vcenter)) &&
      (!c.messageIncludes || (t.error ?? '').toLowerCase().includes(c.messageIncludes.toLowerCase())) &&
      // A task that had to wait starts after it was queued; one admitted at once starts at queue time.
      (!c.waitedInQueue || (t.startedAt !== null && t.startedAt > t.queuedAt)),
  },
  event: {
    event: (c, e) => e.type === c.type && (!c.object || e.objectName === c.object),
  },
  hostInMaintenance: {
    state: (c, { world }) => {
      const host = [...world.hosts.values()].find((h) => h.name === c.host);
      if (!host) return no(`${c.host} is not in the lab`);
      if (host.maintenance === 'inMaintenance') return yes;
      return no(host.maintenance === 'entering' ? `${c.host} is still entering maintenance mode` : '');
    },
  },
  nothingLost: {
    state: (_c, ctx) => {
      const copies = new Map<string, number>();
      ctx.world.vms.forEach((vm) => copies.set(vm.instanceUuid, (copies.get(vm.instanceUuid) ?? 0) + 1));
      for (const uuid of ctx.vmsAtStart) {
        const n = copies.get(uuid) ?? 0;
        if (n !== 1) return no(`a virtual machine ${n === 0 ? 'was lost' : 'exists twice'}`);
      }
      return yes;
    },
  },
  withinMinutes: {
    state: (c, ctx) =>
      ctx.now - ctx.startedAt <= c.minutes * 60_000 ? yes : no(`more than ${c.minutes} simulated minutes`),
  },
  noPowerOff: {
    state: (c, ctx) => {
      for (const uuid of ctx.poweredOnAtStart) {
        const vm = ctx.vmByUuid(uuid);
        if (!vm || (c.vm && vm.name !== c.vm)) continue;
        if (vm.powerState !== 'poweredOn') return no(`${vm.name} was powered off`);
      }
      return yes;
    },
    breaksOn: (c, t) =>
      POWER_DOWN_TASKS.includes(t.name) && (!c.vm || t.targetName === c.vm)
        ? `${t.name}: ${t.targetName}`
        : null,
  },
};

const row = <K extends ObjectiveKind>(c: Cond<K>): Evaluator<K> => evaluators[c.kind as K] as Evaluator<K>;

/** True when the kind is judged from history (tasks, events) and stays met once met. */
export function isHistoryGoal(c: ObjectiveCondition): boolean {
  return !row(c).state;
}

/** The state verdict of a state goal or constraint. */
export function judgeState(c: ObjectiveCondition, ctx: GradingContext): Verdict {
  const e = row(c);
  return e.state ? (e.state as (c: ObjectiveCondition, ctx: GradingContext) => Verdict)(c, ctx) : no('');
}

/** Whether a reported task meets a history goal. */
export function taskMeets(c: ObjectiveCondition, t: TaskInfo, ctx: GradingContext): boolean {
  const f = row(c).task as ((c: ObjectiveCondition, t: TaskInfo, ctx: GradingContext) => boolean) | undefined;
  return f ? f(c, t, ctx) : false;
}

/** Whether a logged event meets a history goal. */
export function eventMeets(c: ObjectiveCondition, e: LabEvent, ctx: GradingContext): boolean {
  const f = row(c).event as
    ((c: ObjectiveCondition, e: LabEvent, ctx: GradingContext) => boolean) | undefined;
  return f ? f(c, e, ctx) : false;
}

/** Why a reported task breaks a constraint, or null. */
export function taskBreaks(c: ObjectiveCondition, t: TaskInfo, ctx: GradingContext): string | null {
  const f = row(c).breaksOn as
    ((c: ObjectiveCondition, t: TaskInfo, ctx: GradingContext) => string | null) | undefined;
  return f ? f(c, t, ctx) : null;
}
