/**
 * Power operations on virtual machines, as the vSphere Client's VM menu → Power offers them: power
 * on, power off, guest OS shutdown and reboot (through VMware Tools), suspend and reset. Each starts
 * one task on the VM's vCenter and logs the events vCenter logs. Refusals are failed tasks with the
 * product's message, as vCenter shows them in Recent Tasks.
 *
 * The guest OS is modelled just enough to matter to an admin: after power-on or reset it boots for
 * a while (VMware Tools not running yet, no ping replies); a guest shutdown powers the VM off once
 * the guest has shut down. A powered-off VM no longer counts for maintenance mode or DRS load.
 */
import type { TaskInfo } from '../../shared/engine-api';
import type { PowerAction } from '../../shared/power-api';
import { LabFault } from '../../shared/result';
import type { PowerState } from '../../shared/scenario-schema';
import type { HostRec, VmRec } from '../../shared/world-types';
import type { TimerId } from './clock';
import type { EngineCore } from './core';
import type { Drs } from './drs';
import { powerMessages } from './power-messages';

/** What power operations need from the rest of the engine. */
export interface PowerHooks {
  /** The VM has a migration queued or running. */
  isMigrating(vmId: string): boolean;
  /** Errors that keep `vm` from running on `host` (empty = it can): DRS's initial placement filter. */
  moveErrors(vm: VmRec, host: HostRec): string[];
  /** A VM's power state changed: hosts entering maintenance mode look again, DRS drops stale moves. */
  powerChanged(vm: VmRec): void;
}

/** Where the VM's parts are, for event texts. */
export interface PowerWhere {
  vm: string;
  host: string;
  dc: string;
}

/** Timings (model): seconds a step takes; jitter is added from the lab's random source. */
const BOOT_MS = { min: 30_000, spread: 30_000 };
const GUEST_SHUTDOWN_MS = { min: 8_000, spread: 12_000 };
const POWER_ON_MS = { min: 1_500, spread: 1_500 };

/**
 * One row per action: the task name vCenter shows, the power states it starts from, whether the
 * guest must answer through VMware Tools, how long the task runs, and what it leaves behind.
 */
interface PowerActionRow {
  task: string;
  from: readonly PowerState[];
  needsTools: boolean;
  durationMs(vm: VmRec, random: () => number): number;
}

const ACTIONS: Record<PowerAction, PowerActionRow> = {
  powerOn: {
    task: 'Power On virtual machine',
    from: ['poweredOff', 'suspended'],
    needsTools: false,
    // Resuming reads the suspended memory image back (model: ~2 GB/s).
    durationMs: (vm, r) =>
      POWER_ON_MS.min + r() * POWER_ON_MS.spread + (vm.powerState === 'suspended' ? vm.memoryMB / 2 : 0),
  },
  powerOff: {
    task: 'Power Off virtual machine',
    from: ['poweredOn', 'suspended'],
    needsTools: false,
    durationMs: (_vm, r) => 500 + r() * 1000,
  },
  shutdownGuest: {
    task: 'Initiate guest OS shutdown',
    from: ['poweredOn'],
    needsTools: true,
    durationMs: () => 300,
  },
  restartGuest: {
    task: 'Initiate guest OS reboot',
    from: ['poweredOn'],
    needsTools: true,
    durationMs: () => 300,
  },
  // Suspending writes memory to the VM's folder (model: ~1.5 GB/s).
  suspend: {
    task: 'Suspend virtual machine',
    from: ['poweredOn'],
    needsTools: false,
    durationMs: (vm, r) => 1000 + r() * 500 + vm.memoryMB / 1.5,
  },
  reset: {
    task: 'Reset virtual machine',
    from: ['poweredOn'],
    needsTools: false,
    durationMs: (_vm, r) => 500 + r() * 500,
  },
};

export class PowerOps {
  /** VMs with a power task running (one at a time per VM, as on vCenter). */
  private readonly busy = new Set<string>();
  /** VMs whose guest OS is booting, shutting down or rebooting: the timer that ends that. */
  private readonly guestBusy = new Map<string, TimerId>();

  constructor(
    private readonly core: EngineCore,
    private readonly hooks: PowerHooks,
    private readonly drs: Drs,
  ) {}

  /** VMware Tools answers: the VM runs, Tools is installed and the guest is up. */
  toolsRunning(vm: VmRec): boolean {
    return vm.powerState === 'poweredOn' && vm.toolsInstalled !== false && !this.guestBusy.has(vm.id);
  }

  /** The guest OS answers the network (a booting or shutting-down guest does not). */
  guestUp(vmId: string): boolean {
    const vm = this.core.world.vms.get(vmId);
    return !!vm && vm.powerState === 'poweredOn' && !this.guestBusy.has(vmId);
  }

  /** Starts a power action on a VM: answers its task (already failed when the action is refused). */
  power(vmId: string, action: PowerAction, user: string): TaskInfo {
    const vm = this.core.world.vms.get(vmId);
    if (!vm) throw new LabFault('not-found', `No virtual machine with id "${vmId}".`, { field: 'vmId' });
    const row = ACTIONS[action];
    const task = this.core.tasks.create({
      vcenterId: vm.vcenterId,
      vcenterKey: this.core.vcKey(vm.vcenterId),
      name: row.task,
      targetId: vm.id,
      targetName: vm.name,
      targetKind: 'vm',
      initiator: user,
      cancelable: false,
    });
    this.core.tasks.start(task);
    const refusal = this.refusal(vm, row);
    if (refusal) {
      this.fail(vm, action, task, refusal, user);
      return { ...task };
    }
    let host = this.host(vm);
    let placedByDrs = false;
    if (action === 'powerOn') {
      const placed = this.placeForPowerOn(vm);
      if ('error' in placed) {
        this.fail(vm, action, task, placed.error, user);
        return { ...task };
      }
      placedByDrs = placed.byDrs;
      if (placed.host.id !== vm.hostId) {
        // DRS initial placement: a powered-off VM is registered where it will run.
        vm.hostId = placed.host.id;
        this.core.world.touchVm(vm.id);
        this.core.inventoryChanged(vm.vcenterId);
      }
      host = placed.host;
    }
    this.busy.add(vm.id);
    const ms = Math.round(row.durationMs(vm, () => this.core.random.next()));
    this.core.tasks.phase(task, row.task, { progressTo: 100, endAt: this.core.clock.now() + ms });
    const starting = powerMessages.started[action];
    if (starting) this.event(vm, starting(this.where(vm, host), vm.powerState), user, task.id);
    this.core.clock.after(ms, () => this.complete(vm, action, task, user, placedByDrs));
    return { ...task };
  }

  /** Why an action cannot start (null = it can), in the product's words. */
  private refusal(vm: VmRec, row: PowerActionRow): string | null {
    if (this.busy.has(vm.id) || this.hooks.isMigrating(vm.id)) return powerMessages.taskInProgress;
    if (this.host(vm).connectionState !== 'connected') return powerMessages.hostNotConnected;
    if (!row.from.includes(vm.powerState)) return powerMessages.invalidPowerState(vm.powerState);
    if (row.needsTools && !this.toolsRunning(vm)) return powerMessages.toolsUnavailable;
    return null;
  }

  /**
   * The host a powering-on VM runs on. In a DRS cluster with automatic initial placement (fully or
   * partially automated: vSphere Resource Management, "DRS automation level") DRS picks the least
   * loaded host that can run the VM; elsewhere the VM runs where it is registered, which must not be
   * in (or entering) maintenance mode.
   */
  private placeForPowerOn(vm: VmRec): { host: HostRec; byDrs: boolean } | { error: string } {
    const current = this.host(vm);
    const cluster = current.clusterId ? this.core.world.clusters.get(current.clusterId) : undefined;
    if (cluster && (cluster.drs === 'fullyAutomated' || cluster.drs === 'partiallyAutomated')) {
      let best: HostRec | null = null;
      let bestLoad = Infinity;
      for (const h of this.drs.activeHosts(cluster.id)) {
        if (h.id !== current.id && this.hooks.moveErrors(vm, h).length > 0) continue;
        const load = this.drs.hostLoad(h);
        // Ties stay on the registered host: DRS moves a VM only when it gains something.
        if (load < bestLoad || (load === bestLoad && h.id === current.id)) {
          best = h;
          bestLoad = load;
        }
      }
      return best ? { host: best, byDrs: true } : { error: powerMessages.noCompatibleHost };
    }
    if (current.maintenance !== 'none') return { error: powerMessages.hostInMaintenance };
    return { host: current, byDrs: false };
  }

  private complete(vm: VmRec, action: PowerAction, task: TaskInfo, user: string, byDrs: boolean): void {
    this.busy.delete(vm.id);
    const host = this.host(vm);
    const where = this.where(vm, host);
    const before = vm.powerState;
    switch (action) {
      case 'powerOn':
        this.setPower(vm, 'poweredOn');
        // A resumed guest carries on where it was; a cold start boots first.
        if (before === 'poweredOff') this.guestOffline(vm, BOOT_MS);
        if (byDrs) this.event(vm, powerMessages.drsPoweredOn(where), user, task.id);
        break;
      case 'powerOff':
        this.clearGuest(vm);
        this.setPower(vm, 'poweredOff');
        break;
      case 'suspend':
        this.clearGuest(vm);
        this.setPower(vm, 'suspended');
        break;
      case 'reset':
        this.guestOffline(vm, BOOT_MS);
        break;
      case 'restartGuest':
        this.guestOffline(vm, BOOT_MS);
        break;
      case 'shutdownGuest':
        this.guestOffline(vm, GUEST_SHUTDOWN_MS, () => {
          this.setPower(vm, 'poweredOff');
          this.event(vm, powerMessages.done.powerOff!(this.where(vm, this.host(vm))), user, null);
        });
        break;
    }
    this.core.tasks.finish(task, 'success');
    const done = powerMessages.done[action];
    if (done) this.event(vm, done(where), user, task.id);
  }

  private fail(vm: VmRec, action: PowerAction, task: TaskInfo, reason: string, user: string): void {
    this.core.tasks.finish(task, 'error', reason);
    const where = this.where(vm, this.host(vm));
    this.event(vm, powerMessages.failed[action](where, reason), user, task.id, 'error');
  }

  /** The guest OS is away for a while (booting, shutting down); `then` runs when that is over. */
  private guestOffline(vm: VmRec, span: { min: number; spread: number }, then?: () => void): void {
    this.clearGuest(vm);
    const ms = Math.round(span.min + this.core.random.next() * span.spread);
    this.guestBusy.set(
      vm.id,
      this.core.clock.after(ms, () => {
        this.guestBusy.delete(vm.id);
        then?.();
      }),
    );
  }

  private clearGuest(vm: VmRec): void {
    this.core.clock.cancel(this.guestBusy.get(vm.id));
    this.guestBusy.delete(vm.id);
  }

  private setPower(vm: VmRec, state: PowerState): void {
    if (vm.powerState === state) return;
    vm.powerState = state;
    // Client (VMRC) devices only live while the VM runs: powering off or suspending disconnects them.
    if (state !== 'poweredOn') {
      for (const cd of vm.cdroms) {
        if (cd.backing.type === 'remoteIso' && cd.connected) {
          cd.connected = false;
          this.event(vm, powerMessages.remoteDeviceDisconnected(cd.label, vm.name), null, null);
        }
      }
    }
    this.core.world.touchVm(vm.id);
    this.core.inventoryChanged(vm.vcenterId);
    this.hooks.powerChanged(vm);
  }

  private event(
    vm: VmRec,
    e: { type: string; message: string },
    user: string | null,
    taskId: string | null,
    severity: 'info' | 'error' = 'info',
  ): void {
    this.core.addEvent(vm.vcenterId, e.type, e.message, {
      user,
      objectId: vm.id,
      objectName: vm.name,
      taskId,
      severity,
    });
  }

  private host(vm: VmRec): HostRec {
    return this.core.world.hosts.get(vm.hostId)!;
  }

  private where(vm: VmRec, host: HostRec): PowerWhere {
    return { vm: vm.name, host: host.name, dc: this.core.world.datacenters.get(vm.datacenterId)?.name ?? '' };
  }
}
