import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, relative } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { fail } from '../../shared/result';
import { CONTENT_SECURITY_POLICY } from '../security';
import type { LabService } from '../services/lab-service';

/** Largest message a client may send; a contract call's arguments are far smaller. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Unsent bytes a connection may pile up before it is closed (a client that never reads). */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Calls one connection may have outstanding at once; more are refused, not queued without bound. */
export const MAX_IN_FLIGHT = 128;

export interface BrowserServerOptions {
  lab: LabService;
  rendererDir: string;
  port?: number;
  /** The token a page must present: browser mode keeps one per data folder (browser-identity.ts). */
  token?: string;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/**
 * The path and query of a request-target, or null when it is not the origin form a browser sends
 * ("/path?query"). Absolute and authority forms ("http://[/ws", "//a:99999/ws") and targets the URL
 * parser rejects are answered 400 instead of reaching any other check.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://lab.invalid');
  } catch {
    return null;
  }
}

/** decodeURIComponent that answers null for a malformed escape ("/%") instead of throwing. */
function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browser mode's transport: serves the built renderer and the contract over a WebSocket, on the
 * loopback interface only. A connection must carry the data folder's token and come from the app's own
 * origin, and every request's Host header must name the loopback address, so neither another local
 * web page nor a DNS-rebinding site can drive the lab.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { lab, rendererDir } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const serveFile = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res
        .writeHead(421, { 'Content-Type': 'text/plain' })
        .end('Misdirected request: unexpected Host header.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const target = parseRequestTarget(req.url);
    const pathname = target && decodePath(target.pathname);
    if (pathname === null || pathname.includes('\0')) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request target.');
      return;
    }
    let file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
    if (relative(rendererDir, file).startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) file = join(rendererDir, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end('The renderer is not built: run `npm run build`.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    serveFile(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // A request the HTTP parser refuses gets its status (400, 431, …) and the connection is closed;
  // a socket that already went away needs nothing.
  server.on('clientError', (err: NodeJS.ErrnoException & { code?: string }, socket) => {
    if (!socket.writable) return socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });

  // CONNECT (a proxy request) is not something this server does; without a listener Node would
  // drop the connection without any answer.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('upgrade', (req, socket, head) => {
    // Node hands an upgrade's socket over without its error listener: a client resetting the
    // connection now would otherwise be an uncaught error that stops the whole host.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      const url = parseRequestTarget(req.url);
      if (!url) return reject(400, 'Bad Request');
      if (url.pathname !== '/ws') return reject(404, 'Not Found');
      if (!allowedHosts().includes(req.headers.host ?? '')) return reject(421, 'Misdirected Request');
      if (!allowedOrigins().includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
      if (!sameToken(url.searchParams.get('token'), token)) return reject(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (e) {
      // Whatever a request does, it is answered and the server keeps serving everyone else.
      console.error('[browser] upgrade failed:', e);
      reject(400, 'Bad Request');
    }
  });

  let clientSeq = 0;
  const clients = new Map<WebSocket, string>();
  const send = (ws: WebSocket, message: unknown): void => {
    if (ws.readyState !== ws.OPEN) return;
    // A client that asks but never reads would grow this buffer without bound: cut it off.
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const unsubscribe = lab.subscribe((name, payload, clientId) => {
    for (const [ws, id] of clients) {
      if (clientId && clientId !== id) continue;
      // Each client sees only what concerns the vCenters it is logged in to.
      const scoped = lab.pushFor(id, name, payload);
      if (scoped) send(ws, { push: name, payload: scoped });
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    const clientId = `ws-${++clientSeq}`;
    clients.set(ws, clientId);
    let inFlight = 0;
    ws.on('message', (data, isBinary) => {
      let msg: { id?: unknown; call?: unknown; args?: unknown };
      try {
        msg = JSON.parse(isBinary ? '' : data.toString());
      } catch {
        send(ws, { id: null, result: fail('invalid-argument', 'The message is not valid JSON.') });
        return;
      }
      const id = typeof msg?.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null;
      if (id === null || typeof msg !== 'object') {
        send(ws, {
          id: null,
          result: fail('invalid-argument', 'A message needs a numeric "id" and a "call".'),
        });
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        send(ws, {
          id,
          result: fail('not-allowed', `Too many calls at once (limit ${MAX_IN_FLIGHT}); wait for answers.`),
        });
        return;
      }
      inFlight++;
      lab
        .call(msg.call as string, msg.args, { clientId })
        .then((result) => send(ws, { id, result }))
        .finally(() => inFlight--);
    });
    ws.on('close', () => {
      clients.delete(ws);
      lab.disconnect(clientId);
    });
    ws.on('error', () => ws.terminate());
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    // Port taken: nothing of this attempt may stay subscribed to the lab.
    unsubscribe();
    wss.close();
    throw e;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: async () => {
      unsubscribe();
      for (const ws of clients.keys()) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
