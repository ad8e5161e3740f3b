import { describe, expect, it } from 'vitest';
import { deriveThumbprint } from '../../../../src/main/engine/world/identities';
import { acceptCertificate, createTestLab, useTempDirs, VC1 } from '../lab-fixture';

describe('certificate trust (SSH accept-new)', () => {
  const tempDir = useTempDirs();

  it('first connection: the certificate is shown and must be accepted before credentials are checked', async () => {
    const t = createTestLab();
    const check = await t.call('cert.get', { address: VC1.address });
    expect(check).toMatchObject({ trust: 'untrusted', trustedThumbprint: null, vcenterName: VC1.address });
    expect(check.certificate.thumbprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(check.certificate).toHaveProperty('issuer');
    expect(check.certificate).toHaveProperty('validTo');

    // A wrong password is not even looked at: the certificate comes first.
    const e = await t.fail('session.login', { address: VC1.address, user: VC1.user, password: 'wrong' });
    expect(e.code).toBe('certificate-untrusted');
    expect(e.details).toMatchObject({ certificate: { thumbprint: check.certificate.thumbprint } });

    const trusted = await t.call('cert.trust', {
      address: VC1.address,
      thumbprint: check.certificate.thumbprint,
    });
    expect(trusted.trust).toBe('trusted');
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
  });

  it('accepting a thumbprint other than the one presented is refused', async () => {
    const t = createTestLab();
    const other = deriveThumbprint('evil.example', 7);
    const e = await t.fail('cert.trust', { address: VC1.address, thumbprint: other });
    expect(e).toMatchObject({ code: 'conflict', field: 'thumbprint' });
    expect((await t.call('cert.get', { address: VC1.address })).trust).toBe('untrusted');
  });

  it('a changed certificate is refused loudly with both thumbprints, and nothing is sent', async () => {
    const t = createTestLab();
    const old = await acceptCertificate(t, VC1.address);
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });

    const cert = await t.call('lab.changeCertificate', { vcenterId: VC1.id, serial: 42 });
    expect(cert.thumbprint).toBe(deriveThumbprint(VC1.address, 42));
    expect(cert.thumbprint).not.toBe(old);
    // Replacing the certificate restarts the vCenter's services: the session is gone.
    expect(() => t.lab.sessions.require({ clientId: 'c1' }, VC1.id)).toThrow();
    expect(
      t.pushes.some(
        (p) =>
          p.name === 'session.ended' && (p.payload as { reason: string }).reason === 'certificate-changed',
      ),
    ).toBe(true);

    const e = await t.fail('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
    expect(e.code).toBe('certificate-changed');
    expect(e.message).toContain('HAS CHANGED');
    expect(e.details).toMatchObject({ expected: old, actual: cert.thumbprint });
    expect(await t.call('session.list', {})).toEqual([]);

    // A plain trust cannot paper over the change: re-trust is its own call.
    expect((await t.fail('cert.trust', { address: VC1.address, thumbprint: cert.thumbprint })).code).toBe(
      'certificate-changed',
    );
    const check = await t.call('cert.get', { address: VC1.address });
    expect(check).toMatchObject({ trust: 'changed', trustedThumbprint: old });
  });

  it('re-trust needs the previously accepted thumbprint the user was shown', async () => {
    const t = createTestLab();
    const old = await acceptCertificate(t, VC1.address);
    const cert = await t.call('lab.changeCertificate', { vcenterId: VC1.id, serial: 43 });
    const bad = await t.fail('cert.retrust', {
      address: VC1.address,
      previousThumbprint: deriveThumbprint('x', 1),
      thumbprint: cert.thumbprint,
    });
    expect(bad).toMatchObject({ code: 'conflict', field: 'previousThumbprint' });
    const ok = await t.call('cert.retrust', {
      address: VC1.address,
      previousThumbprint: old,
      thumbprint: cert.thumbprint,
    });
    expect(ok).toMatchObject({ trust: 'trusted', trustedThumbprint: cert.thumbprint });
    await t.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
  });

  it('changing to the serial it already has is refused; an unknown vCenter is not found', async () => {
    const t = createTestLab();
    await t.call('lab.changeCertificate', { vcenterId: VC1.id, serial: 5 });
    expect((await t.fail('lab.changeCertificate', { vcenterId: VC1.id, serial: 5 })).code).toBe('conflict');
    expect((await t.fail('lab.changeCertificate', { vcenterId: 'nope:vcenter' })).code).toBe('not-found');
  });

  it('accepted thumbprints are remembered across restarts, like known_hosts', async () => {
    const dir = tempDir();
    const first = createTestLab({ dir });
    const thumb = await acceptCertificate(first, VC1.address);
    const second = createTestLab({ dir });
    expect(await second.call('cert.get', { address: VC1.address })).toMatchObject({
      trust: 'trusted',
      trustedThumbprint: thumb,
    });
    await second.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
  });
});
