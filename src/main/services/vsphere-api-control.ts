import type { Certificate, VCenterRec } from '../../shared/world-types';
import type { VsphereApiEndpointInfo } from '../../shared/contract';

export type { VsphereApiEndpointInfo };

/**
 * The vSphere API door as the lab service sees it (src/main/vsphere-api implements it; the host
 * that starts the lab attaches it). The service only lists, starts and stops it: the API itself
 * calls the service, never the other way round.
 */
export interface VsphereApiControl {
  readonly running: boolean;
  start(): Promise<VsphereApiEndpointInfo[]>;
  stop(): Promise<void>;
  list(): VsphereApiEndpointInfo[];
}

/**
 * Issues the real X.509 certificates the vCenters present (src/main/vsphere-api/certificates.ts).
 * With one attached, lab.changeCertificate gives the vCenter a real new certificate, so the
 * thumbprint the UI shows is the one a client sees on the wire.
 */
export interface CertificateIssuer {
  issue(vc: VCenterRec, serial?: number): Promise<Certificate>;
  /** The serial of the certificate the vCenter presents now, if this issuer made it. */
  serialOf(vc: VCenterRec): number | null;
}
