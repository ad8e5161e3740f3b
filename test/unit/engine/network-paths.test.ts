import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  parseEngineState,
  restoreEngineState,
  serializeEngineState,
} from '../../../src/main/engine/persistence/engine-state';
import { setHostCpuUsage, setPortBlocked, setSiteRtt } from '../../../src/main/engine/network-paths';
import { loadScenario } from '../../../src/main/engine/world/load-scenario';
import { objectSummary } from '../../../src/main/engine/world/inventory-tree';
import { ADMIN, defaultLab, exportToBranch, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const VC2 = 'vcsa02:vcenter';
const BRANCH = 'administrator@branch.local';
const TOO_LONG = 'Compatibility check took too long to complete';
const VMOTION_NET =
  'The vMotion failed because the destination host did not receive data from the source host on the vMotion network. Please check your vMotion network settings and physical network configuration and ensure they are correct.';

type Lab = ReturnType<typeof defaultLab>;

/** Cross vCenter Server export of app-01 to the branch, as exercise 08 asks. */
const exportApp01 = (lab: Lab) => exportToBranch(lab, 'app-01');

const phase = (lab: Lab, taskId: string, name: RegExp) =>
  lab.engine.tasks.get(taskId)!.phases.find((p) => name.test(p.name));

describe('TCP 902 (NFC) blocked', () => {
  for (const side of ['esx-w01.branch.example', 'esx70-03.corp.local']) {
    test(`on ${side}: the export's compatibility check takes too long; started anyway, it hangs, fails and rolls back`, () => {
      const lab = defaultLab();
      setPortBlocked(lab.world, lab.host(side).id, 902, true);
      const check = lab.engine.checkMigration(exportApp01(lab));
      expect(check.ok).toBe(false);
      expect(check.vms[0].errors).toContainEqual(
        expect.objectContaining({ code: 'CompatibilityCheckTimeout', message: TOO_LONG }),
      );
      // The wizard validates for the product's delay before it shows the answer.
      expect(check.answersAfterMs).toBe(120_000);

      // migration.start / RelocateVM_Task without the wizard: the task starts and waits on the check.
      const started = lab.engine.startMigration(exportApp01(lab), ADMIN, BRANCH);
      const taskId = started.migrations[0].taskId;
      lab.clock.advance(60_000);
      const waiting = lab.engine.tasks.get(taskId)!;
      expect(waiting.state).toBe('running');
      expect(waiting.phases.at(-1)!.name).toBe('Compatibility checks');
      lab.clock.advance(61_000);
      const failed = lab.engine.tasks.get(taskId)!;
      expect(failed).toMatchObject({ state: 'error', error: TOO_LONG });
      expect(failed.completedAt! - failed.startedAt!).toBeGreaterThanOrEqual(120_000);
      const app = lab.copies('app-01');
      expect(app).toHaveLength(1);
      expect(app[0]).toMatchObject({ vcenterId: VC1, hostId: lab.host('esx70-03.corp.local').id });
      expect(app[0].powerState).toBe('poweredOn');
      expect(
        lab.engine.events
          .all(VC1)
          .some((e) => e.type === 'VmRelocateFailedEvent' && e.message.endsWith(TOO_LONG)),
      ).toBe(true);
    });
  }

  test('unblocked again, the same export succeeds', () => {
    const lab = defaultLab();
    const w01 = lab.host('esx-w01.branch.example');
    expect(setPortBlocked(lab.world, w01.id, 902, true).ports).toContainEqual(
      expect.objectContaining({ port: 902, blocked: true }),
    );
    setPortBlocked(lab.world, w01.id, 902, false);
    expect(w01.blockedPorts).toBeUndefined();
    const r = lab.engine.startMigration(exportApp01(lab), ADMIN, BRANCH);
    lab.clock.advance(3_600_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
    expect(lab.copies('app-01')[0].hostId).toBe(w01.id);
  });

  test('a cold migration to or from the host fails over NFC; a vMotion there still works', () => {
    for (const blockedOn of ['esx70-01.corp.local', 'esx70-03.corp.local']) {
      const lab = defaultLab();
      setPortBlocked(lab.world, lab.host(blockedOn).id, 902, true);
      const cold = lab.vm('test-03');
      const from = cold.hostId;
      const r = lab.engine.startMigration(
        req({
          vcenterId: VC1,
          vmIds: [cold.id],
          type: 'compute',
          hostId: lab.host('esx70-01.corp.local').id,
        }),
        ADMIN,
      );
      lab.clock.advance(600_000);
      const t = lab.engine.tasks.get(r.migrations[0].taskId)!;
      expect(t.state).toBe('error');
      expect(t.error).toContain(':902');
      expect(lab.vm('test-03').hostId).toBe(from);
    }
    const lab = defaultLab();
    setPortBlocked(lab.world, lab.host('esx70-02.corp.local').id, 902, true);
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab.vm('web-01').id],
        type: 'compute',
        hostId: lab.host('esx70-02.corp.local').id,
      }),
      ADMIN,
    );
    lab.clock.advance(600_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
  });
});

describe('TCP 8000 (vMotion) blocked', () => {
  for (const blockedOn of ['esx70-02.corp.local', 'esx70-01.corp.local']) {
    test(`on ${blockedOn}: a vMotion fails early with the vMotion network message and rolls back`, () => {
      const lab = defaultLab();
      setPortBlocked(lab.world, lab.host(blockedOn).id, 8000, true);
      const web = lab.vm('web-01');
      const r = lab.engine.startMigration(
        req({ vcenterId: VC1, vmIds: [web.id], type: 'compute', hostId: lab.host('esx70-02.corp.local').id }),
        ADMIN,
      );
      lab.clock.advance(600_000);
      const t = lab.engine.tasks.get(r.migrations[0].taskId)!;
      expect(t).toMatchObject({ state: 'error', error: VMOTION_NET });
      // Early: the first pre-copy pass waits for the stream (Migrate.NetTimeout, 20 s), then it fails.
      const passes = t.phases.filter((p) => /pre-copy pass/.test(p.name));
      expect(passes.map((p) => p.name)).toEqual(['Memory pre-copy pass 1']);
      expect(t.completedAt! - passes[0].startedAt).toBe(20_000);
      expect(t.phases.some((p) => p.name === 'Switchover')).toBe(false);
      expect(t.phases.at(-1)!.name).toBe('Rollback');
      expect(lab.vm('web-01')).toMatchObject({
        hostId: lab.host('esx70-01.corp.local').id,
        powerState: 'poweredOn',
      });
      expect(
        lab.engine.events
          .all(VC1)
          .some((e) => e.type === 'VmFailedMigrateEvent' && e.message.endsWith(VMOTION_NET)),
      ).toBe(true);
    });
  }

  test('a powered-off VM still moves (no vMotion stream)', () => {
    const lab = defaultLab();
    setPortBlocked(lab.world, lab.host('esx70-01.corp.local').id, 8000, true);
    const r = lab.engine.startMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab.vm('test-03').id],
        type: 'compute',
        hostId: lab.host('esx70-01.corp.local').id,
      }),
      ADMIN,
    );
    lab.clock.advance(600_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
  });
});

describe('round-trip time between sites', () => {
  /** Seconds the export's first memory pre-copy pass took, and its task's outcome. */
  function exportWithRtt(rttMs: number) {
    const lab = defaultLab();
    if (rttMs) setSiteRtt(lab.world, VC1, VC2, rttMs);
    const r = lab.engine.startMigration(exportApp01(lab), ADMIN, BRANCH);
    const taskId = r.migrations[0].taskId;
    lab.clock.advance(6 * 3_600_000);
    const pass1 = phase(lab, taskId, /pre-copy pass 1/)!;
    return {
      state: lab.engine.tasks.get(taskId)!.state,
      pass1Ms: pass1.completedAt! - pass1.startedAt,
      detail: pass1.detail!,
    };
  }

  test('up to 150 ms long-distance vMotion works, and pre-copy slows with the round trip', () => {
    const lan = exportWithRtt(0);
    const far = exportWithRtt(100);
    const limit = exportWithRtt(150);
    expect([lan.state, far.state, limit.state]).toEqual(['success', 'success', 'success']);
    expect(far.pass1Ms).toBeGreaterThan(lan.pass1Ms * 1.5);
    expect(limit.pass1Ms).toBeGreaterThan(far.pass1Ms);
    expect(far.detail).toMatch(/at 80 MB\/s/); // 8 MB per round trip of 100 ms
  });

  test('above 150 ms a live migration is refused with the reason; a cold one is not bound', () => {
    const lab = defaultLab();
    setSiteRtt(lab.world, VC1, VC2, 180);
    const check = lab.engine.checkMigration(exportApp01(lab));
    const reason = check.vms[0].errors.find((e) => e.code === 'LongDistanceRttExceeded');
    expect(reason?.message).toContain('150 milliseconds');
    expect(reason?.message).toContain('180 ms');
    expect(() => lab.engine.startMigration(exportApp01(lab), ADMIN, BRANCH)).toThrow('150 milliseconds');
    // The refusal is in the Events tab of the vCenter it was sent to.
    expect(
      lab.engine.events
        .all(VC1)
        .some(
          (e) => e.type === 'VmRelocateFailedEvent' && e.severity === 'error' && e.message.includes('180 ms'),
        ),
    ).toBe(true);
    lab.vm('app-01').powerState = 'poweredOff';
    expect(lab.engine.checkMigration(exportApp01(lab)).vms[0].errors.map((e) => e.code)).not.toContain(
      'LongDistanceRttExceeded',
    );
  });
});

describe('vMotion priority needs CPU headroom when high', () => {
  const toW02 = (lab: Lab, priority: 'high' | 'normal') =>
    req({
      vcenterId: VC1,
      vmIds: [lab.vm('web-01').id],
      type: 'compute',
      hostId: lab.host('esx70-02.corp.local').id,
      priority,
    });

  for (const busy of ['esx70-02.corp.local', 'esx70-01.corp.local']) {
    test(`${busy} at 99.9% CPU: high priority does not start, regular priority does`, () => {
      const lab = defaultLab();
      setHostCpuUsage(lab.world, lab.host(busy).id, 99.9);
      const high = lab.engine.startMigration(toW02(lab, 'high'), ADMIN);
      lab.clock.advance(600_000);
      const t = lab.engine.tasks.get(high.migrations[0].taskId)!;
      expect(t.state).toBe('error');
      expect(t.error).toContain(`Insufficient CPU resources on host '${busy}'`);
      expect(t.phases.some((p) => /pre-copy/.test(p.name))).toBe(false);
      expect(lab.vm('web-01').hostId).toBe(lab.host('esx70-01.corp.local').id);
      expect(
        lab.engine.events
          .all(VC1)
          .some((e) => e.type === 'VmFailedMigrateEvent' && e.message.includes('Insufficient CPU')),
      ).toBe(true);

      const normal = lab.engine.startMigration(toW02(lab, 'normal'), ADMIN);
      lab.clock.advance(600_000);
      expect(lab.engine.tasks.get(normal.migrations[0].taskId)!.state).toBe('success');
    });
  }

  test('an idle host gives high priority its reservation', () => {
    const lab = defaultLab();
    const r = lab.engine.startMigration(toW02(lab, 'high'), ADMIN);
    lab.clock.advance(600_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
  });
});

describe('lab state', () => {
  test('blocked ports, round-trip times and CPU usage are saved with the lab', () => {
    const lab = defaultLab();
    setPortBlocked(lab.world, lab.host('esx-w01.branch.example').id, 902, true);
    setSiteRtt(lab.world, VC1, VC2, 40);
    setHostCpuUsage(lab.world, lab.host('esx70-02.corp.local').id, 95);
    const { engine } = restoreEngineState(parseEngineState(serializeEngineState(lab.engine)), {
      drsIntervalMs: null,
    });
    const hosts = [...engine.world.hosts.values()];
    expect(hosts.find((h) => h.name === 'esx-w01.branch.example')!.blockedPorts).toEqual([902]);
    expect(hosts.find((h) => h.name === 'esx70-02.corp.local')!.cpuUsagePercent).toBe(95);
    expect(engine.world.vcenters.get(VC2)!.siteRttMs).toEqual({ [VC1]: 40 });
  });

  test('bad inputs are refused with the field named and change nothing', () => {
    const lab = defaultLab();
    const w01 = lab.host('esx-w01.branch.example');
    expect(() => setPortBlocked(lab.world, w01.id, 443, true)).toThrow(/902 \(NFC\) or 8000 \(vMotion\)/);
    expect(() => setPortBlocked(lab.world, 'nope', 902, true)).toThrow(/no host "nope"/);
    expect(() => setSiteRtt(lab.world, VC1, VC1, 10)).toThrow(/two different vCenters/);
    expect(w01.blockedPorts).toBeUndefined();
    expect(lab.vc('vcsa01').siteRttMs).toBeUndefined();
  });
});

describe('scenario fields', () => {
  const defaultScenario = () =>
    JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../resources/labs/default.json'), 'utf8'),
    ) as {
      vcenters: {
        key: string;
        siteRttMs?: Record<string, number>;
        datacenters: { clusters: { hosts: Record<string, unknown>[] }[] }[];
      }[];
    };

  test('blockedPorts, cpuUsagePercent and siteRttMs load into the world (both sides of a pair)', () => {
    const sc = defaultScenario();
    const vc1 = sc.vcenters.find((v) => v.key === 'vcsa01')!;
    vc1.siteRttMs = { vcsa02: 35 };
    const host = vc1.datacenters[0].clusters[0].hosts[0];
    host.blockedPorts = [8000, 902];
    host.cpuUsagePercent = 80;
    const world = loadScenario(sc);
    const loaded = [...world.hosts.values()].find((h) => h.name === host.name)!;
    expect(loaded.blockedPorts).toEqual([902, 8000]);
    expect(loaded.cpuUsagePercent).toBe(80);
    expect(world.vcenters.get(VC2)!.siteRttMs).toEqual({ [VC1]: 35 });
  });

  test('a port other than 902/8000 or an unknown vCenter key is refused with the field named', () => {
    const bad = defaultScenario();
    bad.vcenters[0].datacenters[0].clusters[0].hosts[0].blockedPorts = [443];
    expect(() => loadScenario(bad)).toThrow(/blockedPorts/);
    const unknown = defaultScenario();
    unknown.vcenters[0].siteRttMs = { nowhere: 10 };
    expect(() => loadScenario(unknown)).toThrow(/siteRttMs\.nowhere.*no other vCenter/);
  });
});

describe('the host Summary shows the lab controls an admin set', () => {
  test('blocked ports appear (and go again) and CPU usage is shown', () => {
    const lab = defaultLab();
    const w01 = lab.host('esx-w01.branch.example');
    const field = (label: string) =>
      objectSummary(lab.world, w01.id).fields.find((f) => f.label === label)?.value;
    expect(field('Blocked ports (lab)')).toBeUndefined();
    setPortBlocked(lab.world, w01.id, 902, true);
    setPortBlocked(lab.world, w01.id, 8000, true);
    setHostCpuUsage(lab.world, w01.id, 85);
    expect(field('Blocked ports (lab)')).toBe('TCP 902, TCP 8000');
    expect(field('CPU usage')).toBe('85 %');
    setPortBlocked(lab.world, w01.id, 902, false);
    setPortBlocked(lab.world, w01.id, 8000, false);
    expect(field('Blocked ports (lab)')).toBeUndefined();
  });
});

describe('how long the compatibility check takes to answer', () => {
  test('at once with the paths open; only a hanging check (902 blocked) makes the wizard wait', () => {
    const lab = defaultLab();
    const open = lab.engine.checkMigration(exportApp01(lab));
    expect(open.ok).toBe(true);
    expect(open.answersAfterMs).toBeUndefined();
    setPortBlocked(lab.world, lab.host('esx-w01.branch.example').id, 8000, true);
    expect(lab.engine.checkMigration(exportApp01(lab)).answersAfterMs).toBeUndefined();
  });
});
