import type { InventoryView, ObjectSummary, TreeNode } from '../../../shared/contract';
import { buildLabel } from '../../../shared/versions';
import type { HostRec, InventoryRec, VmRec } from '../../../shared/world-types';
import { LabFault } from '../../../shared/result';
import type { World } from './world';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: { name: string }, b: { name: string }): number => collator.compare(a.name, b.name);

/** Distributed switches are not records of their own: they are named by their port groups. */
const DVS_SEPARATOR = '/dvs/';
export const dvSwitchId = (datacenterId: string, switchName: string): string =>
  `${datacenterId}${DVS_SEPARATOR}${switchName}`;

function vmNode(vm: VmRec, world: World): TreeNode {
  const host = world.hosts.get(vm.hostId);
  const badge =
    vm.powerState !== 'poweredOn'
      ? vm.powerState
      : host?.connectionState !== 'connected'
        ? 'disconnected'
        : undefined;
  // No hasChildren: a VM is a leaf (see TreeNode).
  return { id: vm.id, name: vm.name, kind: 'vm', badge };
}

function hostNode(host: HostRec, world: World): TreeNode {
  const badge =
    host.connectionState !== 'connected'
      ? host.connectionState
      : host.maintenance === 'inMaintenance'
        ? 'maintenance'
        : host.maintenance === 'entering'
          ? 'enteringMaintenance'
          : undefined;
  return {
    id: host.id,
    name: host.name,
    kind: 'host',
    hasChildren: world.vmsOnHost(host.id).some((v) => !v.resourcePoolId),
    badge,
  };
}

const node = (rec: { id: string; name: string }, kind: TreeNode['kind'], hasChildren: boolean): TreeNode => ({
  id: rec.id,
  name: rec.name,
  kind,
  hasChildren,
});

/**
 * Children of one node in one of the vSphere Client's four inventory views. Trees are never stored:
 * each expansion derives its children from the normalised world, so a 10,000-VM lab costs nothing
 * until a folder is opened.
 */
export function treeChildren(world: World, view: InventoryView, parentId: string): TreeNode[] {
  const dvs = parentId.indexOf(DVS_SEPARATOR);
  if (dvs > 0) {
    const dcId = parentId.slice(0, dvs);
    const switchName = parentId.slice(dvs + DVS_SEPARATOR.length);
    return [...world.networks.values()]
      .filter((n) => n.datacenterId === dcId && n.type === 'distributed' && n.switchName === switchName)
      .sort(byName)
      .map((n) => node(n, 'network', false));
  }
  const rec = world.get(parentId);
  if (!rec)
    throw new LabFault('not-found', `No inventory object with id "${parentId}".`, { field: 'parentId' });
  switch (rec.kind) {
    case 'vcenter':
      return [...world.datacenters.values()]
        .filter((d) => d.vcenterId === rec.id)
        .sort(byName)
        .map((d) => node(d, 'datacenter', true));
    case 'datacenter':
      return datacenterChildren(world, view, rec.id);
    case 'cluster': {
      if (view !== 'hosts') return [];
      const hosts = world
        .hostsInCluster(rec.id)
        .sort(byName)
        .map((h) => hostNode(h, world));
      const pools = [...world.resourcePools.values()]
        .filter((p) => p.clusterId === rec.id && p.parentId === null)
        .sort(byName)
        .map((p) => node(p, 'resourcePool', true));
      return [...hosts, ...pools];
    }
    case 'host':
      return view === 'hosts'
        ? world
            .vmsOnHost(rec.id)
            .filter((v) => !v.resourcePoolId)
            .sort(byName)
            .map((v) => vmNode(v, world))
        : [];
    case 'resourcePool': {
      const pools = [...world.resourcePools.values()]
        .filter((p) => p.parentId === rec.id)
        .sort(byName)
        .map((p) => node(p, 'resourcePool', true));
      return [...pools, ...[...world.vmsInPool(rec.id)].sort(byName).map((v) => vmNode(v, world))];
    }
    case 'folder': {
      const folders = [...world.folders.values()]
        .filter((f) => f.parentId === rec.id)
        .sort(byName)
        .map((f) => node(f, 'folder', true));
      return [...folders, ...[...world.vmsInFolder(rec.id)].sort(byName).map((v) => vmNode(v, world))];
    }
    default:
      return [];
  }
}

function datacenterChildren(world: World, view: InventoryView, dcId: string): TreeNode[] {
  switch (view) {
    case 'hosts': {
      const clusters = [...world.clusters.values()]
        .filter((c) => c.datacenterId === dcId)
        .sort(byName)
        .map((c) => node(c, 'cluster', true));
      const standalone = [...world.hosts.values()]
        .filter((h) => h.datacenterId === dcId && !h.clusterId)
        .sort(byName)
        .map((h) => hostNode(h, world));
      return [...clusters, ...standalone];
    }
    case 'vms': {
      const folders = [...world.folders.values()]
        .filter((f) => f.datacenterId === dcId && f.parentId === null)
        .sort(byName)
        .map((f) => node(f, 'folder', true));
      const loose = [...world.vms.values()]
        .filter((v) => v.datacenterId === dcId && !v.folderId)
        .sort(byName)
        .map((v) => vmNode(v, world));
      return [...folders, ...loose];
    }
    case 'storage':
      return [...world.datastores.values()]
        .filter((d) => d.datacenterId === dcId)
        .sort(byName)
        .map((d) => ({ ...node(d, 'datastore', false), badge: undefined }));
    case 'networking': {
      const nets = [...world.networks.values()].filter((n) => n.datacenterId === dcId);
      const switches = [...new Set(nets.filter((n) => n.type === 'distributed').map((n) => n.switchName))]
        .sort(collator.compare)
        .map((s): TreeNode => ({ id: dvSwitchId(dcId, s), name: s, kind: 'dvSwitch', hasChildren: true }));
      const standard = nets
        .filter((n) => n.type === 'standard')
        .sort(byName)
        .map((n) => node(n, 'network', false));
      return [...switches, ...standard];
    }
  }
}

const gb = (v: number): string =>
  v >= 1024 ? `${(v / 1024).toFixed(2)} TB` : `${v.toFixed(v < 10 ? 2 : 1)} GB`;
const powerLabel: Record<VmRec['powerState'], string> = {
  poweredOn: 'Powered On',
  poweredOff: 'Powered Off',
  suspended: 'Suspended',
};
const formatLabel = {
  thin: 'Thin Provision',
  thickLazyZeroed: 'Thick Provision Lazy Zeroed',
  thickEagerZeroed: 'Thick Provision Eager Zeroed',
};
const drsLabel = {
  off: 'Off',
  manual: 'Manual',
  partiallyAutomated: 'Partially Automated',
  fullyAutomated: 'Fully Automated',
};
const maintenanceLabel = { none: 'No', entering: 'Entering maintenance mode', inMaintenance: 'Yes' };

/** Ancestors from the vCenter down to (not including) the object, for breadcrumbs and tree reveal. */
function ancestors(world: World, rec: InventoryRec): { id: string; name: string; kind: string }[] {
  const chain: InventoryRec[] = [];
  const parentOf = (r: InventoryRec): InventoryRec | undefined => {
    switch (r.kind) {
      case 'vcenter':
        return undefined;
      case 'datacenter':
        return world.vcenters.get(r.vcenterId);
      case 'cluster':
      case 'datastore':
      case 'network':
        return world.datacenters.get(r.datacenterId);
      case 'host':
        return (r.clusterId && world.clusters.get(r.clusterId)) || world.datacenters.get(r.datacenterId);
      case 'resourcePool':
        return (r.parentId && world.resourcePools.get(r.parentId)) || world.clusters.get(r.clusterId);
      case 'folder':
        return (r.parentId && world.folders.get(r.parentId)) || world.datacenters.get(r.datacenterId);
      case 'vm':
        return (r.resourcePoolId && world.resourcePools.get(r.resourcePoolId)) || world.hosts.get(r.hostId);
    }
  };
  for (let p = parentOf(rec); p; p = parentOf(p)) chain.unshift(p);
  return chain.map((r) => ({ id: r.id, name: r.name, kind: r.kind }));
}

/** The Summary tab of one object: labelled fields in the vSphere Client's wording. */
export function objectSummary(world: World, id: string): ObjectSummary {
  const rec = world.get(id);
  if (!rec) throw new LabFault('not-found', `No inventory object with id "${id}".`, { field: 'id' });
  const vcenterId = rec.kind === 'vcenter' ? rec.id : rec.vcenterId;
  const f: { label: string; value: string }[] = [];
  const name = (rid: string | null | undefined): string => (rid ? (world.get(rid)?.name ?? rid) : '—');
  switch (rec.kind) {
    case 'vcenter':
      f.push(
        { label: 'Version', value: `${rec.version} (${buildLabel(rec.build)})` },
        { label: 'Build', value: rec.build },
        { label: 'SSO domain', value: rec.ssoDomain },
        {
          label: 'Datacenters',
          value: String([...world.datacenters.values()].filter((d) => d.vcenterId === rec.id).length),
        },
        {
          label: 'Hosts',
          value: String([...world.hosts.values()].filter((h) => h.vcenterId === rec.id).length),
        },
        {
          label: 'Virtual machines',
          value: String([...world.vms.values()].filter((v) => v.vcenterId === rec.id).length),
        },
        { label: 'Certificate thumbprint (SHA-256)', value: rec.certificate.thumbprint },
        { label: 'Reachable', value: rec.reachable ? 'Yes' : 'No (powered off or unreachable)' },
      );
      break;
    case 'datacenter':
      f.push(
        {
          label: 'Clusters',
          value: String([...world.clusters.values()].filter((c) => c.datacenterId === rec.id).length),
        },
        {
          label: 'Hosts',
          value: String([...world.hosts.values()].filter((h) => h.datacenterId === rec.id).length),
        },
        {
          label: 'Virtual machines',
          value: String([...world.vms.values()].filter((v) => v.datacenterId === rec.id).length),
        },
        {
          label: 'Datastores',
          value: String([...world.datastores.values()].filter((d) => d.datacenterId === rec.id).length),
        },
        {
          label: 'Networks',
          value: String([...world.networks.values()].filter((n) => n.datacenterId === rec.id).length),
        },
      );
      break;
    case 'cluster': {
      const hosts = world.hostsInCluster(rec.id);
      f.push(
        { label: 'vSphere DRS', value: drsLabel[rec.drs] },
        { label: 'EVC mode', value: rec.evc ?? 'Disabled' },
        { label: 'Hosts', value: String(hosts.length) },
        {
          label: 'Virtual machines',
          value: String(hosts.reduce((n, h) => n + world.vmsOnHost(h.id).length, 0)),
        },
        {
          label: 'Total CPU',
          value: `${hosts.reduce((n, h) => n + (h.cpu.sockets * h.cpu.coresPerSocket * h.cpu.mhz) / 1000, 0).toFixed(1)} GHz`,
        },
        { label: 'Total memory', value: `${hosts.reduce((n, h) => n + h.memoryGB, 0)} GB` },
      );
      break;
    }
    case 'host':
      f.push(
        { label: 'Hypervisor', value: `VMware ESXi, ${rec.version}${rec.build ? `, ${rec.build}` : ''}` },
        { label: 'Cluster', value: name(rec.clusterId) },
        {
          label: 'Processor',
          value: `${rec.cpu.vendor === 'intel' ? 'Intel' : 'AMD'} ${rec.cpu.generation}, ${rec.cpu.sockets} × ${rec.cpu.coresPerSocket} cores @ ${rec.cpu.mhz} MHz`,
        },
        { label: 'Memory', value: `${rec.memoryGB} GB` },
        { label: 'CPU usage', value: `${rec.cpuUsagePercent ?? 0} %` },
        {
          label: 'Connection state',
          value:
            rec.connectionState === 'connected'
              ? 'Connected'
              : rec.connectionState === 'disconnected'
                ? 'Disconnected'
                : 'Not responding',
        },
        { label: 'Maintenance mode', value: maintenanceLabel[rec.maintenance] },
        {
          label: 'vMotion',
          value: rec.vmotion.enabled ? `Enabled (${rec.vmotion.linkGbps} GbE)` : 'Not configured',
        },
        { label: 'Virtual machines', value: String(world.vmsOnHost(rec.id).length) },
        { label: 'Datastores', value: rec.datastoreIds.map(name).join(', ') || '—' },
        { label: 'Networks', value: rec.networkIds.map(name).join(', ') || '—' },
        // A lab control (Lab: network paths…), shown so the admin sees why migrations fail here.
        ...(rec.blockedPorts?.length
          ? [{ label: 'Blocked ports (lab)', value: rec.blockedPorts.map((p) => `TCP ${p}`).join(', ') }]
          : []),
      );
      break;
    case 'resourcePool':
      f.push(
        { label: 'Cluster', value: name(rec.clusterId) },
        { label: 'Virtual machines', value: String(world.vmsInPool(rec.id).length) },
      );
      break;
    case 'folder':
      f.push({ label: 'Virtual machines', value: String(world.vmsInFolder(rec.id).length) });
      break;
    case 'datastore': {
      const used = world.datastoreUsedGB(rec.id);
      f.push(
        { label: 'Type', value: rec.type },
        { label: 'Capacity', value: gb(rec.capacityGB) },
        { label: 'Used', value: gb(used) },
        { label: 'Free', value: gb(world.datastoreFreeGB(rec.id)) },
        {
          label: 'Hosts',
          value: String([...world.hosts.values()].filter((h) => h.datastoreIds.includes(rec.id)).length),
        },
        { label: 'Virtual machines', value: String(world.vmsOnDatastore(rec.id).length) },
      );
      break;
    }
    case 'network':
      f.push(
        {
          label: 'Type',
          value: rec.type === 'distributed' ? 'Distributed port group' : 'Standard port group',
        },
        {
          label: rec.type === 'distributed' ? 'Distributed switch' : 'Virtual switch',
          value: rec.switchName,
        },
        { label: 'VLAN ID', value: rec.vlan ? String(rec.vlan) : 'None' },
        {
          label: 'Hosts',
          value: String([...world.hosts.values()].filter((h) => h.networkIds.includes(rec.id)).length),
        },
        { label: 'Virtual machines', value: String(world.vmsOnNetwork(rec.id).length) },
      );
      break;
    case 'vm': {
      const host = world.hosts.get(rec.hostId);
      f.push(
        { label: 'Power state', value: powerLabel[rec.powerState] },
        { label: 'Guest OS', value: rec.guestOs },
        { label: 'Compatibility', value: `ESXi (VM version ${rec.hardwareVersion})` },
        { label: 'IP address', value: rec.ipAddress ?? '—' },
        { label: 'Host', value: host?.name ?? '—' },
        { label: 'Cluster', value: name(host?.clusterId) },
        { label: 'Resource pool', value: rec.resourcePoolId ? name(rec.resourcePoolId) : 'Resources' },
        { label: 'VM folder', value: rec.folderId ? name(rec.folderId) : name(rec.datacenterId) },
        { label: 'CPU', value: `${rec.cpu} CPU(s)` },
        {
          label: 'Memory',
          value: `${rec.memoryMB >= 1024 ? `${rec.memoryMB / 1024} GB` : `${rec.memoryMB} MB`}`,
        },
        ...rec.disks.map((d) => ({
          label: d.label,
          value: `${gb(d.sizeGB)} · ${formatLabel[d.format]} · [${name(d.datastoreId)}]`,
        })),
        ...rec.nics.map((n) => ({
          label: n.label,
          value: `${name(n.networkId)} (${n.connected ? 'connected' : 'disconnected'}) · ${n.mac}`,
        })),
        ...rec.cdroms.map((c) => ({ label: c.label, value: cdromLabel(world, c.backing, c.connected) })),
        { label: 'UUID', value: rec.uuid },
        { label: 'Instance UUID', value: rec.instanceUuid },
      );
      break;
    }
  }
  return { id: rec.id, kind: rec.kind, name: rec.name, vcenterId, path: ancestors(world, rec), fields: f };
}

function cdromLabel(world: World, b: VmRec['cdroms'][0]['backing'], connected: boolean): string {
  const state = connected ? 'Connected' : 'Disconnected';
  switch (b.type) {
    case 'none':
      return `Client Device · ${state}`;
    case 'datastoreIso':
      return `Datastore ISO File [${world.datastores.get(b.datastoreId)?.name ?? '?'}] ${b.path} · ${state}`;
    case 'hostDevice':
      return `Host Device ${b.device} · ${state}`;
    case 'remoteIso':
      return `Remote (VMRC) local ISO ${b.path} · ${state}`;
  }
}
