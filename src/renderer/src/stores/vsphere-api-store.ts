import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { VsphereApiStatus } from '../../../shared/contract';
import type { LabError } from '../../../shared/result';
import { useLabApi } from '../api/lab-api';

/** The lab's vSphere API endpoints (issue 17): whether they run and how scripts connect to them. */
export const useVsphereApiStore = defineStore('vsphereApi', () => {
  const labApi = useLabApi();
  const status = ref<VsphereApiStatus | null>(null);
  const busy = ref(false);

  async function load(): Promise<LabError | null> {
    const r = await labApi['vsphereApi.endpoints']({});
    if (!r.ok) return r.error;
    status.value = r.value;
    return null;
  }

  async function setRunning(running: boolean): Promise<LabError | null> {
    busy.value = true;
    try {
      const r = await labApi['vsphereApi.setRunning']({ running });
      if (!r.ok) return r.error;
      status.value = r.value;
      return null;
    } finally {
      busy.value = false;
    }
  }

  // A lab switch or reset restarts the endpoints for the new lab's vCenters.
  labApi.on('lab.reloaded', () => void setTimeout(() => void load(), 500));
  return { status, busy, load, setRunning };
});
