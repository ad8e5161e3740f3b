/**
 * One simulated vCenter's HTTPS endpoint on 127.0.0.1: `POST /sdk` (SOAP 1.1, urn:vim25) and
 * `GET /sdk/vimServiceVersions.xml`. It presents the vCenter's certificate (re-read before every
 * TLS handshake, so lab.changeCertificate takes effect on the next connection), maps the
 * vmware_soap_session cookie to a session, and dispatches each operation to its row in the methods
 * table. Hostile input gets a SOAP fault or an HTTP 4xx and changes nothing: bodies over
 * MAX_BODY_BYTES are refused (413), DOCTYPE/entity declarations are refused before parsing, unknown
 * methods and morefs are faults. Request bodies are never logged (they carry passwords).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LabService } from '../services/lab-service';
import { ApiSessions, sessionCookie, type ApiSession } from './api-sessions';
import type { ServedCertificate, VCenterCertificates } from './certificates';
import { notAuthenticated } from './faults';
import { Inventory } from './inventory';
import { lookupObject } from './managed-objects';
import type { MethodContext, MethodRow } from './method-context';
import { SESSION_METHODS } from './methods-session';
import { WORLD_METHODS } from './methods-world';
import type { PeerDirectory } from './relocate';
import { serviceContent, vimServiceVersionsXml } from './service-content';
import { encodeFault, encodeResponse, SoapFault, type DataObject } from './soap';
import { BadRequest, decodeSoapRequest, morefChild } from './xml-decode';

/** Largest SOAP request accepted (4 MiB): a RelocateSpec or a big PropertyFilterSpec is a few KiB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How long an idle keep-alive connection stays open (pyvmomi's pool keeps them 900 s). */
const IDLE_CONNECTION_MS = 900_000;

/** Every SOAP method the endpoint answers, one row each. */
export const METHODS: Record<string, MethodRow> = { ...SESSION_METHODS, ...WORLD_METHODS };

export interface EndpointOptions {
  lab: LabService;
  vcenterId: string;
  certificates: VCenterCertificates;
  peers: PeerDirectory;
  port: number;
}

export class VCenterEndpoint {
  readonly inv: Inventory;
  readonly sessions: ApiSessions;
  readonly apiTasks = new Map<string, DataObject>();
  port = 0;
  private served!: ServedCertificate;
  private readonly server: Server;

  private constructor(private readonly options: EndpointOptions) {
    const { lab, vcenterId } = options;
    this.inv = new Inventory(vcenterId, () => lab.world);
    this.sessions = new ApiSessions(this.inv.vc.key);
    this.served = this.certificateNow();
    this.server = createServer(
      { cert: `${this.served.certPem.trim()}\n${this.served.caPem.trim()}\n`, key: this.served.keyPem },
      (req, res) => void this.handle(req, res),
    );
    // Before the TLS layer reads the ClientHello: a replaced certificate is served from now on.
    this.server.prependListener('connection', () => this.refreshCertificate());
    this.server.on('clientError', (_e, socket: Socket) => socket.destroy());
    // pyvmomi keeps idle connections for 15 minutes and reuses them without retrying a closed one.
    this.server.keepAliveTimeout = IDLE_CONNECTION_MS;
  }

  static async start(options: EndpointOptions): Promise<VCenterEndpoint> {
    const endpoint = new VCenterEndpoint(options);
    await new Promise<void>((resolve, reject) => {
      endpoint.server.once('error', reject);
      endpoint.server.listen(options.port, '127.0.0.1', () => resolve());
    });
    const address = endpoint.server.address();
    endpoint.port = typeof address === 'object' && address ? address.port : options.port;
    return endpoint;
  }

  get vcenterName(): string {
    return this.inv.vc.name;
  }
  get url(): string {
    return `https://127.0.0.1:${this.port}/sdk`;
  }
  get certificate(): ServedCertificate {
    this.refreshCertificate();
    return this.served;
  }

  close(): Promise<void> {
    this.sessions.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private certificateNow(): ServedCertificate {
    const cert = this.options.certificates.served(this.inv.vc);
    if (!cert) throw new Error(`${this.inv.vc.name} has no certificate to serve.`);
    return cert;
  }

  private refreshCertificate(): void {
    const vc = this.options.lab.world.vcenters.get(this.options.vcenterId);
    if (!vc || vc.certificate.thumbprint.toUpperCase() === this.served.sha256) return;
    const next = this.options.certificates.served(vc);
    if (!next) return;
    this.served = next;
    this.server.setSecureContext({
      cert: `${next.certPem.trim()}\n${next.caPem.trim()}\n`,
      key: next.keyPem,
    });
    // A new machine certificate restarts vCenter's services: every API session ends.
    this.sessions.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/sdk/vimServiceVersions.xml') {
      res
        .writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
        .end(vimServiceVersionsXml(this.inv.vc));
      return;
    }
    if (path !== '/sdk' && path !== '/sdk/vimService') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the vSphere API is at POST /sdk.');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req, res);
    if (body === null) return;
    let status = 200;
    let xml: string;
    let session = this.sessions.get(sessionCookie(req.headers.cookie));
    const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8' };
    try {
      const op = decodeSoapRequest(body);
      const row = Object.prototype.hasOwnProperty.call(METHODS, op.name) ? METHODS[op.name] : undefined;
      const thisRef = morefChild(op, '_this');
      if (!thisRef) throw new BadRequest(`${op.name.slice(0, 100)} needs a _this managed object reference.`);
      if (!row) {
        throw new SoapFault(
          'MethodNotFound',
          `Method ${op.name.slice(0, 100)} not found on ${thisRef.type}.`,
          {
            receiver: { _mo: true, ...thisRef },
            method: op.name.slice(0, 100),
          },
        );
      }
      session = this.liveSession(session);
      if (row.session && !session) throw notAuthenticated();
      const m = this.context(session ?? null, thisRef, req, res, (s) => {
        session = s ?? undefined;
        headers['Set-Cookie'] = s
          ? `vmware_soap_session=${s.key}; Path=/; HttpOnly; Secure`
          : 'vmware_soap_session=; Path=/; Max-Age=0; HttpOnly; Secure';
      });
      if (!lookupObject(m, thisRef)) {
        throw new SoapFault(
          'ManagedObjectNotFound',
          `The object '${thisRef.type}:${thisRef.value.slice(0, 100)}' has already been deleted or has not been completely created`,
          { obj: { _mo: true, ...thisRef } },
        );
      }
      xml = encodeResponse(op.name, await row.run(m, op));
    } catch (e) {
      if (e instanceof BadRequest) {
        status = 400;
        xml = encodeFault(new SoapFault('InvalidRequest', e.message), 'ClientFaultCode');
      } else if (e instanceof SoapFault) {
        status = 500;
        xml = encodeFault(e);
      } else {
        status = 500;
        console.error(
          `[vsphere-api] ${this.inv.vc.name}: request failed: ${(e as Error)?.message ?? String(e)}`,
        );
        xml = encodeFault(
          new SoapFault('SystemError', 'The server could not complete the request.', {
            reason: 'internal error',
          }),
        );
      }
    }
    if (res.destroyed) return;
    res.writeHead(status, headers).end(xml);
  }

  /** The session if its lab login still holds (a certificate change or idle expiry ends both). */
  private liveSession(session: ApiSession | undefined): ApiSession | undefined {
    if (!session) return undefined;
    try {
      this.options.lab.sessions.require(session.ctx, this.inv.vcenterId);
    } catch {
      this.sessions.delete(session.key);
      return undefined;
    }
    session.lastActiveTime = new Date();
    session.callCount++;
    return session;
  }

  private context(
    session: ApiSession | null,
    thisRef: { type: string; value: string },
    req: IncomingMessage,
    res: ServerResponse,
    setSession: (s: ApiSession | null) => void,
  ): MethodContext {
    const { lab } = this.options;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    return {
      lab,
      inv: this.inv,
      sessions: this.sessions,
      session,
      apiTasks: this.apiTasks,
      serviceContent: () => serviceContent(this.inv.vc),
      thisRef,
      peers: this.options.peers,
      userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200),
      setSession,
      closed: () => closed || res.destroyed,
      waitForChange: (ms) =>
        new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            unsubscribe();
            res.off('close', done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          const unsubscribe = lab.subscribe((name) => {
            if (name !== 'clock.tick' && name !== 'ping.sample') done();
          });
          res.once('close', done);
        }),
    };
  }
}

/** The request body as text, or null after answering 413 / 400 for a body that is too big or broken. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooBig = (): void => {
    res
      .writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' })
      .end(`Request body larger than ${MAX_BODY_BYTES} bytes.`);
    req.resume();
  };
  if (declared > MAX_BODY_BYTES) {
    tooBig();
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        tooBig();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
      done = true;
    });
    req.on('error', () => {
      if (!done) resolve(null);
      done = true;
    });
  });
}
