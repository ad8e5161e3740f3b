import type { PowerAction, TreeNode } from '../../../shared/contract';
import type { MenuItem } from '../common/menu-item';
import { useDialogsStore } from '../stores/dialogs-store';
import { useHostsStore } from '../stores/hosts-store';
import { useInventoryStore } from '../stores/inventory-store';
import { useLabStore } from '../stores/lab-store';
import { powerMenu, useVmPowerStore } from '../stores/vm-power-store';
import { useWizardStore } from '../stores/wizard-store';

/**
 * The actions menu of an inventory object, in the vSphere Client's words. The same list serves the
 * right-click menu, the context-menu key and the Actions button of the object's Summary.
 */
export function objectActions(
  node: TreeNode,
  vcenterId: string,
  pickedVmIds: string[] = [node.id],
): MenuItem[] {
  const dialogs = useDialogsStore();
  const hosts = useHostsStore();
  const wizard = useWizardStore();
  const lab = useLabStore();
  const inventory = useInventoryStore();
  const power = useVmPowerStore();
  const vc = lab.info?.vcenters.find((v) => v.id === vcenterId);
  const canImport = !!vc?.canStartCrossVCenterMigration;
  const importItem: MenuItem = {
    id: 'import',
    label: 'Import VMs…',
    disabled: !canImport,
    hint: canImport
      ? undefined
      : `Needs vCenter Server 7.0 Update 1c or later (this is ${vc?.buildLabel ?? 'older'}).`,
    run: () => wizard.openImport(vcenterId, node.id),
  };
  switch (node.kind) {
    case 'vm':
      return [
        {
          id: 'migrate',
          label: pickedVmIds.length > 1 ? `Migrate ${pickedVmIds.length} VMs…` : 'Migrate…',
          run: () => wizard.openMigrate(vcenterId, pickedVmIds),
        },
        {
          id: 'power',
          label: 'Power',
          disabled: pickedVmIds.length > 1,
          hint: pickedVmIds.length > 1 ? 'Power one virtual machine at a time.' : undefined,
          children: powerMenu.map(({ action, label }) => ({
            id: `power-${action}`,
            label,
            disabled: !powerAllowed(action, node.badge),
            run: () => void power.power(node.id, vcenterId, action),
          })),
          run: () => undefined,
        },
        { id: 'console', label: 'Open Remote Console', run: () => dialogs.openConsole(node.id, node.name) },
        {
          id: 'ping',
          label: 'Ping monitor',
          run: () => dialogs.show({ kind: 'ping', vmId: node.id, vmName: node.name }),
        },
        {
          id: 'fault',
          label: 'Lab: inject a fault…',
          run: () => dialogs.show({ kind: 'fault', vmId: node.id, vmName: node.name }),
        },
      ];
    case 'host': {
      const inMaintenance = node.badge === 'maintenance';
      const entering = node.badge === 'enteringMaintenance';
      return [
        inMaintenance || entering
          ? {
              id: 'exit-maintenance',
              label: 'Exit Maintenance Mode',
              run: () => void hosts.exitMaintenance(node.id, vcenterId).then(() => inventory.refresh()),
            }
          : {
              id: 'enter-maintenance',
              label: 'Enter Maintenance Mode',
              run: () =>
                dialogs.show({ kind: 'maintenance', hostId: node.id, hostName: node.name, vcenterId }),
            },
        importItem,
        {
          id: 'network-paths',
          label: 'Lab: network paths…',
          run: () => dialogs.show({ kind: 'networkPaths', hostId: node.id, hostName: node.name, vcenterId }),
        },
      ];
    }
    case 'cluster':
      return [
        importItem,
        {
          id: 'drs',
          label: 'vSphere DRS…',
          run: () => dialogs.show({ kind: 'drs', clusterId: node.id, clusterName: node.name, vcenterId }),
        },
      ];
    default:
      return [];
  }
}

/**
 * Which Power items the client offers for a VM's state (its tree badge: none = powered on). The
 * engine refuses the rest anyway; greying them out is what the vSphere Client does.
 */
function powerAllowed(action: PowerAction, badge: string | undefined): boolean {
  const state = badge === 'poweredOff' || badge === 'suspended' ? badge : 'poweredOn';
  if (action === 'powerOn') return state !== 'poweredOn';
  if (action === 'powerOff') return state !== 'poweredOff';
  return state === 'poweredOn';
}
