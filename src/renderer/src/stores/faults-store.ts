import { defineStore } from 'pinia';
import type { FaultKind } from '../../../shared/contract';
import type { LabError } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';

/** Lab controls that make the next migration of a VM fail a chosen way (the fault dialog arms them). */
export const useFaultsStore = defineStore('faults', () => {
  const labApi = useLabApi();

  /** Arms a fault for the VM's next migration; the error when the lab refuses, else null. */
  async function arm(vmId: string, kind: FaultKind): Promise<LabError | null> {
    const r = await labApi['fault.inject']({ kind, vmId });
    return r.ok ? null : r.error;
  }

  return { arm };
});
