import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { INTERRUPTED_MESSAGE } from '../../../../src/main/engine/persistence/engine-state';
import { createLabService } from '../../../../src/main/services/create-lab-service';
import type { LabService } from '../../../../src/main/services/lab-service';
import { memoryConnectionStorage } from '../../../../src/main/services/storage/memory-connection-storage';
import type { CallArgs, CallName, CallResult, LabsInfo, TaskInfo } from '../../../../src/shared/contract';
import type { LabError } from '../../../../src/shared/result';
import { tempDir, VC1 } from '../lab-fixture';

const scenarioPath = resolve(import.meta.dirname, '../../../../resources/labs/default.json');
let cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

async function start(dataDir: string): Promise<{ lab: LabService; pushes: string[] }> {
  const lab = await createLabService({
    labPath: scenarioPath,
    labLabel: 'built-in: default',
    connectionStorage: memoryConnectionStorage(),
    dataDir,
  });
  const pushes: string[] = [];
  lab.subscribe((name) => pushes.push(name));
  lab.engine.setSpeed('paused');
  return { lab, pushes };
}

async function call<K extends CallName>(lab: LabService, name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const r = await lab.call(name, args, { clientId: 'c1' });
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as CallResult<K>;
}
async function refused(lab: LabService, name: CallName, args: unknown): Promise<LabError> {
  const r = await lab.call(name, args, { clientId: 'c1' });
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
}

async function login(lab: LabService): Promise<void> {
  const check = await call(lab, 'cert.get', { address: VC1.address });
  await call(lab, 'cert.trust', { address: VC1.address, thumbprint: check.certificate.thumbprint });
  await call(lab, 'session.login', { address: VC1.address, user: VC1.user, password: VC1.password });
}

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** Starts a vMotion of web-01 and returns the VM id, its source host and task. */
async function startVmotion(
  lab: LabService,
): Promise<{ vmId: string; from: string; to: string; task: TaskInfo }> {
  const vm = [...lab.world.vms.values()].find((v) => v.name === 'web-01')!;
  const to = [...lab.world.hosts.values()].find(
    (h) => h.clusterId === lab.world.hosts.get(vm.hostId)!.clusterId && h.id !== vm.hostId,
  )!;
  const r = await call(lab, 'migration.start', {
    vcenterId: VC1.id,
    vmIds: [vm.id],
    type: 'compute',
    hostId: to.id,
  });
  return { vmId: vm.id, from: vm.hostId, to: to.id, task: lab.engine.tasks.get(r.migrations[0].taskId)! };
}

describe('saved labs', () => {
  test('first start creates "default"; closing and reopening shows the lab exactly as it was', async () => {
    const dir = dataDir();
    const a = await start(dir);
    await login(a.lab);
    const { vmId, to } = await startVmotion(a.lab);
    a.lab.engine.clock.runUntil(a.lab.engine.clock.now() + 3_600_000);
    const now = a.lab.engine.clock.now();
    await a.lab.labs!.close();
    a.lab.dispose();

    const b = await start(dir);
    cleanups.push(() => b.lab.dispose());
    const info = await call(b.lab, 'labs.list', {});
    expect(info).toMatchObject({ current: 'default', notices: [] });
    expect(info.labs.map((l) => [l.name, l.scenario, l.current])).toEqual([
      ['default', 'built-in: default', true],
    ]);
    expect(b.lab.world.vms.get(vmId)!.hostId).toBe(to);
    expect(b.lab.engine.clock.now()).toBe(now);
    await login(b.lab);
    const tasks = await call(b.lab, 'tasks.list', { vcenterId: VC1.id, limit: 200 });
    expect(tasks.find((t) => t.name === 'Migrate virtual machine')?.state).toBe('success');
  });

  test('a lab closed mid-migration reopens with the VM on its source and the task failed as interrupted', async () => {
    const dir = dataDir();
    const a = await start(dir);
    await login(a.lab);
    const { vmId, from, task } = await startVmotion(a.lab);
    a.lab.engine.clock.runUntil(a.lab.engine.clock.now() + 1500); // past the checks, before the switchover
    expect(task.state).toBe('running');
    await a.lab.labs!.flush(); // what the background save had written when the process died
    a.lab.dispose(); // no close(): the process is gone

    const b = await start(dir);
    cleanups.push(() => b.lab.dispose());
    expect(b.lab.world.vms.get(vmId)!.hostId).toBe(from);
    await login(b.lab);
    const shown = (await call(b.lab, 'tasks.list', { vcenterId: VC1.id, limit: 200 })).find(
      (t) => t.id === task.id,
    )!;
    expect(shown).toMatchObject({ state: 'error', error: INTERRUPTED_MESSAGE });
    // The repaired state is on disk at once: a second crash right now shows the same.
    const saved = JSON.parse(readFileSync(join(dir, 'labs/default/state.json'), 'utf8'));
    expect(saved.tasks.tasks.find((t: TaskInfo) => t.id === task.id).state).toBe('error');
  });

  test('a damaged state file is moved aside with a timestamp, the user is told, and the lab starts from its scenario', async () => {
    const dir = dataDir();
    const a = await start(dir);
    await a.lab.labs!.close();
    a.lab.dispose();
    const stateFile = join(dir, 'labs/default/state.json');
    const good = readFileSync(stateFile, 'utf8');
    writeFileSync(stateFile, good.slice(0, Math.floor(good.length / 3))); // a torn write by another tool

    const b = await start(dir);
    cleanups.push(() => b.lab.dispose());
    const info = await call(b.lab, 'labs.list', {});
    expect(info.notices).toHaveLength(1);
    expect(info.notices[0].message).toMatch(/could not be read .* moved aside/);
    const aside = readdirSync(join(dir, 'labs/default')).filter((n) => n.startsWith('state.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^state\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    expect(info.notices[0].movedTo).toBe(join(dir, 'labs/default', aside[0]));
    expect(b.lab.world.vms.size).toBeGreaterThan(0);
    expect(existsSync(stateFile)).toBe(true); // a fresh good state was saved
    const after = await call(b.lab, 'labs.dismissNotice', { id: info.notices[0].id });
    expect(after.notices).toEqual([]);
  });

  test('several named labs: create, switch (sessions stay), reset, delete; each keeps its own state', async () => {
    const dir = dataDir();
    const { lab, pushes } = await start(dir);
    cleanups.push(() => lab.dispose());
    await login(lab);
    const { vmId, to } = await startVmotion(lab);
    lab.engine.clock.runUntil(lab.engine.clock.now() + 3_600_000);

    let info: LabsInfo = await call(lab, 'labs.create', { name: 'Class B', scenario: 'default' });
    expect(info.current).toBe('Class B');
    expect(pushes).toContain('lab.reloaded');
    expect(lab.world.vms.get(vmId)!.hostId).not.toBe(to); // a fresh lab
    expect((await call(lab, 'session.list', {})).map((s) => s.vcenterId)).toContain(VC1.id);
    expect(lab.engine.tasks.list(VC1.id)).toEqual([]);

    info = await call(lab, 'labs.open', { name: 'default' });
    expect(info.labs.map((l) => `${l.name}${l.current ? '*' : ''}`)).toEqual(['Class B', 'default*']);
    expect(lab.world.vms.get(vmId)!.hostId).toBe(to); // as it was left

    expect(await refused(lab, 'labs.delete', { name: 'default' })).toMatchObject({
      code: 'conflict',
      field: 'name',
    });
    expect(await refused(lab, 'labs.create', { name: 'class b' })).toMatchObject({
      code: 'conflict',
      field: 'name',
    });
    expect(await refused(lab, 'labs.open', { name: 'nope' })).toMatchObject({
      code: 'not-found',
      field: 'name',
    });
    expect(await refused(lab, 'labs.create', { name: '../escape' })).toMatchObject({
      code: 'invalid-argument',
      field: 'name',
    });

    await call(lab, 'labs.reset', {});
    expect(lab.world.vms.get(vmId)!.hostId).not.toBe(to);
    expect(lab.engine.tasks.list(VC1.id)).toEqual([]);

    info = await call(lab, 'labs.delete', { name: 'Class B' });
    expect(info.labs.map((l) => l.name)).toEqual(['default']);
    expect(readdirSync(join(dir, 'labs')).sort()).toEqual(['default', 'index.json']);
  });

  test('opening a scenario file validates it (the error names the field) and opens it as a new lab', async () => {
    const dir = dataDir();
    const { lab } = await start(dir);
    cleanups.push(() => lab.dispose());
    const bad = JSON.parse(readFileSync(scenarioPath, 'utf8'));
    bad.vcenters[0].users = 'nobody';
    const badPath = join(dir, 'broken lab.json');
    writeFileSync(badPath, JSON.stringify(bad));
    expect(await refused(lab, 'labs.openScenarioFile', { path: badPath })).toMatchObject({
      code: 'invalid-scenario',
      field: 'vcenters[0].users',
    });
    expect(await refused(lab, 'labs.openScenarioFile', { path: join(dir, 'missing.json') })).toMatchObject({
      code: 'not-found',
      field: 'path',
    });
    const goodPath = join(dir, 'training lab.json');
    writeFileSync(goodPath, readFileSync(scenarioPath));
    const info = await call(lab, 'labs.openScenarioFile', { path: goodPath });
    expect(info.current).toBe('training lab');
    expect(info.labs.find((l) => l.current)?.scenario).toBe(goodPath);
    expect((await call(lab, 'lab.info', {})).source).toBe(goodPath);
    const again = await call(lab, 'labs.openScenarioFile', { path: goodPath });
    expect(again.current).toBe('training lab-2');
  });
});

test('only .json files are read as scenarios', async () => {
  const dir = dataDir();
  const { lab } = await start(dir);
  cleanups.push(() => lab.dispose());
  expect(await refused(lab, 'labs.openScenarioFile', { path: '/etc/passwd' })).toMatchObject({
    code: 'invalid-argument',
    field: 'path',
  });
  expect(await refused(lab, 'labs.create', { name: 'x', scenario: '/etc/hosts' })).toMatchObject({
    code: 'invalid-argument',
    field: 'scenario',
  });
});
