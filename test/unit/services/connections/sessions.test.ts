import { describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE } from '../../../../src/main/services/connections/sessions';
import { acceptCertificate, createTestLab, VC1, VC2, VC_OFF } from '../lab-fixture';

describe('login sessions', () => {
  it('logs in with a vCenter user and password and lists the session', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    const s = await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    expect(s).toMatchObject({ vcenterId: VC1.id, vcenterName: VC1.address, user: VC1.user });
    expect(await t.call('session.list', {})).toHaveLength(1);
    expect(t.lab.sessions.require({ clientId: 'c1' }, VC1.id)).toEqual({ user: VC1.user, vcenterId: VC1.id });
  });

  it('address and user name match case-insensitively; a pasted URL works', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    const s = await t.call('session.login', {
      address: 'https://VCSA-01.Corp.Local/ui/',
      user: 'Administrator@VSPHERE.local',
      password: VC1.password,
    });
    // The session records the SSO account as the vCenter spells it (tasks show it as initiator).
    expect(s.user).toBe(VC1.user);
  });

  it('a wrong password or unknown user gets the vSphere Client message and no session', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    const wrong = await t.fail('session.login', {
      address: VC1.address,
      user: VC1.user,
      password: 'vmware1!',
    });
    expect(wrong).toMatchObject({
      code: 'login-failed',
      message: 'Cannot complete login due to an incorrect user name or password.',
    });
    const nobody = await t.fail('session.login', {
      address: VC1.address,
      user: 'root@vsphere.local',
      password: VC1.password,
    });
    expect(nobody.message).toBe(LOGIN_FAILED_MESSAGE);
    // Another vCenter's user does not log in here.
    const other = await t.fail('session.login', {
      address: VC1.address,
      user: VC2.user,
      password: VC2.password,
    });
    expect(other.code).toBe('login-failed');
    expect(await t.call('session.list', {})).toEqual([]);
  });

  it('an unknown address and a vCenter marked unreachable both give the same "cannot reach" error', async () => {
    const t = createTestLab();
    const unknown = await t.fail('session.login', {
      address: 'vcsa-99.nowhere.local',
      user: 'a',
      password: 'b',
    });
    const off = await t.fail('session.login', {
      address: VC_OFF.address,
      user: VC_OFF.user,
      password: VC_OFF.password,
    });
    expect(unknown.code).toBe('unreachable');
    expect(off.code).toBe('unreachable');
    expect(unknown.message).toMatch(/^Cannot reach the vCenter Server at "vcsa-99.nowhere.local"/);
    expect(off.message).toBe(unknown.message.replace('vcsa-99.nowhere.local', VC_OFF.address));
    // Even asking for its certificate fails: nothing answers there.
    expect((await t.fail('cert.get', { address: VC_OFF.address })).code).toBe('unreachable');
  });

  it('empty fields are rejected with a clear message naming the field', async () => {
    const t = createTestLab();
    const e = await t.fail('session.login', { address: VC1.address, user: VC1.user, password: '' });
    expect(e).toMatchObject({ code: 'invalid-argument', field: 'password' });
    expect(e.message).toContain('enter the password');
  });

  it('a call needing a session without one is refused as not-authenticated', async () => {
    const t = createTestLab();
    expect(() => t.lab.sessions.require({ clientId: 'c1' }, VC1.id)).toThrowError(
      /not logged in to vcsa-01.corp.local/,
    );
  });

  it('sessions expire after the configured idle time; activity keeps them alive', async () => {
    const t = createTestLab({ idleMs: 10 * 60_000 });
    await acceptCertificate(t, VC1.address);
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    t.clock.advance(9 * 60_000);
    t.lab.sessions.require({ clientId: 'c1' }, VC1.id); // activity restarts the idle timer
    t.clock.advance(9 * 60_000);
    expect(t.lab.sessions.require({ clientId: 'c1' }, VC1.id).user).toBe(VC1.user);
    t.clock.advance(10 * 60_000 + 1);
    let error: unknown;
    try {
      t.lab.sessions.require({ clientId: 'c1' }, VC1.id);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'not-authenticated',
      message: expect.stringContaining('expired after 10 minutes'),
    });
    expect(t.pushes.find((p) => p.name === 'session.ended')).toMatchObject({
      clientId: 'c1',
      payload: { vcenterId: VC1.id, reason: 'expired' },
    });
    expect(await t.call('session.list', {})).toEqual([]);
  });

  it('sessions belong to one client: logout ends only that one, a dropped client loses its sessions', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    const login = { address: VC1.address, user: VC1.user, password: VC1.password };
    await t.call('session.login', login, 'a');
    await t.call('session.login', login, 'b');
    expect(() => t.lab.sessions.require({ clientId: 'c' }, VC1.id)).toThrow();
    expect(await t.call('session.logout', { vcenterId: VC1.id }, 'a')).toEqual({ loggedOut: true });
    expect(() => t.lab.sessions.require({ clientId: 'a' }, VC1.id)).toThrow();
    expect(t.lab.sessions.require({ clientId: 'b' }, VC1.id).user).toBe(VC1.user);
    t.lab.disconnect('b');
    expect(() => t.lab.sessions.require({ clientId: 'b' }, VC1.id)).toThrow();
  });
});
