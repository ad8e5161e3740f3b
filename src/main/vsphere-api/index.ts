/**
 * The vSphere API door of the lab: one HTTPS endpoint per reachable simulated vCenter, in scenario
 * order, on ports N, N+1, … (N = 0: free ports). An adapter over the lab service: reads come from
 * the lab's world, tasks and events; everything that changes the lab is a contract call made under
 * the API session's own login. When the lab is switched or reset the endpoints restart for the new
 * lab's vCenters.
 */
import { LabFault } from '../../shared/result';
import type { LabService } from '../services/lab-service';
import type { VsphereApiControl, VsphereApiEndpointInfo } from '../services/vsphere-api-control';
import type { VCenterCertificates } from './certificates';
import { VCenterEndpoint } from './endpoint';
import type { Peer, PeerDirectory } from './relocate';
import { instanceUuid } from './service-content';
import { SoapFault } from './soap';

export interface VsphereApiOptions {
  lab: LabService;
  certificates: VCenterCertificates;
  /** First port; the next vCenters get the following ones. 0: free ports. */
  port: number;
  /** Where the one-line-per-vCenter announcement goes (stdout by default). */
  log?: (line: string) => void;
}

/** The exact line printed per vCenter (the issue fixes its wording). */
export function announceLine(e: VsphereApiEndpointInfo): string {
  return `vSphere API: ${e.vcenterName} at ${e.url} (SHA-256 thumbprint ${e.thumbprint})`;
}

export class VsphereApi implements VsphereApiControl, PeerDirectory {
  private endpoints: VCenterEndpoint[] = [];
  private starting: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: VsphereApiOptions) {}

  get running(): boolean {
    return this.endpoints.length > 0;
  }

  /** Starts one endpoint per reachable vCenter and prints the announcement lines. */
  async start(): Promise<VsphereApiEndpointInfo[]> {
    if (this.starting) await this.starting;
    if (this.running) return this.list();
    this.starting = this.open();
    try {
      await this.starting;
    } finally {
      this.starting = null;
    }
    const lines = this.list();
    for (const e of lines) (this.options.log ?? console.log)(announceLine(e));
    return lines;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const open = this.endpoints;
    this.endpoints = [];
    await Promise.all(open.map((e) => e.close()));
  }

  list(): VsphereApiEndpointInfo[] {
    return this.endpoints.map((e) => {
      const cert = e.certificate;
      const vc = e.inv.vc;
      return {
        vcenterId: vc.id,
        vcenterName: vc.name,
        url: e.url,
        port: e.port,
        thumbprint: cert.sha256,
        sha1Thumbprint: cert.sha1,
        instanceUuid: instanceUuid(vc),
        user: vc.users[0]?.user ?? '',
      };
    });
  }

  // PeerDirectory: the other endpoints a ServiceLocator may name.
  byInstanceUuid(uuid: string): Peer | null {
    const wanted = uuid.trim().toLowerCase();
    const e = this.endpoints.find((x) => instanceUuid(x.inv.vc) === wanted);
    if (!e || !e.inv.vc.reachable) return null;
    return { vc: e.inv.vc, inv: e.inv, certificate: e.certificate };
  }

  authenticate(peer: Peer, user: string, password: string): string {
    try {
      return this.options.lab.sessions.authenticate(peer.vc, user, password);
    } catch (e) {
      if (e instanceof LabFault) {
        throw new SoapFault(
          'InvalidLogin',
          `Cannot complete login on ${peer.vc.name} due to an incorrect user name or password (spec.service.credential).`,
        );
      }
      throw e;
    }
  }

  private async open(): Promise<void> {
    const { lab, certificates } = this.options;
    await certificates.adopt(lab.world);
    const vcs = [...lab.world.vcenters.values()].filter((vc) => vc.reachable);
    const started: VCenterEndpoint[] = [];
    try {
      for (const [i, vc] of vcs.entries()) {
        const port = this.options.port === 0 ? 0 : this.options.port + i;
        started.push(await VCenterEndpoint.start({ lab, vcenterId: vc.id, certificates, peers: this, port }));
      }
    } catch (e) {
      await Promise.all(started.map((s) => s.close()));
      throw e;
    }
    this.endpoints = started;
    // Another lab (switch, reset, scenario file) has other vCenters: serve those instead.
    this.unsubscribe = lab.subscribe((name) => {
      if (name === 'lab.reloaded') void this.restart();
    });
  }

  private async restart(): Promise<void> {
    await this.stop();
    try {
      await this.start();
    } catch (e) {
      console.error(`[vsphere-api] could not restart after the lab changed: ${(e as Error).message}`);
    }
  }
}

export { VCenterCertificates } from './certificates';
