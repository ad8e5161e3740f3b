import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Which wizard is open: Migrate (VMs of this vCenter) or Import VMs (into a host or cluster of it). */
export type WizardRequest =
  | { kind: 'migrate'; vcenterId: string; vmIds: string[] }
  | { kind: 'import'; vcenterId: string; targetId: string }
  | null;

/** Opens the Migrate and Import VMs wizards; the wizard components read `request`. */
export const useWizardStore = defineStore('wizard', () => {
  const request = ref<WizardRequest>(null);
  const openMigrate = (vcenterId: string, vmIds: string[]): void => {
    request.value = { kind: 'migrate', vcenterId, vmIds };
  };
  const openImport = (vcenterId: string, targetId: string): void => {
    request.value = { kind: 'import', vcenterId, targetId };
  };
  const close = (): void => {
    request.value = null;
  };
  return { request, openMigrate, openImport, close };
});
