import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabFault } from '../../../../src/shared/result';
import { loadScenario, loadScenarioText } from '../../../../src/main/engine/world/load-scenario';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { diskConsumedGB } from '../../../../src/shared/world-types';

const defaultLab = readFileSync(resolve(__dirname, '../../../../resources/labs/default.json'), 'utf8');
const base = (): Record<string, any> => JSON.parse(defaultLab);

function rejection(input: unknown): LabFault {
  try {
    loadScenario(input);
  } catch (e) {
    expect(e).toBeInstanceOf(LabFault);
    return e as LabFault;
  }
  throw new Error('the scenario was accepted');
}

describe('scenario loader', () => {
  it('loads the built-in lab with the vCenters the seed stories need', () => {
    const world = loadScenarioText(defaultLab);
    const builds = [...world.vcenters.values()].map((v) => `${v.name} ${v.build}`);
    expect(builds).toContain('vcsa-01.corp.local 7.0.1.00300');
    expect(builds).toContain('vcsa-02.branch.example 7.0.1.00100');
    expect(builds).toContain('vcsa-67.legacy.local 6.7.0.51000');
    const ssoDomains = new Set([...world.vcenters.values()].map((v) => v.ssoDomain));
    expect(ssoDomains.size).toBe(world.vcenters.size);
    expect(world.vms.size).toBeGreaterThanOrEqual(24);
    const remote = [...world.vms.values()].filter((v) =>
      v.cdroms.some((c) => c.backing.type === 'remoteIso' && c.connected),
    );
    expect(remote.map((v) => v.name)).toEqual(['build-agent-07']);
    expect(world.hosts.get(remote[0].hostId)?.version).toBe('6.7.0');
  });

  it('gives every NIC a unique MAC and every VM a unique UUID', () => {
    const world = loadScenarioText(defaultLab);
    const macs = [...world.vms.values()].flatMap((v) => v.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(macs.length);
    const uuids = [...world.vms.values()].map((v) => v.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('is deterministic: the same file gives the same ids, MACs and UUIDs', () => {
    expect(loadScenarioText(defaultLab).toSnapshot()).toEqual(loadScenarioText(defaultLab).toSnapshot());
  });

  it('keeps the free space the file states for each datastore', () => {
    const sc = base();
    const world = loadScenario(sc);
    const lun = [...world.datastores.values()].find((d) => d.name === 'SAN-LUN-01')!;
    expect(world.datastoreFreeGB(lun.id)).toBeCloseTo(2600, 6);
    const used = world.vmsOnDatastore(lun.id).flatMap((v) => v.disks.filter((d) => d.datastoreId === lun.id));
    expect(world.datastoreUsedGB(lun.id)).toBeCloseTo(
      lun.otherUsedGB + used.reduce((n, d) => n + diskConsumedGB(d), 0),
      6,
    );
  });

  it('names the field of a schema error', () => {
    const sc = base();
    sc.vcenters[0].datacenters[0].vms[3].memoryMB = 'lots';
    const e = rejection(sc);
    expect(e.extra.field).toBe('vcenters[0].datacenters[0].vms[3].memoryMB');
    expect(e.message).toMatch(/^vcenters\[0\]\.datacenters\[0\]\.vms\[3\]\.memoryMB: .*number/);
  });

  it('rejects unknown (misspelt) fields by name', () => {
    const sc = base();
    sc.vcenters[1].datacenters[0].clusters[0].hosts[0].memoryGb = 512;
    const e = rejection(sc);
    expect(e.extra.field).toBe('vcenters[1].datacenters[0].clusters[0].hosts[0]');
    expect(e.message).toContain('memoryGb');
  });

  it('rejects a vCenter build that is not major.minor.update.patch', () => {
    const sc = base();
    sc.vcenters[0].build = '7.0 U1c';
    expect(rejection(sc).message).toBe('vcenters[0].build: must look like 7.0.1.00300');
  });

  it('rejects a VM on a host that does not exist, naming the VM field', () => {
    const sc = base();
    sc.vcenters[0].datacenters[0].vms[0].host = 'esx99.corp.local';
    const e = rejection(sc);
    expect(e.message).toBe(
      'vcenters[0].datacenters[0].vms[0].host: no host named "esx99.corp.local" in datacenter "Datacenter-East"',
    );
  });

  it('rejects references to missing datastores, networks, folders and pools', () => {
    const cases: [(sc: any) => void, string][] = [
      [
        (sc) => (sc.vcenters[0].datacenters[0].vms[0].disks[0].datastore = 'nope'),
        'vms[0].disks[0].datastore',
      ],
      [(sc) => (sc.vcenters[0].datacenters[0].vms[0].nics[0].network = 'nope'), 'vms[0].nics[0].network'],
      [(sc) => (sc.vcenters[0].datacenters[0].vms[0].folder = 'Nope/Deeper'), 'vms[0].folder'],
      [(sc) => (sc.vcenters[0].datacenters[0].vms[0].resourcePool = 'Platinum'), 'vms[0].resourcePool'],
      [
        (sc) => (sc.vcenters[0].datacenters[0].clusters[0].hosts[1].datastores[0] = 'nope'),
        'clusters[0].hosts[1].datastores[0]',
      ],
    ];
    for (const [mutate, field] of cases) {
      const sc = base();
      mutate(sc);
      expect(rejection(sc).extra.field).toBe(`vcenters[0].datacenters[0].${field}`);
    }
  });

  it('rejects duplicates: vCenter keys, VM names, MAC addresses', () => {
    const dupKey = base();
    dupKey.vcenters[1].key = dupKey.vcenters[0].key;
    expect(rejection(dupKey).extra.field).toBe('vcenters[1].key');
    const dupVm = base();
    dupVm.vcenters[0].datacenters[0].vms[1].name = dupVm.vcenters[0].datacenters[0].vms[0].name;
    expect(rejection(dupVm).message).toContain('duplicate VM name "web-01"');
    const dupMac = base();
    dupMac.vcenters[0].datacenters[0].vms[0].nics[0].mac = '00:50:56:80:00:01';
    dupMac.vcenters[0].datacenters[0].vms[1].nics[0].mac = '00:50:56:80:00:01';
    expect(rejection(dupMac).extra.field).toBe('vcenters[0].datacenters[0].vms[1].nics[0].mac');
  });

  it('rejects a datastore whose disks do not fit the space the file says is used', () => {
    const sc = base();
    sc.vcenters[0].datacenters[0].datastores[1].freeGB = 4096;
    const e = rejection(sc);
    expect(e.extra.field).toBe('vcenters[0].datacenters[0].datastores[1].freeGB');
    expect(e.message).toContain('SAN-LUN-01');
  });

  it('explains a file that is not JSON', () => {
    expect(() => loadScenarioText('{ "schemaVersion": 1,')).toThrow(/not valid JSON/);
  });

  it('generates large valid worlds', () => {
    const world = loadScenario(generateScenario({ vcenters: 3, hostsPerVcenter: 20, vmsPerVcenter: 500 }));
    expect(world.vcenters.size).toBe(3);
    expect(world.hosts.size).toBe(60);
    expect(world.vms.size).toBe(1500);
    expect([...world.vcenters.values()][0].build).toBe('7.0.1.00300');
  });
});
