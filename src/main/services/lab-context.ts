import type { Engine } from '../engine/engine';
import type { World } from '../engine/world/world';
import type { Connections } from './connections/connections';
import type { SessionManager } from './connections/sessions';
import type { LabLibrary } from './persistence/lab-library';
import type { CertificateIssuer } from './vsphere-api-control';

/**
 * What call handlers see of the lab service (LabService implements it). Handlers read `world` and
 * `engine` on every call, as switching labs replaces both.
 */
export interface LabContext {
  readonly world: World;
  readonly engine: Engine;
  /** Where the world came from, shown to the user. */
  readonly source: string;
  /** Login sessions; the gate every vCenter-scoped call asks (`lab.sessions.require(ctx, vcId)`). */
  readonly sessions: SessionManager;
  readonly connections: Connections;
  /** Saved labs; null when nothing is persisted. */
  readonly labs: LabLibrary | null;
  /** Wall clock for certificate dates; injected by tests. */
  readonly wallClock: () => Date;
  /** Real certificates for the vCenters (attached with the vSphere API); null: simulated thumbprints. */
  readonly certificates: CertificateIssuer | null;
}
