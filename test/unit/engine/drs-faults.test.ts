import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab } from './fixture';

const REMOTE = 'The virtual machine has a currently connected device with a remote backing.';

describe('DRS faults: the VMs DRS wants to move and cannot, with the check that stops them', () => {
  test('maintenance mode: build-agent-07 (a VMRC-attached ISO on ESXi 6.7) is listed with the remote-backing error until the ISO is detached', () => {
    const lab = defaultLab();
    const cluster = lab.cluster('Legacy-Cluster-67');
    const host = lab.host('esx67-02.corp.local');
    const agent = lab.vm('build-agent-07');
    expect(lab.engine.drsStatus(cluster.id).faults).toEqual([]);
    lab.engine.enterMaintenance(host.id, ADMIN);
    lab.clock.advance(30 * 60_000);
    expect(lab.engine.drsStatus(cluster.id).faults).toEqual([
      {
        vmId: agent.id,
        vmName: 'build-agent-07',
        hostId: host.id,
        hostName: 'esx67-02.corp.local',
        operation: 'maintenance',
        reason: REMOTE,
      },
    ]);
    lab.updates.length = 0;
    lab.engine.detachIso(agent.id, undefined, ADMIN);
    lab.engine.flush();
    // Clients showing the faults are told, so the dialog refreshes without "Run DRS now".
    expect(lab.updates.flatMap((u) => u.drsChanged)).toContain(cluster.id);
    expect(lab.engine.drsStatus(cluster.id).faults).toEqual([]);
  });

  test('a client ISO attached or disconnected elsewhere tells DRS clients of the cluster', () => {
    const lab = defaultLab();
    const agent = lab.vm('build-agent-07');
    const cluster = lab.cluster('Legacy-Cluster-67');
    const told = (change: () => void): string[] => {
      lab.engine.flush();
      lab.updates.length = 0;
      change();
      lab.engine.flush();
      return lab.updates.flatMap((u) => u.drsChanged);
    };
    expect(told(() => lab.engine.detachIso(agent.id, undefined, ADMIN))).toEqual([cluster.id]);
    const session = lab.engine.openConsole(agent.id, ADMIN);
    expect(told(() => lab.engine.attachIso(agent.id, '/isos/x.iso', undefined, ADMIN))).toEqual([cluster.id]);
    expect(told(() => lab.engine.closeConsole(session.id, ADMIN))).toEqual([cluster.id]);
  });

  test('balancing: a VM the checks refuse is listed instead of silently skipped', () => {
    const lab = defaultLab();
    const cluster = lab.cluster('Legacy-Cluster-67');
    lab.engine.setDrsMode(cluster.id, 'manual');
    const busy = lab.host('esx67-02.corp.local');
    const agent = lab.vm('build-agent-07');
    // Every running VM of the cluster on build-agent-07's host, the agent by far the biggest.
    for (const vm of lab.world.vmsOnHost(lab.host('esx67-01.corp.local').id)) vm.hostId = busy.id;
    agent.memoryMB = 64 * 1024;
    lab.world.touch();
    const status = lab.engine.runDrs(cluster.id);
    expect(status.imbalance).toBeGreaterThan(status.target);
    expect(status.faults).toContainEqual({
      vmId: agent.id,
      vmName: 'build-agent-07',
      hostId: busy.id,
      hostName: 'esx67-02.corp.local',
      operation: 'balance',
      reason: REMOTE,
    });
    expect(status.recommendations.map((r) => r.vmName)).not.toContain('build-agent-07');
  });

  test('a cluster with DRS off lists no faults', () => {
    const lab = defaultLab();
    const cluster = lab.cluster('Legacy-Cluster-67');
    lab.engine.setDrsMode(cluster.id, 'off');
    lab.engine.enterMaintenance(lab.host('esx67-02.corp.local').id, ADMIN);
    lab.clock.advance(30 * 60_000);
    expect(lab.engine.drsStatus(cluster.id).faults).toEqual([]);
  });
});
