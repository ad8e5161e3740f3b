/**
 * Real X.509 certificates for the simulated vCenters. Each SSO domain has its own CA (like VMCA,
 * which signs a vCenter's machine SSL certificate); each vCenter presents a leaf certificate for its
 * FQDN signed by that CA. The lab's VCenterRec.certificate (what the certificate prompt shows) is
 * made from the leaf, so the SHA-256 thumbprint a user accepts in the UI is the one a real client
 * sees on the wire.
 *
 * On disk (`<dataDir>/vsphere-api/certificates.json`, mode 0600, written atomically):
 *   { cas: { <ssoDomain>: { certPem, keyPem } },
 *     leaves: { <SHA-256 thumbprint>: { certPem, keyPem, serial, vcenter } },
 *     adopted: { "<vCenter name>|<thumbprint in the scenario>": <SHA-256 thumbprint of its leaf> } }
 * Leaves are keyed by thumbprint: a lab saved with a thumbprint finds its certificate again after a
 * restart (stable). A world whose thumbprint has no stored key (a new lab, a reset, a scenario file)
 * gets a real certificate adopted into it, the same one each time for the same vCenter and scenario
 * thumbprint: a reset does not make the admin trust the vCenter again, and the file does not grow
 * with every reset. Certificates made by "change certificate" beyond the newest few per vCenter are
 * dropped (a lab saved with one of those gets a new certificate when opened, reported as changed).
 * Without a data folder everything is in memory.
 *
 * Keys are ECDSA P-256: generated in a millisecond (RSA-2048 takes far longer on a busy machine and
 * a lab may hold many vCenters), and accepted by govc, pyvmomi/OpenSSL and .NET (PowerCLI).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomInt, webcrypto } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Certificate, VCenterRec } from '../../shared/world-types';
import { writeFileAtomic } from '../services/persistence/atomic-file';
import type { World } from '../engine/world/world';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const LEAF_YEARS = 2;
const CA_YEARS = 10;

interface StoredPair {
  certPem: string;
  keyPem: string;
}
interface StoredLeaf extends StoredPair {
  serial: number;
  /** The vCenter (FQDN) it was issued to; absent in files written before it was recorded. */
  vcenter?: string;
}
interface StoreDocument {
  cas: Record<string, StoredPair>;
  leaves: Record<string, StoredLeaf>;
  adopted?: Record<string, string>;
}

/** Certificates from "change certificate" kept per vCenter besides the adopted ones. */
const CHANGED_KEPT_PER_VCENTER = 4;

/** The certificate and key a vCenter's HTTPS endpoint serves. */
export interface ServedCertificate {
  certPem: string;
  /** The CA chain after the leaf, so clients that verify by CA (-tls-ca-certs) can. */
  caPem: string;
  keyPem: string;
  sha256: string;
  sha1: string;
}

/** "AA:BB:…" upper-case hex pairs of a digest of the DER bytes. */
export function thumbprintOf(der: Uint8Array | ArrayBuffer, algorithm: 'sha1' | 'sha256'): string {
  const hex = createHash(algorithm).update(new Uint8Array(der)).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Thumbprints compare without case and separators: "aa:bb" = "AABB". */
export function sameThumbprint(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return n(a).length > 0 && n(a) === n(b);
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

async function importKey(keyPem: string): Promise<CryptoKey> {
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']) as Promise<CryptoKey>;
}

/** "vsphere.local" → "DC=vsphere, DC=local", as VMCA names its CA. */
function domainDn(ssoDomain: string): string {
  return ssoDomain
    .split('.')
    .filter(Boolean)
    .map((p) => `DC=${p.replace(/[,+="<>#;\\]/g, '')}`)
    .join(', ');
}

function yearsFrom(from: Date, years: number): Date {
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + years);
  return to;
}

/**
 * Issues, keeps and finds the vCenters' certificates. `adopt` makes a world's vCenters present real
 * certificates; `issue` replaces one (lab.changeCertificate); `served` gives the PEMs for HTTPS.
 */
export class VCenterCertificates {
  private doc: StoreDocument = { cas: {}, leaves: {} };
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | null) {}

  /** Opens the store under a data folder (null: memory only). A damaged file starts a new store. */
  static async open(dataDir: string | null): Promise<VCenterCertificates> {
    if (!dataDir) return new VCenterCertificates(null);
    const dir = join(dataDir, 'vsphere-api');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new VCenterCertificates(join(dir, 'certificates.json'));
    try {
      const parsed = JSON.parse(await readFile(store.file!, 'utf8')) as StoreDocument;
      if (parsed && typeof parsed.cas === 'object' && typeof parsed.leaves === 'object') store.doc = parsed;
    } catch {
      // Missing or unreadable: vCenters get new certificates (the UI then reports them as changed).
    }
    return store;
  }

  /**
   * Gives every vCenter of the world whose shown thumbprint has no stored certificate a real one,
   * and records it in the world (saved with the lab). Returns the vCenters that changed.
   */
  async adopt(world: World): Promise<string[]> {
    const changed: string[] = [];
    const adopted = (this.doc.adopted ??= {});
    for (const vc of world.vcenters.values()) {
      const shown = vc.certificate.thumbprint.toUpperCase();
      if (this.doc.leaves[shown]) continue;
      const key = `${vc.name}|${shown}`;
      const earlier = adopted[key] && this.doc.leaves[adopted[key]];
      vc.certificate = earlier ? this.describe(earlier) : await this.issue(vc, 1);
      adopted[key] = vc.certificate.thumbprint;
      changed.push(vc.id);
    }
    if (changed.length) {
      await this.save();
      world.touchOutsideVms();
    }
    return changed;
  }

  /** A new certificate for a vCenter (new key, given or random serial), stored before it is returned. */
  async issue(vc: VCenterRec, serial: number = randomInt(2, 2 ** 31 - 1)): Promise<Certificate> {
    const ca = await this.ca(vc.ssoDomain);
    const caCert = new x509.X509Certificate(ca.certPem);
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = yearsFrom(notBefore, LEAF_YEARS);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial.toString(16).padStart(2, '0'),
      subject: `CN=${vc.name}`,
      issuer: caCert.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: await importKey(ca.keyPem),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        // The FQDN is the name; 127.0.0.1 lets a client that verifies by CA connect to the endpoint.
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: vc.name },
          { type: 'ip', value: '127.0.0.1' },
        ]),
      ],
    });
    const leaf: StoredLeaf = {
      certPem: cert.toString('pem'),
      keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
      serial,
      vcenter: vc.name,
    };
    this.doc.leaves[thumbprintOf(cert.rawData, 'sha256')] = leaf;
    this.prune(vc.name);
    await this.save();
    return this.describe(leaf);
  }

  /** What the certificate prompt shows of a stored leaf. */
  private describe(leaf: StoredLeaf): Certificate {
    const cert = new x509.X509Certificate(leaf.certPem);
    return {
      thumbprint: thumbprintOf(cert.rawData, 'sha256'),
      issuer: cert.issuer,
      subject: cert.subject,
      validFrom: cert.notBefore.toISOString().slice(0, 10),
      validTo: cert.notAfter.toISOString().slice(0, 10),
    };
  }

  /** Drops a vCenter's oldest changed certificates beyond the few kept; adopted ones always stay. */
  private prune(vcenter: string): void {
    const adopted = new Set(Object.values(this.doc.adopted ?? {}));
    const changed = Object.keys(this.doc.leaves).filter(
      (t) => this.doc.leaves[t].vcenter === vcenter && !adopted.has(t),
    );
    // Object keys keep insertion order: the first ones are the oldest.
    for (const t of changed.slice(0, Math.max(0, changed.length - CHANGED_KEPT_PER_VCENTER)))
      delete this.doc.leaves[t];
  }

  /** The serial of the certificate a vCenter presents (for "this serial is the current one"). */
  serialOf(vc: VCenterRec): number | null {
    return this.doc.leaves[vc.certificate.thumbprint.toUpperCase()]?.serial ?? null;
  }

  /** What the vCenter's endpoint serves now, or null when its thumbprint has no stored certificate. */
  served(vc: VCenterRec): ServedCertificate | null {
    const leaf = this.doc.leaves[vc.certificate.thumbprint.toUpperCase()];
    if (!leaf) return null;
    const der = new x509.X509Certificate(leaf.certPem).rawData;
    return {
      certPem: leaf.certPem,
      caPem: this.doc.cas[vc.ssoDomain]?.certPem ?? '',
      keyPem: leaf.keyPem,
      sha256: thumbprintOf(der, 'sha256'),
      sha1: thumbprintOf(der, 'sha1'),
    };
  }

  private async ca(ssoDomain: string): Promise<StoredPair> {
    const known = this.doc.cas[ssoDomain];
    if (known) return known;
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const notBefore = new Date(Date.now() - 60_000);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: `CN=CA, ${domainDn(ssoDomain)}, C=US, O=vMotion Lab`,
      notBefore,
      notAfter: yearsFrom(notBefore, CA_YEARS),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    const pair = {
      certPem: cert.toString('pem'),
      keyPem: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    };
    this.doc.cas[ssoDomain] = pair;
    return pair;
  }

  private save(): Promise<void> {
    if (!this.file) return Promise.resolve();
    const text = JSON.stringify(this.doc);
    this.writing = this.writing.then(() => writeFileAtomic(this.file!, text));
    return this.writing;
  }
}
