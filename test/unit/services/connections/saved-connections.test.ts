import { describe, expect, it } from 'vitest';
import { acceptCertificate, createTestLab, useTempDirs, VC1, VC2 } from '../lab-fixture';

describe('saved connections', () => {
  const dir = useTempDirs();

  it('list results carry exactly id, label, address, user, hasPassword, thumbprint, lastUsed', async () => {
    const t = createTestLab({ dir: dir() });
    const thumb = await acceptCertificate(t, VC1.address);
    await t.call('connections.save', {
      label: 'East',
      address: 'VCSA-01.corp.local',
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    const [c] = await t.call('connections.list', {});
    expect(Object.keys(c).sort()).toEqual([
      'address',
      'hasPassword',
      'id',
      'label',
      'lastUsed',
      'thumbprint',
      'user',
    ]);
    expect(c).toMatchObject({
      label: 'East',
      address: VC1.address,
      user: VC1.user,
      hasPassword: true,
      thumbprint: thumb,
      lastUsed: null,
    });
  });

  it('add, rename, edit and delete; names are unique', async () => {
    const t = createTestLab({ dir: dir() });
    const { connection } = await t.call('connections.save', {
      label: 'East',
      address: VC1.address,
      user: VC1.user,
    });
    expect(
      (await t.fail('connections.save', { label: 'east', address: VC2.address, user: VC2.user })).field,
    ).toBe('label');
    const noLabel = await t.call('connections.save', { address: VC2.address, user: VC2.user });
    expect(noLabel.connection.label).toBe(VC2.address);
    await t.call('connections.update', { id: connection.id, label: 'East (prod)' });
    await t.call('connections.update', { id: connection.id, user: 'labadmin@vsphere.local' });
    const list = await t.call('connections.list', {});
    expect(list.map((c) => [c.label, c.user])).toEqual([
      ['East (prod)', 'labadmin@vsphere.local'],
      [VC2.address, VC2.user],
    ]);
    expect(await t.call('connections.delete', { id: connection.id })).toEqual({ deleted: true });
    expect(await t.call('connections.delete', { id: connection.id })).toEqual({ deleted: false });
    expect((await t.fail('connections.update', { id: connection.id, label: 'x' })).code).toBe('not-found');
    expect(await t.call('connections.list', {})).toHaveLength(1);
  });

  it('bad input gets a clear error and changes nothing', async () => {
    const t = createTestLab({ dir: dir() });
    const e = await t.fail('connections.save', { address: 'vcsa 01!', user: VC1.user });
    expect(e).toMatchObject({ code: 'invalid-argument', field: 'address' });
    expect((await t.fail('connections.save', { address: VC1.address, user: ' ' })).field).toBe('user');
    expect(await t.call('connections.list', {})).toEqual([]);
  });

  it('saved connections survive a restart and connect; lastUsed is recorded', async () => {
    const d = dir();
    const first = createTestLab({ dir: d });
    await acceptCertificate(first, VC1.address);
    const { connection } = await first.call('connections.save', {
      label: 'East',
      address: VC1.address,
      user: VC1.user,
    });
    const second = createTestLab({ dir: d });
    const [c] = await second.call('connections.list', {});
    expect(c.id).toBe(connection.id);
    // No password kept: connecting asks for it, then keeps it for this session.
    expect(await second.fail('connections.connect', { id: c.id })).toMatchObject({
      code: 'invalid-argument',
      field: 'password',
    });
    const s = await second.call('connections.connect', { id: c.id, password: VC1.password });
    expect(s.vcenterId).toBe(VC1.id);
    const [after] = await second.call('connections.list', {});
    expect(after.lastUsed).toBe(new Date(second.clock.t).toISOString());
    expect(after.hasPassword).toBe(true);
    await second.call('session.logout', { vcenterId: VC1.id });
    await second.call('connections.connect', { id: c.id });
  });

  it('connect with a wrong saved password shows the vSphere message; a changed certificate stops it before the password', async () => {
    const t = createTestLab({ dir: dir() });
    await acceptCertificate(t, VC1.address);
    const { connection } = await t.call('connections.save', {
      label: 'East',
      address: VC1.address,
      user: VC1.user,
    });
    const wrong = await t.fail('connections.connect', { id: connection.id, password: 'nope' });
    expect(wrong.message).toBe('Cannot complete login due to an incorrect user name or password.');
    await t.call('lab.changeCertificate', { vcenterId: VC1.id, serial: 9 });
    const changed = await t.fail('connections.connect', { id: connection.id, password: VC1.password });
    expect(changed.code).toBe('certificate-changed');
    expect(await t.call('session.list', {})).toEqual([]);
  });

  it('test-connection checks address, certificate and credentials without signing in', async () => {
    const t = createTestLab({ dir: dir() });
    const args = { address: VC2.address, user: VC2.user, password: VC2.password };
    expect((await t.fail('connections.test', args)).code).toBe('certificate-untrusted');
    await acceptCertificate(t, VC2.address);
    expect(await t.call('connections.test', args)).toMatchObject({
      vcenterId: VC2.id,
      user: VC2.user,
      buildLabel: expect.any(String),
    });
    expect((await t.fail('connections.test', { ...args, password: 'x' })).code).toBe('login-failed');
    expect((await t.fail('connections.test', { address: VC2.address, user: VC2.user })).field).toBe(
      'password',
    );
    expect(await t.call('session.list', {})).toEqual([]);
  });

  it('changing the address or user forgets the password, so it is never sent to another server', async () => {
    const t = createTestLab({ dir: dir() });
    await t.call('connections.allowWeakPasswordStorage', { allow: true, acknowledged: true });
    const { connection } = await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    const moved = await t.call('connections.update', { id: connection.id, address: VC2.address });
    expect(moved).toMatchObject({ passwordKeeping: 'none', connection: { hasPassword: false } });
    const renamed = await t.call('connections.update', {
      id: moved.connection.id,
      label: 'renamed',
      password: VC2.password,
    });
    expect(renamed.connection.hasPassword).toBe(true);
    expect(
      (await t.call('connections.update', { id: connection.id, password: null })).connection.hasPassword,
    ).toBe(false);
  });

  it('a connection saved right after logging in with it shows as used now', async () => {
    const t = createTestLab({ dir: dir() });
    await acceptCertificate(t, VC1.address);
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    const { connection } = await t.call('connections.save', { address: VC1.address, user: VC1.user });
    expect(connection.lastUsed).toBe(new Date(t.clock.t).toISOString());
    const other = await t.call('connections.save', { address: VC2.address, user: VC2.user });
    expect(other.connection.lastUsed).toBeNull();
  });

  it('no result or push event ever contains a password', async () => {
    const t = createTestLab({ dir: dir() });
    await t.call('connections.allowWeakPasswordStorage', { allow: true, acknowledged: true });
    await acceptCertificate(t, VC1.address);
    const saved = await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    await t.call('connections.save', {
      address: VC2.address,
      user: VC2.user,
      password: VC2.password,
      savePassword: false,
    });
    await t.call('connections.list', {});
    await t.call('connections.test', { id: saved.connection.id });
    await t.call('connections.connect', { id: saved.connection.id });
    await t.call('session.list', {});
    await t.fail('session.login', { address: VC1.address, user: VC1.user, password: 'Wrong-Secret-9' });
    await t.fail('connections.test', { address: VC2.address, user: VC2.user, password: 'Other-Wrong-7' });
    await t.call('connections.update', { id: saved.connection.id, password: 'New-Secret-5' });
    await t.call('connections.notices', {});
    await t.call('lab.changeCertificate', { vcenterId: VC1.id });
    await t.call('lab.info', {});
    expect(t.seen.length).toBeGreaterThan(10);
    for (const text of t.seen) {
      for (const secret of [VC1.password, VC2.password, 'Wrong-Secret-9', 'Other-Wrong-7', 'New-Secret-5']) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/"(password|secret)"\s*:/);
    }
  });
});
