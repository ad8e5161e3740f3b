import WebSocket from 'ws';
import { tryConnect } from '../support/ws-probe';
import { expect, test } from './fixtures/test';

test.describe('browser-mode server', () => {
  test('accepts the app with its token and refuses everyone else', async ({ labHost }) => {
    const ws = (token: string): string =>
      `ws://127.0.0.1:${labHost.port}/ws?token=${encodeURIComponent(token)}`;
    const origin = labHost.origin;
    expect(await tryConnect(ws(labHost.token), { Origin: origin })).toBe('open');
    expect(await tryConnect(ws(''), { Origin: origin })).toBe('401');
    expect(await tryConnect(ws(labHost.token.slice(0, -1) + 'x'), { Origin: origin })).toBe('401');
    expect(await tryConnect(ws(labHost.token), { Origin: 'http://evil.example' })).toBe('403');
    expect(await tryConnect(ws(labHost.token), { Origin: `http://127.0.0.1:${labHost.port + 1}` })).toBe(
      '403',
    );
    // DNS rebinding: a page on attacker.example resolving to 127.0.0.1 sends its own Host header.
    expect(
      await tryConnect(ws(labHost.token), {
        Origin: 'http://attacker.example',
        Host: `attacker.example:${labHost.port}`,
      }),
    ).toBe('421');
  });

  test('a page from another local origin cannot drive the lab', async ({ page, labHost }) => {
    // A second local server stands in for "some other web page on this machine".
    const http = await import('node:http');
    const other = http.createServer((_q, r) =>
      r.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>other</h1>'),
    );
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `ws://127.0.0.1:${labHost.port}/ws?token=${labHost.token}`,
    );
    other.close();
    expect(outcome).toBe('refused');
  });

  test('answers a bad message with a typed error and keeps serving', async ({ labHost }) => {
    const ws = new WebSocket(`ws://127.0.0.1:${labHost.port}/ws?token=${labHost.token}`, {
      headers: { Origin: labHost.origin },
    });
    await new Promise((r) => ws.once('open', r));
    // The next answer to a call (push events such as clock.tick may arrive in between).
    const next = (): Promise<any> =>
      new Promise((r) => {
        const onMessage = (d: WebSocket.RawData): void => {
          const msg = JSON.parse(d.toString());
          if (msg.push !== undefined) return;
          ws.off('message', onMessage);
          r(msg);
        };
        ws.on('message', onMessage);
      });
    let reply = next();
    ws.send('not json');
    expect((await reply).result.error.code).toBe('invalid-argument');
    reply = next();
    ws.send(JSON.stringify({ id: 1, call: '__proto__', args: {} }));
    expect((await reply).result.error.code).toBe('unknown-call');
    reply = next();
    ws.send(
      JSON.stringify({
        id: 2,
        call: 'inventory.children',
        args: { view: 'hosts', parentId: 'vcsa01:vcenter', extra: 1 },
      }),
    );
    expect((await reply).result.error).toMatchObject({ code: 'invalid-argument' });
    reply = next();
    ws.send(JSON.stringify({ id: 3, call: 'lab.info', args: {} }));
    expect((await reply).result.value.vcenters.length).toBeGreaterThan(2);
    ws.close();
  });
});
