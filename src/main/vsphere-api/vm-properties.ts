/**
 * VirtualMachine properties as vim25 data objects: runtime, summary, guest, config (with
 * config.hardware.device: SCSI/IDE controllers, disks with FlatVer2 backings, NICs with a standard
 * or distributed port backing, CD/DVD drives with ISO, host device or client device backings),
 * layoutEx, datastore, network, resourcePool. One lazy getter per top-level property.
 */
import type { CdromRec, DiskRec, NicRec, VmRec } from '../../shared/world-types';
import type { Inventory } from './inventory';
import { arrayOf, type DataObject, type Value } from './soap';

/** Device keys and controllers vCenter gives a VM: SCSI 0 holds the disks, IDE 0 the CD/DVD drives. */
const SCSI_KEY = 1000;
const IDE_KEY = 200;
const PCI_KEY = 100;

const GB = 1024 * 1024 * 1024;

function label(label: string, summary: string): DataObject {
  return { _type: 'Description', label, summary };
}

function connectable(connected: boolean): DataObject {
  return {
    _type: 'VirtualDeviceConnectInfo',
    startConnected: connected,
    allowGuestControl: true,
    connected,
    status: 'ok',
  };
}

/** "[datastore1] vm-name/vm-name.vmx" */
export function vmPath(inv: Inventory, vm: VmRec, file: string): string {
  const ds = inv.w.datastores.get(vm.disks[0]?.datastoreId ?? '');
  return `[${ds?.name ?? 'datastore'}] ${vm.name}/${file}`;
}

function disk(inv: Inventory, vm: VmRec, d: DiskRec, unit: number): DataObject {
  const ds = inv.w.datastores.get(d.datastoreId);
  const file = unit === 0 ? `${vm.name}.vmdk` : `${vm.name}_${unit}.vmdk`;
  const kb = Math.round(d.sizeGB * 1024 * 1024);
  return {
    _type: 'VirtualDisk',
    key: d.key,
    deviceInfo: label(d.label, `${kb.toLocaleString('en-US')} KB`),
    backing: {
      _type: 'VirtualDiskFlatVer2BackingInfo',
      fileName: `[${ds?.name ?? ''}] ${vm.name}/${file}`,
      datastore: ds ? inv.refOfId(ds.id) : null,
      diskMode: 'persistent',
      split: false,
      writeThrough: false,
      thinProvisioned: d.format === 'thin',
      eagerlyScrub: d.format === 'thickEagerZeroed',
      uuid: `6000C29${vm.uuid.replace(/-/g, '').slice(7, 32)}`.slice(0, 32),
    },
    controllerKey: SCSI_KEY,
    unitNumber: unit,
    capacityInKB: kb,
    capacityInBytes: Math.round(d.sizeGB * GB),
  };
}

function nic(inv: Inventory, n: NicRec, unit: number): DataObject {
  const net = inv.w.networks.get(n.networkId);
  const ref = net ? inv.refOfId(net.id) : null;
  const backing: DataObject =
    net?.type === 'distributed'
      ? {
          _type: 'VirtualEthernetCardDistributedVirtualPortBackingInfo',
          port: {
            _type: 'DistributedVirtualSwitchPortConnection',
            switchUuid: inv.switchUuid(inv.switchOf(net)!),
            portgroupKey: ref?.value ?? '',
          },
        }
      : {
          _type: 'VirtualEthernetCardNetworkBackingInfo',
          deviceName: net?.name ?? '',
          useAutoDetect: false,
          network: ref,
        };
  return {
    _type: 'VirtualVmxnet3',
    key: n.key,
    deviceInfo: label(n.label, net?.name ?? ''),
    backing,
    connectable: connectable(n.connected),
    controllerKey: PCI_KEY,
    unitNumber: 7 + unit,
    addressType: 'assigned',
    macAddress: n.mac,
    wakeOnLanEnabled: true,
  };
}

function cdrom(inv: Inventory, c: CdromRec, unit: number): DataObject {
  let backing: DataObject;
  switch (c.backing.type) {
    case 'datastoreIso': {
      const ds = inv.w.datastores.get(c.backing.datastoreId);
      backing = {
        _type: 'VirtualCdromIsoBackingInfo',
        fileName: `[${ds?.name ?? ''}] ${c.backing.path}`,
        datastore: ds ? inv.refOfId(ds.id) : null,
      };
      break;
    }
    case 'hostDevice':
      backing = { _type: 'VirtualCdromAtapiBackingInfo', deviceName: c.backing.device, useAutoDetect: false };
      break;
    case 'remoteIso':
      // An ISO on the admin's machine attached through VMRC: a client (remote) device backing.
      backing = {
        _type: 'VirtualCdromRemotePassthroughBackingInfo',
        deviceName: c.backing.path,
        useAutoDetect: false,
        exclusive: false,
      };
      break;
    default:
      backing = { _type: 'VirtualCdromRemoteAtapiBackingInfo', deviceName: '', useAutoDetect: false };
  }
  return {
    _type: 'VirtualCdrom',
    key: c.key,
    deviceInfo: label(c.label, c.backing.type === 'none' ? 'Remote device' : c.label),
    backing,
    connectable: connectable(c.connected),
    controllerKey: IDE_KEY,
    unitNumber: unit,
  };
}

export function devices(inv: Inventory, vm: VmRec): DataObject[] {
  return [
    {
      _type: 'VirtualIDEController',
      key: IDE_KEY,
      deviceInfo: label('IDE 0', 'IDE 0'),
      busNumber: 0,
      device: vm.cdroms.map((c) => c.key),
    },
    {
      _type: 'VirtualPCIController',
      key: PCI_KEY,
      deviceInfo: label('PCI controller 0', 'PCI controller 0'),
      busNumber: 0,
      device: [SCSI_KEY, ...vm.nics.map((n) => n.key)],
    },
    {
      _type: 'ParaVirtualSCSIController',
      key: SCSI_KEY,
      deviceInfo: label('SCSI controller 0', 'VMware paravirtual SCSI'),
      controllerKey: PCI_KEY,
      unitNumber: 3,
      busNumber: 0,
      device: vm.disks.map((d) => d.key),
      hotAddRemove: true,
      sharedBus: 'noSharing',
      scsiCtlrUnitNumber: 7,
    },
    ...vm.cdroms.map((c, i) => cdrom(inv, c, i)),
    ...vm.disks.map((d, i) => disk(inv, vm, d, i)),
    ...vm.nics.map((n, i) => nic(inv, n, i)),
  ];
}

function runtime(inv: Inventory, vm: VmRec): DataObject {
  return {
    _type: 'VirtualMachineRuntimeInfo',
    host: inv.refOfId(vm.hostId),
    connectionState: 'connected',
    powerState: vm.powerState,
    faultToleranceState: 'notConfigured',
    toolsInstallerMounted: false,
    maxCpuUsage: vm.cpu * 2400,
    maxMemoryUsage: vm.memoryMB,
    numMksConnections: 0,
    consolidationNeeded: false,
  };
}

function guest(vm: VmRec): DataObject {
  const on = vm.powerState === 'poweredOn';
  return {
    _type: 'GuestInfo',
    toolsStatus: on ? 'toolsOk' : 'toolsNotRunning',
    toolsRunningStatus: on ? 'guestToolsRunning' : 'guestToolsNotRunning',
    guestId: vm.guestOs,
    guestFullName: vm.guestOs,
    hostName: on ? vm.name : undefined,
    ipAddress: on ? (vm.ipAddress ?? undefined) : undefined,
    guestState: on ? 'running' : 'notRunning',
  };
}

function storageGB(vm: VmRec): number {
  return vm.disks.reduce((s, d) => s + (d.format === 'thin' ? d.usedGB : d.sizeGB), 0);
}

function config(inv: Inventory, vm: VmRec): DataObject {
  return {
    _type: 'VirtualMachineConfigInfo',
    changeVersion: String(inv.w.revision),
    modified: new Date(0),
    name: vm.name,
    guestFullName: vm.guestOs,
    version: `vmx-${vm.hardwareVersion}`,
    uuid: vm.uuid,
    instanceUuid: vm.instanceUuid,
    template: false,
    guestId: vm.guestOs,
    files: { _type: 'VirtualMachineFileInfo', vmPathName: vmPath(inv, vm, `${vm.name}.vmx`) },
    hardware: {
      _type: 'VirtualHardware',
      numCPU: vm.cpu,
      numCoresPerSocket: 1,
      memoryMB: vm.memoryMB,
      device: arrayOf('VirtualDevice', devices(inv, vm)),
    },
  };
}

function summary(inv: Inventory, vm: VmRec): DataObject {
  const bytes = Math.round(storageGB(vm) * GB);
  return {
    _type: 'VirtualMachineSummary',
    vm: inv.refOfId(vm.id),
    runtime: runtime(inv, vm),
    guest: {
      _type: 'VirtualMachineGuestSummary',
      guestId: vm.guestOs,
      guestFullName: vm.guestOs,
      toolsStatus: vm.powerState === 'poweredOn' ? 'toolsOk' : 'toolsNotRunning',
      hostName: vm.powerState === 'poweredOn' ? vm.name : undefined,
      ipAddress: vm.powerState === 'poweredOn' ? (vm.ipAddress ?? undefined) : undefined,
    },
    config: {
      _type: 'VirtualMachineConfigSummary',
      name: vm.name,
      template: false,
      vmPathName: vmPath(inv, vm, `${vm.name}.vmx`),
      memorySizeMB: vm.memoryMB,
      numCpu: vm.cpu,
      numEthernetCards: vm.nics.length,
      numVirtualDisks: vm.disks.length,
      uuid: vm.uuid,
      instanceUuid: vm.instanceUuid,
      guestId: vm.guestOs,
      guestFullName: vm.guestOs,
      hwVersion: `vmx-${vm.hardwareVersion}`,
    },
    storage: {
      _type: 'VirtualMachineStorageSummary',
      committed: bytes,
      uncommitted: 0,
      unshared: bytes,
      timestamp: new Date(),
    },
    quickStats: {
      _type: 'VirtualMachineQuickStats',
      overallCpuUsage: 0,
      guestMemoryUsage: 0,
      hostMemoryUsage: vm.powerState === 'poweredOn' ? vm.memoryMB : 0,
      uptimeSeconds: 0,
    },
    overallStatus: 'green',
  };
}

/** Top-level VirtualMachine properties, computed only when asked for. */
export function vmProperties(inv: Inventory, vm: VmRec): Record<string, () => Value> {
  const dsIds = [...new Set(vm.disks.map((d) => d.datastoreId))];
  const netIds = [...new Set(vm.nics.map((n) => n.networkId))];
  const refs = (ids: string[]): Value =>
    arrayOf(
      'ManagedObjectReference',
      ids.map((i) => inv.refOfId(i)),
    );
  return {
    runtime: () => runtime(inv, vm),
    summary: () => summary(inv, vm),
    guest: () => guest(vm),
    config: () => config(inv, vm),
    datastore: () => refs(dsIds),
    network: () => refs(netIds),
    resourcePool: () => {
      const pool = inv.vmPool(vm);
      return pool ? inv.ref(pool) : null;
    },
    guestHeartbeatStatus: () => (vm.powerState === 'poweredOn' ? 'green' : 'gray'),
    layoutEx: () => ({
      _type: 'VirtualMachineFileLayoutEx',
      file: arrayOf(
        'VirtualMachineFileLayoutExFileInfo',
        [
          { name: `${vm.name}.vmx`, type: 'config', size: 3000 },
          ...vm.disks.map((d, i) => ({
            name: i === 0 ? `${vm.name}.vmdk` : `${vm.name}_${i}.vmdk`,
            type: 'diskDescriptor',
            size: 600,
          })),
        ].map((f, key) => ({
          _type: 'VirtualMachineFileLayoutExFileInfo',
          key,
          name: vmPath(inv, vm, f.name),
          type: f.type,
          size: f.size,
          uniqueSize: f.size,
          accessible: true,
        })),
      ),
      timestamp: new Date(),
    }),
    capability: () => ({ _type: 'VirtualMachineCapability', snapshotOperationsSupported: true }),
    storage: () => ({ _type: 'VirtualMachineStorageInfo', timestamp: new Date() }),
    snapshot: () => undefined,
    parentVApp: () => undefined,
    rootSnapshot: () => arrayOf('ManagedObjectReference', []),
  };
}
