import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';
const TOOLS = 'Cannot complete operation because VMware Tools is not running in this virtual machine.';

const eventsOf = (lab: ReturnType<typeof defaultLab>, vmId: string) =>
  lab.engine.events.all(VC1).filter((e) => e.objectId === vmId);

describe('power operations: tasks and events as vCenter shows them', () => {
  test('each action starts its task with the vSphere Client name and ends with the power state it promises', () => {
    const lab = defaultLab();
    const vm = lab.vm('web-01');
    const run = (action: Parameters<typeof lab.engine.powerVm>[1]) => {
      const t = lab.engine.powerVm(vm.id, action, ADMIN);
      lab.clock.advance(120_000);
      return lab.engine.tasks.get(t.id)!;
    };
    expect(run('suspend')).toMatchObject({ name: 'Suspend virtual machine', state: 'success' });
    expect(vm.powerState).toBe('suspended');
    expect(run('powerOn')).toMatchObject({ name: 'Power On virtual machine', state: 'success' });
    expect(vm.powerState).toBe('poweredOn');
    expect(run('reset')).toMatchObject({ name: 'Reset virtual machine', state: 'success' });
    expect(run('restartGuest')).toMatchObject({ name: 'Initiate guest OS reboot', state: 'success' });
    expect(vm.powerState).toBe('poweredOn');
    expect(run('shutdownGuest')).toMatchObject({ name: 'Initiate guest OS shutdown', state: 'success' });
    expect(vm.powerState).toBe('poweredOff');
    expect(run('powerOn').state).toBe('success');
    expect(run('powerOff')).toMatchObject({ name: 'Power Off virtual machine', state: 'success' });
    expect(vm.powerState).toBe('poweredOff');
    const types = eventsOf(lab, vm.id).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'VmSuspendingEvent',
        'VmSuspendedEvent',
        'VmResumingEvent',
        'VmPoweredOnEvent',
        'VmResettingEvent',
        'VmGuestRebootEvent',
        'VmGuestShutdownEvent',
        'VmStartingEvent',
        'VmStoppingEvent',
        'VmPoweredOffEvent',
      ]),
    );
    expect(eventsOf(lab, vm.id).map((e) => e.message)).toContain(
      'web-01 on esx70-01.corp.local in Datacenter-East is powered off',
    );
  });

  test('guest shutdown reports success at once; the VM powers off when the guest has shut down', () => {
    const lab = defaultLab();
    const vm = lab.vm('app-01');
    const t = lab.engine.powerVm(vm.id, 'shutdownGuest', ADMIN);
    lab.clock.advance(1000);
    expect(lab.engine.tasks.get(t.id)!.state).toBe('success');
    expect(vm.powerState).toBe('poweredOn');
    lab.clock.advance(60_000);
    expect(vm.powerState).toBe('poweredOff');
  });

  test('guest shutdown and reboot need VMware Tools running: not installed, or the guest still booting', () => {
    const lab = defaultLab();
    const vm = lab.vm('web-02');
    vm.toolsInstalled = false;
    const t = lab.engine.powerVm(vm.id, 'shutdownGuest', ADMIN);
    expect(t).toMatchObject({ name: 'Initiate guest OS shutdown', state: 'error', error: TOOLS });
    expect(lab.engine.powerVm(vm.id, 'restartGuest', ADMIN)).toMatchObject({ state: 'error', error: TOOLS });
    expect(vm.powerState).toBe('poweredOn');
    expect(eventsOf(lab, vm.id).find((e) => e.type === 'VmFailedToShutdownGuestEvent')).toMatchObject({
      severity: 'error',
    });

    vm.toolsInstalled = true;
    lab.engine.powerVm(vm.id, 'reset', ADMIN);
    lab.clock.advance(2000);
    // Rebooting: Tools answers only once the guest is up again.
    expect(lab.engine.powerVm(vm.id, 'shutdownGuest', ADMIN)).toMatchObject({ state: 'error', error: TOOLS });
    lab.clock.advance(120_000);
    const ok = lab.engine.powerVm(vm.id, 'shutdownGuest', ADMIN);
    lab.clock.advance(1000);
    expect(lab.engine.tasks.get(ok.id)!.state).toBe('success');
  });

  test('an action the power state does not allow fails with InvalidPowerState; nothing changes', () => {
    const lab = defaultLab();
    const on = lab.vm('web-03');
    expect(lab.engine.powerVm(on.id, 'powerOn', ADMIN)).toMatchObject({
      state: 'error',
      error: 'The attempted operation cannot be performed in the current state (Powered on).',
    });
    const off = lab.vm('test-03');
    for (const action of ['powerOff', 'suspend', 'reset', 'shutdownGuest'] as const) {
      expect(lab.engine.powerVm(off.id, action, ADMIN).error).toBe(
        'The attempted operation cannot be performed in the current state (Powered off).',
      );
    }
    expect(on.powerState).toBe('poweredOn');
    expect(off.powerState).toBe('poweredOff');
    expect(() => lab.engine.powerVm('vcsa01:vm-nope', 'powerOn', ADMIN)).toThrow(/No virtual machine/);
  });

  test('a VM being migrated, or already in a power task, refuses with TaskInProgress', () => {
    const lab = defaultLab();
    const vm = lab.vm('web-04');
    lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [vm.id], type: 'compute', hostId: lab.host('esx70-01.corp.local').id }),
      ADMIN,
    );
    expect(lab.engine.powerVm(vm.id, 'powerOff', ADMIN).error).toBe('Another task is already in progress.');
    const other = lab.vm('web-05');
    lab.engine.powerVm(other.id, 'suspend', ADMIN);
    expect(lab.engine.powerVm(other.id, 'powerOff', ADMIN).error).toBe(
      'Another task is already in progress.',
    );
  });

  test('powering on in a fully automated DRS cluster lets DRS place the VM on the least loaded host', () => {
    const lab = defaultLab();
    const vm = lab.vm('test-03');
    const cluster = lab.cluster('Prod-Cluster-70');
    const loads = lab.engine.drs
      .activeHosts(cluster.id)
      .map((h) => ({ h, load: lab.engine.drs.hostLoad(h) }))
      .sort((a, b) => a.load - b.load);
    const registered = vm.hostId;
    // The least loaded host is not where the VM is registered (else DRS would have nothing to do).
    expect(loads[0].h.id).not.toBe(registered);
    const t = lab.engine.powerVm(vm.id, 'powerOn', ADMIN);
    lab.clock.advance(60_000);
    expect(lab.engine.tasks.get(t.id)!.state).toBe('success');
    expect(vm.hostId).toBe(loads[0].h.id);
    expect(vm.powerState).toBe('poweredOn');
    expect(eventsOf(lab, vm.id).map((e) => e.message)).toContain(
      `DRS powered On test-03 on ${loads[0].h.name} in Datacenter-East`,
    );
  });

  test('without DRS placement, a VM on a host in maintenance mode does not power on', () => {
    const lab = defaultLab();
    const vm = lab.vm('archive-01');
    const host = lab.world.hosts.get(vm.hostId)!;
    lab.engine.setDrsMode(host.clusterId!, 'off');
    host.maintenance = 'inMaintenance';
    expect(lab.engine.powerVm(vm.id, 'powerOn', ADMIN)).toMatchObject({
      state: 'error',
      error: 'The operation is not allowed in the current state of the host.',
    });
    expect(vm.powerState).toBe('poweredOff');
  });
});

describe('seed story: the VMRC-ISO VM keeps its 6.7 host "Entering maintenance mode"', () => {
  test('powering that VM off is the other way out: the host enters maintenance mode', () => {
    const lab = defaultLab();
    const agent = lab.vm('build-agent-07');
    const host = lab.host('esx67-02.corp.local');
    const enter = lab.engine.enterMaintenance(host.id, ADMIN);
    lab.clock.advance(30 * 60_000);
    expect(host.maintenance).toBe('entering');
    expect(lab.engine.tasks.get(enter.id)!.waitingFor.map((w) => w.targetName)).toEqual(['build-agent-07']);

    const off = lab.engine.powerVm(agent.id, 'powerOff', ADMIN);
    expect(off.name).toBe('Power Off virtual machine');
    lab.clock.advance(5000);
    expect(lab.engine.tasks.get(off.id)!.state).toBe('success');
    expect(agent.powerState).toBe('poweredOff');
    // Powered off, it stays registered on the host and no longer blocks it.
    expect(agent.hostId).toBe(host.id);
    expect(lab.engine.tasks.get(enter.id)!.state).toBe('success');
    expect(host.maintenance).toBe('inMaintenance');
    // The client ISO went with the VMRC-served device.
    expect(agent.cdroms[0].connected).toBe(false);
    const messages = lab.engine.events.all(VC1).map((e) => e.message);
    expect(messages).toContain('build-agent-07 on esx67-02.corp.local in Datacenter-East is powered off');
    expect(messages).toContain('Host esx67-02.corp.local in Datacenter-East has entered maintenance mode');
  });
});

describe('ping while the guest is away', () => {
  test('no replies while the VM is off or its guest boots; replies again once it is up', () => {
    const lab = defaultLab();
    const vm = lab.vm('web-06');
    const mon = lab.engine.ping.start(vm.id);
    lab.clock.advance(10_000);
    lab.engine.powerVm(vm.id, 'reset', ADMIN);
    lab.clock.advance(5_000);
    const during = lab.engine.ping.samples(mon).slice(-3);
    expect(during.every((s) => s.rttMs === null)).toBe(true);
    lab.clock.advance(120_000);
    const after = lab.engine.ping.samples(mon).slice(-3);
    expect(after.every((s) => s.rttMs !== null)).toBe(true);
  });
});
