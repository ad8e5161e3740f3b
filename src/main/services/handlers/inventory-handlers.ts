import type { CallsIn, VCenterSummary, VmRow } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import { diskConsumedGB, type VmRec } from '../../../shared/world-types';
import type { World } from '../../engine/world/world';
import {
  buildLabel,
  isAtLeast,
  XVM_MIN_INITIATOR_BUILD,
  XVM_MIN_REMOTE_VERSION,
} from '../../../shared/versions';
import { objectSummary, treeChildren } from '../../engine/world/inventory-tree';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { vcenterIdOf } from '../object-vcenter';

/** The VMs "under" an object, as its VMs tab lists them. */
function vmsOf(world: World, id: string): VmRec[] {
  const rec = world.get(id);
  if (!rec) throw new LabFault('not-found', `No inventory object with id "${id}".`, { field: 'id' });
  switch (rec.kind) {
    case 'vcenter':
      return [...world.vms.values()].filter((v) => v.vcenterId === rec.id);
    case 'datacenter':
      return [...world.vms.values()].filter((v) => v.datacenterId === rec.id);
    case 'cluster':
      return world.hostsInCluster(rec.id).flatMap((h) => world.vmsOnHost(h.id));
    case 'host':
      return world.vmsOnHost(rec.id);
    case 'resourcePool':
      return world.vmsInPool(rec.id);
    case 'folder':
      return world.vmsInFolder(rec.id);
    case 'datastore':
      return world.vmsOnDatastore(rec.id);
    case 'network':
      return world.vmsOnNetwork(rec.id);
    case 'vm':
      return [rec];
  }
}

/** Lab overview and inventory browsing: the four views' lazy trees, the VMs tab and the Summary tab. */
export function inventoryHandlers(lab: LabContext): Pick<Handlers, 'lab.info' | CallsIn<'inventory'>> {
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
        canStartCrossVCenterMigration: isAtLeast(vc.build, XVM_MIN_INITIATOR_BUILD),
        canJoinCrossVCenterMigration: isAtLeast(vc.version, XVM_MIN_REMOTE_VERSION),
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
    'inventory.vms': ({ id, limit }, ctx) => {
      lab.sessions.require(ctx, vcenterIdOf(id));
      const w = lab.world;
      return vmsOf(w, id)
        .slice(0, limit)
        .map((v): VmRow => ({
          id: v.id,
          name: v.name,
          powerState: v.powerState,
          hostName: w.hosts.get(v.hostId)?.name ?? '',
          cpu: v.cpu,
          memoryMB: v.memoryMB,
          ipAddress: v.ipAddress,
          storageGB: v.disks.reduce((n, d) => n + diskConsumedGB(d), 0),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    },
  };
}
