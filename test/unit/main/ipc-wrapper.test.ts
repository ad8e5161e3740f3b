/**
 * The IPC wrapper and the preload, run for real against a stand-in for the `electron` module (the
 * Electron runtime cannot be installed here). The stand-in only records registrations; the wrapper's
 * frame check, the dispatcher and the LabService behind it are the real ones.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames, IPC_PREFIX } from '../../../src/shared/contract';
import { isAppUrl } from '../../../src/main/security';
import { createTestLab } from '../services/lab-fixture';

type Handler = (event: unknown, args: unknown) => unknown;
const fake = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown }[],
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => fake.handlers.set(channel, fn),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      fake.invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: null });
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

const frame = (url: string, parent: unknown = null): unknown => ({
  sender: { id: 7 },
  senderFrame: { url, parent },
});

beforeEach(() => fake.handlers.clear());

describe('IPC wrapper', () => {
  it('registers exactly one handler per contract call and answers only the app window', async () => {
    const { registerIpc } = await import('../../../src/main/ipc');
    const t = createTestLab();
    const unregister = registerIpc(t.lab, isAppUrl);
    expect([...fake.handlers.keys()].sort()).toEqual(callNames.map((n) => `${IPC_PREFIX}${n}`).sort());
    const info = fake.handlers.get(`${IPC_PREFIX}lab.info`)!;
    expect(await info(frame('app://lab/index.html'), {})).toMatchObject({ ok: true });
    for (const event of [
      frame('https://evil.example/'),
      frame('app://lab/index.html', { url: 'app://lab/' }), // a sub-frame, even of the app
      frame('file:///tmp/x.html'),
      { sender: { id: 7 }, senderFrame: null },
    ]) {
      expect(await info(event, {})).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    }
    // Arguments still go through the strict schema.
    const children = fake.handlers.get(`${IPC_PREFIX}inventory.children`)!;
    expect(await children(frame('app://lab/'), { view: 'hosts', parentId: 'x', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    unregister();
    expect(fake.handlers.size).toBe(0);
    t.lab.dispose();
  });
});

describe('preload', () => {
  it('exposes exactly the contract calls and `on`, frozen, each bound to its own channel', async () => {
    await import('../../../src/preload/index');
    expect([...fake.exposed.keys()]).toEqual(['vmotionLab']);
    const api = fake.exposed.get('vmotionLab') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    for (const name of callNames) {
      await api[name]({ probe: name });
      expect(fake.invoked.at(-1)).toEqual({ channel: `${IPC_PREFIX}${name}`, args: { probe: name } });
    }
    expect(() => api.on('not-an-event', () => undefined)).toThrow(/Unknown push event/);
  });
});
