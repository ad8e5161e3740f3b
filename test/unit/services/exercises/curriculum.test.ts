/**
 * Every built-in exercise solved through the contract, as a learner would in the UI, and graded
 * passed; and a wrong solution of each graded failed. The engine's clock is paused and moved by the
 * test, so nothing here waits on wall time.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startExercise, VC67, type ExerciseLab } from './exercise-fixture';
import { VC1, VC2 } from '../lab-fixture';

let labs: ExerciseLab[] = [];
afterEach(() => {
  labs.forEach((l) => l.lab.dispose());
  labs = [];
});
async function start(id: string): Promise<ExerciseLab> {
  const l = await startExercise(id);
  labs.push(l);
  return l;
}

async function expectPassed(l: ExerciseLab): Promise<void> {
  const s = await l.runToEnd();
  expect(s.objectives.filter((o) => !o.done)).toEqual([]);
  expect(s.state).toBe('passed');
  const r = await l.report();
  expect(r).toMatchObject({ state: 'passed', outcome: 'Every goal met.' });
  expect(r.score).toBeGreaterThan(0);
}

async function expectFailed(l: ExerciseLab): Promise<void> {
  l.run(600_000);
  const r = await l.report();
  expect(r.state).toBe('failed');
  expect(r.objectives.some((o) => !o.done)).toBe(true);
}

describe('01 maintenance mode hangs on a VMRC-attached ISO (ESXi 6.7)', () => {
  const id = '01-maintenance-vmrc-esxi67';
  test('detaching the client ISO lets the host finish entering maintenance mode: passed', async () => {
    const l = await start(id);
    await l.call('host.enterMaintenance', { hostId: l.id('esx67-02.corp.local') });
    l.run(30 * 60_000);
    expect((await l.status()).state).toBe('running'); // it hangs: build-agent-07 cannot move
    await l.call('vmrc.detachIso', { vmId: l.id('build-agent-07') });
    await expectPassed(l);
  });
  test('cancelling the maintenance task and handing in: failed', async () => {
    const l = await start(id);
    const task = await l.call('host.enterMaintenance', { hostId: l.id('esx67-02.corp.local') });
    l.run(10 * 60_000);
    await l.call('tasks.cancel', { vcenterId: VC1.id, taskId: task.id });
    await expectFailed(l);
  });
});

describe('02 evacuate an ESXi 7.0 host with a VMRC-attached ISO', () => {
  const id = '02-maintenance-vmrc-esxi70';
  test('entering maintenance mode moves monitor-01 with its device, which reconnects: passed', async () => {
    const l = await start(id);
    await l.call('host.enterMaintenance', { hostId: l.id('esx70-04.corp.local') });
    await expectPassed(l);
  });
  test('detaching the ISO first: the device never reconnects, failed', async () => {
    const l = await start(id);
    await l.call('vmrc.detachIso', { vmId: l.id('monitor-01') });
    await l.call('host.enterMaintenance', { hostId: l.id('esx70-04.corp.local') });
    await expectFailed(l);
  });
});

/** The export of 03 and 05: app-04 / web-06 to the branch vCenter. */
async function exportToBranch(
  l: ExerciseLab,
  vm: string,
  datastore: string,
  network: string,
  diskFormat: 'thin' | 'thickLazyZeroed' | 'sameAsSource',
) {
  return l.call('migration.start', {
    vcenterId: VC1.id,
    vmIds: [l.id(vm)],
    type: 'crossVcenter',
    clusterId: l.id('West-Cluster'),
    datastoreId: l.id(datastore),
    networkId: l.id(network),
    diskFormat,
  });
}

describe('03 Cross vCenter Server export to another SSO domain', () => {
  const id = '03-xvm-export-new-sso';
  async function meetNewCertificate(l: ExerciseLab): Promise<void> {
    const check = await l.call('cert.get', { address: VC2.address });
    expect(check.trust).toBe('changed');
    await l.call('cert.retrust', {
      address: VC2.address,
      previousThumbprint: check.trustedThumbprint!,
      thumbprint: check.certificate.thumbprint,
    });
    await l.call('session.login', { address: VC2.address, user: VC2.user, password: VC2.password });
  }
  test('export with thin disks after accepting the new certificate: passed', async () => {
    const l = await start(id);
    await meetNewCertificate(l);
    await exportToBranch(l, 'app-04', 'West-vsanDatastore', 'DPG-West-Prod', 'thin');
    await expectPassed(l);
  });
  test('export keeping thick disks: failed', async () => {
    const l = await start(id);
    await meetNewCertificate(l);
    await exportToBranch(l, 'app-04', 'West-vsanDatastore', 'DPG-West-Prod', 'thickLazyZeroed');
    await expectFailed(l);
  });
});

describe('04 Import VMs from the 6.7 vCenter', () => {
  const id = '04-import-from-67';
  const importVms = (l: ExerciseLab, names: string[]) =>
    l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: names.map((n) => l.id(n)),
      type: 'crossVcenter',
      clusterId: l.id('Prod-Cluster-70'),
      datastoreId: l.id('SAN-LUN-01'),
      networkId: l.id('DPG-App-VLAN110'),
    });
  test('importing crm-01 and crm-02 into Prod-Cluster-70: passed', async () => {
    const l = await start(id);
    await importVms(l, ['crm-01', 'crm-02']);
    await expectPassed(l);
  });
  test('mixing power states is refused (a mistake), and importing one VM is not enough: failed', async () => {
    const l = await start(id);
    await l.fail('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('crm-01'), l.id('archive-01')],
      type: 'crossVcenter',
      clusterId: l.id('Prod-Cluster-70'),
      datastoreId: l.id('SAN-LUN-01'),
      networkId: l.id('DPG-App-VLAN110'),
    });
    expect((await l.status()).mistakes.map((m) => m.kind)).toEqual(['refused']);
    await importVms(l, ['crm-01']);
    await expectFailed(l);
    expect(VC67.id).toBe(l.lab.world.vms.get(l.id('crm-02'))!.vcenterId);
  });
});

describe('05 network mapping across vCenters', () => {
  const id = '05-network-mapping';
  test('mapping the adapter to DPG-West-DMZ: passed', async () => {
    const l = await start(id);
    await exportToBranch(l, 'web-06', 'West-NFS-01', 'DPG-West-DMZ', 'sameAsSource');
    await expectPassed(l);
  });
  test('no network chosen is refused ("… not accessible"), then the wrong port group: failed', async () => {
    const l = await start(id);
    const refused = await l.fail('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('web-06')],
      type: 'crossVcenter',
      clusterId: l.id('West-Cluster'),
      datastoreId: l.id('West-NFS-01'),
    });
    expect(refused.message).toContain('which is not accessible');
    await exportToBranch(l, 'web-06', 'West-NFS-01', 'DPG-West-Prod', 'sameAsSource');
    await expectFailed(l);
    const r = await l.report();
    expect(r.mistakes.map((m) => m.kind)).toEqual(['refused']);
    expect(r.scoreLines.at(-1)).toEqual({ label: '1 mistake(s)', points: -5 });
  });
});

describe('06 five vMotions on a 1 GbE host', () => {
  const id = '06-queue-1gbe';
  const four = ['erp-legacy-01', 'erp-legacy-02', 'erp-legacy-04', 'erp-legacy-05'];
  const move = (l: ExerciseLab, names: string[], host: string) =>
    l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: names.map((n) => l.id(n)),
      type: 'compute',
      hostId: l.id(host),
    });
  test('four in and one out at once: the fifth waits in the queue, all arrive: passed', async () => {
    const l = await start(id);
    await move(l, four, 'esx67-03.corp.local');
    const out = await move(l, ['erp-legacy-03'], 'esx67-01.corp.local');
    expect(l.lab.engine.tasks.get(out.migrations[0].taskId)!.state).toBe('queued');
    await expectPassed(l);
  });
  test('erp-legacy-03 moved first, the others after it finished: nothing queued, failed', async () => {
    const l = await start(id);
    await move(l, ['erp-legacy-03'], 'esx67-01.corp.local');
    l.run(10 * 60_000);
    await move(l, four, 'esx67-03.corp.local');
    l.run(60 * 60_000);
    await expectFailed(l);
    const r = await l.report();
    expect(r.objectives.filter((o) => !o.done).map((o) => o.id)).toEqual(['one-waited']);
  });
});

describe('07 a failure mid-vMotion and its rollback', () => {
  const id = '07-failure-rollback';
  const move = (l: ExerciseLab) =>
    l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('sql-01')],
      type: 'compute',
      hostId: l.id('esx70-02.corp.local'),
    });
  test('the first attempt fails and rolls back, the retry succeeds: passed without mistakes', async () => {
    const l = await start(id);
    await move(l);
    l.run(30 * 60_000);
    const s = await l.status();
    expect(s.objectives.find((o) => o.id === 'first-failed')!.done).toBe(true);
    expect(l.lab.world.hosts.get(l.lab.world.vms.get(l.id('sql-01'))!.hostId)!.name).toBe(
      'esx70-03.corp.local',
    );
    await move(l);
    await expectPassed(l);
    expect((await l.report()).mistakes).toEqual([]);
  });
  test('giving up after the failure: failed', async () => {
    const l = await start(id);
    await move(l);
    await expectFailed(l);
  });
});

describe('09 cold migration, then power on', () => {
  const id = '09-cold-migration-power-on';
  const coldMove = (l: ExerciseLab) =>
    l.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: [l.id('test-03')],
      type: 'compute',
      hostId: l.id('esx70-04.corp.local'),
    });
  test('moving test-03 powered off, then powering it on there: passed', async () => {
    const l = await start(id);
    expect(l.lab.world.vms.get(l.id('test-03'))!.powerState).toBe('poweredOff');
    await coldMove(l);
    l.run(30 * 60_000);
    await l.call('vm.power', { vmId: l.id('test-03'), action: 'powerOn' });
    await expectPassed(l);
  });
  test('powering test-03 on where it is, without moving it: failed', async () => {
    const l = await start(id);
    await l.call('vm.power', { vmId: l.id('test-03'), action: 'powerOn' });
    await expectFailed(l);
    const r = await l.report();
    expect(r.objectives.filter((o) => !o.done).map((o) => o.id)).toEqual(['on-04-running']);
  });
});

describe('08 port 902 blocked between the sites', () => {
  const id = '08-blocked-port-902';
  const exportApp01 = (l: ExerciseLab, host: string) => ({
    vcenterId: VC1.id,
    vmIds: [l.id('app-01')],
    type: 'crossVcenter' as const,
    hostId: l.id(host),
    datastoreId: l.id('West-vsanDatastore'),
    networkId: l.id('DPG-West-Prod'),
  });
  test('the check takes too long; opening TCP 902 on esx-w01 and exporting again: passed', async () => {
    const l = await start(id);
    // What the wizard's compatibility panel shows, with Next disabled.
    const check = await l.call('migration.check', exportApp01(l, 'esx-w01.branch.example'));
    expect(check.ok).toBe(false);
    expect(check.vms[0].errors.map((e) => e.message)).toContain(
      'Compatibility check took too long to complete',
    );
    const paths = await l.call('lab.setPortBlocked', {
      hostId: l.id('esx-w01.branch.example'),
      port: 902,
      blocked: false,
    });
    expect(paths.ports.find((p) => p.port === 902)!.blocked).toBe(false);
    expect((await l.call('migration.check', exportApp01(l, 'esx-w01.branch.example'))).ok).toBe(true);
    await l.call('migration.start', exportApp01(l, 'esx-w01.branch.example'));
    await expectPassed(l);
  });
  test('started anyway through the API, the export hangs and fails; routing around to esx-w02: failed', async () => {
    const l = await start(id);
    const r = await l.call('migration.start', exportApp01(l, 'esx-w01.branch.example'));
    l.run(5 * 60_000);
    const task = l.lab.engine.tasks.get(r.migrations[0].taskId)!;
    expect(task).toMatchObject({ state: 'error', error: 'Compatibility check took too long to complete' });
    expect(l.lab.world.vms.get(l.id('app-01'))!.vcenterId).toBe(VC1.id);
    expect((await l.status()).mistakes.map((m) => m.kind)).toContain('taskFailed');
    await l.call('migration.start', exportApp01(l, 'esx-w02.branch.example'));
    await expectFailed(l);
    const rep = await l.report();
    expect(rep.objectives.filter((o) => !o.done).map((o) => o.id)).toEqual(['port-opened', 'in-branch']);
  });
});
