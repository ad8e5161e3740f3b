/**
 * Sessions scope what a client sees: over the real browser-mode server, a client logged in to one
 * vCenter receives no task, event, ping or DRS push about another, while lab-wide pushes reach all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../../src/main/browser/ws-server';
import type { Result } from '../../../src/shared/result';
import { createTestLab, VC1, VC2, type TestLab } from './lab-fixture';

let t: TestLab;
let server: BrowserServer;
let rendererDir: string;
const open: WebSocket[] = [];

beforeEach(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'vmlab-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
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

interface Client {
  call(name: string, args: unknown): Promise<unknown>;
  pushes: { push: string; payload: any }[];
}

async function client(): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    headers: { Origin: `http://127.0.0.1:${server.port}` },
  });
  open.push(ws);
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const pushes: Client['pushes'] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString());
    if (msg.push) pushes.push(msg);
    else pending.get(msg.id)?.(msg.result);
  });
  await new Promise((r) => ws.once('open', r));
  let seq = 0;
  return {
    pushes,
    call: (name, args) =>
      new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, (r) => (r.ok ? resolve(r.value) : reject(new Error(`${name}: ${r.error.message}`))));
        ws.send(JSON.stringify({ id, call: name, args }));
      }),
  };
}

async function login(c: Client, vc: { address: string; user: string; password: string }): Promise<void> {
  const check = (await c.call('cert.get', { address: vc.address })) as {
    certificate: { thumbprint: string };
  };
  await c.call('cert.trust', { address: vc.address, thumbprint: check.certificate.thumbprint });
  await c.call('session.login', { address: vc.address, user: vc.user, password: vc.password });
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

describe('push events are scoped by session', () => {
  it('a client sees tasks and events only of the vCenters it is logged in to', async () => {
    const a = await client(); // logged in to vcsa-01
    const b = await client(); // logged in to vcsa-02 only
    const nobody = await client(); // logged in nowhere
    await login(a, VC1);
    await login(b, VC2);
    await settle();
    for (const c of [a, b, nobody]) c.pushes.length = 0;

    const vm = [...t.lab.world.vms.values()].find((v) => v.vcenterId === VC1.id && v.name === 'web-01')!;
    const from = vm.hostId;
    const to = [...t.lab.world.hosts.values()].find(
      (h) => h.clusterId === t.lab.world.hosts.get(vm.hostId)!.clusterId && h.id !== vm.hostId,
    )!;
    await a.call('migration.start', { vcenterId: VC1.id, vmIds: [vm.id], type: 'compute', hostId: to.id });
    t.lab.engine.clock.runUntil(t.lab.engine.clock.now() + 600_000);
    t.lab.engine.flush();
    await settle();

    const vcsOf = (c: Client, push: string): string[] =>
      c.pushes
        .filter((p) => p.push === push)
        .flatMap((p) => (p.payload.tasks ?? p.payload.events).map((x: { vcenterId: string }) => x.vcenterId));
    expect(vcsOf(a, 'tasks.updated')).toContain(VC1.id);
    expect(vcsOf(a, 'events.added')).toContain(VC1.id);
    for (const other of [b, nobody]) {
      expect(vcsOf(other, 'tasks.updated')).not.toContain(VC1.id);
      expect(vcsOf(other, 'events.added')).not.toContain(VC1.id);
      expect(JSON.stringify(other.pushes)).not.toContain(vm.id);
      // Lab-wide news still arrives: the clock, and that the inventory changed (naming no vCenter).
      expect(other.pushes.some((p) => p.push === 'clock.tick')).toBe(true);
      for (const p of other.pushes.filter((p) => p.push === 'inventory.changed'))
        expect(p.payload.vcenterIds).not.toContain(VC1.id);
    }
    // After logging in, b sees that vCenter's news too.
    await login(b, VC1);
    b.pushes.length = 0;
    await a.call('migration.start', { vcenterId: VC1.id, vmIds: [vm.id], type: 'compute', hostId: from });
    t.lab.engine.clock.runUntil(t.lab.engine.clock.now() + 60_000);
    t.lab.engine.flush();
    await settle();
    expect(vcsOf(b, 'tasks.updated')).toContain(VC1.id);
  });

  it('the ping reply across a cross vCenter switchover reaches a client logged in to both, though the VM was re-keyed before the push', async () => {
    const a = await client();
    const onlyTarget = await client();
    await login(a, VC1);
    await login(a, VC2);
    await login(onlyTarget, VC2);
    const w = t.lab.world;
    const byName = <T extends { name: string; vcenterId: string }>(
      m: Map<string, T>,
      name: string,
      vc: string,
    ) => [...m.values()].find((x) => x.name === name && x.vcenterId === vc)!;
    const vm = byName(w.vms, 'web-01', VC1.id);
    const { monitorId } = (await a.call('ping.start', { vmId: vm.id })) as { monitorId: string };
    await settle();
    for (const c of [a, onlyTarget]) c.pushes.length = 0;
    await a.call('migration.start', {
      vcenterId: VC1.id,
      vmIds: [vm.id],
      type: 'crossVcenter',
      hostId: byName(w.hosts, 'esx-w01.branch.example', VC2.id).id,
      datastoreId: byName(w.datastores, 'West-vsanDatastore', VC2.id).id,
      folderId: [...w.folders.values()].find((f) => f.name === 'Migrated' && f.vcenterId === VC2.id)!.id,
      networkId: byName(w.networks, 'DPG-West-Prod', VC2.id).id,
    });
    // The whole migration runs before anything is pushed: every reply is pushed after the re-key.
    t.lab.engine.clock.runUntil(t.lab.engine.clock.now() + 600_000);
    expect(w.vms.has(vm.id)).toBe(false);
    t.lab.engine.flush();
    await settle();

    const replies = (c: Client): { vmId: string; vcenterId: string; rttMs: number | null }[] =>
      c.pushes
        .filter((p) => p.push === 'ping.sample')
        .flatMap((p) => p.payload.samples)
        .filter((s: { monitorId: string }) => s.monitorId === monitorId);
    const seen = replies(a);
    expect(seen.length).toBeGreaterThanOrEqual(500);
    expect(seen.some((s) => s.rttMs === null || s.rttMs > 20)).toBe(true);
    expect(seen.some((s) => s.vcenterId === VC1.id) && seen.some((s) => s.vcenterId === VC2.id)).toBe(true);
    // A client on the target only sees the replies from when the VM was there.
    const theirs = replies(onlyTarget);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((s) => s.vcenterId === VC2.id && s.vmId !== vm.id)).toBe(true);
  });
});
