/**
 * The vCenters' real certificates on disk: a reset presents the certificate the admin already
 * trusted (no new prompt), and the store does not grow with every reset or certificate change.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/main/engine/world/load-scenario';
import { VCenterCertificates } from '../../../src/main/vsphere-api/certificates';

const scenario = readFileSync(resolve(__dirname, '../../../resources/labs/default.json'), 'utf8');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vmlab-certs-'));
  dirs.push(d);
  return d;
};
const thumbprints = (w: ReturnType<typeof loadScenarioText>): string[] =>
  [...w.vcenters.values()].map((vc) => vc.certificate.thumbprint);

describe('vCenter certificates', () => {
  it('a reset (the scenario again) presents the same certificates, also after a restart, and the file stays the same size', async () => {
    const dir = dataDir();
    const store = await VCenterCertificates.open(dir);
    const first = loadScenarioText(scenario);
    const scenarioThumbprints = thumbprints(first);
    expect(await store.adopt(first)).toHaveLength(first.vcenters.size);
    const trusted = thumbprints(first);
    expect(trusted).not.toEqual(scenarioThumbprints);
    const file = join(dir, 'vsphere-api', 'certificates.json');
    const size = statSync(file).size;

    for (let reset = 0; reset < 5; reset++) {
      const again = loadScenarioText(scenario);
      await store.adopt(again);
      expect(thumbprints(again)).toEqual(trusted);
    }
    expect(statSync(file).size).toBe(size);

    const restarted = await VCenterCertificates.open(dir);
    const afterRestart = loadScenarioText(scenario);
    await restarted.adopt(afterRestart);
    expect(thumbprints(afterRestart)).toEqual(trusted);
    for (const vc of afterRestart.vcenters.values())
      expect(restarted.served(vc)?.sha256).toBe(vc.certificate.thumbprint);
  });

  it('changing a certificate many times keeps only the newest few, and the one shown is always served', async () => {
    const dir = dataDir();
    const store = await VCenterCertificates.open(dir);
    const world = loadScenarioText(scenario);
    await store.adopt(world);
    const vc = [...world.vcenters.values()][0];
    const adopted = vc.certificate.thumbprint;
    const file = join(dir, 'vsphere-api', 'certificates.json');
    for (let change = 0; change < 12; change++) {
      vc.certificate = await store.issue(vc);
      expect(store.served(vc)?.sha256).toBe(vc.certificate.thumbprint);
    }
    const leaves = JSON.parse(readFileSync(file, 'utf8')).leaves as Record<string, { vcenter?: string }>;
    const ofVc = Object.keys(leaves).filter((t) => leaves[t].vcenter === vc.name);
    expect(ofVc.length).toBeLessThanOrEqual(5);
    // The adopted certificate a reset returns to is never dropped.
    expect(ofVc).toContain(adopted);
    const reset = loadScenarioText(scenario);
    await store.adopt(reset);
    expect(reset.vcenters.get(vc.id)!.certificate.thumbprint).toBe(adopted);
  });
});
