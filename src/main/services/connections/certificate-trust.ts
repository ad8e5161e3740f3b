import type { CertificateCheck } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { VCenterRec } from '../../../shared/world-types';
import { normaliseAddress } from './vcenter-address';

/** Where accepted thumbprints are kept (the saved-connections document's knownHosts). */
export interface KnownHosts {
  get(address: string): string | undefined;
  set(address: string, thumbprint: string): void;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/** What the lab knows about a vCenter's certificate at an address. */
export function checkCertificate(known: KnownHosts, address: string, vc: VCenterRec): CertificateCheck {
  const key = normaliseAddress(address);
  const trusted = known.get(key) ?? null;
  const trust =
    trusted === null ? 'untrusted' : same(trusted, vc.certificate.thumbprint) ? 'trusted' : 'changed';
  return {
    address: key,
    vcenterId: vc.id,
    vcenterName: vc.name,
    certificate: { ...vc.certificate },
    trust,
    trustedThumbprint: trusted,
  };
}

/**
 * The SSH accept-new rule, applied before any credential is looked at: a never-seen certificate needs
 * an explicit accept (certificate-untrusted, with the certificate to show); a certificate different from
 * the accepted one is refused (certificate-changed, with both thumbprints). Returns the check when the
 * certificate is trusted.
 */
export function requireTrusted(known: KnownHosts, address: string, vc: VCenterRec): CertificateCheck {
  const check = checkCertificate(known, address, vc);
  if (check.trust === 'untrusted') {
    throw new LabFault(
      'certificate-untrusted',
      `The certificate of ${vc.name} is not trusted yet. Review its SHA-256 thumbprint ` +
        `${vc.certificate.thumbprint} and accept it before logging in.`,
      { details: { address: check.address, vcenterName: vc.name, certificate: check.certificate } },
    );
  }
  if (check.trust === 'changed') throw changedFault(check);
  return check;
}

function changedFault(check: CertificateCheck): LabFault {
  return new LabFault(
    'certificate-changed',
    `WARNING: THE CERTIFICATE OF ${check.vcenterName.toUpperCase()} HAS CHANGED! ` +
      `It is possible that someone is intercepting the connection, or the certificate was replaced. ` +
      `Accepted thumbprint: ${check.trustedThumbprint}. Presented thumbprint: ${check.certificate.thumbprint}. ` +
      `Nothing was sent. Re-trust the new certificate only if you know why it changed.`,
    {
      details: {
        address: check.address,
        vcenterName: check.vcenterName,
        expected: check.trustedThumbprint,
        actual: check.certificate.thumbprint,
        certificate: check.certificate,
      },
    },
  );
}

function stillPresented(vc: VCenterRec, thumbprint: string): void {
  if (!same(thumbprint, vc.certificate.thumbprint)) {
    // The user accepted what they were shown; if the server now shows something else, that is not it.
    throw new LabFault(
      'conflict',
      `${vc.name} now presents a different certificate from the one you reviewed. Review it again.`,
      { field: 'thumbprint', details: { reviewed: thumbprint, actual: vc.certificate.thumbprint } },
    );
  }
}

/** Accepts a never-seen certificate. Refuses to overwrite a different accepted one (that is retrust). */
export function trustCertificate(
  known: KnownHosts,
  address: string,
  vc: VCenterRec,
  thumbprint: string,
): CertificateCheck {
  const check = checkCertificate(known, address, vc);
  if (check.trust === 'changed') throw changedFault(check);
  stillPresented(vc, thumbprint);
  if (check.trust === 'untrusted') known.set(check.address, vc.certificate.thumbprint);
  return checkCertificate(known, address, vc);
}

/**
 * Replaces an accepted thumbprint after a change. Separate from trust so that accepting a changed
 * certificate is always a deliberate act: the caller passes the old thumbprint it showed too.
 */
export function retrustCertificate(
  known: KnownHosts,
  address: string,
  vc: VCenterRec,
  previousThumbprint: string,
  thumbprint: string,
): CertificateCheck {
  const check = checkCertificate(known, address, vc);
  stillPresented(vc, thumbprint);
  if (check.trust === 'trusted') return check;
  if (check.trust === 'untrusted') {
    throw new LabFault(
      'conflict',
      `No certificate of ${vc.name} was accepted before; accept it with a normal trust.`,
      {
        field: 'previousThumbprint',
      },
    );
  }
  if (!same(previousThumbprint, check.trustedThumbprint ?? '')) {
    throw new LabFault(
      'conflict',
      `The previously accepted thumbprint for ${vc.name} is not the one you were shown. Review the warning again.`,
      {
        field: 'previousThumbprint',
        details: { expected: check.trustedThumbprint, reviewed: previousThumbprint },
      },
    );
  }
  known.set(check.address, vc.certificate.thumbprint);
  return checkCertificate(known, address, vc);
}
