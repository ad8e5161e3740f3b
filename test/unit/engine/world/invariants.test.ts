import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import {
  CHECK_CHUNK,
  checkSnapshot,
  snapshotViolations,
  worldViolations,
} from '../../../../src/main/engine/world/invariants';
import { loadScenario, loadScenarioText } from '../../../../src/main/engine/world/load-scenario';

const defaultLab = readFileSync(
  resolve(import.meta.dirname, '../../../../resources/labs/default.json'),
  'utf8',
);

describe('world invariants', () => {
  it('hold for the built-in lab and a generated one', () => {
    const world = loadScenarioText(defaultLab);
    expect(snapshotViolations(world.toSnapshot())).toEqual([]);
    expect(worldViolations(world)).toEqual([]);
    const big = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 10, vmsPerVcenter: 3000 }));
    expect(snapshotViolations(big.toSnapshot())).toEqual([]);
    expect(worldViolations(big)).toEqual([]);
  });

  it('name the field of each broken rule', () => {
    const snap = loadScenarioText(defaultLab).toSnapshot();
    snap.vms.push({ ...snap.vms[0] });
    expect(snapshotViolations(snap)[0]).toEqual({
      field: `vms.${snap.vms.length - 1}.id`,
      message: `VM ${snap.vms[0].id} is in two places`,
    });
    const noUsers = loadScenarioText(defaultLab).toSnapshot();
    noUsers.vcenters[1].users = [];
    expect(snapshotViolations(noUsers)[0].field).toBe('vcenters.1.users');
  });

  it('gives way between chunks on a large world', () => {
    const big = loadScenario(generateScenario({ vcenters: 1, hostsPerVcenter: 10, vmsPerVcenter: 5000 }));
    const steps = checkSnapshot(big.toSnapshot());
    let yields = 0;
    for (let s = steps.next(); !s.done; s = steps.next()) yields++;
    expect(yields).toBeGreaterThanOrEqual(Math.floor(10_000 / CHECK_CHUNK) - 1);
  });
});
