/**
 * Methods that act on the lab, one row per method. Each goes through the same contract call the UI
 * makes (migration.check / migration.start, host.enterMaintenance, tasks.cancel, …) under the
 * caller's login, so checks, messages, tasks and events are the wizard's. Events and the event
 * collectors are here too.
 */
import type { CompatibilityResult, MigrationStartResult, TaskInfo } from '../../shared/engine-api';
import { sessionObjectId } from './api-sessions';
import { checkFaultType, invalidArgument, notFound } from './faults';
import { DEFAULT_PAGE, filteredEvents } from './managed-objects';
import { contractCall, requireSession, type MethodContext, type MethodRow } from './method-context';
import { planRelocate } from './relocate';
import { localizedFault, mo, SoapFault, type DataObject, type Value } from './soap';
import { simDate, taskRef } from './tasks-events';
import { child, intOf, morefChild, textOf, type XNode } from './xml-decode';

function thisVm(m: MethodContext) {
  const e = m.inv.resolve(m.thisRef);
  if (e?.kind !== 'vm') throw notFound(m.thisRef);
  return e.rec;
}

function thisHost(m: MethodContext) {
  const e = m.inv.resolve(m.thisRef);
  if (e?.kind !== 'host') throw notFound(m.thisRef);
  return e.rec;
}

const taskOf = (m: MethodContext, task: TaskInfo): Value => taskRef(m.inv, task);

/** Opens the lab login on the locator's vCenter for this session, as the wizard's second login does. */
function loginRemote(m: MethodContext, remote: NonNullable<ReturnType<typeof planRelocate>['remote']>): void {
  const s = requireSession(m);
  m.lab.sessions.login(s.ctx, remote.peer.vc, remote.user, remote.password);
}

async function relocate(m: MethodContext, op: XNode): Promise<Value> {
  const vm = thisVm(m);
  const plan = planRelocate(m.inv, vm, child(op, 'spec'), textOf(op, 'priority'), m.peers);
  if (plan.remote) loginRemote(m, plan.remote);
  const started = await contractCall<MigrationStartResult>(m, 'migration.start', plan.request);
  const first = started.migrations[0];
  return mo('Task', first.taskId.slice(first.taskId.indexOf(':') + 1));
}

/** MigrateVM_Task: a compute-only move to a host and/or pool (the older form of RelocateVM_Task). */
function migrateSpec(op: XNode): XNode {
  const keep = op.children.filter((c) => c.name === 'host' || c.name === 'pool');
  return { name: 'spec', xsiType: null, typeAttr: null, text: '', children: keep };
}

/** CheckRelocate_Task / CheckCompatibility: the wizard's compatibility panel as a CheckResult task. */
async function checkRelocate(m: MethodContext, op: XNode): Promise<Value> {
  const vmRef = morefChild(op, 'vm');
  const vmEntity = vmRef ? m.inv.resolve(vmRef) : null;
  if (vmEntity?.kind !== 'vm') throw invalidArgument('vm');
  const spec = child(op, 'spec');
  const plan = planRelocate(m.inv, vmEntity.rec, spec, undefined, m.peers);
  if (plan.remote) loginRemote(m, plan.remote);
  const result = await contractCall<CompatibilityResult>(m, 'migration.check', plan.request);
  const target = plan.remote ? plan.remote.peer.inv : m.inv;
  const results: DataObject[] = result.vms.map((v) => ({
    _type: 'CheckResult',
    vm: m.inv.refOfId(v.vmId),
    host: v.targetHostId ? target.refOfId(v.targetHostId) : undefined,
    warning: v.warnings.map((w) => localizedFault(new SoapFault(checkFaultType(w.code), w.message))),
    error: v.errors.map((e) => localizedFault(new SoapFault(checkFaultType(e.code), e.message))),
  }));
  const s = requireSession(m);
  const value = `task-api-${sessionObjectId(s).slice(-12)}`;
  const now = simDate(m.lab, m.lab.engine.clockInfo().now);
  m.apiTasks.set(value, {
    _type: 'TaskInfo',
    key: value,
    task: mo('Task', value),
    name: 'CheckRelocate_Task',
    descriptionId: 'VirtualMachineProvisioningChecker.checkRelocate',
    entity: m.inv.refOfId(vmEntity.rec.id),
    entityName: vmEntity.rec.name,
    state: 'success',
    cancelled: false,
    cancelable: false,
    result: { _arrayOf: 'CheckResult', items: results },
    reason: { _type: 'TaskReasonUser', userName: s.userName },
    queueTime: now,
    startTime: now,
    completeTime: now,
    eventChainId: 0,
  });
  return mo('Task', value);
}

async function power(m: MethodContext, action: 'powerOn' | 'powerOff' | 'shutdownGuest'): Promise<Value> {
  const vm = thisVm(m);
  return taskOf(m, await contractCall<TaskInfo>(m, 'vm.power', { vmId: vm.id, action }));
}

export const WORLD_METHODS: Record<string, MethodRow> = {
  RelocateVM_Task: { session: true, run: relocate },
  MigrateVM_Task: {
    session: true,
    run: (m, op) => relocate(m, { ...op, children: [migrateSpec(op), ...op.children] }),
  },
  CheckRelocate_Task: { session: true, run: checkRelocate },
  EnterMaintenanceMode_Task: {
    session: true,
    run: async (m, op) => {
      const host = thisHost(m);
      const movePoweredOffVms = textOf(op, 'evacuatePoweredOffVms') === 'true';
      return taskOf(
        m,
        await contractCall<TaskInfo>(m, 'host.enterMaintenance', { hostId: host.id, movePoweredOffVms }),
      );
    },
  },
  ExitMaintenanceMode_Task: {
    session: true,
    run: async (m) =>
      taskOf(m, await contractCall<TaskInfo>(m, 'host.exitMaintenance', { hostId: thisHost(m).id })),
  },
  CancelTask: {
    session: true,
    run: async (m) => {
      const id = `${m.inv.vc.key}:${m.thisRef.value}`;
      const t = m.lab.engine.tasks.get(id);
      if (!t || t.vcenterId !== m.inv.vcenterId) throw notFound(m.thisRef);
      await contractCall<TaskInfo>(m, 'tasks.cancel', { vcenterId: m.inv.vcenterId, taskId: id });
      return null;
    },
  },
  PowerOnVM_Task: { session: true, run: (m) => power(m, 'powerOn') },
  PowerOffVM_Task: { session: true, run: (m) => power(m, 'powerOff') },
  ShutdownGuest: { session: true, run: (m) => power(m, 'shutdownGuest') },
  QueryEvents: {
    session: true,
    run: (m, op) => {
      const filter = child(op, 'filter');
      return filteredEvents(m, filter, Math.min(intOf(filter, 'maxCount') ?? 1000, 1000));
    },
  },
  CreateCollectorForEvents: {
    session: true,
    run: (m, op) => {
      const s = requireSession(m);
      const filter = child(op, 'filter');
      const entity = morefChild(child(filter, 'entity'), 'entity');
      if (entity && !m.inv.resolve(entity)) throw notFound(entity);
      const id = sessionObjectId(s);
      s.objects.set(id, { kind: 'eventCollector', filter: filter ?? op, pageSize: DEFAULT_PAGE });
      return mo('EventHistoryCollector', id);
    },
  },
  SetCollectorPageSize: {
    session: true,
    run: (m, op) => {
      const c = requireSession(m).objects.get(m.thisRef.value);
      if (c?.kind !== 'eventCollector') throw notFound(m.thisRef);
      c.pageSize = Math.min(Math.max(intOf(op, 'maxCount') ?? DEFAULT_PAGE, 0), 1000);
      return null;
    },
  },
  ReadNextEvents: { session: true, run: () => [] },
  ReadPreviousEvents: {
    session: true,
    run: (m, op) => {
      const c = requireSession(m).objects.get(m.thisRef.value);
      if (c?.kind !== 'eventCollector') throw notFound(m.thisRef);
      return filteredEvents(m, c.filter, Math.min(intOf(op, 'maxCount') ?? DEFAULT_PAGE, 1000));
    },
  },
  ResetCollector: { session: true, run: () => null },
  RewindCollector: { session: true, run: () => null },
  DestroyCollector: {
    session: true,
    run: (m) => {
      requireSession(m).objects.delete(m.thisRef.value);
      return null;
    },
  },
};
