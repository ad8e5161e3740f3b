import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import type { CallName, CallResult, CallArgs, PushName } from '../../../src/shared/contract';
import type { LabError, Result } from '../../../src/shared/result';
import { loadScenarioText } from '../../../src/main/engine/world/load-scenario';
import { LabService } from '../../../src/main/services/lab-service';
import { openBrowserConnectionStorage } from '../../../src/main/services/storage/browser-storage';
import type { ConnectionStorage } from '../../../src/main/services/storage/secret-protector';

const defaultLab = readFileSync(resolve(__dirname, '../../../resources/labs/default.json'), 'utf8');

/** The default lab's vCenters and users used across these tests. */
export const VC1 = {
  id: 'vcsa01:vcenter',
  address: 'vcsa-01.corp.local',
  user: 'administrator@vsphere.local',
  password: 'VMware1!',
};
export const VC2 = {
  id: 'vcsa02:vcenter',
  address: 'vcsa-02.branch.example',
  user: 'administrator@branch.local',
  password: 'Branch-Pass-1',
};
/** Marked reachable: false in the default lab. */
export const VC_OFF = {
  address: 'vcsa-60.retired.local',
  user: 'administrator@retired.local',
  password: 'Retired-60',
};

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vmlab-conn-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Call inside a `describe`: returns a function that makes a fresh temporary directory; every one made
 * is removed after each test.
 */
export function useTempDirs(): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return () => {
    const d = tempDir();
    cleanups.push(d.cleanup);
    return d.dir;
  };
}

export interface TestLab {
  lab: LabService;
  /** Every result and push the "renderer" received, as JSON, to scan for leaked passwords. */
  seen: string[];
  pushes: { name: PushName; payload: unknown; clientId?: string }[];
  /** A contract call that must succeed. */
  call<K extends CallName>(name: K, args: CallArgs<K>, client?: string): Promise<CallResult<K>>;
  /** A contract call that must fail; returns the typed error. */
  fail<K extends CallName>(name: K, args: CallArgs<K>, client?: string): Promise<LabError>;
  clock: { t: number; advance(ms: number): void };
}

/** A LabService on the default lab with real conf storage in `dir` (or the given storage). */
export function createTestLab(
  options: { dir?: string; storage?: ConnectionStorage; idleMs?: number } = {},
): TestLab {
  const clock = {
    t: Date.parse('2026-03-01T09:00:00Z'),
    advance(ms: number) {
      clock.t += ms;
    },
  };
  const storage = options.storage ?? (options.dir ? openBrowserConnectionStorage(options.dir) : undefined);
  const lab = new LabService({
    world: loadScenarioText(defaultLab),
    source: 'test',
    connectionStorage: storage,
    sessionIdleMs: options.idleMs,
    now: () => clock.t,
  });
  const seen: string[] = [];
  const pushes: TestLab['pushes'] = [];
  lab.subscribe((name, payload, clientId) => {
    pushes.push({ name, payload, clientId });
    seen.push(JSON.stringify(payload));
  });
  const raw = async (name: CallName, args: unknown, client: string): Promise<Result<unknown>> => {
    const r = await lab.call(name, args, { clientId: client });
    seen.push(JSON.stringify(r));
    return r;
  };
  return {
    lab,
    seen,
    pushes,
    clock,
    async call(name, args, client = 'c1') {
      const r = await raw(name, args, client);
      if (!r.ok) throw new Error(`${name} failed: ${r.error.code}: ${r.error.message}`);
      return r.value as never;
    },
    async fail(name, args, client = 'c1') {
      const r = await raw(name, args, client);
      if (r.ok) throw new Error(`${name} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
}

/** Accepts a vCenter's current certificate, as the user does in the acceptance dialog. */
export async function acceptCertificate(t: TestLab, address: string): Promise<string> {
  const check = await t.call('cert.get', { address });
  await t.call('cert.trust', { address, thumbprint: check.certificate.thumbprint });
  return check.certificate.thumbprint;
}
