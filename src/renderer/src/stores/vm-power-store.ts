import { defineStore } from 'pinia';
import type { PowerAction } from '../../../shared/contract';
import { useLabApi } from '../api/lab-api';
import { useLabStore } from './lab-store';
import { useTasksStore } from './tasks-store';

/** The VM menu's Power submenu, in the vSphere Client's words and order. */
export const powerMenu: { action: PowerAction; label: string }[] = [
  { action: 'powerOn', label: 'Power On' },
  { action: 'powerOff', label: 'Power Off' },
  { action: 'suspend', label: 'Suspend' },
  { action: 'reset', label: 'Reset' },
  { action: 'shutdownGuest', label: 'Shut Down Guest OS' },
  { action: 'restartGuest', label: 'Restart Guest OS' },
];

/** Power operations on VMs: each starts a task, selected in Recent Tasks. */
export const useVmPowerStore = defineStore('vm-power', () => {
  const labApi = useLabApi();
  const lab = useLabStore();
  const tasks = useTasksStore();

  /** Starts `action` on a VM; a refused one shows vCenter's reason like any failed task, and here too. */
  async function power(vmId: string, vcenterId: string, action: PowerAction): Promise<void> {
    const r = await labApi['vm.power']({ vmId, action });
    if (!r.ok) return lab.report(r.error);
    tasks.select(vcenterId, r.value.id);
    if (r.value.state === 'error' && r.value.error)
      lab.report({ code: 'conflict', message: `${r.value.name}: ${r.value.error}` });
  }

  return { power };
});
