/**
 * Whatever is in the data folder, the lab starts: damaged, missing, inconsistent or oddly typed files
 * are moved aside (never deleted), the user gets a notice naming what moved where, the other labs
 * stay listed, and a lab with nothing usable is rebuilt from its scenario or the built-in lab.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createLabService } from '../../../../src/main/services/create-lab-service';
import type { LabService } from '../../../../src/main/services/lab-service';
import { memoryConnectionStorage } from '../../../../src/main/services/storage/memory-connection-storage';
import type { LabsInfo } from '../../../../src/shared/contract';
import { tempDir, VC1 } from '../lab-fixture';

const scenarioPath = resolve(import.meta.dirname, '../../../../resources/labs/default.json');
const scenarioVms = (
  JSON.parse(readFileSync(scenarioPath, 'utf8')) as { vcenters: { datacenters: { vms: unknown[] }[] }[] }
).vcenters
  .flatMap((v) => v.datacenters)
  .reduce((n, dc) => n + dc.vms.length, 0);

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

async function start(dir: string): Promise<LabService> {
  const lab = await createLabService({
    labPath: scenarioPath,
    labLabel: 'built-in: default',
    connectionStorage: memoryConnectionStorage(),
    dataDir: dir,
  });
  lab.engine.setSpeed('paused');
  cleanups.push(() => lab.dispose());
  return lab;
}

/** Starts, saves and closes a lab service (a data folder as the app leaves it). */
async function seed(dir: string, extraLabs: string[] = []): Promise<void> {
  const lab = await start(dir);
  for (const name of extraLabs)
    await lab.call('labs.create', { name, scenario: 'default', open: false }, { clientId: 'c' });
  await lab.labs!.close();
}

async function info(lab: LabService): Promise<LabsInfo> {
  const r = await lab.call('labs.list', {}, { clientId: 'c' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as LabsInfo;
}

const labDir = (dir: string, name = 'default'): string => join(dir, 'labs', name);
const stateFile = (dir: string, name = 'default'): string => join(labDir(dir, name), 'state.json');

describe('the app always starts', () => {
  test('a corrupt lab.json of the only lab: the folder is moved aside whole and the built-in lab starts, saying so', async () => {
    const dir = dataDir();
    await seed(dir);
    writeFileSync(join(labDir(dir), 'lab.json'), '{"name": "def');
    const lab = await start(dir);
    const i = await info(lab);
    expect(i.current).toBe('default');
    expect(lab.world.vms.size).toBe(scenarioVms);
    const moved = readdirSync(join(dir, 'damaged-labs'));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(/^default-\d{4}-/);
    // Nothing deleted: the damaged lab's files are all still there.
    expect(readdirSync(join(dir, 'damaged-labs', moved[0])).sort()).toEqual([
      'lab.json',
      'scenario.json',
      'state.json',
    ]);
    expect(i.notices.map((n) => n.message).join('\n')).toContain(
      `The lab "default" could not be read (its lab.json is missing or damaged). The whole folder was moved aside to ${join(dir, 'damaged-labs', moved[0])}`,
    );
    expect(i.notices.map((n) => n.message).join('\n')).toContain('created from built-in: default');
  });

  test('a corrupt lab.json next to other labs: that lab is moved aside with a notice, the others stay listed', async () => {
    const dir = dataDir();
    await seed(dir, ['Class A', 'Class B']);
    writeFileSync(join(labDir(dir, 'Class A'), 'lab.json'), 'not json');
    const lab = await start(dir);
    const i = await info(lab);
    expect(i.labs.map((l) => l.name)).toEqual(['Class B', 'default']);
    expect(i.notices).toHaveLength(1);
    expect(i.notices[0]).toMatchObject({ lab: 'Class A' });
    expect(i.notices[0].message).toContain('The lab "Class A" could not be read');
    expect(existsSync(i.notices[0].movedTo!)).toBe(true);
  });

  test('a state.json that is a directory: moved aside, the lab starts from its scenario', async () => {
    const dir = dataDir();
    await seed(dir);
    rmSync(stateFile(dir));
    mkdirSync(stateFile(dir));
    const lab = await start(dir);
    const i = await info(lab);
    expect(lab.world.vms.size).toBe(scenarioVms);
    expect(i.notices).toHaveLength(1);
    expect(i.notices[0].message).toMatch(/could not be read .*not a regular file.* moved aside/);
  });

  test('a FIFO where state.json should be is refused at once, not waited on', async () => {
    const dir = dataDir();
    await seed(dir);
    rmSync(stateFile(dir));
    execFileSync('mkfifo', [stateFile(dir)]);
    const lab = await start(dir);
    expect((await info(lab)).notices[0].message).toContain('not a regular file');
  });

  test('a corrupt scenario.json with no usable state: rebuilt from the built-in lab, saying so', async () => {
    const dir = dataDir();
    await seed(dir);
    writeFileSync(join(labDir(dir), 'scenario.json'), '{"schemaVersion": 1, "na');
    rmSync(stateFile(dir));
    const lab = await start(dir);
    const i = await info(lab);
    expect(lab.world.vms.size).toBe(scenarioVms);
    expect(i.notices).toHaveLength(1);
    expect(i.notices[0].message).toMatch(
      /Lab "default" had nothing usable .*moved aside to .*rebuilt from built-in: default/,
    );
    expect(existsSync(i.notices[0].movedTo!)).toBe(true);
    // The rebuilt copy is what Reset goes back to.
    expect(readFileSync(join(labDir(dir), 'scenario.json'), 'utf8')).toBe(readFileSync(scenarioPath, 'utf8'));
  });

  test('a missing scenario.json and a damaged state: rebuilt from the scenario file the lab came from', async () => {
    const dir = dataDir();
    const own = join(dir, 'own lab.json');
    const mine = JSON.parse(readFileSync(scenarioPath, 'utf8'));
    mine.vcenters[0].datacenters[0].vms.pop();
    writeFileSync(own, JSON.stringify(mine));
    const a = await start(dir);
    await a.call('labs.openScenarioFile', { path: own }, { clientId: 'c' });
    await a.labs!.close();
    rmSync(join(labDir(dir, 'own lab'), 'scenario.json'));
    writeFileSync(stateFile(dir, 'own lab'), '{}');
    const lab = await start(dir);
    const i = await info(lab);
    expect(i.current).toBe('own lab');
    expect(lab.world.vms.size).toBe(scenarioVms - 1);
    expect(i.notices.map((n) => n.message).join('\n')).toContain(`rebuilt from its scenario file ${own}`);
  });

  test('index.json that is a directory and a labs folder that is a file do not stop the start', async () => {
    const dir = dataDir();
    await seed(dir);
    rmSync(join(dir, 'labs', 'index.json'));
    mkdirSync(join(dir, 'labs', 'index.json'));
    expect((await start(dir)).world.vms.size).toBe(scenarioVms);
    const other = dataDir();
    writeFileSync(join(other, 'labs'), 'oops');
    expect((await start(other)).world.vms.size).toBe(scenarioVms);
    expect(readdirSync(other).some((n) => n.startsWith('labs.corrupt-'))).toBe(true);
  });
});

/** Edits the saved state of "default" and starts the lab on it. */
async function startWithEditedState(
  edit: (state: any) => void,
): Promise<{ lab: LabService; i: LabsInfo; dir: string }> {
  const dir = dataDir();
  await seed(dir);
  const state = JSON.parse(readFileSync(stateFile(dir), 'utf8'));
  edit(state);
  writeFileSync(stateFile(dir), JSON.stringify(state));
  const lab = await start(dir);
  return { lab, i: await info(lab), dir };
}

describe('inconsistent state is refused like damaged state', () => {
  const cases: [string, (s: any) => void, RegExp][] = [
    [
      'a VM in two places',
      (s) => {
        const vm = s.world.vms[0];
        const other = s.world.hosts.find((h: any) => h.vcenterId === vm.vcenterId && h.id !== vm.hostId);
        s.world.vms.push({ ...vm, hostId: other.id });
      },
      /VM .* is in two places/,
    ],
    [
      'two VMs sharing a UUID',
      (s) => (s.world.vms[1].uuid = s.world.vms[0].uuid),
      /UUID .* is used by two VMs/,
    ],
    [
      'two VMs sharing a MAC',
      (s) => {
        const withNics = s.world.vms.filter((v: any) => v.nics.length);
        withNics[1].nics[0].mac = withNics[0].nics[0].mac.toUpperCase();
      },
      /MAC address .* is used by two VMs/,
    ],
    ['a vCenter without users', (s) => (s.world.vcenters[0].users = []), /needs at least one user/],
    ['a field of the wrong type', (s) => (s.world.vms[2].cpu = '4'), /world\.vms\.2\.cpu/],
    [
      'a NIC on a network of another vCenter',
      (s) => {
        const vm = s.world.vms.find((v: any) => v.nics.length);
        vm.nics[0].networkId = s.world.networks.find((n: any) => n.vcenterId !== vm.vcenterId).id;
      },
      /NIC of VM .* network of no or another vCenter/,
    ],
  ];
  test.each(cases)(
    '%s: moved aside, the user told, the lab restored from its scenario',
    async (_name, edit, why) => {
      const { lab, i, dir } = await startWithEditedState(edit);
      expect(i.notices).toHaveLength(1);
      expect(i.notices[0].message).toMatch(/The saved state of lab "default" is inconsistent/);
      expect(i.notices[0].message).toMatch(why);
      expect(i.notices[0].message).toMatch(/moved aside to .* started again from its scenario/);
      expect(existsSync(i.notices[0].movedTo!)).toBe(true);
      expect(lab.world.vms.size).toBe(scenarioVms);
      expect(readdirSync(labDir(dir)).filter((n) => n.startsWith('state.corrupt-'))).toHaveLength(1);
      // Logging in works on the restored lab (a vCenter without users answered "internal" before).
      const cert = await lab.call('cert.get', { address: VC1.address }, { clientId: 'c' });
      expect(cert.ok).toBe(true);
    },
  );
});
