import { describe, expect, test } from 'vitest';
import { compareVersions } from '../../../../src/shared/versions';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../../src/main/engine/world/load-scenario';
import type { World } from '../../../../src/main/engine/world/world';
import { ADMIN, defaultLab, req } from '../fixture';

/**
 * VMware's build-number tables (KB 2143832 for ESXi; the vCenter equivalent, KB 2143838), as the
 * oracle: a build belongs to exactly one release. Only the releases a lab might use are listed.
 */
const ESXI_BUILDS: Record<string, string> = {
  '8169922': '6.7.0', // ESXi 6.7 GA
  '15843807': '7.0.0', // ESXi 7.0 GA
  '16850804': '7.0.1', // ESXi 7.0 U1
  '17119627': '7.0.1', // ESXi 7.0 U1a
  '17325551': '7.0.1', // ESXi 7.0 U1c
  '17630552': '7.0.2', // ESXi 7.0 U2
  '17867351': '7.0.2', // ESXi 7.0 U2a
  '18644231': '7.0.3', // ESXi 7.0 U3
  '20513097': '8.0.0', // ESXi 8.0 GA
  '22380479': '8.0.2', // ESXi 8.0 U2
};
/** vCenter version strings → the ESXi release line they manage at most (interoperability matrix). */
const VCENTER_MANAGES_UP_TO: Record<string, string> = {
  '6.0.0.30000': '6.0.3',
  '6.7.0.51000': '6.7.3',
  '7.0.1.00100': '7.0.1',
  '7.0.1.00300': '7.0.1',
  '7.0.2.00500': '7.0.2',
  '8.0.2.00000': '8.0.2',
};

/** The built-in lab, and a generated one (the bench's and the big-lab tests' kind) with every vCenter release it makes. */
const labs: [string, () => World][] = [
  ['the built-in lab', () => defaultLab().world],
  [
    'a generated lab',
    () => loadScenario(generateScenario({ vcenters: 3, hostsPerVcenter: 4, vmsPerVcenter: 12 })),
  ],
];

describe('the built-in lab an admin cannot fault', () => {
  test.each(labs)('%s: every ESXi build number is the one VMware gives its version and update', (_, make) => {
    const world = make();
    for (const h of world.hosts.values()) {
      expect({ host: h.name, version: ESXI_BUILDS[h.build] }).toEqual({ host: h.name, version: h.version });
    }
  });

  test.each(labs)('%s: no host runs an ESXi newer than its vCenter manages', (_, make) => {
    const world = make();
    for (const h of world.hosts.values()) {
      const vc = world.vcenters.get(h.vcenterId)!;
      const limit = VCENTER_MANAGES_UP_TO[vc.build];
      expect(limit, `${vc.name} ${vc.build} is in the table`).toBeDefined();
      expect(
        compareVersions(h.version, limit),
        `${h.name} (ESXi ${h.version}) under ${vc.name}`,
      ).toBeLessThanOrEqual(0);
    }
  });

  test('each vCenter certificate is issued by its own VMCA, named after its SSO domain', () => {
    const { world } = defaultLab();
    const issuers = new Set<string>();
    for (const vc of world.vcenters.values()) {
      const dcs = vc.ssoDomain.split('.').map((p) => `DC=${p}`);
      expect(vc.certificate.issuer).toContain(dcs.join(', '));
      issuers.add(vc.certificate.issuer);
    }
    expect(issuers.size).toBe(world.vcenters.size);
  });

  test('a vCenter 8.0 U2 site on ESXi 8.0 accepts a Cross vCenter export from 7.0 U1c', () => {
    const lab = defaultLab();
    const dr = lab.vc('vcsa80');
    expect(dr).toMatchObject({ version: '8.0.2', build: '8.0.2.00000' });
    const hosts = [...lab.world.hosts.values()].filter((h) => h.vcenterId === dr.id);
    expect(hosts.length).toBeGreaterThan(1);
    for (const h of hosts) expect(h.version.startsWith('8.0')).toBe(true);
    const vm = lab.vm('web-01');
    const r = req({
      vcenterId: 'vcsa01:vcenter',
      vmIds: [vm.id],
      type: 'crossVcenter',
      clusterId: lab.cluster('DR-Cluster-80').id,
      datastoreId: lab.ds('DR-vsanDatastore').id,
      folderId: lab.folder('Recovered', dr.id).id,
      networkId: lab.net('DPG-DR-Prod', dr.id).id,
    });
    expect(lab.engine.checkMigration(r).ok).toBe(true);
    const started = lab.engine.startMigration(r, ADMIN, 'administrator@dr.local');
    lab.clock.advance(30 * 60_000);
    expect(lab.engine.tasks.get(started.migrations[0].taskId)!.state).toBe('success');
    expect(lab.copies('web-01')).toHaveLength(1);
    expect(lab.copies('web-01')[0].vcenterId).toBe(dr.id);
  });
});
