/**
 * The browser-mode server with a real LabService, real sockets and a real WebSocket client: who may
 * connect, how big a message may be, and that a flooding or vanishing client cannot take it down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  MAX_IN_FLIGHT,
  MAX_MESSAGE_BYTES,
  startBrowserServer,
  type BrowserServer,
} from '../../../src/main/browser/ws-server';
import type { Result } from '../../../src/shared/result';
import { acceptCertificate, createTestLab, VC1, type TestLab } from '../services/lab-fixture';
import { resultProblem } from '../../support/contract-arbitraries';
import { tryConnect } from '../../support/ws-probe';

let t: TestLab;
let server: BrowserServer;
let rendererDir: string;
const open: WebSocket[] = [];

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'vmlab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  t = createTestLab();
  server = await startBrowserServer({ lab: t.lab, rendererDir });
});

afterEach(async () => {
  for (const ws of open) ws.terminate();
  open.length = 0;
  await server.close();
  t.lab.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
});

const origin = (): string => `http://127.0.0.1:${server.port}`;
const wsUrl = (token = server.token): string =>
  `ws://127.0.0.1:${server.port}/ws?token=${encodeURIComponent(token)}`;

/** A connected client that pairs answers with calls by id. */
async function client(): Promise<{
  ws: WebSocket;
  call: (call: string, args: unknown) => Promise<Result<unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new WebSocket(wsUrl(), { headers: { Origin: origin() } });
  open.push(ws);
  const pending = new Map<number, (r: Result<unknown>) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: Result<unknown> };
    if (typeof msg.id === 'number') pending.get(msg.id)?.(msg.result!);
  });
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code, reason) => r({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let seq = 0;
  return {
    ws,
    closed,
    call: (call, args) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, call, args }));
      }),
  };
}

describe('browser-mode server', () => {
  it('listens on the loopback interface only', async () => {
    const addr = server.server.address();
    expect(addr).toMatchObject({ address: '127.0.0.1' });
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    const tryTcp = (host: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect({ host, port: server.port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await tryTcp('127.0.0.1')).toBe('connected');
    if (external)
      expect(await tryTcp(external.address), `connect via ${external.address}`).toBe('ECONNREFUSED');
    expect(await tryTcp('::1')).toBe('ECONNREFUSED');
  });

  it('refuses a missing or wrong token, a foreign Origin and a foreign Host header', async () => {
    const good = { Origin: origin() };
    expect(await tryConnect(wsUrl(), good)).toBe('open');
    expect(await tryConnect(`ws://127.0.0.1:${server.port}/ws`, good)).toBe('401');
    expect(await tryConnect(wsUrl(''), good)).toBe('401');
    expect(await tryConnect(wsUrl(server.token + 'x'), good)).toBe('401');
    expect(
      await tryConnect(
        wsUrl(
          server.token.toUpperCase() === server.token
            ? server.token.toLowerCase()
            : server.token.toUpperCase(),
        ),
        good,
      ),
    ).toBe('401');
    expect(await tryConnect(wsUrl(), {})).toBe('403');
    expect(await tryConnect(wsUrl(), { Origin: 'null' })).toBe('403');
    expect(await tryConnect(wsUrl(), { Origin: 'http://evil.example' })).toBe('403');
    expect(await tryConnect(wsUrl(), { Origin: `https://127.0.0.1:${server.port}` })).toBe('403');
    expect(await tryConnect(wsUrl(), { Origin: `http://127.0.0.1:${server.port}.evil.example` })).toBe('403');
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, so its Host header names it.
    for (const host of [
      `attacker.example:${server.port}`,
      `127.0.0.1.attacker.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
    ]) {
      expect(await tryConnect(wsUrl(), { Origin: origin(), Host: host }), host).toBe('421');
    }
    expect(await tryConnect(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, good)).toBe('404');
    // The page itself is not served to a rebinding Host either.
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status(`attacker.example:${server.port}`)).toBe(421);
    expect(await status(`127.0.0.1:${server.port}`)).toBe(200);
  });

  it('closes a connection whose message exceeds MAX_MESSAGE_BYTES with 1009 and keeps serving others', async () => {
    const victim = await client();
    const bystander = await client();
    victim.ws.send(JSON.stringify({ id: 1, call: 'lab.info', args: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect((await victim.closed).code).toBe(1009);
    expect(await bystander.call('lab.info', {})).toMatchObject({ ok: true });
    // A message just under the limit is read and answered (with a typed error for the extra key).
    const near = await bystander.call('lab.info', { pad: 'x'.repeat(MAX_MESSAGE_BYTES - 100) });
    expect(near).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await (await client()).call('lab.info', {})).toMatchObject({ ok: true });
  });

  it('answers a flood of calls with results or typed "too many calls" errors, and stays up', async () => {
    const flooder = await client();
    const N = 5000;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => flooder.call(i % 2 ? 'lab.info' : 'connections.list', {})),
    );
    expect(answers).toHaveLength(N);
    for (const a of answers) expect(resultProblem(a)).toBeNull();
    const refused = answers.filter((a) => !a.ok);
    for (const r of refused)
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'not-allowed', message: expect.stringContaining(`limit ${MAX_IN_FLIGHT}`) },
      });
    // Another client is served meanwhile and afterwards, and so is the flooder.
    expect(await (await client()).call('lab.info', {})).toMatchObject({ ok: true });
    expect(await flooder.call('lab.info', {})).toMatchObject({ ok: true });
  });

  it('refuses calls beyond MAX_IN_FLIGHT while earlier ones are still running', async () => {
    await acceptCertificate(t, VC1.address);
    const c = await client();
    // connections.save writes the store (awaited), so calls stay in flight while the batch arrives.
    const batch = Array.from({ length: MAX_IN_FLIGHT * 3 }, (_, i) =>
      c.call('connections.save', { address: VC1.address, user: `user${i}@vsphere.local`, label: `c${i}` }),
    );
    const answers = await Promise.all(batch);
    const refused = answers.filter((a) => !a.ok && a.error.code === 'not-allowed');
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    expect(refused.length).toBeGreaterThan(0);
    expect(await c.call('lab.info', {})).toMatchObject({ ok: true });
  });

  it('survives a client that disconnects mid-call, and forgets its sessions', async () => {
    await acceptCertificate(t, VC1.address);
    const leaver = await client();
    expect(
      await leaver.call('session.login', { address: VC1.address, user: VC1.user, password: VC1.password }),
    ).toMatchObject({ ok: true });
    expect(t.lab.sessions.list({ clientId: 'ws-1' })).toHaveLength(1);
    for (let i = 0; i < 500; i++)
      leaver.ws.send(JSON.stringify({ id: 1000 + i, call: 'tasks.list', args: { vcenterId: VC1.id } }));
    leaver.ws.terminate(); // gone without a close handshake, with calls outstanding
    await leaver.closed;
    const other = await client();
    expect(await other.call('lab.info', {})).toMatchObject({ ok: true });
    await expect.poll(() => t.lab.sessions.list({ clientId: 'ws-1' })).toHaveLength(0);
  });

  it('answers malformed messages with typed errors without dropping the connection', async () => {
    const c = await client();
    const replies: unknown[] = [];
    c.ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    for (const raw of [
      '',
      'null',
      '[]',
      '42',
      '"x"',
      '{"id":"1","call":"lab.info"}',
      '{"id":1e400,"call":"lab.info"}',
      '{"__proto__":{"id":1}}',
    ])
      c.ws.send(raw);
    c.ws.send(Buffer.from([0xff, 0x00, 0x01]), { binary: true });
    await expect.poll(() => replies.length).toBe(9);
    for (const r of replies)
      expect(r).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(Object.prototype).not.toHaveProperty('id');
    expect(await c.call('lab.info', {})).toMatchObject({ ok: true });
  });
});
