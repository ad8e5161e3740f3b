/**
 * Hostile and malformed HTTP at the browser-mode server's raw socket, before any authentication: each
 * request gets a status line, and the server keeps serving the app to the next (well-formed) client.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../../src/main/browser/ws-server';
import { createTestLab, type TestLab } from '../services/lab-fixture';

let t: TestLab;
let server: BrowserServer;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'vmlab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  t = createTestLab();
  server = await startBrowserServer({ lab: t.lab, rendererDir });
});

afterAll(async () => {
  await server.close();
  t.lab.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

/** Sends raw bytes and resolves everything the server wrote back before it closed (or went quiet). */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let out = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    // A server that answered but keeps the connection open (keep-alive, an open WebSocket that
    // streams clock ticks) is done shortly after its answer's head arrived.
    let timer = setTimeout(done, 2000);
    let answered = false;
    socket.on('data', (d) => {
      out += d.toString('latin1');
      if (answered || !out.includes('\r\n\r\n')) return;
      answered = true;
      clearTimeout(timer);
      timer = setTimeout(done, 200);
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes, 'latin1');
  });
}

const statusOf = (response: string): number | null => {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return m ? Number(m[1]) : null;
};

/** A well-formed upgrade request to `target` with the app's own Host and Origin. */
const upgrade = (target: string, extra = ''): string =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: http://127.0.0.1:${server.port}\r\n` +
  `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;
const get = (target: string, extra = ''): string =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n${extra}\r\n`;

/** Request-targets that are not URLs a browser would send; each once as an upgrade and once as a GET. */
const badTargets = [
  '//[',
  'http://[/ws',
  '//a:99999/ws',
  '//[::1',
  'http://',
  'http://:/ws',
  '//@/ws',
  'https://user:pass@[zz]/ws',
  '/%',
  '/%E0%A4%A',
  '/ws?token=%',
  '/ws/../../etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '*',
  'ws',
  '/\u00ff\u00fe',
  '/' + 'a'.repeat(8000),
];

/** Request lines and headers the HTTP parser itself must refuse. */
const badRequests = [
  'GARBAGE\r\n\r\n',
  'GET\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
  'GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n',
  'GET / HTTP/1.1\r\nX: \u0000\r\n\r\n',
  `GET / HTTP/1.1\r\nX: ${'b'.repeat(70_000)}\r\n\r\n`,
  '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n', // a TLS ClientHello
  'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n',
  'POST /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
];

describe('browser-mode server under malformed requests', () => {
  it.each(badTargets)('answers an upgrade to %j with a status and keeps serving', async (target) => {
    const status = statusOf(await raw(upgrade(target)));
    expect(status, `status line for upgrade ${target}`).not.toBeNull();
    expect(status).toBeGreaterThanOrEqual(400);
    expect(statusOf(await raw(get('/')))).toBe(200);
  });

  it.each(badTargets)('answers a GET of %j with a status and keeps serving', async (target) => {
    const status = statusOf(await raw(get(target)));
    expect(status, `status line for GET ${target}`).not.toBeNull();
    // The app page itself is served for unknown paths (the renderer routes); never a file outside it.
    if (status === 200) expect(await raw(get(target))).toContain('<title>lab</title>');
    expect(statusOf(await raw(get('/')))).toBe(200);
  });

  it.each(badRequests)('answers the malformed request %# with a status and keeps serving', async (bytes) => {
    const status = statusOf(await raw(bytes));
    expect(status, `status line for ${JSON.stringify(bytes.slice(0, 60))}`).not.toBeNull();
    expect(status).toBeGreaterThanOrEqual(400);
    expect(statusOf(await raw(get('/')))).toBe(200);
  });

  it('survives a client that resets the connection mid-upgrade', async () => {
    for (let i = 0; i < 20; i++) {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write(upgrade('//[').slice(0, 40 + i * 7));
      socket.resetAndDestroy();
    }
    expect(statusOf(await raw(get('/')))).toBe(200);
  });

  it('still accepts a well-formed, authenticated upgrade after all of that', async () => {
    const response = await raw(upgrade(`/ws?token=${encodeURIComponent(server.token)}`));
    expect(statusOf(response)).toBe(101);
  });
});
