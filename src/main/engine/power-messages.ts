/**
 * What vCenter says about power operations: event types and texts (the vSphere event catalogue's
 * formats, "{vm.name} on {host.name} in {datacenter.name} is powered on") and the faults a refused
 * operation fails with. One table, so wording is checked in one place (docs/reference-notes.md).
 */
import type { PowerAction } from '../../shared/power-api';
import type { PowerState } from '../../shared/scenario-schema';
import type { PowerWhere } from './power';

/** An event as the log records it. */
export interface PowerEventText {
  type: string;
  message: string;
}

type Where = (w: PowerWhere) => PowerEventText;

const stateLabel: Record<PowerState, string> = {
  poweredOn: 'Powered on',
  poweredOff: 'Powered off',
  suspended: 'Suspended',
};

export const powerMessages = {
  /** vim.fault.TaskInProgress: another task (a power operation or a migration) holds the VM. */
  taskInProgress: 'Another task is already in progress.',
  /** vim.fault.InvalidPowerState, e.g. powering on a VM that runs. */
  invalidPowerState: (existing: PowerState): string =>
    `The attempted operation cannot be performed in the current state (${stateLabel[existing]}).`,
  /** vim.fault.ToolsUnavailable: guest shutdown / reboot without VMware Tools running. */
  toolsUnavailable: 'Cannot complete operation because VMware Tools is not running in this virtual machine.',
  /** vim.fault.InvalidHostConnectionState. */
  hostNotConnected: 'The operation is not allowed in the current connection state of the host.',
  /** vim.fault.InvalidHostState: powering on a VM on a host in (or entering) maintenance mode. */
  hostInMaintenance: 'The operation is not allowed in the current state of the host.',
  /** vim.fault.NoCompatibleHost: DRS found no host for the VM to power on. */
  noCompatibleHost: 'No host is compatible with the virtual machine.',

  /** Logged when the task starts (the "-ing" events). */
  started: {
    powerOn: (w: PowerWhere, from: PowerState) =>
      from === 'suspended'
        ? { type: 'VmResumingEvent', message: `${w.vm} on ${w.host} in ${w.dc} is resumed` }
        : { type: 'VmStartingEvent', message: `${w.vm} on host ${w.host} in ${w.dc} is starting` },
    powerOff: (w: PowerWhere) => ({
      type: 'VmStoppingEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is stopping`,
    }),
    suspend: (w: PowerWhere) => ({
      type: 'VmSuspendingEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is being suspended`,
    }),
    reset: (w: PowerWhere) => ({
      type: 'VmResettingEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is reset`,
    }),
  } as Partial<Record<PowerAction, (w: PowerWhere, from: PowerState) => PowerEventText>>,

  /** Logged when the task succeeds. */
  done: {
    powerOn: (w: PowerWhere) => ({
      type: 'VmPoweredOnEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is powered on`,
    }),
    powerOff: (w: PowerWhere) => ({
      type: 'VmPoweredOffEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is powered off`,
    }),
    suspend: (w: PowerWhere) => ({
      type: 'VmSuspendedEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} is suspended`,
    }),
    shutdownGuest: (w: PowerWhere) => ({
      type: 'VmGuestShutdownEvent',
      message: `Guest OS shut down for ${w.vm} on ${w.host} in ${w.dc}`,
    }),
    restartGuest: (w: PowerWhere) => ({
      type: 'VmGuestRebootEvent',
      message: `Guest OS reboot for ${w.vm} on ${w.host} in ${w.dc}`,
    }),
  } as Partial<Record<PowerAction, Where>>,

  /** Logged when the task fails (error severity). */
  failed: {
    powerOn: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToPowerOnEvent',
      message: `Cannot power on ${w.vm} on ${w.host} in ${w.dc}. ${why}`,
    }),
    powerOff: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToPowerOffEvent',
      message: `Cannot power off ${w.vm} on ${w.host} in ${w.dc}. ${why}`,
    }),
    shutdownGuest: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToShutdownGuestEvent',
      message: `${w.vm} cannot shut down the guest OS on ${w.host} in ${w.dc}: ${why}`,
    }),
    restartGuest: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToRebootGuestEvent',
      message: `${w.vm} on ${w.host} in ${w.dc} cannot reboot the guest OS. ${why}`,
    }),
    suspend: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToSuspendEvent',
      message: `Cannot suspend ${w.vm} on ${w.host} in ${w.dc}. ${why}`,
    }),
    reset: (w: PowerWhere, why: string) => ({
      type: 'VmFailedToResetEvent',
      message: `Cannot reset ${w.vm} on ${w.host} in ${w.dc}. ${why}`,
    }),
  } satisfies Record<PowerAction, (w: PowerWhere, why: string) => PowerEventText>,

  /** DRS placed the VM at power-on (DrsVmPoweredOnEvent). */
  drsPoweredOn: (w: PowerWhere): PowerEventText => ({
    type: 'DrsVmPoweredOnEvent',
    message: `DRS powered On ${w.vm} on ${w.host} in ${w.dc}`,
  }),
  /** A client (VMRC) device loses its backing when the VM stops running. */
  remoteDeviceDisconnected: (device: string, vm: string): PowerEventText => ({
    type: 'VmRemoteDeviceDisconnectedEvent',
    message: `Remote device '${device}' of ${vm} disconnected: the virtual machine is not running`,
  }),
};
