import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Which app-level dialog is open, and for what object. One at a time, like the vSphere Client. */
export type OpenDialog =
  | { kind: 'ping'; vmId: string; vmName: string }
  | { kind: 'fault'; vmId: string; vmName: string }
  | { kind: 'maintenance'; hostId: string; hostName: string; vcenterId: string }
  | { kind: 'networkPaths'; hostId: string; hostName: string; vcenterId: string }
  | { kind: 'drs'; clusterId: string; clusterName: string; vcenterId: string }
  | null;

export const useDialogsStore = defineStore('dialogs', () => {
  const open = ref<OpenDialog>(null);
  /** The VM Remote Console is a window of its own (as VMRC is), not a modal: it stays open while the admin works. */
  const consoleWindow = ref<{ vmId: string; vmName: string } | null>(null);
  const openConsole = (vmId: string, vmName: string): void => {
    consoleWindow.value = { vmId, vmName };
  };
  const closeConsole = (): void => {
    consoleWindow.value = null;
  };
  const show = (d: Exclude<OpenDialog, null>): void => {
    open.value = d;
  };
  const close = (): void => {
    open.value = null;
  };
  return { open, show, close, consoleWindow, openConsole, closeConsole };
});
