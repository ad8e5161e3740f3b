import { describe, expect, it } from 'vitest';
import { createTestLab, VC1, VC2 } from '../lab-fixture';

describe('lab.setPortBlocked and the other network-path controls', () => {
  it('refuses bad inputs with the field named and changes nothing', async () => {
    const t = createTestLab();
    const host = [...t.lab.world.hosts.values()].find((h) => h.name === 'esx-w01.branch.example')!;
    const revision = t.lab.world.revision;
    const port = await t.fail('lab.setPortBlocked', { hostId: host.id, port: 443 as never, blocked: true });
    expect(port).toMatchObject({ code: 'invalid-argument', field: 'port' });
    expect(port.message).toContain('902');
    expect(port.message).toContain('8000');
    expect(
      await t.fail('lab.setPortBlocked', { hostId: 'vcsa02:host-99', port: 902, blocked: true }),
    ).toMatchObject({ code: 'not-found', field: 'hostId' });
    expect(
      await t.fail('lab.setPortBlocked', { hostId: host.id, port: 902, blocked: 'yes' as never }),
    ).toMatchObject({ code: 'invalid-argument', field: 'blocked' });
    expect(
      await t.fail('lab.setPortBlocked', { hostId: host.id, port: 902, blocked: true, extra: 1 } as never),
    ).toMatchObject({ code: 'invalid-argument' });
    expect(
      await t.fail('lab.setSiteRtt', { vcenterId: VC1.id, otherVcenterId: VC1.id, rttMs: 20 }),
    ).toMatchObject({ code: 'invalid-argument', field: 'otherVcenterId' });
    expect(
      await t.fail('lab.setSiteRtt', { vcenterId: VC1.id, otherVcenterId: VC2.id, rttMs: -5 }),
    ).toMatchObject({ code: 'invalid-argument', field: 'rttMs' });
    expect(await t.fail('lab.setHostCpuUsage', { hostId: host.id, percent: 140 })).toMatchObject({
      code: 'invalid-argument',
      field: 'percent',
    });
    expect(host.blockedPorts).toBeUndefined();
    expect(host.cpuUsagePercent).toBeUndefined();
    expect(t.lab.world.vcenters.get(VC1.id)!.siteRttMs).toBeUndefined();
    expect(t.lab.world.revision).toBe(revision);
  });

  it('answers the host’s network paths, which lab.networkPaths reads back, and logs the change', async () => {
    const t = createTestLab();
    const host = [...t.lab.world.hosts.values()].find((h) => h.name === 'esx-w01.branch.example')!;
    const paths = await t.call('lab.setPortBlocked', { hostId: host.id, port: 902, blocked: true });
    expect(paths.ports).toEqual([
      expect.objectContaining({ port: 902, blocked: true }),
      expect.objectContaining({ port: 8000, blocked: false }),
    ]);
    await t.call('lab.setSiteRtt', { vcenterId: VC1.id, otherVcenterId: VC2.id, rttMs: 40 });
    const read = await t.call('lab.networkPaths', { hostId: host.id });
    expect(read.ports.find((p) => p.port === 902)!.blocked).toBe(true);
    expect(read.siteRtts.find((r) => r.vcenterId === VC1.id)!.rttMs).toBe(40);
    const events = t.lab.engine.events.all(VC2.id);
    expect(events.some((e) => e.type === 'LabNetworkPathBlockedEvent' && e.objectId === host.id)).toBe(true);
  });
});
