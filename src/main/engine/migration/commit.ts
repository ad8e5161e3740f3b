/**
 * The one step that moves a VM: done in a single synchronous change at the end of the switchover,
 * so at every instant the VM is in exactly one inventory.
 */
import type { VmRec } from '../../../shared/world-types';
import type { World } from '../world/world';
import type { VmPlan } from './plan';

/** Allocates VM ids in a vCenter's id space (`<key>:vm-N`), never reusing one that exists. */
export class VmIdAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly world: World) {}

  allocate(vcenterKey: string): string {
    let n = this.next.get(vcenterKey);
    if (n === undefined) {
      const prefix = `${vcenterKey}:vm-`;
      let max = 0;
      // forEach, not for-of: this first call walks every VM, before the loop is optimised.
      this.world.vms.forEach((_vm, id) => {
        if (id.startsWith(prefix)) max = Math.max(max, Number.parseInt(id.slice(prefix.length), 10) || 0);
      });
      n = max;
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
  // A VM has a handful of disks and NICs: a linear find beats building maps per move.
  const diskPlans = plan.disks;
  const nicPlans = plan.nics;
  const moved: VmRec = {
    ...vm,
    hostId: plan.dstHost.id,
    datacenterId: plan.dstDatacenterId,
    folderId: plan.folderId,
    resourcePoolId: plan.resourcePoolId,
    disks: vm.disks.map((d) => {
      const p = findByKey(diskPlans, d.key);
      // Built field by field in the order the world loader uses, so every disk record in the world
      // has one shape (functions reading disks, such as diskConsumedGB, stay monomorphic).
      return {
        key: d.key,
        label: d.label,
        sizeGB: d.sizeGB,
        usedGB: d.usedGB,
        format: p ? p.toFormat : d.format,
        datastoreId: p ? p.toDatastoreId : d.datastoreId,
      };
    }),
    nics: vm.nics.map((n) => ({ ...n, networkId: findByKey(nicPlans, n.key)?.toNetworkId ?? n.networkId })),
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

function findByKey<T extends { key: number }>(list: readonly T[], key: number): T | undefined {
  for (const x of list) if (x.key === key) return x;
  return undefined;
}
