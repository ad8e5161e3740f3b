import type { CertificateCheck } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { VCenterRec } from '../../../shared/world-types';
import type { World } from '../../engine/world/world';
import type { ConnectionsDocument } from './connections-document';
import type { ConnectionsStore } from './connections-store';
import { normaliseAddress, resolveVCenter } from './vcenter-address';

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

/** The accepted thumbprints of a saved-connections document, read and written in place. */
function knownHostsOf(doc: ConnectionsDocument): KnownHosts {
  return {
    get: (address) => doc.knownHosts[address],
    set: (address, thumbprint) => {
      doc.knownHosts[address] = thumbprint;
    },
  };
}

/**
 * Certificate trust behind the cert.* calls and every login: the rules above applied to the
 * vCenters of the current lab and the thumbprints accepted in the saved-connections document.
 */
export class CertificateTrust {
  constructor(
    private readonly store: ConnectionsStore,
    private readonly world: () => World,
  ) {}

  /** What the lab knows about the certificate at an address. */
  check(address: string): CertificateCheck {
    return checkCertificate(knownHostsOf(this.store.doc), address, resolveVCenter(this.world(), address));
  }

  /** Refuses (certificate-untrusted or certificate-changed) unless the vCenter's certificate is trusted. */
  require(address: string, vc: VCenterRec): CertificateCheck {
    return requireTrusted(knownHostsOf(this.store.doc), address, vc);
  }

  trust(address: string, thumbprint: string): CertificateCheck {
    const vc = resolveVCenter(this.world(), address);
    let check!: CertificateCheck;
    this.store.mutate((doc) => {
      check = trustCertificate(knownHostsOf(doc), address, vc, thumbprint);
    }, this.store.idsAt(address));
    return check;
  }

  retrust(address: string, previousThumbprint: string, thumbprint: string): CertificateCheck {
    const vc = resolveVCenter(this.world(), address);
    let check!: CertificateCheck;
    this.store.mutate((doc) => {
      check = retrustCertificate(knownHostsOf(doc), address, vc, previousThumbprint, thumbprint);
    }, this.store.idsAt(address));
    return check;
  }
}
