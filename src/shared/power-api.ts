/**
 * Power operations on a virtual machine (the VM menu's Power submenu, PowerOnVM_Task and friends
 * in the vSphere API). Each action starts one task on the VM's vCenter.
 */
import { z } from 'zod';

/** The six power actions of the vSphere Client's Power submenu. */
export const powerActions = [
  'powerOn',
  'powerOff',
  'shutdownGuest',
  'restartGuest',
  'suspend',
  'reset',
] as const;
export type PowerAction = (typeof powerActions)[number];

/** Arguments of `vm.power`: which VM, and what to do with it. */
export const vmPowerSchema = z.strictObject({
  vmId: z.string().min(1).max(200),
  action: z.enum(powerActions),
});
export type VmPowerRequest = z.output<typeof vmPowerSchema>;
