/**
 * VM Remote Console sessions and the client (remote) devices they carry: a local ISO attached
 * through VMRC becomes a CD/DVD drive with a remote backing. vSphere 7 lets such a VM vMotion
 * between 7.0 hosts by disconnecting the device on the source (with a session cookie), marking it
 * remote, and reconnecting through VMRC after the switchover; each step is logged as an event.
 */
import type { ConsoleSession } from '../../shared/engine-api';
import { LabFault } from '../../shared/result';
import type { CdromRec, VmRec } from '../../shared/world-types';
import type { EngineCore } from './core';
import { MSG } from './vsphere-messages';

const USER_FALLBACK = null;

export class RemoteDevices {
  private readonly sessions = new Map<string, ConsoleSession[]>();
  private counter = 0;

  constructor(private readonly core: EngineCore) {
    // A scenario VM whose remote ISO is connected has an admin's VMRC open: that is where it lives.
    for (const vm of core.world.vms.values()) {
      if (vm.cdroms.some((c) => c.connected && c.backing.type === 'remoteIso')) this.addSession(vm);
    }
  }

  list(vmId: string): ConsoleSession[] {
    return (this.sessions.get(vmId) ?? []).map((s) => ({ ...s }));
  }

  open(vmId: string, user: string | null = USER_FALLBACK): ConsoleSession {
    const vm = this.vm(vmId);
    const s = this.addSession(vm);
    this.core.addEvent(
      vm.vcenterId,
      'VmAcquiredTicketEvent',
      `Remote console to ${vm.name} on ${this.hostName(vm)} opened (VMRC)`,
      {
        user,
        objectId: vm.id,
        objectName: vm.name,
      },
    );
    return { ...s };
  }

  /**
   * Closing the last console disconnects the remote devices it served (VMRC owns the local file).
   * Returns the VM the session was on.
   */
  close(sessionId: string, user: string | null = USER_FALLBACK): string {
    for (const [vmId, list] of this.sessions) {
      const i = list.findIndex((s) => s.id === sessionId);
      if (i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) this.sessions.delete(vmId);
      const vm = this.core.world.vms.get(vmId);
      if (vm && list.length === 0) {
        for (const cd of vm.cdroms) {
          if (cd.backing.type === 'remoteIso' && cd.connected) {
            cd.connected = false;
            this.core.world.touchVm(vm.id);
            this.core.inventoryChanged(vm.vcenterId);
            this.core.addEvent(
              vm.vcenterId,
              'VmRemoteDeviceDisconnectedEvent',
              `Remote device '${cd.label}' of ${vm.name} disconnected: the console session closed`,
              {
                user,
                objectId: vm.id,
                objectName: vm.name,
              },
            );
          }
        }
      }
      return vmId;
    }
    throw new LabFault('not-found', `No console session with id "${sessionId}".`, { field: 'sessionId' });
  }

  attachIso(
    vmId: string,
    path: string,
    cdromKey: number | undefined,
    user: string | null,
    busy: boolean,
  ): CdromRec {
    const vm = this.vm(vmId);
    if (!this.sessions.get(vmId)?.length) {
      throw new LabFault(
        'conflict',
        `Open a console (VMRC) to '${vm.name}' first: a local ISO image is attached through the VM Remote Console.`,
      );
    }
    if (vm.powerState !== 'poweredOn')
      throw new LabFault(
        'conflict',
        `The virtual machine '${vm.name}' must be powered on to connect a client device.`,
      );
    if (busy) throw new LabFault('conflict', MSG.vmBusy(vm.name));
    const cd = cdromKey === undefined ? vm.cdroms[0] : vm.cdroms.find((c) => c.key === cdromKey);
    if (!cd)
      throw new LabFault('not-found', `The virtual machine '${vm.name}' has no such CD/DVD drive.`, {
        field: 'cdromKey',
      });
    cd.backing = { type: 'remoteIso', path };
    cd.connected = true;
    this.core.world.touchVm(vm.id);
    this.core.inventoryChanged(vm.vcenterId);
    this.core.addEvent(
      vm.vcenterId,
      'VmReconfiguredEvent',
      `Remote device '${cd.label}' of ${vm.name} connected to client ISO '${path}' through VMRC`,
      {
        user,
        objectId: vm.id,
        objectName: vm.name,
      },
    );
    return { ...cd, backing: { ...cd.backing } };
  }

  detachIso(vmId: string, cdromKey: number | undefined, user: string | null, busy: boolean): void {
    const vm = this.vm(vmId);
    if (busy) throw new LabFault('conflict', MSG.vmBusy(vm.name));
    const cd = vm.cdroms.find((c) =>
      cdromKey === undefined ? c.backing.type === 'remoteIso' : c.key === cdromKey,
    );
    if (!cd || cd.backing.type !== 'remoteIso')
      throw new LabFault('not-found', `The virtual machine '${vm.name}' has no client ISO attached.`);
    cd.backing = { type: 'none' };
    cd.connected = false;
    this.core.world.touchVm(vm.id);
    this.core.inventoryChanged(vm.vcenterId);
    this.core.addEvent(
      vm.vcenterId,
      'VmReconfiguredEvent',
      `Remote device '${cd.label}' of ${vm.name} disconnected from the client ISO`,
      {
        user,
        objectId: vm.id,
        objectName: vm.name,
      },
    );
  }

  /** Connected remote CD/DVD drives of a VM (the ones a vMotion has to carry over). */
  remoteDrives(vm: VmRec): CdromRec[] {
    return vm.cdroms.filter((c) => c.connected && c.backing.type === 'remoteIso');
  }

  /** Before the switchover: disconnect with a session cookie sent to the source host, mark remote. */
  beforeSwitchover(vm: VmRec, srcHostName: string, taskId: string): void {
    for (const cd of this.remoteDrives(vm)) {
      const cookie = (this.core.random.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0');
      this.ev(
        vm,
        'VmRemoteDeviceDisconnectedEvent',
        `Remote device '${cd.label}' of ${vm.name}: disconnect sent to source host ${srcHostName} with session cookie ${cookie}`,
        taskId,
      );
      this.ev(
        vm,
        'VmRemoteDeviceMarkedEvent',
        `Device '${cd.label}' of ${vm.name} marked remote; guest accesses are buffered during the migration`,
        taskId,
      );
    }
    if (this.remoteDrives(vm).length === 0) return;
    for (const s of this.sessions.get(vm.id) ?? []) s.state = 'dropped';
    this.ev(
      vm,
      'VmRemoteConsoleDisconnectedEvent',
      `Remote console session to ${vm.name} dropped for the switchover`,
      taskId,
    );
  }

  /** After the switchover: reconnect through VMRC on the new host and complete buffered accesses. */
  afterSwitchover(oldVmId: string, vm: VmRec, hostName: string, taskId: string): void {
    const list = this.sessions.get(oldVmId);
    if (list && oldVmId !== vm.id) {
      this.sessions.delete(oldVmId);
      for (const s of list) s.vmId = vm.id;
      this.sessions.set(vm.id, list);
    }
    const drives = this.remoteDrives(vm);
    if (drives.length === 0) return;
    for (const s of list ?? []) s.state = 'connected';
    this.ev(
      vm,
      'VmRemoteConsoleConnectedEvent',
      `Remote console session to ${vm.name} reconnected on ${hostName}`,
      taskId,
    );
    for (const cd of drives) {
      this.ev(
        vm,
        'VmRemoteDeviceConnectedEvent',
        `Remote device '${cd.label}' of ${vm.name} reconnected through VMRC on host ${hostName}`,
        taskId,
      );
      this.ev(
        vm,
        'VmRemoteDeviceAccessCompletedEvent',
        `Buffered accesses to remote device '${cd.label}' of ${vm.name} completed`,
        taskId,
      );
    }
  }

  /** A failed or cancelled migration: the device stays (or comes back) on the source host. */
  afterRollback(vm: VmRec, hostName: string, taskId: string): void {
    const dropped = (this.sessions.get(vm.id) ?? []).some((s) => s.state === 'dropped');
    if (!dropped) return;
    this.afterSwitchover(vm.id, vm, hostName, taskId);
  }

  private ev(vm: VmRec, type: string, message: string, taskId: string): void {
    this.core.addEvent(vm.vcenterId, type, message, { objectId: vm.id, objectName: vm.name, taskId });
  }

  private addSession(vm: VmRec): ConsoleSession {
    const s: ConsoleSession = {
      id: `vmrc-${++this.counter}`,
      vmId: vm.id,
      vmName: vm.name,
      openedAt: this.core.clock.now(),
      state: 'connected',
    };
    const list = this.sessions.get(vm.id);
    if (list) list.push(s);
    else this.sessions.set(vm.id, [s]);
    return s;
  }

  private vm(vmId: string): VmRec {
    const vm = this.core.world.vms.get(vmId);
    if (!vm) throw new LabFault('not-found', `No virtual machine with id "${vmId}".`, { field: 'vmId' });
    return vm;
  }

  private hostName(vm: VmRec): string {
    return this.core.world.hosts.get(vm.hostId)?.name ?? vm.hostId;
  }
}
