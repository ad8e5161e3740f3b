/**
 * The events a migration logs, in vSphere's wording: the task event when it is queued, "being
 * migrated / relocated" when it starts, "migrated / relocated" (and DRS's own event) when it
 * succeeds, "failed" or the cancel when it is rolled back. A hot migration within one vCenter is
 * a vMotion (VmMigratedEvent family); everything else is a relocate (VmRelocatedEvent family).
 */
import type { EngineCore } from '../core';
import type { Migration } from './migration';
import type { VmPlan } from './plan-types';

/** The migration as its events name it. */
function wording(core: EngineCore, m: Pick<Migration, 'plan' | 'vmName'>) {
  const p = m.plan;
  const dsName = (id: string | undefined): string => (id && core.world.datastores.get(id)?.name) || '—';
  const dcName = (id: string): string => core.world.datacenters.get(id)?.name ?? id;
  return {
    vmotion: p.live && p.hostChange && !p.crossVc,
    vm: m.vmName,
    srcHost: p.srcHost.name,
    dstHost: p.dstHost.name,
    srcDs: dsName(p.disks[0]?.fromDatastoreId),
    dstDs: dsName(p.disks[0]?.toDatastoreId),
    srcDc: dcName(p.vm.datacenterId),
    dstDc: dcName(p.dstDatacenterId),
  };
}

/** A migration was queued: its task event on the source vCenter. */
export function logQueued(core: EngineCore, m: Migration): void {
  const task = m.sourceTask;
  core.addEvent(m.plan.srcVcenterId, 'TaskEvent', `Task: ${task.name}`, {
    user: task.initiator,
    objectId: m.vmId,
    objectName: m.vmName,
    taskId: task.id,
  });
}

/** A migration left the queue and started. */
export function logStarted(core: EngineCore, m: Migration): void {
  const w = wording(core, m);
  const extra = {
    user: m.sourceTask.initiator,
    objectId: m.vmId,
    objectName: m.vmName,
    taskId: m.sourceTask.id,
  };
  if (w.vmotion) {
    core.addEvent(
      m.plan.srcVcenterId,
      'VmBeingHotMigratedEvent',
      `Migrating ${w.vm} from ${w.srcHost}, ${w.srcDs} to ${w.dstHost}, ${w.dstDs} in ${w.srcDc}`,
      extra,
    );
  } else {
    core.addEvent(
      m.plan.srcVcenterId,
      'VmBeingRelocatedEvent',
      `Relocating ${w.vm} from ${w.srcHost}, ${w.srcDs} in ${w.srcDc} to ${w.dstHost}, ${w.dstDs} in ${w.dstDc}`,
      extra,
    );
  }
}

/** A migration completed: on the source, on the destination too across vCenters, and DRS's event. */
export function logSucceeded(core: EngineCore, m: Migration): void {
  const p = m.plan;
  const w = wording(core, m);
  const user = m.sourceTask.initiator;
  const taskId = m.sourceTask.id;
  if (w.vmotion) {
    core.addEvent(
      p.srcVcenterId,
      'VmMigratedEvent',
      `Migration of virtual machine ${w.vm} from ${w.srcHost}, ${w.srcDs} to ${w.dstHost}, ${w.dstDs} completed`,
      { user, objectName: m.vmName, taskId, objectId: m.vmId },
    );
  } else {
    const text = `Virtual machine ${w.vm} was relocated from ${w.srcHost}, ${w.srcDs} in ${w.srcDc} to ${w.dstHost}, ${w.dstDs} in ${w.dstDc}`;
    core.addEvent(p.srcVcenterId, 'VmRelocatedEvent', text, {
      user,
      objectName: m.vmName,
      taskId,
      objectId: m.vmId,
    });
    if (p.crossVc)
      core.addEvent(p.dstVcenterId, 'VmRelocatedEvent', text, {
        user: m.destTask!.initiator,
        objectName: m.vmName,
        taskId: m.destTask!.id,
        objectId: m.vmId,
      });
  }
  if (m.drsCluster) {
    core.addEvent(
      p.srcVcenterId,
      'DrsVmMigratedEvent',
      `DRS migrated ${w.vm} from ${w.srcHost} to ${w.dstHost} in cluster ${m.drsCluster} in ${w.dstDc}`,
      { user, objectName: m.vmName, taskId, objectId: m.vmId },
    );
  }
}

/** A user cancelled the migration: the VM stays where it was. */
export function logCancelled(core: EngineCore, m: Migration, user: string | null): void {
  core.addEvent(
    m.plan.srcVcenterId,
    'TaskEvent',
    `Task: ${m.sourceTask.name} of ${m.vmName} canceled; the virtual machine stays on ${m.plan.srcHost.name}`,
    { objectId: m.vmId, objectName: m.vmName, taskId: m.sourceTask.id, user },
  );
}

/** The failure event of a migration (or a refused request for one): its type and text. */
function failure(core: EngineCore, m: Pick<Migration, 'plan' | 'vmName'>, error: string) {
  const w = wording(core, m);
  // Failure events name the destination's datacenter, blank when it is gone.
  const dc = core.world.datacenters.get(m.plan.dstDatacenterId)?.name ?? '';
  const type = w.vmotion ? 'VmFailedMigrateEvent' : 'VmRelocateFailedEvent';
  const text = w.vmotion
    ? `Cannot migrate ${w.vm} from ${w.srcHost}, ${w.srcDs} to ${w.dstHost}, ${w.dstDs} in ${dc}: ${error}`
    : `Failed to relocate ${w.vm} from ${w.srcHost}, ${w.srcDs} to ${w.dstHost}, ${w.dstDs} in ${dc}: ${error}`;
  return { type, text };
}

/**
 * vCenter refused a request before any task ran (placement rule, a failed compatibility check): the
 * same failure event on the initiating vCenter, so the Events tab says why nothing happened.
 */
export function logRefused(
  core: EngineCore,
  plan: VmPlan,
  vcenterId: string,
  error: string,
  user: string,
): void {
  const { type, text } = failure(core, { plan, vmName: plan.vm.name }, error);
  core.addEvent(vcenterId, type, text, {
    objectId: plan.vm.id,
    objectName: plan.vm.name,
    severity: 'error',
    user,
  });
}

/** The migration failed and was rolled back: on both vCenters when it spans two. */
export function logFailed(core: EngineCore, m: Migration, error: string): void {
  const p = m.plan;
  const { type, text } = failure(core, m, error);
  const base = { objectId: m.vmId, objectName: m.vmName, taskId: m.sourceTask.id };
  core.addEvent(p.srcVcenterId, type, text, { ...base, severity: 'error', user: m.sourceTask.initiator });
  if (m.destTask)
    core.addEvent(p.dstVcenterId, type, text, {
      ...base,
      objectId: null,
      severity: 'error',
      taskId: m.destTask.id,
    });
}
