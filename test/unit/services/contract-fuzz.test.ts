import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { callNames } from '../../../src/shared/contract';
import { callArb, describeCall, resultProblem, stringPoolOf } from '../../support/contract-arbitraries';
import { labDigest } from '../../support/lab-digest';
import { acceptCertificate, createTestLab, tempDir, VC1, VC2, type TestLab } from './lab-fixture';

/**
 * Property-based fuzzing of every contract call through the dispatcher exactly as the IPC wrapper
 * calls it (`lab.call(name, args, { clientId: "ipc-<id>" })`, arguments structured-cloned as Electron
 * IPC does). One client is signed in to two vCenters, the other has no session at all.
 */
const CLIENTS = ['ipc-1', 'ipc-2'];
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

async function signedInLab(): Promise<{ t: TestLab; dir: string }> {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const t = createTestLab({ dir: tmp.dir });
  // Simulated time stands still, so only calls change the lab (clock.setSpeed is re-paused below).
  t.lab.engine.setSpeed('paused');
  for (const vc of [VC1, VC2]) {
    await acceptCertificate(t, vc.address);
    await t.call('session.login', { address: vc.address, user: vc.user, password: vc.password }, CLIENTS[0]);
  }
  await t.call('connections.save', { address: VC1.address, user: VC1.user, label: 'fuzz' });
  return { t, dir: tmp.dir };
}

describe('contract fuzz (IPC dispatcher)', () => {
  it('every call is answered with a Result; a rejected call changes nothing; the service keeps answering', async () => {
    const { t, dir } = await signedInLab();
    const pool = stringPoolOf(t.lab.world);
    const seenCalls = new Set<string>();
    const rejected = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(callArb(pool, CLIENTS.length), async (c) => {
        let args: unknown;
        try {
          args = structuredClone(c.args); // what crosses Electron IPC
        } catch {
          fc.pre(false);
        }
        const ctx = { clientId: CLIENTS[c.client] };
        const before = labDigest(t.lab, CLIENTS, dir);
        const beforeSansAudit = labDigest(t.lab, CLIENTS, dir, true);
        const r = await t.lab.call(c.name, args, ctx);
        seenCalls.add(c.name);
        expect(resultProblem(r), describeCall(c)).toBeNull();
        if (r.ok) {
          expect(() => JSON.stringify(r.value), describeCall(c)).not.toThrow();
          t.lab.engine.setSpeed('paused');
        } else {
          rejected.set(r.error.code, (rejected.get(r.error.code) ?? 0) + 1);
          expect(r.error.code, `${describeCall(c)} → ${r.error.message}`).not.toBe('internal');
          // A failed login is recorded as vCenter does (BadUsernameSessionEvent), and nothing else changes.
          const audited = r.error.code === 'login-failed';
          expect(
            labDigest(t.lab, CLIENTS, dir, audited),
            `${describeCall(c)} was rejected (${r.error.code}) but changed the lab`,
          ).toBe(audited ? beforeSansAudit : before);
        }
        expect(Object.prototype).not.toHaveProperty('polluted');
        const info = await t.lab.call('lab.info', {}, ctx);
        expect(info.ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // The fuzz reached every call and both kinds of rejection that matter most.
    for (const name of callNames) expect(seenCalls, name).toContain(name);
    expect(rejected.get('invalid-argument')).toBeGreaterThan(0);
    expect(rejected.get('not-authenticated') ?? 0).toBeGreaterThan(0);
    expect(rejected.get('not-found') ?? 0).toBeGreaterThan(0);
    t.lab.dispose();
  });

  it('no call without a session acts on a vCenter', async () => {
    const { t } = await signedInLab();
    const pool = stringPoolOf(t.lab.world);
    const before = { tasks: [...t.lab.engine.tasks.all()].length };
    await fc.assert(
      fc.asyncProperty(callArb(pool, 1), async (c) => {
        const r = await t.lab.call(c.name, c.args, { clientId: 'ipc-anonymous' });
        expect(resultProblem(r)).toBeNull();
        t.lab.engine.setSpeed('paused');
      }),
      { numRuns: 300 },
    );
    // Whatever an anonymous client sent, it started no task on any vCenter.
    expect([...t.lab.engine.tasks.all()].length).toBe(before.tasks);
    t.lab.dispose();
  });
});
