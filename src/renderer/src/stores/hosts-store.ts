import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DrsStatus } from '../../../shared/contract';
import type { DrsMode } from '../../../shared/scenario-schema';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';
import { useTasksStore } from './tasks-store';

/** Host and cluster actions: maintenance mode, DRS automation level and recommendations. */
export const useHostsStore = defineStore('hosts', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const tasks = useTasksStore();
  const drs = ref<Record<string, DrsStatus>>({});

  async function enterMaintenance(
    hostId: string,
    vcenterId: string,
    movePoweredOffVms: boolean,
  ): Promise<boolean> {
    const r = await labApi['host.enterMaintenance']({ hostId, movePoweredOffVms });
    if (!r.ok) return (lab.report(r.error), false);
    tasks.select(vcenterId, r.value.id);
    return true;
  }

  async function exitMaintenance(hostId: string, vcenterId: string): Promise<void> {
    const r = await labApi['host.exitMaintenance']({ hostId });
    if (!r.ok) lab.report(r.error);
    else tasks.select(vcenterId, r.value.id);
  }

  async function loadDrs(clusterId: string, run = false): Promise<void> {
    const r = await labApi['drs.recommendations']({ clusterId, run });
    if (r.ok) drs.value = { ...drs.value, [clusterId]: r.value };
    else lab.report(r.error);
  }

  async function setDrsMode(clusterId: string, mode: DrsMode): Promise<void> {
    const r = await labApi['cluster.setDrsMode']({ clusterId, mode });
    if (r.ok) drs.value = { ...drs.value, [clusterId]: r.value };
    else lab.report(r.error);
  }

  async function applyRecommendations(clusterId: string, vcenterId: string, ids?: string[]): Promise<void> {
    const r = await labApi['drs.apply']({ clusterId, recommendationIds: ids });
    if (!r.ok) return lab.report(r.error);
    tasks.select(vcenterId, r.value.id);
    await loadDrs(clusterId);
  }

  labApi.on('drs.changed', ({ clusterIds }) => {
    for (const id of clusterIds) if (drs.value[id]) void loadDrs(id);
  });

  return { drs, enterMaintenance, exitMaintenance, loadDrs, setDrsMode, applyRecommendations };
});
