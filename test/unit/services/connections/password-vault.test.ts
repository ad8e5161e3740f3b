import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBrowserConnectionStorage } from '../../../../src/main/services/storage/browser-storage';
import type { SecretProtector } from '../../../../src/main/services/storage/secret-protector';
import { createTestLab, useTempDirs, VC1 } from '../lab-fixture';

/** Every file in the config directory, as bytes: what someone copying the folder would get. */
const allBytes = (dir: string): Buffer =>
  Buffer.concat(
    readdirSync(dir).map((f) =>
      statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f)) : Buffer.alloc(0),
    ),
  );

/** Forms a password could take on disk if stored carelessly. */
const encodings = (p: string): Buffer[] => [
  Buffer.from(p, 'utf8'),
  Buffer.from(Buffer.from(p).toString('base64')),
  Buffer.from(Buffer.from(p).toString('hex')),
  Buffer.from(p, 'utf16le'),
];

/** A stand-in OS keyring with real AES-GCM and a key that never touches the disk (as a keychain). */
class InMemoryKeyring implements SecretProtector {
  readonly scheme = 'safe-storage' as const;
  readonly description = 'test keyring';
  private readonly key = randomBytes(32);
  async seal(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), data]).toString('base64');
  }
  async open(sealed: string): Promise<{ plain: string; reseal: boolean }> {
    const raw = Buffer.from(sealed, 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return { plain: Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString(), reseal: false };
  }
}

describe('password vault', () => {
  const dir = useTempDirs();

  it('without a keyring and without opt-in, a saved password stays in memory only', async () => {
    const d = dir();
    const t = createTestLab({ dir: d });
    expect(await t.call('connections.passwordStorage', {})).toMatchObject({
      mode: 'session-only',
      weakStorageAvailable: true,
    });
    const r = await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    expect(r.passwordKeeping).toBe('session-only');
    expect(r.connection.hasPassword).toBe(true);
    for (const form of encodings(VC1.password)) expect(allBytes(d).includes(form)).toBe(false);

    const restarted = createTestLab({ dir: d });
    const [c] = await restarted.call('connections.list', {});
    expect(c.hasPassword).toBe(false);
  });

  it('opting in needs the warning acknowledged', async () => {
    const t = createTestLab({ dir: dir() });
    const e = await t.fail('connections.allowWeakPasswordStorage', { allow: true });
    expect(e).toMatchObject({ code: 'invalid-argument', field: 'acknowledged' });
    expect((await t.call('connections.passwordStorage', {})).mode).toBe('session-only');
    expect((await t.call('connections.passwordStorage', {})).weakStorageWarning).toMatch(/no OS keyring/);
  });

  it('after opt-in the password is encrypted with a 0600 key file: the store bytes never hold it, a restart connects', async () => {
    const d = dir();
    const t = createTestLab({ dir: d });
    // Asked to save before opting in: the opt-in seals it.
    await t.call('connections.save', {
      label: 'East',
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    const info = await t.call('connections.allowWeakPasswordStorage', { allow: true, acknowledged: true });
    expect(info.mode).toBe('key-file');
    const store = readFileSync(join(d, 'connections.json'));
    for (const form of encodings(VC1.password)) expect(store.includes(form)).toBe(false);
    expect(store.toString()).toContain('"scheme": "key-file"');
    if (process.platform !== 'win32') expect(statSync(join(d, 'connections.key')).mode & 0o777).toBe(0o600);

    const restarted = createTestLab({ dir: d });
    const trust = await restarted.call('cert.get', { address: VC1.address });
    await restarted.call('cert.trust', { address: VC1.address, thumbprint: trust.certificate.thumbprint });
    const [c] = await restarted.call('connections.list', {});
    expect(c.hasPassword).toBe(true);
    expect((await restarted.call('connections.connect', { id: c.id })).user).toBe(VC1.user);
  });

  it('opting out takes key-file passwords off the disk', async () => {
    const d = dir();
    const t = createTestLab({ dir: d });
    await t.call('connections.allowWeakPasswordStorage', { allow: true, acknowledged: true });
    await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    expect(readFileSync(join(d, 'connections.json'), 'utf8')).toContain('key-file');
    await t.call('connections.allowWeakPasswordStorage', { allow: false });
    expect(readFileSync(join(d, 'connections.json'), 'utf8')).not.toContain('key-file');
    expect((await t.call('connections.list', {}))[0].hasPassword).toBe(true); // still usable this session
  });

  it('a tampered encrypted password is reported, and the user is asked for the password', async () => {
    const d = dir();
    const t = createTestLab({ dir: d });
    await t.call('connections.allowWeakPasswordStorage', { allow: true, acknowledged: true });
    await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    const doc = JSON.parse(readFileSync(join(d, 'connections.json'), 'utf8'));
    const data: string = doc.connections[0].secret.data;
    doc.connections[0].secret.data = (data[0] === 'A' ? 'B' : 'A') + data.slice(1);
    writeFileSync(join(d, 'connections.json'), JSON.stringify(doc));
    const restarted = createTestLab({ dir: d });
    await restarted.call('cert.trust', {
      address: VC1.address,
      thumbprint: (await restarted.call('cert.get', { address: VC1.address })).certificate.thumbprint,
    });
    const [c] = await restarted.call('connections.list', {});
    const e = await restarted.fail('connections.connect', { id: c.id });
    expect(e).toMatchObject({ code: 'storage', field: 'password' });
    expect(e.message).toContain('could not be decrypted');
    await restarted.call('connections.connect', { id: c.id, password: VC1.password });
  });

  it('with a keyring, passwords are sealed by it and the store file never holds them', async () => {
    const d = dir();
    const keyring = new InMemoryKeyring();
    const storage = { ...openBrowserConnectionStorage(d), keyring };
    const t = createTestLab({ storage });
    expect((await t.call('connections.passwordStorage', {})).mode).toBe('keyring');
    const r = await t.call('connections.save', {
      address: VC1.address,
      user: VC1.user,
      password: VC1.password,
      savePassword: true,
    });
    expect(r.passwordKeeping).toBe('keyring');
    for (const form of encodings(VC1.password)) expect(allBytes(d).includes(form)).toBe(false);
    const again = createTestLab({ storage: { ...openBrowserConnectionStorage(d), keyring } });
    await again.call('cert.trust', {
      address: VC1.address,
      thumbprint: (await again.call('cert.get', { address: VC1.address })).certificate.thumbprint,
    });
    await again.call('connections.connect', { id: r.connection.id });
    // Without the keyring (e.g. another machine) the password cannot be opened, and the user is told.
    const noKeyring = createTestLab({ dir: d });
    await noKeyring.call('cert.trust', {
      address: VC1.address,
      thumbprint: (await noKeyring.call('cert.get', { address: VC1.address })).certificate.thumbprint,
    });
    expect((await noKeyring.fail('connections.connect', { id: r.connection.id })).message).toMatch(
      /OS keyring, which is not available/,
    );
  });
});
