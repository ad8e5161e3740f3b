/**
 * The generated scripts say what the wizard would do, in each tool's own words; the Python is valid
 * pyVmomi 6.7.1 code and the shell valid POSIX shell. Same-vCenter migrations also run as shown
 * against vcsim (govmomi's vCenter simulator, a real vim25 server) and move its VM; the cross-vCenter
 * run against the lab's own API is in test/unit/vsphere-api (vcsim cannot tell two vCenters apart).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateScripts, scriptInputFromWizard, type ScriptObject } from '../../../../src/shared/script-gen';
import { migrationRequestSchema } from '../../../../src/shared/engine-api';
import { input, requests, vcenters } from './script-fixture';

const PYTHON = '/usr/bin/python3';
const GOVMOMI = process.env.VMLAB_GOVMOMI_DIR ?? join(homedir(), '.cache/govmomi-0.24');
const GOVC = join(GOVMOMI, 'bin/govc');
const VCSIM = join(GOVMOMI, 'bin/vcsim');

const byTool = (r: (typeof requests)[string]) =>
  Object.fromEntries(generateScripts(input(r)).map((s) => [s.tool, s.code])) as Record<
    'powercli' | 'pyvmomi' | 'govc',
    string
  >;

describe('what each tool is told', () => {
  test('PowerCLI: Move-VM with the destination, datastore, format, port group and priority', () => {
    expect(byTool(requests.compute).powercli).toContain(
      "Move-VM -VM $vms `\n    -Destination (Get-VMHost -Server $source -Name 'esx70-02.corp.local') `\n    -VMotionPriority High",
    );
    const both = byTool(requests.both).powercli;
    expect(both).toContain("-Datastore (Get-Datastore -Server $source -Name 'SAN-LUN-01')");
    expect(both).toContain('-DiskStorageFormat EagerZeroedThick');
    expect(both).toContain('-NetworkAdapter (Get-NetworkAdapter -VM $vms)');
    expect(both).toContain("-PortGroup (Get-VDPortgroup -Server $source -Name 'DPG-App-VLAN110')");
    expect(both).toContain('-VMotionPriority Standard');
    const xvc = byTool(requests.crossVcenter).powercli;
    expect(xvc).toContain("$target = Connect-VIServer -Server 'vcsa-02.branch.example'");
    expect(xvc).toContain("-Destination (Get-VMHost -Server $target -Name 'esx-w01.branch.example')");
    expect(xvc).toContain('-Server $source');
  });

  test('pyvmomi: a RelocateSpec, with a ServiceLocator naming the target vCenter for cross-vCenter', () => {
    expect(byTool(requests.compute).pyvmomi).not.toContain('ServiceLocator');
    const xvc = byTool(requests.crossVcenter).pyvmomi;
    expect(xvc).toContain('spec.service = service');
    expect(xvc).toContain('instanceUuid=dst.content.about.instanceUuid');
    expect(xvc).toContain('url="https://vcsa-02.branch.example:443/sdk"');
    expect(xvc).toContain('sslThumbprint=sha1_thumbprint("vcsa-02.branch.example", 443)');
    expect(xvc).toContain('thinProvisioned=True');
  });

  test('govc: vm.migrate for what it can do, and says what it cannot', () => {
    expect(byTool(requests.compute).govc).toContain(
      "govc vm.migrate -dc 'Datacenter-East' -host 'esx70-02.corp.local' -priority highPriority 'web-01'",
    );
    expect(byTool(requests.storage).govc).toContain('keeps the disk format');
    expect(byTool(requests.crossVcenter).govc).toContain('govc 0.24 has no Cross vCenter vMotion');
    expect(byTool(requests.crossVcenter).govc).not.toContain('govc vm.migrate');
  });

  test('names are quoted for each language, never spliced raw', () => {
    const r = { ...requests.compute, vmIds: ['vcsa01:vm-2'] };
    const s = byTool(r);
    expect(s.powercli).toContain("Get-VM -Server $source -Name 'o''brien-01'");
    expect(s.pyvmomi).toContain('for name in ["o\'brien-01"]:');
    expect(s.govc).toContain("'o'\\''brien-01'");
  });

  test('maintenance mode in the three tools', () => {
    const scripts = generateScripts({
      action: 'enterMaintenance',
      host: 'esx67-02.corp.local',
      vcenter: { address: 'vcsa-01.corp.local', user: 'administrator@vsphere.local' },
    });
    expect(scripts.map((s) => s.code).join('\n')).toMatch(
      /Set-VMHost .*-State Maintenance[\s\S]*EnterMaintenanceMode_Task\(timeout=0, evacuatePoweredOffVms=False\)[\s\S]*govc host\.maintenance\.enter 'esx67-02\.corp\.local'/,
    );
  });

  test.skipIf(!existsSync(PYTHON))(
    'every generated Python script compiles, every shell script parses',
    () => {
      for (const r of Object.values(requests))
        for (const s of generateScripts(input(r))) {
          if (s.language === 'python')
            execFileSync(PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: s.code });
          if (s.language === 'shell') execFileSync('bash', ['-n'], { input: s.code });
        }
    },
  );
});

describe.skipIf(!existsSync(VCSIM) || !existsSync(GOVC) || !existsSync(PYTHON))(
  'run as shown against vcsim',
  () => {
    let sim: ChildProcess;
    let address = '';
    beforeAll(async () => {
      sim = spawn(VCSIM, ['-l', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      address = await new Promise<string>((resolve, reject) => {
        let out = '';
        sim.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /@(127\.0\.0\.1:\d+)\/sdk/.exec(out);
          if (m) resolve(m[1]);
        });
        sim.on('exit', () => reject(new Error(`vcsim exited: ${out}`)));
      });
    });
    afterAll(() => {
      sim?.kill();
    });

    const env = () => ({
      ...process.env,
      VMLAB_SOURCE_PASSWORD: 'pass',
      GOVC_PASSWORD: 'pass',
      PATH: `${join(GOVMOMI, 'bin')}:${process.env.PATH}`,
    });
    /** The host a vcsim VM runs on, by name (read with govc). */
    const hostOf = (vm: string): string => {
      const info = execFileSync(GOVC, ['vm.info', vm], {
        env: { ...env(), GOVC_URL: `https://user:pass@${address}/sdk`, GOVC_INSECURE: '1' },
      }).toString();
      return /Host:\s+(\S+)/.exec(info)![1];
    };
    /** A host of vcsim's cluster the VM is not on. */
    const otherHost = (vm: string): string =>
      ['DC0_C0_H0', 'DC0_C0_H1', 'DC0_C0_H2'].find((h) => h !== hostOf(vm))!;
    const simInput = (type: 'compute' | 'both', vm: string, host: string) => {
      const objects: Record<string, ScriptObject> = {
        vm: { name: vm, vcenterId: 'sim', kind: 'vm', datacenter: 'DC0' },
        host: { name: host, vcenterId: 'sim', kind: 'host', datacenter: 'DC0' },
        ds: { name: 'LocalDS_0', vcenterId: 'sim', kind: 'datastore' },
      };
      return {
        action: 'migrate' as const,
        request: migrationRequestSchema.parse({
          vcenterId: 'sim',
          vmIds: ['vm'],
          type,
          hostId: 'host',
          ...(type === 'both' ? { datastoreId: 'ds', diskFormat: 'thin' } : {}),
        }),
        objects,
        vcenters: { sim: { address, user: 'user' } },
      };
    };

    test('the pyvmomi script moves the VM to the chosen host', () => {
      const to = otherHost('DC0_C0_RP0_VM0');
      const [, pyvmomi] = generateScripts(simInput('compute', 'DC0_C0_RP0_VM0', to));
      const out = execFileSync(PYTHON, ['-'], { input: pyvmomi.code, env: env() }).toString();
      expect(out).toBe('DC0_C0_RP0_VM0: success\n');
      expect(hostOf('DC0_C0_RP0_VM0')).toBe(to);
    });

    test('the pyvmomi script of a compute-and-storage migration with a new disk format runs', () => {
      const to = otherHost('DC0_C0_RP0_VM1');
      const [, pyvmomi] = generateScripts(simInput('both', 'DC0_C0_RP0_VM1', to));
      const out = execFileSync(PYTHON, ['-'], { input: pyvmomi.code, env: env() }).toString();
      expect(out).toBe('DC0_C0_RP0_VM1: success\n');
      expect(hostOf('DC0_C0_RP0_VM1')).toBe(to);
    });

    test('the govc script moves the VM to the chosen host', () => {
      const to = otherHost('DC0_C0_RP0_VM1');
      const [, , govc] = generateScripts(simInput('compute', 'DC0_C0_RP0_VM1', to));
      execFileSync('bash', ['-c', govc.code], { env: env() });
      expect(hostOf('DC0_C0_RP0_VM1')).toBe(to);
    });
  },
);

describe('from what the wizard listed', () => {
  test('the rows of the wizard pages name every object of the request', () => {
    const request = migrationRequestSchema.parse({
      vcenterId: 'vcsa01:vcenter',
      vmIds: ['vcsa01:vm-1'],
      type: 'crossVcenter',
      clusterId: 'vcsa02:cluster-1',
      datastoreId: 'vcsa02:ds-1',
      networkId: 'vcsa02:net-1',
    });
    const input = scriptInputFromWizard(
      request,
      {
        vms: [
          {
            id: 'vcsa01:vm-1',
            name: 'app-04',
            vcenterId: 'vcsa01:vcenter',
            powerState: 'poweredOn',
            hostId: 'vcsa01:host-4',
            hostName: 'esx70-04.corp.local',
            clusterName: 'Prod-Cluster-70',
            folderPath: 'Datacenter-East / Apps',
            cpu: 4,
            memoryMB: 16384,
            guestOs: 'Linux',
            usedGB: 52,
            provisionedGB: 100,
            nics: [
              {
                key: 4000,
                label: 'Network adapter 1',
                networkId: 'vcsa01:net-2',
                networkName: 'DPG-App-VLAN110',
                connected: true,
              },
            ],
            disks: [],
          },
        ],
        computeResources: [
          {
            id: 'vcsa02:dc-1',
            name: 'Datacenter-West',
            kind: 'datacenter',
            parentId: null,
            level: 0,
            selectable: false,
            clusterId: null,
            detail: '',
            state: null,
          },
          {
            id: 'vcsa02:cluster-1',
            name: 'West-Cluster',
            kind: 'cluster',
            parentId: 'vcsa02:dc-1',
            level: 1,
            selectable: true,
            clusterId: 'vcsa02:cluster-1',
            detail: '',
            state: null,
          },
        ],
        datastores: [
          {
            id: 'vcsa02:ds-1',
            name: 'West-vsanDatastore',
            type: 'vSAN',
            capacityGB: 1,
            provisionedGB: 0,
            freeGB: 1,
            hostsMounting: 3,
            hostsTotal: 3,
          },
        ],
        networks: [
          {
            id: 'vcsa02:net-1',
            name: 'DPG-West-Prod',
            type: 'distributed',
            switchName: 'DSwitch-West',
            vlan: 500,
          },
        ],
        folders: [],
        targetVcenterId: 'vcsa02:vcenter',
      },
      vcenters,
    );
    const [powercli, pyvmomi] = generateScripts(input);
    expect(powercli.code).toContain("-Destination (Get-Cluster -Server $target -Name 'West-Cluster')");
    expect(powercli.code).toContain("-PortGroup (Get-VDPortgroup -Server $target -Name 'DPG-West-Prod')");
    expect(pyvmomi.code).toContain('folder = find(dst, vim.Datacenter, "Datacenter-West").vmFolder');
    expect(pyvmomi.code).toContain(
      'pool = find(dst, vim.ClusterComputeResource, "West-Cluster").resourcePool',
    );
  });
});
