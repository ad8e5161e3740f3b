import type { VCenterSummary } from '../../../shared/contract';
import { buildLabel } from '../../../shared/versions';
import { objectSummary, treeChildren } from '../../engine/world/inventory-tree';
import type { Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

/** Object ids start with their vCenter's key ("vcsa01:vm-12" belongs to "vcsa01:vcenter"). */
export const vcenterIdOf = (objectId: string): string => `${objectId.split(':', 1)[0]}:vcenter`;

/** Lab overview and inventory browsing: the four views' lazy trees and the Summary tab. */
export function inventoryHandlers(lab: LabService): Pick<Handlers, 'lab.info' | 'inventory.children' | 'inventory.summary'> {
  return {
    'lab.info': () => {
      const w = lab.world;
      const hostCount = new Map<string, number>();
      const vmCount = new Map<string, number>();
      for (const h of w.hosts.values()) hostCount.set(h.vcenterId, (hostCount.get(h.vcenterId) ?? 0) + 1);
      for (const v of w.vms.values()) vmCount.set(v.vcenterId, (vmCount.get(v.vcenterId) ?? 0) + 1);
      const vcenters: VCenterSummary[] = [...w.vcenters.values()].map((vc) => ({
        id: vc.id,
        name: vc.name,
        version: vc.version,
        build: vc.build,
        buildLabel: buildLabel(vc.build),
        ssoDomain: vc.ssoDomain,
        reachable: vc.reachable,
        cloud: vc.cloud,
        hostCount: hostCount.get(vc.id) ?? 0,
        vmCount: vmCount.get(vc.id) ?? 0,
      }));
      return { name: w.name, description: w.description, source: lab.source, vcenters, revision: w.revision };
    },
    // Browsing a vCenter's inventory needs a session on it, as in the vSphere Client.
    'inventory.children': ({ view, parentId }, ctx) => {
      lab.sessions.require(ctx, vcenterIdOf(parentId));
      return treeChildren(lab.world, view, parentId);
    },
    'inventory.summary': ({ id }, ctx) => {
      lab.sessions.require(ctx, vcenterIdOf(id));
      return objectSummary(lab.world, id);
    },
  };
}
