import type { CallsIn } from '../../../shared/contract';
import type {
  ComputeResourceRow,
  DatastoreRow,
  FolderRow,
  NetworkRow,
  PlacementVm,
  StoragePolicyRow,
} from '../../../shared/placement-api';
import { LabFault } from '../../../shared/result';
import type { ClusterRec, HostRec, InventoryRec } from '../../../shared/world-types';
import { diskConsumedGB } from '../../../shared/world-types';
import { MSG } from '../../engine/vsphere-messages';
import type { World } from '../../engine/world/world';
import type { CallContext, Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: { name: string }, b: { name: string }): number => collator.compare(a.name, b.name);

const DRS_LABEL = {
  off: 'DRS off',
  manual: 'DRS Manual',
  partiallyAutomated: 'DRS Partially automated',
  fullyAutomated: 'DRS Fully automated',
} as const;

/** Why a host cannot take a VM right now (shown greyed in the wizard), or null. */
function hostState(h: HostRec): string | null {
  if (h.connectionState === 'disconnected') return 'Disconnected';
  if (h.connectionState === 'notResponding') return 'Not responding';
  if (h.maintenance === 'inMaintenance') return 'Maintenance mode';
  if (h.maintenance === 'entering') return 'Entering maintenance mode';
  return null;
}

/** RelocateVM_Task's placement rule: only a fully automated DRS cluster picks a host itself. */
const hostRequired = (c: ClusterRec): string | null =>
  c.drs === 'fullyAutomated' ? null : MSG.nonAutomatedCluster;

function vcenterMustExist(world: World, vcenterId: string): void {
  if (!world.vcenters.has(vcenterId))
    throw new LabFault('not-found', `No vCenter Server with id "${vcenterId}".`, { field: 'vcenterId' });
}

/** The hosts behind each target (a host, or a cluster's hosts); every target must be in the vCenter. */
function hostsOfTargets(world: World, vcenterId: string, targetIds: string[]): HostRec[][] {
  return targetIds.map((id, i) => {
    const rec: InventoryRec | undefined = world.get(id);
    if (!rec || (rec.kind !== 'host' && rec.kind !== 'cluster'))
      throw new LabFault('not-found', `No host or cluster with id "${id}".`, { field: `targetIds[${i}]` });
    if (rec.vcenterId !== vcenterId)
      throw new LabFault('invalid-argument', `'${rec.name}' is not in this vCenter Server.`, {
        field: `targetIds[${i}]`,
      });
    return rec.kind === 'host' ? [rec] : world.hostsInCluster(rec.id);
  });
}

/** Ids every target reaches (a cluster reaches what any of its hosts reaches). */
function reachedByAll(groups: HostRec[][], pick: (h: HostRec) => string[]): Map<string, [number, number]> {
  const perTarget = groups.map((hosts) => {
    const counts = new Map<string, number>();
    for (const h of hosts) for (const id of pick(h)) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  });
  const out = new Map<string, [number, number]>();
  const total = groups.reduce((n, g) => n + g.length, 0);
  for (const [id] of perTarget[0] ?? []) {
    if (perTarget.every((m) => m.has(id)))
      out.set(id, [perTarget.reduce((n, m) => n + (m.get(id) ?? 0), 0), total]);
  }
  return out;
}

function folderPath(world: World, folderId: string | null, datacenterId: string): string {
  const parts: string[] = [];
  let f = folderId ? world.folders.get(folderId) : undefined;
  while (f) {
    parts.unshift(f.name);
    f = f.parentId ? world.folders.get(f.parentId) : undefined;
  }
  parts.unshift(world.datacenters.get(datacenterId)?.name ?? '');
  return parts.join(' / ');
}

/**
 * The lists the Migrate and Import VMs wizards pick from. Every call reads one vCenter and needs the
 * caller's session there, as the real wizard can only list what the signed-in user sees.
 */
export function placementHandlers(lab: LabContext): Pick<Handlers, CallsIn<'placement'>> {
  /** The world, once the caller has a session on `vcenterId` and that vCenter exists. */
  const worldOf = (ctx: CallContext, vcenterId: string): World => {
    lab.sessions.require(ctx, vcenterId);
    const world = lab.world;
    vcenterMustExist(world, vcenterId);
    return world;
  };
  return {
    'placement.computeResources': ({ vcenterId }, ctx) => {
      const world = worldOf(ctx, vcenterId);
      const rows: ComputeResourceRow[] = [];
      const dcs = [...world.datacenters.values()].filter((d) => d.vcenterId === vcenterId).sort(byName);
      const pools = [...world.resourcePools.values()];
      const addPools = (cluster: ClusterRec, parentId: string | null, under: string, level: number): void => {
        const clusterId = cluster.id;
        for (const p of pools
          .filter((x) => x.clusterId === clusterId && x.parentId === parentId)
          .sort(byName)) {
          rows.push({
            id: p.id,
            name: p.name,
            kind: 'resourcePool',
            parentId: under,
            level,
            selectable: true,
            clusterId,
            detail: 'Resource pool',
            state: null,
            hostRequired: hostRequired(cluster),
          });
          addPools(cluster, p.id, p.id, level + 1);
        }
      };
      const hostRow = (h: HostRec, parentId: string, level: number): ComputeResourceRow => ({
        id: h.id,
        name: h.name,
        kind: 'host',
        parentId,
        level,
        selectable: true,
        clusterId: h.clusterId,
        detail: `ESXi ${h.version}`,
        state: hostState(h),
      });
      for (const dc of dcs) {
        rows.push({
          id: dc.id,
          name: dc.name,
          kind: 'datacenter',
          parentId: null,
          level: 0,
          selectable: false,
          clusterId: null,
          detail: 'Datacenter',
          state: null,
        });
        const clusters = [...world.clusters.values()].filter((c) => c.datacenterId === dc.id).sort(byName);
        for (const c of clusters) {
          const hosts = world.hostsInCluster(c.id).sort(byName);
          rows.push({
            id: c.id,
            name: c.name,
            kind: 'cluster',
            parentId: dc.id,
            level: 1,
            selectable: true,
            clusterId: c.id,
            detail: `${hosts.length} hosts · ${DRS_LABEL[c.drs]}${c.evc ? ` · EVC ${c.evc}` : ''}`,
            state: hosts.length === 0 ? 'No hosts' : null,
            hostRequired: hostRequired(c),
          });
          for (const h of hosts) rows.push(hostRow(h, c.id, 2));
          addPools(c, null, c.id, 2);
        }
        const standalone = [...world.hosts.values()]
          .filter((h) => h.datacenterId === dc.id && !h.clusterId)
          .sort(byName);
        for (const h of standalone) rows.push(hostRow(h, dc.id, 1));
      }
      return rows;
    },

    'placement.storagePolicies': ({ vcenterId }, ctx): StoragePolicyRow[] => {
      const vc = worldOf(ctx, vcenterId).vcenters.get(vcenterId)!;
      return (vc.storagePolicies ?? []).map((p) => ({ id: p.id, name: p.name, description: p.description }));
    },

    'placement.datastores': ({ vcenterId, targetIds }, ctx) => {
      const world = worldOf(ctx, vcenterId);
      const reached = reachedByAll(hostsOfTargets(world, vcenterId, targetIds), (h) => h.datastoreIds);
      const rows: DatastoreRow[] = [];
      for (const [id, [mounting, total]] of reached) {
        const ds = world.datastores.get(id);
        if (!ds) continue;
        // Provisioned = what is used plus what thin disks may still grow into (the vSphere column).
        let uncommitted = 0;
        for (const vm of world.vmsOnDatastore(id))
          for (const d of vm.disks) if (d.datastoreId === id) uncommitted += d.sizeGB - diskConsumedGB(d);
        const used = world.datastoreUsedGB(id);
        rows.push({
          id,
          name: ds.name,
          type: ds.type,
          capacityGB: ds.capacityGB,
          provisionedGB: used + uncommitted,
          freeGB: world.datastoreFreeGB(id),
          hostsMounting: mounting,
          hostsTotal: total,
        });
      }
      return rows.sort(byName);
    },

    'placement.folders': ({ vcenterId }, ctx) => {
      const world = worldOf(ctx, vcenterId);
      const rows: FolderRow[] = [];
      const folders = [...world.folders.values()].filter((f) => f.vcenterId === vcenterId);
      const add = (dcId: string, parentId: string | null, under: string, level: number): void => {
        for (const f of folders
          .filter((x) => x.datacenterId === dcId && x.parentId === parentId)
          .sort(byName)) {
          rows.push({
            id: f.id,
            name: f.name,
            kind: 'folder',
            parentId: under,
            level,
            datacenterId: dcId,
            selectable: true,
          });
          add(dcId, f.id, f.id, level + 1);
        }
      };
      for (const dc of [...world.datacenters.values()]
        .filter((d) => d.vcenterId === vcenterId)
        .sort(byName)) {
        rows.push({
          id: dc.id,
          name: dc.name,
          kind: 'datacenter',
          parentId: null,
          level: 0,
          datacenterId: dc.id,
          selectable: false,
        });
        add(dc.id, null, dc.id, 1);
      }
      return rows;
    },

    'placement.networks': ({ vcenterId, targetIds }, ctx) => {
      const world = worldOf(ctx, vcenterId);
      const reached = reachedByAll(hostsOfTargets(world, vcenterId, targetIds), (h) => h.networkIds);
      const rows: NetworkRow[] = [];
      for (const id of reached.keys()) {
        const n = world.networks.get(id);
        if (n) rows.push({ id, name: n.name, type: n.type, switchName: n.switchName, vlan: n.vlan });
      }
      return rows.sort(byName);
    },

    'placement.vms': ({ vcenterId, vmIds }, ctx) => {
      const world = worldOf(ctx, vcenterId);
      const vms = vmIds
        ? vmIds.map((id, i) => {
            const vm = world.vms.get(id);
            if (!vm || vm.vcenterId !== vcenterId)
              throw new LabFault('not-found', `No virtual machine with id "${id}" in this vCenter Server.`, {
                field: `vmIds[${i}]`,
              });
            return vm;
          })
        : [...world.vms.values()].filter((v) => v.vcenterId === vcenterId).sort(byName);
      return vms.map((vm): PlacementVm => {
        const host = world.hosts.get(vm.hostId);
        return {
          id: vm.id,
          name: vm.name,
          vcenterId: vm.vcenterId,
          powerState: vm.powerState,
          hostId: vm.hostId,
          hostName: host?.name ?? vm.hostId,
          clusterName: host?.clusterId ? (world.clusters.get(host.clusterId)?.name ?? null) : null,
          folderPath: folderPath(world, vm.folderId, vm.datacenterId),
          cpu: vm.cpu,
          memoryMB: vm.memoryMB,
          guestOs: vm.guestOs,
          usedGB: vm.disks.reduce((n, d) => n + diskConsumedGB(d), 0),
          provisionedGB: vm.disks.reduce((n, d) => n + d.sizeGB, 0),
          nics: vm.nics.map((n) => ({
            key: n.key,
            label: n.label,
            networkId: n.networkId,
            networkName: world.networks.get(n.networkId)?.name ?? n.networkId,
            connected: n.connected,
          })),
          disks: vm.disks.map((d) => ({
            key: d.key,
            label: d.label,
            sizeGB: d.sizeGB,
            usedGB: d.usedGB,
            format: d.format,
            datastoreId: d.datastoreId,
            datastoreName: world.datastores.get(d.datastoreId)?.name ?? d.datastoreId,
          })),
        };
      });
    },
  };
}
