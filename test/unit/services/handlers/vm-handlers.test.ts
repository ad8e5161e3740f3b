import { describe, expect, it } from 'vitest';
import { acceptCertificate, createTestLab, VC1 } from '../lab-fixture';

describe('vm.power', () => {
  it('needs a session on the VM’s vCenter, a known VM and a known action', async () => {
    const t = createTestLab();
    const vm = [...t.lab.world.vms.values()].find((v) => v.name === 'web-01')!;
    expect((await t.fail('vm.power', { vmId: vm.id, action: 'powerOff' })).code).toBe('not-authenticated');
    await acceptCertificate(t, VC1.address);
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    expect((await t.fail('vm.power', { vmId: 'vcsa01:vm-0', action: 'powerOff' })).code).toBe('not-found');
    const bad = await t.fail('vm.power', { vmId: vm.id, action: 'hibernate' as never });
    expect(bad).toMatchObject({ code: 'invalid-argument', field: 'action' });
    expect(vm.powerState).toBe('poweredOn');
  });

  it('answers the task it started, initiated by the signed-in user', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    const vm = [...t.lab.world.vms.values()].find((v) => v.name === 'web-01')!;
    const task = await t.call('vm.power', { vmId: vm.id, action: 'powerOff' });
    expect(task).toMatchObject({ name: 'Power Off virtual machine', targetId: vm.id, initiator: VC1.user });
    expect(['running', 'success']).toContain(task.state);
  });
});
