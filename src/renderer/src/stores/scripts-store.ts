import { defineStore, storeToRefs } from 'pinia';
import type { StartedMigration, TaskInfo } from '../../../shared/contract';
import type { MigrationRequest } from '../../../shared/engine-api';
import {
  scriptInputFromWizard,
  type MaintenanceScriptInput,
  type MigrationScriptInput,
  type ScriptInput,
  type WizardRows,
} from '../../../shared/script-gen';
import { useConnectionsStore } from './connections-store';
import { useLabStore } from './lab-store';
import { useVsphereApiStore } from './vsphere-api-store';

/**
 * What the "as a script" panels show: the scripts' inputs for the actions the admin takes. A
 * migration's request is remembered when the wizard finishes, so its task details can show the same
 * script later; maintenance mode needs only the host and the vCenter.
 */
export const useScriptsStore = defineStore('scripts', () => {
  const { info } = storeToRefs(useLabStore());
  const { sessions } = storeToRefs(useConnectionsStore());
  const { status: apiStatus } = storeToRefs(useVsphereApiStore());
  /** Migration id → the script input of the wizard run that started it (this window only). */
  const byMigration = new Map<string, MigrationScriptInput>();

  /**
   * How a script reaches a vCenter: while the lab's vSphere API runs, its endpoint on this machine
   * (so the script runs as shown against the lab), else the vCenter's FQDN; and the user signed in
   * there (or administrator).
   */
  function vcenter(vcenterId: string, user?: string): { address: string; user: string } {
    const vc = info.value?.vcenters.find((v) => v.id === vcenterId);
    const session = sessions.value.find((s) => s.vcenterId === vcenterId);
    const endpoint = apiStatus.value?.running
      ? apiStatus.value.endpoints.find((e) => e.vcenterId === vcenterId)
      : undefined;
    return {
      address: endpoint ? `127.0.0.1:${endpoint.port}` : (vc?.name ?? vcenterId),
      user: user ?? session?.user ?? `administrator@${vc?.ssoDomain ?? 'vsphere.local'}`,
    };
  }

  /** The script input of a wizard's request, named from the rows its pages listed. */
  function migration(request: MigrationRequest, rows: WizardRows): MigrationScriptInput {
    const ids = new Set([request.vcenterId, rows.targetVcenterId, ...rows.vms.map((v) => v.vcenterId)]);
    return scriptInputFromWizard(request, rows, Object.fromEntries([...ids].map((id) => [id, vcenter(id)])));
  }

  function remember(migrations: StartedMigration[], input: MigrationScriptInput): void {
    for (const m of migrations) byMigration.set(m.migrationId, input);
  }

  function maintenance(
    hostName: string,
    vcenterId: string,
    action: MaintenanceScriptInput['action'] = 'enterMaintenance',
    movePoweredOffVms = false,
    user?: string,
  ): MaintenanceScriptInput {
    return { action, host: hostName, vcenter: vcenter(vcenterId, user), movePoweredOffVms };
  }

  /** The script of a task: maintenance mode, or the migration a wizard of this window started. */
  function forTask(task: TaskInfo): ScriptInput | null {
    if (task.name === 'Enter maintenance mode' || task.name === 'Exit maintenance mode') {
      const action = task.name === 'Enter maintenance mode' ? 'enterMaintenance' : 'exitMaintenance';
      const user = task.initiator.includes('@') ? task.initiator : undefined;
      return maintenance(task.targetName, task.vcenterId, action, false, user);
    }
    const input = task.migrationId ? byMigration.get(task.migrationId) : undefined;
    if (!input) return null;
    const vmIds = input.request.vmIds.filter((id) => input.objects[id]?.name === task.targetName);
    return { ...input, request: { ...input.request, vmIds: vmIds.length ? vmIds : input.request.vmIds } };
  }

  return { vcenter, migration, remember, maintenance, forTask };
});
