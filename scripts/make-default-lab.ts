/**
 * Writes resources/labs/default.json, the built-in lab. Kept as code so the lab stays consistent
 * (datastore sizes fit the disks, every reference resolves); run with `npx tsx scripts/make-default-lab.ts`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ScenarioInput } from '../src/shared/scenario-schema';
import { scenarioSchema, vmcaIssuer } from '../src/shared/scenario-schema';

type Vm = ScenarioInput['vcenters'][0]['datacenters'] extends (infer D)[] | undefined
  ? D extends { vms?: (infer V)[] }
    ? V
    : never
  : never;

let ipCounter = 10;
function vm(name: string, host: string, folder: string, ds: string, net: string, o: Partial<Vm> = {}): Vm {
  const small = /web|jump|monitor|test|build/.test(name);
  return {
    name,
    host,
    folder,
    cpu: small ? 2 : 4,
    memoryMB: small ? 4096 : 16384,
    hardwareVersion: 17,
    guestOs: /dc-|win|sql/.test(name)
      ? 'Microsoft Windows Server 2019 (64-bit)'
      : 'Red Hat Enterprise Linux 8 (64-bit)',
    ipAddress: `10.20.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 2}`,
    disks: [{ sizeGB: small ? 40 : 100, usedGB: small ? 14 : 52, format: 'thin', datastore: ds }],
    nics: [{ network: net }],
    cdroms: [{ backing: { type: 'none' }, connected: false }],
    dirtyRateMBps: small ? 40 : 160,
    ...o,
  };
}

/**
 * The ESXi release each site runs: its version (major.minor.update, as the host reports it) and the
 * build number VMware's table gives that release (KB 2143832, "Build numbers and versions of VMware
 * ESXi/ESX"). No host runs a release newer than its vCenter manages (VMware interoperability matrix).
 */
const ESXI = {
  /** ESXi 6.7 GA (2018-04-17). */
  '6.7': { version: '6.7.0', build: '8169922' },
  /** ESXi 7.0 Update 1 GA (2020-10-06): what vCenter 7.0 U1a manages. */
  '7.0 U1': { version: '7.0.1', build: '16850804' },
  /** ESXi 7.0 Update 1c (2020-12-17), released with vCenter 7.0 U1c. */
  '7.0 U1c': { version: '7.0.1', build: '17325551' },
  /** ESXi 7.0 Update 2a (2021-04-29). */
  '7.0 U2a': { version: '7.0.2', build: '17867351' },
  /** ESXi 8.0 Update 2 (2023-09-21), released with vCenter 8.0 U2. */
  '8.0 U2': { version: '8.0.2', build: '22380479' },
} as const;
type EsxiRelease = keyof typeof ESXI;

/**
 * A vCenter's certificate: issued by its own VMCA, whose subject names its SSO domain (the loader
 * derives the same when a scenario leaves the issuer out; written out here so the file says it).
 */
const vmcaCertificate = (ssoDomain: string, name: string) => ({
  issuer: vmcaIssuer(ssoDomain, name),
  validFrom: '2025-01-01',
  validTo: '2030-01-01',
  serial: 1,
});

const intelHost = (
  name: string,
  release: EsxiRelease,
  generation: string,
  linkGbps: 1 | 10 | 25,
  datastores: string[],
  networks: string[],
) => ({
  name,
  version: ESXI[release].version,
  build: ESXI[release].build,
  cpu: { vendor: 'intel' as const, generation, sockets: 2, coresPerSocket: 16, mhz: 2600 },
  memoryGB: 512,
  vmotion: { enabled: true, linkGbps },
  datastores,
  networks,
});

const prodNets = ['DPG-Prod-VLAN100', 'DPG-App-VLAN110', 'DPG-DB-VLAN120'];
/**
 * VM storage policies (SPBM). Every vCenter ships the built-in ones (6.7 has the first three; 7.0
 * added the "Management Storage Policy" family for its own appliances); sites add their own.
 */
type Policies = NonNullable<ScenarioInput['vcenters'][0]['storagePolicies']>;
const BUILTIN_POLICIES_67: Policies = [
  {
    name: 'VVol No Requirements Policy',
    description: 'Allow the datastore to determine the best placement strategy.',
  },
  { name: 'vSAN Default Storage Policy', description: 'Storage policy used as default for vSAN datastores.' },
  { name: 'VM Encryption Policy', description: 'Sample storage policy for VMware VM Encryption.' },
  {
    name: 'Host-local PMem Default Storage Policy',
    description: 'Storage policy used as default for host-local PMem datastores.',
  },
];
const BUILTIN_POLICIES_70: Policies = [
  ...BUILTIN_POLICIES_67,
  {
    name: 'Management Storage policy - Thin',
    description: 'Management Storage policy used for VMC management VMs.',
  },
  {
    name: 'Management Storage Policy - Regular',
    description: 'Management Storage policy used for VMC management VMs.',
  },
  {
    name: 'Management Storage Policy - Large',
    description: 'Management Storage policy used for VMC management VMs.',
  },
];

const east: ScenarioInput['vcenters'][0] = {
  key: 'vcsa01',
  name: 'vcsa-01.corp.local',
  version: '7.0.1',
  build: '7.0.1.00300',
  ssoDomain: 'vsphere.local',
  storagePolicies: [
    ...BUILTIN_POLICIES_70,
    { name: 'Gold - vSAN RAID-1 FTT=1', description: 'Production VMs: mirrored, one failure tolerated.' },
    { name: 'Silver - NFS Thin', description: 'Test and legacy VMs on NFS, thin provisioned.' },
  ],
  certificate: vmcaCertificate('vsphere.local', 'vcsa-01.corp.local'),
  users: [
    { user: 'administrator@vsphere.local', password: 'VMware1!' },
    { user: 'labadmin@vsphere.local', password: 'Lab-Admin-2026' },
  ],
  datacenters: [
    {
      name: 'Datacenter-East',
      datastores: [
        { name: 'vsanDatastore-Prod', type: 'vSAN', capacityGB: 8192, freeGB: 5200 },
        { name: 'SAN-LUN-01', type: 'VMFS', capacityGB: 4096, freeGB: 2600 },
        { name: 'SAN-LUN-02', type: 'VMFS', capacityGB: 4096, freeGB: 2400 },
        { name: 'Legacy-LUN-01', type: 'VMFS', capacityGB: 2048, freeGB: 900 },
        { name: 'NFS-ISO', type: 'NFS', capacityGB: 1024, freeGB: 610 },
      ],
      networks: [
        ...prodNets.map((n, i) => ({
          name: n,
          kind: 'distributed' as const,
          switch: 'DSwitch-Prod',
          vlan: 100 + i * 10,
        })),
        { name: 'DPG-vMotion', kind: 'distributed', switch: 'DSwitch-Prod', vlan: 200 },
        { name: 'VM Network', kind: 'standard', switch: 'vSwitch0' },
        { name: 'Legacy-Servers', kind: 'standard', switch: 'vSwitch0', vlan: 300 },
      ],
      vmFolders: [
        { name: 'Production', folders: [{ name: 'Web' }, { name: 'App' }, { name: 'DB' }] },
        { name: 'Infrastructure' },
        { name: 'Legacy' },
        { name: 'Test' },
      ],
      clusters: [
        {
          name: 'Prod-Cluster-70',
          drs: 'fullyAutomated',
          evc: 'intel-cascadelake',
          resourcePools: [{ name: 'Gold' }, { name: 'Silver' }],
          hosts: [1, 2, 3, 4].map((n) =>
            intelHost(
              `esx70-0${n}.corp.local`,
              '7.0 U1c',
              'cascadelake',
              25,
              ['vsanDatastore-Prod', 'SAN-LUN-01', 'SAN-LUN-02', 'NFS-ISO'],
              [...prodNets, 'DPG-vMotion'],
            ),
          ),
        },
        {
          name: 'Legacy-Cluster-67',
          drs: 'fullyAutomated',
          evc: null,
          hosts: [1, 2, 3].map((n) =>
            intelHost(
              `esx67-0${n}.corp.local`,
              '6.7',
              'broadwell',
              n === 3 ? 1 : 10,
              ['SAN-LUN-01', 'Legacy-LUN-01', 'NFS-ISO'],
              ['VM Network', 'Legacy-Servers', 'DPG-Prod-VLAN100'],
            ),
          ),
        },
      ],
      vms: [
        ...[1, 2, 3, 4, 5, 6].map((n) =>
          vm(
            `web-0${n}`,
            `esx70-0${((n - 1) % 4) + 1}.corp.local`,
            'Production/Web',
            'vsanDatastore-Prod',
            'DPG-Prod-VLAN100',
            { resourcePool: 'Silver' },
          ),
        ),
        ...[1, 2, 3, 4].map((n) =>
          vm(
            `app-0${n}`,
            `esx70-0${((n + 1) % 4) + 1}.corp.local`,
            'Production/App',
            'SAN-LUN-01',
            'DPG-App-VLAN110',
            { resourcePool: 'Gold' },
          ),
        ),
        ...[1, 2].map((n) =>
          vm(`sql-0${n}`, `esx70-0${n + 2}.corp.local`, 'Production/DB', 'SAN-LUN-02', 'DPG-DB-VLAN120', {
            resourcePool: 'Gold',
            cpu: 8,
            memoryMB: 65536,
            dirtyRateMBps: 900,
            disks: [
              { sizeGB: 100, usedGB: 60, format: 'thickEagerZeroed', datastore: 'SAN-LUN-02' },
              { sizeGB: 500, usedGB: 310, format: 'thickLazyZeroed', datastore: 'SAN-LUN-02' },
            ],
          }),
        ),
        vm('dc-01', 'esx70-01.corp.local', 'Infrastructure', 'SAN-LUN-01', 'DPG-Prod-VLAN100', {
          pinned: true,
        }),
        vm('dc-02', 'esx70-02.corp.local', 'Infrastructure', 'SAN-LUN-02', 'DPG-Prod-VLAN100'),
        vm('jump-01', 'esx70-03.corp.local', 'Infrastructure', 'vsanDatastore-Prod', 'DPG-Prod-VLAN100', {
          cdroms: [
            {
              backing: { type: 'datastoreIso', datastore: 'NFS-ISO', path: 'ISO/ubuntu-22.04.iso' },
              connected: true,
            },
          ],
        }),
        vm('monitor-01', 'esx70-04.corp.local', 'Infrastructure', 'vsanDatastore-Prod', 'DPG-Prod-VLAN100'),
        ...[1, 2, 3].map((n) =>
          vm(`test-0${n}`, `esx70-0${n}.corp.local`, 'Test', 'SAN-LUN-02', 'DPG-App-VLAN110', {
            powerState: n === 3 ? 'poweredOff' : 'poweredOn',
          }),
        ),
        ...[1, 2, 3, 4, 5].map((n) =>
          vm(
            `erp-legacy-0${n}`,
            `esx67-0${((n - 1) % 3) + 1}.corp.local`,
            'Legacy',
            'Legacy-LUN-01',
            'Legacy-Servers',
            { hardwareVersion: 13 },
          ),
        ),
        vm('build-agent-07', 'esx67-02.corp.local', 'Legacy', 'SAN-LUN-01', 'VM Network', {
          hardwareVersion: 14,
          cdroms: [
            {
              backing: { type: 'remoteIso', path: 'C:\\Users\\jsmith\\Downloads\\rhel-8.6-x86_64-dvd.iso' },
              connected: true,
            },
          ],
        }),
        vm('print-01', 'esx67-03.corp.local', 'Legacy', 'Legacy-LUN-01', 'VM Network', {
          hardwareVersion: 11,
          powerState: 'poweredOff',
        }),
        vm('fax-gw-01', 'esx67-01.corp.local', 'Legacy', 'Legacy-LUN-01', 'Legacy-Servers', {
          serialPorts: [{ remote: true, connected: true }],
          // A vendor appliance without VMware Tools: guest shutdown and reboot are refused.
          toolsInstalled: false,
        }),
      ],
    },
  ],
};

const westNets = ['DPG-West-Prod', 'DPG-West-DMZ'];
const west: ScenarioInput['vcenters'][0] = {
  key: 'vcsa02',
  name: 'vcsa-02.branch.example',
  version: '7.0.1',
  build: '7.0.1.00100',
  ssoDomain: 'branch.local',
  storagePolicies: [
    ...BUILTIN_POLICIES_70,
    { name: 'Branch - vSAN RAID-5', description: 'Branch workloads: erasure coding, one failure tolerated.' },
  ],
  certificate: vmcaCertificate('branch.local', 'vcsa-02.branch.example'),
  users: [{ user: 'administrator@branch.local', password: 'Branch-Pass-1' }],
  datacenters: [
    {
      name: 'Datacenter-West',
      datastores: [
        { name: 'West-vsanDatastore', type: 'vSAN', capacityGB: 6144, freeGB: 5000 },
        { name: 'West-NFS-01', type: 'NFS', capacityGB: 2048, freeGB: 1700 },
      ],
      networks: westNets.map((n, i) => ({
        name: n,
        kind: 'distributed' as const,
        switch: 'DSwitch-West',
        vlan: 500 + i,
      })),
      vmFolders: [{ name: 'Migrated' }, { name: 'Workloads' }],
      clusters: [
        {
          name: 'West-Cluster',
          drs: 'fullyAutomated',
          evc: 'intel-cascadelake',
          hosts: [1, 2, 3].map((n) =>
            intelHost(
              `esx-w0${n}.branch.example`,
              '7.0 U1',
              'icelake',
              10,
              ['West-vsanDatastore', 'West-NFS-01'],
              westNets,
            ),
          ),
        },
      ],
      vms: [1, 2, 3, 4, 5].map((n) =>
        vm(
          `branch-app-0${n}`,
          `esx-w0${((n - 1) % 3) + 1}.branch.example`,
          'Workloads',
          'West-vsanDatastore',
          'DPG-West-Prod',
        ),
      ),
    },
  ],
};

const legacy: ScenarioInput['vcenters'][0] = {
  key: 'vcsa67',
  name: 'vcsa-67.legacy.local',
  version: '6.7.0',
  build: '6.7.0.51000',
  ssoDomain: 'legacy.local',
  storagePolicies: BUILTIN_POLICIES_67,
  certificate: vmcaCertificate('legacy.local', 'vcsa-67.legacy.local'),
  users: [{ user: 'administrator@legacy.local', password: 'Old-But-Gold-67' }],
  datacenters: [
    {
      name: 'Old-DC',
      datastores: [{ name: 'old-vmfs-01', capacityGB: 4096, freeGB: 2900 }],
      networks: [
        { name: 'VM Network', kind: 'standard', switch: 'vSwitch0' },
        { name: 'Old-App-VLAN40', kind: 'standard', switch: 'vSwitch1', vlan: 40 },
      ],
      vmFolders: [{ name: 'To-Migrate' }, { name: 'Keep' }],
      clusters: [
        {
          name: 'Old-Cluster',
          drs: 'manual',
          evc: 'intel-broadwell',
          hosts: [1, 2].map((n) =>
            intelHost(
              `esx-old-0${n}.legacy.local`,
              '6.7',
              'broadwell',
              10,
              ['old-vmfs-01'],
              ['VM Network', 'Old-App-VLAN40'],
            ),
          ),
        },
      ],
      vms: [
        ...[1, 2, 3, 4].map((n) =>
          vm(
            `crm-0${n}`,
            `esx-old-0${((n - 1) % 2) + 1}.legacy.local`,
            'To-Migrate',
            'old-vmfs-01',
            'Old-App-VLAN40',
            { hardwareVersion: 14 },
          ),
        ),
        ...[1, 2, 3].map((n) =>
          vm(
            `archive-0${n}`,
            `esx-old-0${((n - 1) % 2) + 1}.legacy.local`,
            'To-Migrate',
            'old-vmfs-01',
            'VM Network',
            { powerState: 'poweredOff', hardwareVersion: 13 },
          ),
        ),
        vm('intranet-01', 'esx-old-01.legacy.local', 'Keep', 'old-vmfs-01', 'VM Network', {
          hardwareVersion: 13,
        }),
      ],
    },
  ],
};

const cloud: ScenarioInput['vcenters'][0] = {
  key: 'vmc01',
  name: 'vcenter.sddc-44-12-101-7.vmwarevmc.com',
  version: '7.0.2',
  build: '7.0.2.00500',
  ssoDomain: 'vmc.local',
  storagePolicies: [
    ...BUILTIN_POLICIES_70,
    {
      name: 'VMC Workload Storage Policy - Cluster-1',
      description: 'Default policy of the SDDC workload datastore.',
    },
  ],
  certificate: vmcaCertificate('vmc.local', 'vcenter.sddc-44-12-101-7.vmwarevmc.com'),
  cloud: true,
  users: [{ user: 'cloudadmin@vmc.local', password: 'Cloud-Admin-VMC1' }],
  datacenters: [
    {
      name: 'SDDC-Datacenter',
      datastores: [{ name: 'WorkloadDatastore', type: 'vSAN', capacityGB: 20480, freeGB: 18000 }],
      networks: [{ name: 'sddc-cgw-network-1', kind: 'distributed', switch: 'vmc-dvs' }],
      vmFolders: [{ name: 'Workloads' }],
      clusters: [
        {
          name: 'Cluster-1',
          drs: 'fullyAutomated',
          evc: null,
          resourcePools: [{ name: 'Compute-ResourcePool' }],
          hosts: [1, 2, 3].map((n) =>
            intelHost(
              `10.2.96.${n + 3}`,
              '7.0 U2a',
              'cascadelake',
              25,
              ['WorkloadDatastore'],
              ['sddc-cgw-network-1'],
            ),
          ),
        },
      ],
      vms: [
        vm('cloud-web-01', '10.2.96.4', 'Workloads', 'WorkloadDatastore', 'sddc-cgw-network-1', {
          resourcePool: 'Compute-ResourcePool',
        }),
      ],
    },
  ],
};

const retired: ScenarioInput['vcenters'][0] = {
  key: 'vcsa60',
  name: 'vcsa-60.retired.local',
  version: '6.0.0',
  build: '6.0.0.30000',
  ssoDomain: 'retired.local',
  certificate: vmcaCertificate('retired.local', 'vcsa-60.retired.local'),
  reachable: false,
  users: [{ user: 'administrator@retired.local', password: 'Retired-60' }],
  datacenters: [],
};

const drNets = ['DPG-DR-Prod', 'DPG-DR-Test'];
/** The newest site: vCenter 8.0 U2 with ESXi 8.0 U2, the target that shows XVM towards newer releases. */
const dr: ScenarioInput['vcenters'][0] = {
  key: 'vcsa80',
  name: 'vcsa-80.dr.example',
  version: '8.0.2',
  build: '8.0.2.00000',
  ssoDomain: 'dr.local',
  storagePolicies: [
    ...BUILTIN_POLICIES_70,
    { name: 'DR - vSAN RAID-1 FTT=1', description: 'Recovered VMs: mirrored, one failure tolerated.' },
  ],
  certificate: vmcaCertificate('dr.local', 'vcsa-80.dr.example'),
  users: [{ user: 'administrator@dr.local', password: 'DR-Site-802!' }],
  datacenters: [
    {
      name: 'Datacenter-DR',
      datastores: [
        { name: 'DR-vsanDatastore', type: 'vSAN', capacityGB: 12288, freeGB: 10800 },
        { name: 'DR-NFS-01', type: 'NFS', capacityGB: 4096, freeGB: 3600 },
      ],
      networks: drNets.map((n, i) => ({
        name: n,
        kind: 'distributed' as const,
        switch: 'DSwitch-DR',
        vlan: 700 + i,
      })),
      vmFolders: [{ name: 'Recovered' }, { name: 'DR-Services' }],
      clusters: [
        {
          name: 'DR-Cluster-80',
          drs: 'fullyAutomated',
          evc: 'intel-icelake',
          hosts: [1, 2, 3].map((n) =>
            intelHost(
              `esx80-0${n}.dr.example`,
              '8.0 U2',
              'sapphirerapids',
              25,
              ['DR-vsanDatastore', 'DR-NFS-01'],
              drNets,
            ),
          ),
        },
      ],
      vms: [
        vm('dr-dns-01', 'esx80-01.dr.example', 'DR-Services', 'DR-vsanDatastore', 'DPG-DR-Prod', {
          hardwareVersion: 21,
        }),
        vm('dr-monitor-01', 'esx80-02.dr.example', 'DR-Services', 'DR-vsanDatastore', 'DPG-DR-Prod', {
          hardwareVersion: 21,
        }),
      ],
    },
  ],
};

const lab: ScenarioInput = {
  schemaVersion: 1,
  name: 'Default lab: East, West, the legacy site and DR',
  description:
    'vcsa-01 (7.0 U1c) runs a 7.0 U1c production cluster and a 6.7 legacy cluster; vcsa-02 (7.0 U1a) is a branch site in another SSO domain; vcsa-67 is the old vCenter to import from; vcsa-80 (8.0 U2) is a DR site on ESXi 8.0 U2 to export to; a VMware Cloud SDDC; and a retired, powered-off 6.0 vCenter.',
  seed: 20201217,
  vcenters: [east, west, legacy, cloud, retired, dr],
};

scenarioSchema.parse(lab);
const out = resolve(import.meta.dirname, '../resources/labs/default.json');
writeFileSync(out, JSON.stringify(lab, null, 2) + '\n');
console.log(`wrote ${out}`);
