/**
 * Host maintenance mode. Entering evacuates the host's powered-on VMs through the migration engine
 * (fully automated DRS moves them; manual/partial DRS lists recommendations; without DRS the admin
 * moves them). Powered-off VMs stay registered unless the caller asks to move them too, as in
 * vSphere. A VM that cannot move keeps the host "Entering maintenance mode" with the task waiting
 * and the reason shown; the task finishes as soon as nothing running is left.
 */
import type { TaskInfo, TaskWaitReason } from '../../shared/engine-api';
import { LabFault } from '../../shared/result';
import type { ClusterRec, HostRec, VmRec } from '../../shared/world-types';
import type { TimerId } from './clock';
import type { EngineCore } from './core';
import type { Drs } from './drs';
import type { Migration } from './migration/migration';
import { MSG } from './vsphere-messages';

/** How often a waiting "Enter maintenance mode" task tries again (model). */
const RETRY_MS = 30_000;

export interface EvacuationMover {
  /** The host DRS would pick for `vm` in `cluster` (not `from`), or the reasons no host fits. */
  placement(vm: VmRec, from: HostRec, cluster: ClusterRec): { host: HostRec } | { errors: string[] };
  startMove(vm: VmRec, host: HostRec, initiator: string, cluster: ClusterRec | null): Migration;
  migrationOf(vmId: string): Migration | undefined;
}

interface Entering {
  host: HostRec;
  task: TaskInfo;
  user: string;
  movePoweredOff: boolean;
  timer: TimerId | null;
}

export class Maintenance {
  private readonly entering = new Map<string, Entering>();

  constructor(
    private readonly core: EngineCore,
    private readonly mover: EvacuationMover,
    private readonly drs: Drs,
  ) {}

  enter(hostId: string, user: string, movePoweredOff: boolean): TaskInfo {
    const host = this.host(hostId);
    if (host.maintenance !== 'none')
      throw new LabFault(
        'conflict',
        `The host '${host.name}' is already ${host.maintenance === 'entering' ? 'entering' : 'in'} maintenance mode.`,
      );
    if (host.connectionState !== 'connected')
      throw new LabFault('conflict', `The host '${host.name}' is not connected.`);
    const { core } = this;
    const task = core.createTask('Enter maintenance mode', host, user);
    core.tasks.start(task);
    core.tasks.phase(task, 'Evacuate virtual machines', { progressTo: 2 });
    core.tasks.setProgress(task, 2);
    host.maintenance = 'entering';
    core.world.touchOutsideVms();
    core.inventoryChanged(host.vcenterId);
    core.addEvent(
      host.vcenterId,
      'EnteringMaintenanceModeEvent',
      `Host ${host.name} in ${this.dc(host)} has started to enter maintenance mode`,
      {
        user,
        objectId: host.id,
        objectName: host.name,
        taskId: task.id,
      },
    );
    const e: Entering = { host, task, user, movePoweredOff, timer: null };
    this.entering.set(host.id, e);
    this.evaluate(e);
    return task;
  }

  exit(hostId: string, user: string): TaskInfo {
    const host = this.host(hostId);
    if (host.maintenance === 'entering')
      throw new LabFault(
        'conflict',
        `The host '${host.name}' is still entering maintenance mode; cancel that task first.`,
      );
    if (host.maintenance !== 'inMaintenance')
      throw new LabFault('conflict', `The host '${host.name}' is not in maintenance mode.`);
    const { core } = this;
    const task = core.createTask('Exit maintenance mode', host, user, { cancelable: false });
    core.tasks.start(task);
    const ms = 1500 + Math.round(core.random.next() * 1000);
    core.tasks.phase(task, 'Exit maintenance mode', { progressTo: 100, endAt: core.clock.now() + ms });
    core.clock.after(ms, () => {
      host.maintenance = 'none';
      core.world.touchOutsideVms();
      core.inventoryChanged(host.vcenterId);
      core.tasks.finish(task, 'success');
      core.addEvent(
        host.vcenterId,
        'ExitMaintenanceModeEvent',
        `Host ${host.name} in ${this.dc(host)} has exited maintenance mode`,
        {
          user,
          objectId: host.id,
          objectName: host.name,
          taskId: task.id,
        },
      );
      // The host is empty: DRS brings load back to it.
      if (host.clusterId) this.drs.run(host.clusterId);
    });
    return task;
  }

  /** Cancelling "Enter maintenance mode": the host leaves the entering state; moves under way finish. */
  cancel(taskId: string, user: string): boolean {
    for (const e of this.entering.values()) {
      if (e.task.id !== taskId) continue;
      this.core.clock.cancel(e.timer);
      this.entering.delete(e.host.id);
      e.host.maintenance = 'none';
      this.core.world.touchOutsideVms();
      this.core.inventoryChanged(e.host.vcenterId);
      this.core.tasks.finish(e.task, 'cancelled', MSG.cancelled);
      this.core.addEvent(
        e.host.vcenterId,
        'TaskEvent',
        `Task: Enter maintenance mode of ${e.host.name} canceled`,
        { user, objectId: e.host.id, objectName: e.host.name, taskId },
      );
      return true;
    }
    return false;
  }

  /** Something changed (a migration ended, a device was detached, …): waiting hosts try again. */
  kick(): void {
    for (const e of [...this.entering.values()]) this.evaluate(e);
  }

  isEntering(hostId: string): boolean {
    return this.entering.has(hostId);
  }

  private evaluate(e: Entering): void {
    const { core } = this;
    core.clock.cancel(e.timer);
    e.timer = null;
    const vms = core.world
      .vmsOnHost(e.host.id)
      .filter((v) => v.powerState === 'poweredOn' || e.movePoweredOff);
    if (vms.length === 0) return this.complete(e);
    const cluster = e.host.clusterId ? (core.world.clusters.get(e.host.clusterId) ?? null) : null;
    const waiting: TaskWaitReason[] = [];
    for (const vm of vms) {
      const inFlight = this.mover.migrationOf(vm.id);
      if (inFlight) {
        waiting.push({
          targetId: vm.id,
          targetName: vm.name,
          reason: `Migrating (${inFlight.sourceTask.state === 'queued' ? 'queued' : 'in progress'})`,
        });
        continue;
      }
      if (!cluster || cluster.drs === 'off') {
        waiting.push({
          targetId: vm.id,
          targetName: vm.name,
          reason: 'DRS is not enabled: migrate or power off the virtual machine.',
        });
        continue;
      }
      if (vm.pinned) {
        waiting.push({ targetId: vm.id, targetName: vm.name, reason: 'Virtual machine is pinned' });
        continue;
      }
      const place = this.mover.placement(vm, e.host, cluster);
      if ('errors' in place) {
        waiting.push({
          targetId: vm.id,
          targetName: vm.name,
          reason: place.errors[0] ?? 'Virtual machine not compatible with any host',
        });
        continue;
      }
      if (cluster.drs === 'fullyAutomated') {
        this.mover.startMove(vm, place.host, e.user, cluster);
        waiting.push({ targetId: vm.id, targetName: vm.name, reason: `Migrating to ${place.host.name}` });
      } else {
        this.drs.recommendEvacuation(cluster, vm, e.host, place.host);
        waiting.push({
          targetId: vm.id,
          targetName: vm.name,
          reason: `Apply the DRS recommendation to migrate it to ${place.host.name}`,
        });
      }
    }
    core.tasks.setWaiting(e.task, waiting);
    e.timer = core.clock.after(RETRY_MS, () => this.evaluate(e));
  }

  private complete(e: Entering): void {
    const { core } = this;
    this.entering.delete(e.host.id);
    e.host.maintenance = 'inMaintenance';
    core.world.touchOutsideVms();
    core.inventoryChanged(e.host.vcenterId);
    core.tasks.setWaiting(e.task, []);
    core.tasks.finish(e.task, 'success');
    core.addEvent(
      e.host.vcenterId,
      'EnteredMaintenanceModeEvent',
      `Host ${e.host.name} in ${this.dc(e.host)} has entered maintenance mode`,
      {
        user: e.user,
        objectId: e.host.id,
        objectName: e.host.name,
        taskId: e.task.id,
      },
    );
  }

  private host(hostId: string): HostRec {
    const h = this.core.world.hosts.get(hostId);
    if (!h) throw new LabFault('not-found', `No host with id "${hostId}".`, { field: 'hostId' });
    return h;
  }

  private dc(host: HostRec): string {
    return this.core.world.datacenters.get(host.datacenterId)?.name ?? '';
  }
}
