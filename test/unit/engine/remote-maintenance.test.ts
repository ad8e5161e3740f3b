import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const REMOTE = 'The virtual machine has a currently connected device with a remote backing.';

describe('seed story: build-agent-07 with a local ISO through VMRC', () => {
  test('on the 6.7 cluster it blocks maintenance mode: the host stays entering, the task waits with the reason', () => {
    const lab = defaultLab();
    const agent = lab.vm('build-agent-07');
    const host = lab.host('esx67-02.corp.local');
    const task = lab.engine.enterMaintenance(host.id, ADMIN);
    lab.clock.advance(30 * 60_000);
    const t = lab.engine.tasks.get(task.id)!;
    expect(t).toMatchObject({ name: 'Enter maintenance mode', state: 'running', progress: 2 });
    expect(host.maintenance).toBe('entering');
    expect(t.waitingFor).toEqual([{ targetId: agent.id, targetName: 'build-agent-07', reason: REMOTE }]);
    // The other running VM on the host was evacuated; the blocked one is still there, still running.
    expect(
      lab.world
        .vmsOnHost(host.id)
        .filter((v) => v.powerState === 'poweredOn')
        .map((v) => v.name),
    ).toEqual(['build-agent-07']);
    // The admin detaches the ISO: the next evaluation moves the VM and the host enters maintenance.
    lab.engine.detachIso(agent.id, undefined, ADMIN);
    lab.clock.advance(10 * 60_000);
    expect(lab.engine.tasks.get(task.id)!.state).toBe('success');
    expect(host.maintenance).toBe('inMaintenance');
    expect(lab.engine.events.all(VC1).map((e) => e.message)).toContain(
      'Host esx67-02.corp.local in Datacenter-East has entered maintenance mode',
    );
  });

  test('a direct migration on 6.7 hosts is blocked in the compatibility panel with the remote-backing error', () => {
    const lab = defaultLab();
    const r = lab.engine.checkMigration(
      req({
        vcenterId: VC1,
        vmIds: [lab.vm('build-agent-07').id],
        type: 'compute',
        hostId: lab.host('esx67-01.corp.local').id,
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.vms[0].errors).toContainEqual({ code: 'RemoteDeviceNotSupported', message: REMOTE });
    expect(() =>
      lab.engine.startMigration(
        req({
          vcenterId: VC1,
          vmIds: [lab.vm('build-agent-07').id],
          type: 'compute',
          hostId: lab.host('esx67-01.corp.local').id,
        }),
        ADMIN,
      ),
    ).toThrow(REMOTE);
  });

  test('the same VM on 7.0 hosts migrates: disconnect with cookie, marked remote, console drops, reconnects through VMRC', () => {
    const lab = defaultLab();
    const agent = lab.vm('build-agent-07');
    // Put the agent on the 7.0 cluster (as after an upgrade): same ISO, same open console.
    agent.hostId = lab.host('esx70-01.corp.local').id;
    agent.nics[0].networkId = lab.net('DPG-Prod-VLAN100').id;
    lab.world.touch();
    expect(lab.engine.remote.list(agent.id)).toHaveLength(1);
    const r = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [agent.id], type: 'compute', hostId: lab.host('esx70-02.corp.local').id }),
      ADMIN,
    );
    lab.clock.advance(120_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
    const types = lab.engine.events
      .all(VC1)
      .filter((e) => e.objectId === agent.id)
      .map((e) => e.type);
    const order = [
      'VmRemoteDeviceDisconnectedEvent',
      'VmRemoteDeviceMarkedEvent',
      'VmRemoteConsoleDisconnectedEvent',
      'VmRemoteConsoleConnectedEvent',
      'VmRemoteDeviceConnectedEvent',
      'VmRemoteDeviceAccessCompletedEvent',
      'VmMigratedEvent',
    ];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    const msgs = lab.engine.events.all(VC1).map((e) => e.message);
    expect(
      msgs.some((m) =>
        /disconnect sent to source host esx70-01.corp.local with session cookie [0-9a-f]{8}/.test(m),
      ),
    ).toBe(true);
    expect(msgs).toContain(
      "Remote device 'CD/DVD drive 1' of build-agent-07 reconnected through VMRC on host esx70-02.corp.local",
    );
    const moved = lab.world.vms.get(agent.id)!;
    expect(moved.cdroms[0]).toMatchObject({ connected: true, backing: { type: 'remoteIso' } });
    expect(lab.engine.remote.list(agent.id)[0].state).toBe('connected');
  });

  test('VMRC: attaching a local ISO needs an open console; closing the last console disconnects it', () => {
    const lab = defaultLab();
    const web = lab.vm('web-01');
    expect(() => lab.engine.attachIso(web.id, 'C:\\iso\\tools.iso', undefined, ADMIN)).toThrow(
      /Open a console \(VMRC\)/,
    );
    const s = lab.engine.openConsole(web.id, ADMIN);
    lab.engine.attachIso(web.id, 'C:\\iso\\tools.iso', undefined, ADMIN);
    expect(web.cdroms[0]).toMatchObject({
      connected: true,
      backing: { type: 'remoteIso', path: 'C:\\iso\\tools.iso' },
    });
    lab.engine.closeConsole(s.id, ADMIN);
    expect(web.cdroms[0].connected).toBe(false);
  });
});

describe('maintenance mode and DRS', () => {
  test('fully automated: entering evacuates running VMs, leaves powered-off ones registered; exit lets DRS move VMs back', () => {
    const lab = defaultLab();
    const host = lab.host('esx70-03.corp.local');
    const running = lab.world
      .vmsOnHost(host.id)
      .filter((v) => v.powerState === 'poweredOn')
      .map((v) => v.name);
    const off = lab.world
      .vmsOnHost(host.id)
      .filter((v) => v.powerState !== 'poweredOn')
      .map((v) => v.name);
    expect(running.length).toBeGreaterThan(0);
    expect(off).toEqual(['test-03']);
    const task = lab.engine.enterMaintenance(host.id, ADMIN);
    expect(host.maintenance).toBe('entering');
    lab.clock.advance(30 * 60_000);
    expect(lab.engine.tasks.get(task.id)!.state).toBe('success');
    expect(host.maintenance).toBe('inMaintenance');
    expect(lab.world.vmsOnHost(host.id).map((v) => v.name)).toEqual(['test-03']);
    const migrations = lab.engine.tasks.list(VC1).filter((t) => t.name === 'Migrate virtual machine');
    expect(migrations.map((t) => t.targetName).sort()).toEqual([...running].sort());
    lab.engine.exitMaintenance(host.id, ADMIN);
    lab.clock.advance(30 * 60_000);
    expect(host.maintenance).toBe('none');
    expect(lab.world.vmsOnHost(host.id).filter((v) => v.powerState === 'poweredOn').length).toBeGreaterThan(
      0,
    );
    expect(lab.engine.drsStatus(lab.cluster('Prod-Cluster-70').id).imbalance).toBeLessThanOrEqual(0.05);
  });

  test('manual DRS: recommendations with an explained imbalance; "Apply recommendations" runs them', () => {
    const lab = defaultLab();
    const cluster = lab.cluster('Prod-Cluster-70');
    lab.engine.setDrsMode(cluster.id, 'manual');
    const host = lab.host('esx70-01.corp.local');
    for (const vm of lab.world.vmsOnHost(lab.host('esx70-02.corp.local').id)) vm.hostId = host.id;
    lab.world.touch();
    const status = lab.engine.runDrs(cluster.id);
    expect(status.imbalance).toBeGreaterThan(status.target);
    expect(status.recommendations.length).toBeGreaterThan(0);
    const rec = status.recommendations[0];
    expect(rec.imbalanceAfter).toBeLessThan(rec.imbalanceBefore);
    expect(rec.reason).toMatch(/Balance average memory utilisation/);
    const before = status.imbalance;
    const apply = lab.engine.applyRecommendations(cluster.id, undefined, ADMIN);
    expect(apply.name).toBe('Apply recommendations');
    lab.clock.advance(30 * 60_000);
    expect(lab.engine.tasks.get(apply.id)!.state).toBe('success');
    expect(lab.engine.drsStatus(cluster.id).imbalance).toBeLessThan(before);
  });
});

describe('ping monitor', () => {
  test('sub-millisecond replies, and a long (or lost) reply at the switchover', () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-01');
    const mon = lab.engine.ping.start(sql.id);
    const r = lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [sql.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
      ADMIN,
    );
    lab.clock.advance(300_000);
    expect(lab.engine.tasks.get(r.migrations[0].taskId)!.state).toBe('success');
    const samples = lab.engine.ping.samples(mon);
    expect(samples.length).toBeGreaterThan(250);
    const normal = samples.filter((s) => s.rttMs !== null && s.rttMs < 1);
    const odd = samples.filter((s) => s.rttMs === null || s.rttMs >= 1);
    expect(normal.length).toBe(samples.length - 1);
    expect(odd).toHaveLength(1);
    const sw = lab.engine.tasks.get(r.migrations[0].taskId)!.phases.find((p) => p.name === 'Switchover')!;
    expect(odd[0].at).toBeGreaterThanOrEqual(sw.startedAt);
    expect(odd[0].at).toBeLessThanOrEqual(sw.startedAt + 1000);
    expect(lab.updates.some((u) => u.pings.length > 0)).toBe(true);
  });
});
