/**
 * Failed logins are slowed and recorded, as vCenter Single Sign-On does: five wrong passwords for a
 * user within 180 s lock that account for 300 s (even the right password is refused meanwhile), and
 * every failure is a BadUsernameSessionEvent on that vCenter's event log.
 */
import { describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE } from '../../../../src/main/services/connections/sessions';
import { ACCOUNT_LOCKED_MESSAGE } from '../../../../src/main/services/connections/login-lockout';
import { acceptCertificate, createTestLab, VC1, VC2 } from '../lab-fixture';

describe('failed logins', () => {
  it('lock the account after five wrong passwords and record each failure on that vCenter', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    const login = (password: string, client = 'c1') =>
      t.fail('session.login', { address: VC1.address, user: VC1.user, password }, client);
    for (let i = 0; i < 5; i++) {
      expect(await login(`wrong-${i}`)).toMatchObject({
        code: 'login-failed',
        message: LOGIN_FAILED_MESSAGE,
      });
      t.clock.advance(10_000);
    }
    // Locked: the right password is refused too, from any client, saying so.
    const locked = await login(VC1.password, 'c2');
    expect(locked.code).toBe('login-failed');
    expect(locked.message).toContain(ACCOUNT_LOCKED_MESSAGE);
    expect(
      await t.fail('connections.test', { address: VC1.address, user: VC1.user, password: VC1.password }),
    ).toMatchObject({
      message: expect.stringContaining(ACCOUNT_LOCKED_MESSAGE),
    });
    // Another vCenter's users are not affected.
    await acceptCertificate(t, VC2.address);
    await t.call('session.login', { address: VC2.address, user: VC2.user, password: VC2.password });

    t.clock.advance(300_000); // the unlock time
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    t.lab.engine.flush();
    const events = await t.call('events.list', { vcenterId: VC1.id, limit: 200 });
    const bad = events.filter((e) => e.type === 'BadUsernameSessionEvent');
    expect(bad).toHaveLength(7); // five wrong passwords, two attempts while locked
    expect(bad[0]).toMatchObject({
      severity: 'error',
      user: VC1.user,
      message: `Cannot login ${VC1.user}@127.0.0.1`,
    });
    const vc2Events = await t.call('events.list', { vcenterId: VC2.id, limit: 200 });
    expect(vc2Events.some((e) => e.type === 'BadUsernameSessionEvent')).toBe(false);
  });

  it('do not lock when the failures are spread out, and a good login starts the count again', async () => {
    const t = createTestLab();
    await acceptCertificate(t, VC1.address);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        expect(
          (await t.fail('session.login', { address: VC1.address, user: VC1.user, password: 'nope' })).message,
        ).toBe(LOGIN_FAILED_MESSAGE);
      await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    }
  });
});
