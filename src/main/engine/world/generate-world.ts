import type { ScenarioInput } from '../../../shared/scenario-schema';

export interface GenerateOptions {
  vcenters: number;
  hostsPerVcenter: number;
  vmsPerVcenter: number;
  /** Hosts per cluster (default 16, like a typical vSAN cluster). */
  hostsPerCluster?: number;
  /** VMs per VM folder (default: all in one folder, to exercise a huge folder). */
  vmsPerFolder?: number;
  seed?: number;
}

/**
 * Builds a large, valid scenario for tests and benchmarks: N vCenters (the first at 7.0 U1c, the
 * rest alternating 7.0 U1a and 6.7) × clusters of ESXi 7.0 hosts × VMs spread round-robin over hosts
 * and datastores. Deterministic: the same options give the same scenario.
 */
export function generateScenario(options: GenerateOptions): ScenarioInput {
  const { vcenters, hostsPerVcenter, vmsPerVcenter } = options;
  const hostsPerCluster = options.hostsPerCluster ?? 16;
  const vmsPerFolder = options.vmsPerFolder ?? vmsPerVcenter;
  const datastoresPerCluster = 4;
  const builds = ['7.0.1.00300', '7.0.1.00100', '6.7.0.51000'];
  const result: ScenarioInput = {
    schemaVersion: 1,
    name: `Generated lab: ${vcenters} vCenters × ${hostsPerVcenter} hosts × ${vmsPerVcenter} VMs`,
    seed: options.seed ?? 42,
    vcenters: [],
  };
  for (let v = 0; v < vcenters; v++) {
    const build = builds[v === 0 ? 0 : 1 + ((v - 1) % 2)];
    const version = build.split('.').slice(0, 3).join('.');
    const clusterCount = Math.max(1, Math.ceil(hostsPerVcenter / hostsPerCluster));
    const dsNames = (c: number): string[] =>
      Array.from({ length: datastoresPerCluster }, (_, d) => `ds-c${c + 1}-${d + 1}`);
    const networks = ['VM-Network-A', 'VM-Network-B', 'VM-Network-C'];
    const hostName = (h: number): string => `esx-${String(h + 1).padStart(4, '0')}.vc${v + 1}.lab`;
    const clusters = Array.from({ length: clusterCount }, (_, c) => {
      const first = c * hostsPerCluster;
      const count = Math.min(hostsPerCluster, hostsPerVcenter - first);
      return {
        name: `Cluster-${c + 1}`,
        drs: 'fullyAutomated' as const,
        evc: null,
        hosts: Array.from({ length: count }, (_, i) => ({
          name: hostName(first + i),
          // The ESXi release that came with the vCenter (no host newer than its vCenter manages):
          // 6.7 GA under 6.7, 7.0 U1c (build 17325551, KB 2143832) under 7.0 U1a / U1c.
          ...(version.startsWith('6')
            ? { version: '6.7.0', build: '8169922' }
            : { version: '7.0.1', build: '17325551' }),
          cpu: { vendor: 'intel' as const, generation: 'cascadelake' },
          memoryGB: 1024,
          vmotion: { enabled: true, linkGbps: 25 as const },
          datastores: dsNames(c),
          networks,
        })),
      };
    });
    const vmsPerDatastore = Math.ceil(vmsPerVcenter / (clusterCount * datastoresPerCluster));
    const folderCount = Math.max(1, Math.ceil(vmsPerVcenter / vmsPerFolder));
    const vms = Array.from({ length: vmsPerVcenter }, (_, i) => {
      const h = i % hostsPerVcenter;
      const c = Math.floor(h / hostsPerCluster);
      return {
        name: `vm-${String(i + 1).padStart(5, '0')}`,
        host: hostName(h),
        folder: `Folder-${(i % folderCount) + 1}`,
        cpu: 2,
        memoryMB: 4096,
        disks: [{ sizeGB: 40, usedGB: 12, datastore: dsNames(c)[i % datastoresPerCluster] }],
        nics: [{ network: networks[i % networks.length] }],
      };
    });
    result.vcenters.push({
      key: `vc${v + 1}`,
      name: `vcsa-${v + 1}.lab.local`,
      version,
      build,
      ssoDomain: `site${v + 1}.local`,
      users: [{ user: `administrator@site${v + 1}.local`, password: 'VMware1!' }],
      datacenters: [
        {
          name: `DC-${v + 1}`,
          clusters,
          datastores: clusters.flatMap((_, c) =>
            dsNames(c).map((name) => ({ name, capacityGB: vmsPerDatastore * 40 + 10240, freeGB: 10240 })),
          ),
          networks: networks.map((name) => ({ name, kind: 'distributed' as const, switch: 'DSwitch-1' })),
          vmFolders: Array.from({ length: folderCount }, (_, f) => ({ name: `Folder-${f + 1}` })),
          vms,
        },
      ],
    });
  }
  return result;
}
