/**
 * The one step that moves a VM: done in a single synchronous change at the end of the switchover,
 * so at every instant the VM is in exactly one inventory.
 */
import type { VmRec } from '../../../shared/world-types';
import type { World } from '../world/world';
import type { VmPlan } from './plan-types';

/** Allocates VM ids in a vCenter's id space (`<key>:vm-N`), never reusing one that exists. */
export class VmIdAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly world: World) {}

  allocate(vcenterKey: string): string {
    let n = this.next.get(vcenterKey);
    if (n === undefined) {
      const prefix = `${vcenterKey}:vm-`;
      n = 0;
      for (const id of this.world.vms.keys())
        if (id.startsWith(prefix)) n = Math.max(n, Number.parseInt(id.slice(prefix.length), 10) || 0);
    }
    let id: string;
    do id = `${vcenterKey}:vm-${++n}`;
    while (this.world.vms.has(id));
    this.next.set(vcenterKey, n);
    return id;
  }
}

/**
 * Applies a plan to the world: host, disks (datastore and format), NICs, folder and pool. A cross-
 * vCenter move re-registers the VM under a new id in the destination; UUIDs and MACs are kept.
 * Returns the VM's id after the move.
 */
export function commitMove(world: World, plan: VmPlan, ids: VmIdAllocator): string {
  const vm = world.vms.get(plan.vm.id);
  if (!vm) throw new Error(`VM ${plan.vm.id} vanished during its migration`);
  const moved: VmRec = {
    ...vm,
    hostId: plan.dstHost.id,
    datacenterId: plan.dstDatacenterId,
    folderId: plan.folderId,
    resourcePoolId: plan.resourcePoolId,
    disks: vm.disks.map((d) => {
      const p = plan.disks.find((x) => x.key === d.key);
      return p ? { ...d, format: p.toFormat, datastoreId: p.toDatastoreId } : { ...d };
    }),
    nics: vm.nics.map((n) => ({
      ...n,
      networkId: plan.nics.find((x) => x.key === n.key)?.toNetworkId ?? n.networkId,
    })),
    cdroms: vm.cdroms.map((c) => {
      // A datastore ISO of the old vCenter cannot follow; the drive comes across empty.
      if (plan.crossVc && c.backing.type === 'datastoreIso')
        return { ...c, backing: { type: 'none' }, connected: false };
      return { ...c, backing: { ...c.backing } };
    }),
    serialPorts: vm.serialPorts.map((s) => ({ ...s })),
  };
  if (plan.crossVc) {
    const vc = world.vcenters.get(plan.dstVcenterId)!;
    moved.id = ids.allocate(vc.key);
    moved.vcenterId = plan.dstVcenterId;
  }
  world.replaceVm(vm, moved);
  return moved.id;
}
