/**
 * The lab scenario file format: a human-editable, nested description of simulated vCenters.
 * The engine normalises it into maps by id (see src/main/engine/world). Every object is strict so a
 * misspelt field is an error that names the field, never silently ignored.
 */
import { z } from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(200);
/** ESXi / vCenter product version: major.minor.update (e.g. 7.0.1, 6.7.0). */
export const productVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+$/, 'must look like 7.0.1 (major.minor.update)');
/** vCenter build string: major.minor.update.patch (7.0.1.00300 = 7.0 U1c). */
export const vcenterBuild = z.string().regex(/^\d+\.\d+\.\d+\.\d{5}$/, 'must look like 7.0.1.00300');
export const thumbprint = z
  .string()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'must be a SHA-256 thumbprint: 32 hex pairs separated by colons');
const gb = z.number().finite().nonnegative();
const mac = z
  .string()
  .regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'must be a MAC address like 00:50:56:aa:bb:cc');

export const diskFormats = ['thin', 'thickLazyZeroed', 'thickEagerZeroed'] as const;
export const drsModes = ['off', 'manual', 'partiallyAutomated', 'fullyAutomated'] as const;
export const powerStates = ['poweredOn', 'poweredOff', 'suspended'] as const;
export const cpuVendors = ['intel', 'amd'] as const;

export const scenarioUser = z.strictObject({ user: name, password: z.string().min(1).max(200) });

export const scenarioCertificate = z.strictObject({
  /** When absent the engine derives a stable thumbprint from the vCenter name and serial. */
  thumbprint: thumbprint.optional(),
  /**
   * The issuing CA's subject. When absent it is the vCenter's own VMCA, named after its SSO domain
   * ("CN=CA, DC=vsphere, DC=local, …"), as every vCenter's machine certificate is (see vmcaIssuer).
   */
  issuer: name.optional(),
  validFrom: z.iso.date().default('2025-01-01'),
  validTo: z.iso.date().default('2030-01-01'),
  serial: z.number().int().nonnegative().default(1),
});

export const scenarioHost = z.strictObject({
  name,
  version: productVersion,
  build: z.string().max(40).optional(),
  cpu: z.strictObject({
    vendor: z.enum(cpuVendors),
    /** Ordered CPU generation, e.g. intel: sandybridge < haswell < broadwell < skylake < cascadelake < icelake. */
    generation: name,
    sockets: z.number().int().min(1).max(8).default(2),
    coresPerSocket: z.number().int().min(1).max(128).default(16),
    mhz: z.number().int().min(500).max(6000).default(2600),
  }),
  memoryGB: z.number().int().min(1).max(24576),
  vmotion: z.strictObject({
    enabled: z.boolean().default(true),
    linkGbps: z.union([z.literal(1), z.literal(10), z.literal(25), z.literal(40)]).default(10),
  }),
  connectionState: z.enum(['connected', 'disconnected', 'notResponding']).default('connected'),
  maintenanceMode: z.boolean().default(false),
  /** Names of the datacenter's datastores this host mounts. */
  datastores: z.array(name).default([]),
  /** Names of the datacenter's networks this host can reach (standard port groups or DVS port groups). */
  networks: z.array(name).default([]),
  /** TCP ports a firewall blocks on this host: 902 (NFC) and/or 8000 (vMotion). */
  blockedPorts: z.array(z.union([z.literal(902), z.literal(8000)])).optional(),
  /** CPU usage of the host in percent (high-priority vMotion needs CPU headroom); default idle. */
  cpuUsagePercent: z.number().min(0).max(100).optional(),
});

export type ScenarioResourcePool = { name: string; resourcePools?: ScenarioResourcePool[] };
export const scenarioResourcePool: z.ZodType<ScenarioResourcePool> = z.lazy(() =>
  z.strictObject({ name, resourcePools: z.array(scenarioResourcePool).optional() }),
);

export const scenarioCluster = z.strictObject({
  name,
  drs: z.enum(drsModes).default('fullyAutomated'),
  /** EVC baseline (a CPU generation name) or null when EVC is disabled. */
  evc: z.string().min(1).max(60).nullable().default(null),
  hosts: z.array(scenarioHost).default([]),
  resourcePools: z.array(scenarioResourcePool).default([]),
});

export const scenarioDatastore = z.strictObject({
  name,
  type: z.enum(['VMFS', 'NFS', 'vSAN', 'vVol']).default('VMFS'),
  capacityGB: gb.min(1),
  freeGB: gb,
});

export const scenarioNetwork = z.strictObject({
  name,
  kind: z.enum(['standard', 'distributed']),
  /** vSwitch name for standard port groups, distributed switch name for DVS port groups. */
  switch: name,
  vlan: z.number().int().min(0).max(4095).default(0),
});

export type ScenarioVmFolder = { name: string; folders?: ScenarioVmFolder[] };
export const scenarioVmFolder: z.ZodType<ScenarioVmFolder> = z.lazy(() =>
  z.strictObject({ name, folders: z.array(scenarioVmFolder).optional() }),
);

export const scenarioCdromBacking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('datastoreIso'), datastore: name, path: name }),
  z.strictObject({ type: z.literal('hostDevice'), device: name }),
  /** A local ISO on the admin's machine attached through the VM Remote Console (VMRC). */
  z.strictObject({ type: z.literal('remoteIso'), path: name }),
]);

export const scenarioVm = z.strictObject({
  name,
  powerState: z.enum(powerStates).default('poweredOn'),
  cpu: z.number().int().min(1).max(768),
  memoryMB: z
    .number()
    .int()
    .min(4)
    .max(24 * 1024 * 1024),
  hardwareVersion: z.number().int().min(4).max(21).default(14),
  guestOs: z.string().max(100).default('Other Linux (64-bit)'),
  /** Host name (in this datacenter) the VM is registered on. */
  host: name,
  /** Folder path under the datacenter's VM folder, e.g. "Production/Web"; empty = root. */
  folder: z.string().max(500).default(''),
  /** Resource pool path under the host's cluster, e.g. "Gold"; empty = cluster root pool. */
  resourcePool: z.string().max(500).default(''),
  disks: z
    .array(
      z.strictObject({
        sizeGB: gb.min(0.001),
        usedGB: gb,
        format: z.enum(diskFormats).default('thin'),
        datastore: name,
      }),
    )
    .default([]),
  nics: z
    .array(z.strictObject({ network: name, mac: mac.optional(), connected: z.boolean().default(true) }))
    .default([]),
  cdroms: z
    .array(
      z.strictObject({
        backing: scenarioCdromBacking.default({ type: 'none' }),
        connected: z.boolean().default(false),
      }),
    )
    .default([]),
  serialPorts: z.array(z.strictObject({ remote: z.boolean(), connected: z.boolean() })).default([]),
  ipAddress: z.string().max(45).optional(),
  uuid: z.uuid().optional(),
  /** Guest memory dirty rate used by the pre-copy model, MB/s. */
  dirtyRateMBps: z.number().nonnegative().max(100000).default(100),
  /** The VM is pinned to its host (DRS "Virtual machine is pinned"). */
  pinned: z.boolean().default(false),
  /** VMware Tools is installed in the guest (needed for guest shutdown and reboot). */
  toolsInstalled: z.boolean().default(true),
});

export const scenarioDatacenter = z.strictObject({
  name,
  clusters: z.array(scenarioCluster).default([]),
  /** Standalone hosts (not in a cluster). */
  hosts: z.array(scenarioHost).default([]),
  datastores: z.array(scenarioDatastore).default([]),
  networks: z.array(scenarioNetwork).default([]),
  vmFolders: z.array(scenarioVmFolder).default([]),
  vms: z.array(scenarioVm).default([]),
});

export const scenarioVCenter = z.strictObject({
  /** Short key used in object ids, unique in the lab (e.g. "vcsa01"). */
  key: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits or dashes (max 31)'),
  /** FQDN the admin types to reach this vCenter. */
  name,
  version: productVersion,
  build: vcenterBuild,
  ssoDomain: name,
  users: z.array(scenarioUser).min(1, 'a vCenter needs at least one user'),
  certificate: scenarioCertificate.default({
    validFrom: '2025-01-01',
    validTo: '2030-01-01',
    serial: 1,
  }),
  /** VMware Cloud vCenter: restricted folders, pools and datastores. */
  cloud: z.boolean().default(false),
  /** False = the appliance is powered off or unreachable in the lab. */
  reachable: z.boolean().default(true),
  license: z.enum(['standard', 'enterprisePlus']).default('enterprisePlus'),
  /** Enhanced Linked Mode group name, or null. */
  linkedModeGroup: z.string().max(100).nullable().default(null),
  /**
   * Round-trip time in ms from this vCenter's site to other vCenters' sites, by their key, e.g.
   * { "vcsa02": 40 } (long-distance vMotion works up to 150 ms). Either side may give a pair.
   */
  siteRttMs: z.record(z.string(), z.number().min(0).max(2000)).optional(),
  datacenters: z.array(scenarioDatacenter).default([]),
});

/** Largest scenario file read: a 100,000-VM lab is about 18 MB of JSON. */
export const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;
/** Most VMs one lab may hold, all vCenters together (what the engine is measured with; bench/world-load.ts). */
export const MAX_SCENARIO_VMS = 100_000;

export const scenarioSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    name,
    description: z.string().max(2000).default(''),
    /** Seed for the lab's random source (MACs, UUIDs, timing jitter). */
    seed: z.number().int().nonnegative().default(1),
    vcenters: z.array(scenarioVCenter).min(1, 'a lab needs at least one vCenter'),
  })
  .superRefine((sc, ctx) => {
    let vms = 0;
    for (const vc of sc.vcenters) for (const dc of vc.datacenters) vms += dc.vms.length;
    if (vms > MAX_SCENARIO_VMS)
      ctx.addIssue({
        code: 'custom',
        path: ['vcenters'],
        message: `the lab has ${vms} VMs; the limit is ${MAX_SCENARIO_VMS}`,
      });
  });

/**
 * The subject of a vCenter's own certificate authority (VMCA): DC parts from its SSO domain, O its
 * name, as VMCA writes them ("CN=CA, DC=vsphere, DC=local, C=US, ST=California, O=vcsa-01.corp.local").
 */
export function vmcaIssuer(ssoDomain: string, vcenterName: string): string {
  const dcs = ssoDomain
    .split('.')
    .filter(Boolean)
    .map((p) => `DC=${p}`)
    .join(', ');
  return `CN=CA, ${dcs}, C=US, ST=California, O=${vcenterName}, OU=VMware Engineering`;
}

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioVCenter = z.output<typeof scenarioVCenter>;
export type ScenarioDatacenter = z.output<typeof scenarioDatacenter>;
export type ScenarioHost = z.output<typeof scenarioHost>;
export type ScenarioVm = z.output<typeof scenarioVm>;
export type DiskFormat = (typeof diskFormats)[number];
export type DrsMode = (typeof drsModes)[number];
export type PowerState = (typeof powerStates)[number];
