/**
 * Properties of the inventory's managed entities (folders, datacenters, clusters, compute
 * resources, resource pools, hosts, datastores, networks and port groups, VMs) as vim25 values.
 * One lazy getter per top-level property: a request for `name` of 10,000 VMs builds no config.
 */
import type { HostRec } from '../../shared/world-types';
import { versionParts } from '../../shared/versions';
import { vimType, type Entity, type Inventory } from './inventory';
import { arrayOf, type DataObject, type MoRef, type Value } from './soap';
import { vmProperties } from './vm-properties';

export type PropertyTable = Record<string, () => Value>;

const GB = 1024 * 1024 * 1024;
const refs = (list: (MoRef | null)[]): Value =>
  arrayOf(
    'ManagedObjectReference',
    list.filter((r): r is MoRef => r !== null),
  );

/** "7.0.1" → "7.0.1" API level the ESXi host speaks ("6.7.0" → "6.7"). */
function hostApiVersion(version: string): string {
  const [a, b, c] = versionParts(version);
  return c ? `${a}.${b}.${c}` : `${a}.${b}`;
}

function hostRuntime(h: HostRec): DataObject {
  return {
    _type: 'HostRuntimeInfo',
    connectionState: h.connectionState,
    powerState: h.connectionState === 'connected' ? 'poweredOn' : 'unknown',
    standbyMode: 'none',
    inMaintenanceMode: h.maintenance === 'inMaintenance',
    inQuarantineMode: false,
    bootTime: new Date(0),
  };
}

function hostProperties(inv: Inventory, h: HostRec): PropertyTable {
  const cores = h.cpu.sockets * h.cpu.coresPerSocket;
  const product = (): DataObject => ({
    _type: 'AboutInfo',
    name: 'VMware ESXi',
    fullName: `VMware ESXi ${h.version} build-${h.build || '0'}`,
    vendor: 'VMware, Inc.',
    version: h.version,
    build: h.build || '0',
    osType: 'vmnix-x86',
    productLineId: 'embeddedEsx',
    apiType: 'HostAgent',
    apiVersion: hostApiVersion(h.version),
  });
  const vmsHere = (): MoRef[] => inv.w.vmsOnHost(h.id).map((v) => inv.refOfId(v.id)!);
  return {
    runtime: () => hostRuntime(h),
    summary: () => ({
      _type: 'HostListSummary',
      host: inv.refOfId(h.id),
      hardware: {
        _type: 'HostHardwareSummary',
        vendor: h.cpu.vendor === 'intel' ? 'Dell Inc.' : 'HPE',
        model: h.cpu.vendor === 'intel' ? 'PowerEdge R750' : 'ProLiant DL385 Gen10 Plus',
        uuid: h.id,
        memorySize: h.memoryGB * GB,
        cpuModel: `${h.cpu.vendor === 'intel' ? 'Intel(R) Xeon(R)' : 'AMD EPYC'} ${h.cpu.generation}`,
        cpuMhz: h.cpu.mhz,
        numCpuPkgs: h.cpu.sockets,
        numCpuCores: cores,
        numCpuThreads: cores * 2,
        numNics: 4,
        numHBAs: 2,
      },
      runtime: hostRuntime(h),
      config: {
        _type: 'HostConfigSummary',
        name: h.name,
        port: 443,
        product: product(),
        vmotionEnabled: h.vmotion.enabled,
        faultToleranceEnabled: false,
      },
      quickStats: {
        _type: 'HostListSummaryQuickStats',
        overallCpuUsage: 0,
        overallMemoryUsage: inv.w
          .vmsOnHost(h.id)
          .reduce((s, v) => s + (v.powerState === 'poweredOn' ? v.memoryMB : 0), 0),
        uptime: 0,
      },
      overallStatus: h.connectionState === 'connected' ? 'green' : 'red',
      rebootRequired: false,
      managementServerIp: '127.0.0.1',
    }),
    config: () => ({
      _type: 'HostConfigInfo',
      host: inv.refOfId(h.id),
      product: product(),
      vmotion: {
        _type: 'HostVMotionInfo',
        netConfig: { _type: 'HostVMotionNetConfig', selectedVnic: h.vmotion.enabled ? 'vmk1' : undefined },
      },
    }),
    datastore: () => refs(h.datastoreIds.map((id) => inv.refOfId(id))),
    network: () => refs(h.networkIds.map((id) => inv.refOfId(id))),
    vm: () => refs(vmsHere()),
  };
}

/** The properties of a ComputeResource / ClusterComputeResource. */
function computeProperties(inv: Inventory, e: Entity): PropertyTable {
  const hosts = inv.computeHosts(e);
  const root: Entity =
    e.kind === 'cluster'
      ? { kind: 'rootPool', cluster: e.rec, host: null }
      : { kind: 'rootPool', cluster: null, host: e.kind === 'computeResource' ? e.host : null };
  const mhz = hosts.reduce((s, h) => s + h.cpu.mhz * h.cpu.sockets * h.cpu.coresPerSocket, 0);
  const mem = hosts.reduce((s, h) => s + h.memoryGB * GB, 0);
  const cores = hosts.reduce((s, h) => s + h.cpu.sockets * h.cpu.coresPerSocket, 0);
  const table: PropertyTable = {
    host: () => refs(hosts.map((h) => inv.refOfId(h.id))),
    resourcePool: () => inv.ref(root),
    datastore: () => refs([...new Set(hosts.flatMap((h) => h.datastoreIds))].map((id) => inv.refOfId(id))),
    network: () => refs([...new Set(hosts.flatMap((h) => h.networkIds))].map((id) => inv.refOfId(id))),
    summary: () => ({
      _type: e.kind === 'cluster' ? 'ClusterComputeResourceSummary' : 'ComputeResourceSummary',
      totalCpu: mhz,
      totalMemory: mem,
      numCpuCores: cores,
      numCpuThreads: cores * 2,
      effectiveCpu: mhz,
      effectiveMemory: Math.round(mem / (1024 * 1024)),
      numHosts: hosts.length,
      numEffectiveHosts: hosts.filter((h) => h.connectionState === 'connected' && h.maintenance === 'none')
        .length,
      overallStatus: 'green',
    }),
  };
  if (e.kind === 'cluster') {
    table.configurationEx = () => ({
      _type: 'ClusterConfigInfoEx',
      drsConfig: {
        _type: 'ClusterDrsConfigInfo',
        enabled: e.rec.drs !== 'off',
        defaultVmBehavior: e.rec.drs === 'off' ? 'manual' : e.rec.drs,
      },
    });
  }
  return table;
}

function dcProperties(inv: Inventory, e: Extract<Entity, { kind: 'datacenter' }>): PropertyTable {
  const folder = (folder: 'vm' | 'host' | 'datastore' | 'network') => () =>
    inv.ref({ kind: 'dcFolder', folder, dc: e.rec });
  const w = inv.w;
  return {
    vmFolder: folder('vm'),
    hostFolder: folder('host'),
    datastoreFolder: folder('datastore'),
    networkFolder: folder('network'),
    datastore: () =>
      refs(
        [...w.datastores.values()].filter((d) => d.datacenterId === e.rec.id).map((d) => inv.refOfId(d.id)),
      ),
    network: () =>
      refs([...w.networks.values()].filter((n) => n.datacenterId === e.rec.id).map((n) => inv.refOfId(n.id))),
  };
}

const CHILD_TYPES: Record<string, string[]> = {
  root: ['Folder', 'Datacenter'],
  vm: ['Folder', 'VirtualMachine', 'VirtualApp'],
  host: ['Folder', 'ComputeResource'],
  datastore: ['Folder', 'Datastore', 'StoragePod'],
  network: ['Folder', 'Network', 'DistributedVirtualSwitch'],
};

function kindProperties(inv: Inventory, e: Entity): PropertyTable {
  const w = inv.w;
  switch (e.kind) {
    case 'rootFolder':
    case 'dcFolder':
    case 'vmFolder': {
      const key = e.kind === 'rootFolder' ? 'root' : e.kind === 'vmFolder' ? 'vm' : e.folder;
      return {
        childType: () => arrayOf('string', CHILD_TYPES[key]),
        childEntity: () => refs(inv.folderChildren(e).map((c) => inv.ref(c))),
      };
    }
    case 'datacenter':
      return dcProperties(inv, e);
    case 'cluster':
    case 'computeResource':
      return computeProperties(inv, e);
    case 'rootPool':
    case 'pool':
      return {
        resourcePool: () => refs(inv.childPools(e).map((p) => inv.refOfId(p.id))),
        vm: () => refs(inv.poolVms(e).map((v) => inv.refOfId(v.id))),
        owner: () => {
          let p: Entity | null = e;
          while (p && (p.kind === 'pool' || p.kind === 'rootPool')) p = inv.parent(p);
          return p ? inv.ref(p) : null;
        },
      };
    case 'host':
      return hostProperties(inv, e.rec);
    case 'vm':
      return vmProperties(inv, e.rec);
    case 'datastore': {
      const ds = e.rec;
      const url = `ds:///vmfs/volumes/${ds.id.replace(/[^a-z0-9]/gi, '')}/`;
      const mounts = [...w.hosts.values()].filter((h) => h.datastoreIds.includes(ds.id));
      const free = (): number => Math.max(0, Math.round(w.datastoreFreeGB(ds.id) * GB));
      return {
        summary: () => ({
          _type: 'DatastoreSummary',
          datastore: inv.refOfId(ds.id),
          name: ds.name,
          url,
          capacity: Math.round(ds.capacityGB * GB),
          freeSpace: free(),
          accessible: true,
          multipleHostAccess: mounts.length > 1,
          type: ds.type === 'vSAN' ? 'vsan' : ds.type,
          maintenanceMode: 'normal',
        }),
        info: () => ({
          _type: 'DatastoreInfo',
          name: ds.name,
          url,
          freeSpace: free(),
          maxFileSize: 62 * 1024 * GB,
        }),
        host: () =>
          mounts.map((h) => ({
            _type: 'DatastoreHostMount',
            key: inv.refOfId(h.id),
            mountInfo: { _type: 'HostMountInfo', accessMode: 'readWrite', mounted: true, accessible: true },
          })),
        vm: () => refs(w.vmsOnDatastore(ds.id).map((v) => inv.refOfId(v.id))),
      };
    }
    case 'network': {
      const net = e.rec;
      const table: PropertyTable = {
        summary: () => ({
          _type: 'NetworkSummary',
          network: inv.refOfId(net.id),
          name: net.name,
          accessible: true,
        }),
        host: () =>
          refs(
            [...w.hosts.values()].filter((h) => h.networkIds.includes(net.id)).map((h) => inv.refOfId(h.id)),
          ),
        vm: () => refs(w.vmsOnNetwork(net.id).map((v) => inv.refOfId(v.id))),
      };
      const sw = inv.switchOf(net);
      if (net.type === 'distributed') {
        table.key = () => inv.refOfId(net.id)!.value;
        table.config = () => ({
          _type: 'DVPortgroupConfigInfo',
          key: inv.refOfId(net.id)!.value,
          name: net.name,
          numPorts: 128,
          type: 'earlyBinding',
          description: `VLAN ${net.vlan} on ${net.switchName}`,
          distributedVirtualSwitch: sw ? inv.ref(sw) : undefined,
        });
      }
      return table;
    }
    case 'dvs': {
      const ports = [...w.networks.values()].filter(
        (n) => n.type === 'distributed' && n.datacenterId === e.dc.id && n.switchName === e.name,
      );
      return {
        uuid: () => inv.switchUuid(e),
        summary: () => ({
          _type: 'DVSSummary',
          name: e.name,
          uuid: inv.switchUuid(e),
          numPorts: 128 * ports.length,
        }),
        portgroup: () => refs(ports.map((n) => inv.refOfId(n.id))),
        config: () => ({
          _type: 'VMwareDVSConfigInfo',
          uuid: inv.switchUuid(e),
          name: e.name,
          numPorts: 128 * ports.length,
        }),
      };
    }
  }
}

/** Every top-level property of an entity: ManagedEntity's own plus its type's. */
export function entityProperties(inv: Inventory, e: Entity): PropertyTable {
  return {
    name: () => inv.name(e),
    parent: () => {
      const p = inv.parent(e);
      return p ? inv.ref(p) : null;
    },
    overallStatus: () => 'green',
    configStatus: () => 'green',
    alarmActionsEnabled: () => true,
    triggeredAlarmState: () => arrayOf('AlarmState', []),
    declaredAlarmState: () => arrayOf('AlarmState', []),
    disabledMethod: () => arrayOf('string', []),
    tag: () => arrayOf('Tag', []),
    customValue: () => arrayOf('CustomFieldValue', []),
    ...kindProperties(inv, e),
  };
}

export { vimType };
