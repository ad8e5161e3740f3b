/**
 * The lab's tasks and events as vim25 TaskInfo and Event objects. Task names, initiators, states
 * and messages are the lab's own (what the UI's Recent Tasks and Events show); only the shapes are
 * vim25's. Times are the lab clock's (simulation time from the lab's epoch).
 */
import type { LabEvent, TaskInfo } from '../../shared/engine-api';
import type { LabService } from '../services/lab-service';
import type { Entity, Inventory } from './inventory';
import { mo, type DataObject, type MoRef, type Value } from './soap';

/** The vim25 method / description id behind each task name the lab shows. One row per task kind. */
const TASK_METHODS: Record<string, { method: string; descriptionId: string }> = {
  'Relocate virtual machine': { method: 'RelocateVM_Task', descriptionId: 'VirtualMachine.relocate' },
  'Migrate virtual machine': { method: 'MigrateVM_Task', descriptionId: 'VirtualMachine.migrate' },
  'Initiate vMotion receive operation': {
    method: 'InitiateVMotionReceive',
    descriptionId: 'com.vmware.vcenter.vmotion.receive',
  },
  'Enter maintenance mode': {
    method: 'EnterMaintenanceMode_Task',
    descriptionId: 'HostSystem.enterMaintenanceMode',
  },
  'Exit maintenance mode': {
    method: 'ExitMaintenanceMode_Task',
    descriptionId: 'HostSystem.exitMaintenanceMode',
  },
  'Apply DRS recommendations': {
    method: 'ApplyRecommendation',
    descriptionId: 'ClusterComputeResource.applyRecommendation',
  },
  'Power On virtual machine': { method: 'PowerOnVM_Task', descriptionId: 'VirtualMachine.powerOn' },
  'Power Off virtual machine': { method: 'PowerOffVM_Task', descriptionId: 'VirtualMachine.powerOff' },
  'Initiate guest OS shutdown': { method: 'ShutdownGuest', descriptionId: 'VirtualMachine.shutdownGuest' },
};

export function taskDescriptionId(name: string): string {
  return TASK_METHODS[name]?.descriptionId ?? `vmotionlab.${name.replace(/[^A-Za-z0-9]+/g, '')}`;
}

/** TaskManager.description.methodInfo: the label of every task kind (govc tasks -l). */
export function taskMethodInfo(): DataObject[] {
  return Object.entries(TASK_METHODS).map(([label, m]) => ({
    _type: 'ElementDescription',
    label,
    summary: label,
    key: m.descriptionId,
  }));
}

export function simDate(lab: LabService, simMs: number): Date {
  return new Date(lab.engine.clockInfo().epochMs + simMs);
}

/** The lab's task id "vcsa01:task-5" is Task "task-5" on its vCenter. */
export function taskRef(inv: Inventory, t: TaskInfo): MoRef {
  return mo('Task', t.id.slice(t.id.indexOf(':') + 1));
}

function targetRef(inv: Inventory, t: TaskInfo): MoRef | null {
  return inv.refOfId(t.targetId);
}

/** A failed task's fault: cancelled ones are RequestCanceled, migrations MigrationFault, others SystemError. */
function taskFault(t: TaskInfo): DataObject | undefined {
  if (t.state === 'cancelled') {
    return {
      _type: 'LocalizedMethodFault',
      fault: { _type: 'RequestCanceled' },
      localizedMessage: t.error ?? 'The task was canceled by a user.',
    };
  }
  if (t.state !== 'error') return undefined;
  const message = t.error ?? 'The operation failed.';
  const fault: DataObject = t.migrationId
    ? { _type: 'MigrationFault', faultMessage: [] }
    : { _type: 'SystemError', reason: message };
  return { _type: 'LocalizedMethodFault', fault, localizedMessage: message };
}

export function taskInfo(lab: LabService, inv: Inventory, t: TaskInfo): DataObject {
  const m = TASK_METHODS[t.name];
  const state = t.state === 'cancelled' ? 'error' : t.state;
  const ref = taskRef(inv, t);
  return {
    _type: 'TaskInfo',
    key: ref.value,
    task: ref,
    description: { _type: 'LocalizableMessage', key: taskDescriptionId(t.name), message: t.name },
    name: m?.method,
    descriptionId: taskDescriptionId(t.name),
    entity: targetRef(inv, t),
    entityName: t.targetName,
    state,
    cancelled: t.state === 'cancelled',
    cancelable: t.cancelable && (t.state === 'queued' || t.state === 'running'),
    error: taskFault(t),
    progress: t.state === 'running' ? Math.round(t.progress) : undefined,
    reason:
      t.initiator === 'System'
        ? { _type: 'TaskReasonSystem' }
        : { _type: 'TaskReasonUser', userName: t.initiator },
    queueTime: simDate(lab, t.queuedAt),
    startTime: t.startedAt === null ? undefined : simDate(lab, t.startedAt),
    completeTime: t.completedAt === null ? undefined : simDate(lab, t.completedAt),
    eventChainId: Number(ref.value.replace(/\D/g, '')) || 0,
  };
}

/** Lab event classes that are vim25 Event types; anything else travels as EventEx. */
const VIM_EVENT_TYPES = new Set([
  'DrsVmMigratedEvent',
  'EnteredMaintenanceModeEvent',
  'EnteringMaintenanceModeEvent',
  'ExitMaintenanceModeEvent',
  'TaskEvent',
  'UserLoginSessionEvent',
  'UserLogoutSessionEvent',
  'VmAcquiredTicketEvent',
  'VmBeingHotMigratedEvent',
  'VmBeingRelocatedEvent',
  'VmFailedMigrateEvent',
  'VmMigratedEvent',
  'VmReconfiguredEvent',
  'VmRelocateFailedEvent',
  'VmRelocatedEvent',
  'VmRemoteConsoleConnectedEvent',
  'VmRemoteConsoleDisconnectedEvent',
  'VmPoweredOnEvent',
  'VmPoweredOffEvent',
  'VmGuestShutdownEvent',
]);

/** The type name clients see for a lab event (what eventTypeId filters match). */
export function vimEventType(e: LabEvent): string {
  return VIM_EVENT_TYPES.has(e.type) ? e.type : 'EventEx';
}

function eventArguments(inv: Inventory, objectId: string | null): Record<string, Value> {
  const out: Record<string, Value> = {};
  const e = objectId ? inv.entityOfId(objectId) : null;
  if (!e) return out;
  const w = inv.w;
  const dcArg = (dcId: string): void => {
    const dc = w.datacenters.get(dcId);
    if (dc)
      out.datacenter = { _type: 'DatacenterEventArgument', name: dc.name, datacenter: inv.refOfId(dc.id) };
  };
  const hostArg = (hostId: string): void => {
    const h = w.hosts.get(hostId);
    if (!h) return;
    out.host = { _type: 'HostEventArgument', name: h.name, host: inv.refOfId(h.id) };
    const cl = h.clusterId ? w.clusters.get(h.clusterId) : undefined;
    if (cl)
      out.computeResource = {
        _type: 'ComputeResourceEventArgument',
        name: cl.name,
        computeResource: inv.refOfId(cl.id),
      };
  };
  if (e.kind === 'vm') {
    dcArg(e.rec.datacenterId);
    hostArg(e.rec.hostId);
    out.vm = { _type: 'VmEventArgument', name: e.rec.name, vm: inv.refOfId(e.rec.id) };
    const ds = w.datastores.get(e.rec.disks[0]?.datastoreId ?? '');
    if (ds) out.ds = { _type: 'DatastoreEventArgument', name: ds.name, datastore: inv.refOfId(ds.id) };
  } else if (e.kind === 'host') {
    dcArg(e.rec.datacenterId);
    hostArg(e.rec.id);
  } else if (e.kind === 'cluster') {
    dcArg(e.rec.datacenterId);
    out.computeResource = {
      _type: 'ComputeResourceEventArgument',
      name: e.rec.name,
      computeResource: inv.refOfId(e.rec.id),
    };
  } else if (e.kind === 'datastore') {
    dcArg(e.rec.datacenterId);
    out.ds = { _type: 'DatastoreEventArgument', name: e.rec.name, datastore: inv.refOfId(e.rec.id) };
  }
  return out;
}

export function vimEvent(lab: LabService, inv: Inventory, e: LabEvent): DataObject {
  const type = vimEventType(e);
  const base: DataObject = {
    _type: type,
    key: e.key,
    chainId: e.key,
    createdTime: simDate(lab, e.createdAt),
    userName: e.user ?? '',
    ...eventArguments(inv, e.objectId),
    fullFormattedMessage: e.message,
  };
  if (type === 'EventEx') {
    base.eventTypeId = `com.vmware.vmotionlab.${e.type}`;
    base.severity = e.severity;
    base.message = e.message;
  }
  if (type === 'UserLoginSessionEvent') {
    Object.assign(base, { ipAddress: '127.0.0.1', userAgent: '', locale: 'en', sessionId: '' });
  }
  return base;
}

/** EventManager.description.eventInfo: category per event type (govc events prints it). */
export function eventInfo(): DataObject[] {
  const warn = new Set(['VmFailedMigrateEvent', 'VmRelocateFailedEvent']);
  return [...VIM_EVENT_TYPES, 'EventEx'].map((key) => ({
    _type: 'EventDescriptionEventDetail',
    key,
    category: warn.has(key) ? 'error' : 'info',
    formatOnVm: '',
    formatOnHost: '',
    formatOnComputeResource: '',
    formatOnDatacenter: '',
    fullFormat: key,
  }));
}

/** EventFilterSpec.entity: does an event's object fall under the entity (self, children or all)? */
export function eventUnder(inv: Inventory, e: LabEvent, entity: Entity, recursion: string): boolean {
  if (entity.kind === 'rootFolder' && recursion !== 'self') return true;
  const target = inv.value(entity);
  let obj = e.objectId ? inv.entityOfId(e.objectId) : null;
  if (!obj) return false;
  if (inv.value(obj) === target) return true;
  if (recursion === 'self') return false;
  for (let depth = 0; (obj = inv.parent(obj)) && depth < 64; depth++) {
    if (inv.value(obj) === target) return recursion === 'all' || depth === 0 || obj.kind === 'dcFolder';
  }
  return false;
}
