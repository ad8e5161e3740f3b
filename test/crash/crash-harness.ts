/**
 * Crash test: runs the real browser-mode service (`node --import tsx src/main/browser-host.ts`, the
 * same service and persistence as the app) in a child process, logs in over the WebSocket, starts
 * many concurrent migrations (vMotion, Storage vMotion, cross-vCenter export and import) and
 * maintenance-mode evacuations, then SIGKILLs it at a random moment, restarts it on the same data
 * folder and checks what the user would get: the state file loads, every VM is in exactly one place,
 * identities are unique, datastore space adds up, nothing is left running, interrupted tasks say so.
 * Some kills land during start-up (restore and first save) rather than during the workload.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INTERRUPTED_MESSAGE } from '../../src/main/engine/persistence/engine-state';
import { createRandom, type Random } from '../../src/main/engine/random';
import { loadScenarioText } from '../../src/main/engine/world/load-scenario';
import type { WorldSnapshot } from '../../src/main/engine/world/world';
import type { TaskInfo } from '../../src/shared/engine-api';
import { baselineOf, checkStateText, type Baseline } from './invariants';
import { LabSocket } from './lab-socket';

export const appRoot = resolve(import.meta.dirname, '../..');
const scenarioText = readFileSync(join(appRoot, 'resources/labs/default.json'), 'utf8');

export interface CrashOptions {
  /** Kill points in total (spread over the lanes). */
  kills: number;
  /** Services run side by side, each on its own data folder. */
  lanes?: number;
  seed?: number;
  /** Wait between starting the workload and the kill: uniform in [min, max] (default 0–1500 ms). */
  minKillDelayMs?: number;
  maxKillDelayMs?: number;
  log?: (line: string) => void;
}

export interface CrashSummary {
  killPoints: number;
  killsDuringStartup: number;
  killsDuringWorkload: number;
  /** State files that had queued/running tasks at the kill (the kill landed mid-operation). */
  killsMidOperation: number;
  /** Hosts found "entering maintenance mode" in a killed lab's file. */
  killsWhileEnteringMaintenance: number;
  stateFilesChecked: number;
  interruptedTasksSeenAfterRestart: number;
  tempFilesLeftByKills: number;
  migrationsStarted: number;
  crossVcenterStarted: number;
  maintenanceEntered: number;
  callsRefused: number;
  failures: string[];
  wallMs: number;
}

const VCS = [
  {
    id: 'vcsa01:vcenter',
    address: 'vcsa-01.corp.local',
    user: 'administrator@vsphere.local',
    password: 'VMware1!',
  },
  {
    id: 'vcsa02:vcenter',
    address: 'vcsa-02.branch.example',
    user: 'administrator@branch.local',
    password: 'Branch-Pass-1',
  },
  {
    id: 'vcsa67:vcenter',
    address: 'vcsa-67.legacy.local',
    user: 'administrator@legacy.local',
    password: 'Old-But-Gold-67',
  },
];

/** What the harness checks, printed with the numbers. */
export const CHECKS = [
  'the state file exists and loads after every kill (parse + restore as the service does)',
  'no VM lost or duplicated: VM uuids across all vCenters equal the scenario’s, each exactly once',
  'instance UUIDs and MAC addresses unique (and the same set as the scenario’s)',
  'every VM wholly in one vCenter: its host, disk datastores and NIC networks belong to its vCenter',
  'datastore free space = capacity − other used − Σ disks present, for every datastore',
  'after restore no task is queued or running; every task in flight at the kill failed with “' +
    INTERRUPTED_MESSAGE +
    '”',
  'no host left “entering maintenance mode” after restore',
  'the restarted service shows the interrupted tasks as failed (tasks.list over the WebSocket)',
  'no temp files left in the data folder after a restart',
];

function startHost(dataDir: string): { child: ChildProcess; ready: Promise<string>; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/browser-host.ts', '--port', '0', '--data-dir', dataDir],
    {
      cwd: appRoot,
      env: { ...process.env, VMLAB_NO_KEYRING_WARNING: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /browser mode\): (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`browser host exited:\n${out}`));
    });
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pick = <T>(r: Random, xs: readonly T[]): T | undefined =>
  xs.length ? xs[r.int(0, xs.length - 1)] : undefined;

async function login(sock: LabSocket): Promise<void> {
  for (const vc of VCS) {
    const check = await sock.must<{ certificate: { thumbprint: string } }>('cert.get', {
      address: vc.address,
    });
    await sock.call('cert.trust', { address: vc.address, thumbprint: check.certificate.thumbprint });
    await sock.must('session.login', { address: vc.address, user: vc.user, password: vc.password });
  }
}

/** Fires a burst of migrations and maintenance-mode changes chosen from the lab as last saved. */
async function workload(sock: LabSocket, world: WorldSnapshot, r: Random, s: CrashSummary): Promise<void> {
  await sock.call('clock.setSpeed', { speed: pick(r, ['60', '600', 'max'] as const) });
  const hosts = world.hosts.filter((h) => h.connectionState === 'connected' && h.maintenance === 'none');
  const hostsOf = (vc: string): typeof hosts => hosts.filter((h) => h.vcenterId === vc);
  const vms = world.vms.filter((v) => VCS.some((vc) => vc.id === v.vcenterId));
  const calls: Promise<void>[] = [];
  const migrate = (args: Record<string, unknown>, cross: boolean): void => {
    calls.push(
      sock.call('migration.start', { priority: r.next() < 0.5 ? 'high' : 'normal', ...args }).then((res) => {
        if (res.ok) {
          const n = (res.value as { migrations: unknown[] }).migrations.length;
          s.migrationsStarted += n;
          if (cross) s.crossVcenterStarted += n;
        } else s.callsRefused++;
      }),
    );
  };
  for (let i = 0; i < 30; i++) {
    const vm = pick(r, vms);
    if (!vm) break;
    const here = world.hosts.find((h) => h.id === vm.hostId);
    const roll = r.next();
    if (vm.vcenterId !== 'vcsa01:vcenter' || roll < 0.3) {
      // Cross vCenter: export from vcsa01 to vcsa02, or import into vcsa01 (initiated there).
      const toVc = vm.vcenterId === 'vcsa01:vcenter' ? 'vcsa02:vcenter' : 'vcsa01:vcenter';
      const dst = pick(r, hostsOf(toVc));
      if (!dst) continue;
      migrate(
        {
          vcenterId: 'vcsa01:vcenter',
          vmIds: [vm.id],
          type: 'crossVcenter',
          hostId: dst.id,
          datastoreId: pick(r, dst.datastoreIds),
          networkId: pick(r, dst.networkIds),
        },
        true,
      );
    } else if (roll < 0.65) {
      const dst = pick(
        r,
        hostsOf(vm.vcenterId).filter((h) => h.id !== vm.hostId && h.clusterId === here?.clusterId),
      );
      if (dst) migrate({ vcenterId: vm.vcenterId, vmIds: [vm.id], type: 'compute', hostId: dst.id }, false);
    } else if (roll < 0.85) {
      const ds = pick(
        r,
        (here?.datastoreIds ?? []).filter((d) => !vm.disks.some((k) => k.datastoreId === d)),
      );
      if (ds)
        migrate(
          {
            vcenterId: vm.vcenterId,
            vmIds: [vm.id],
            type: 'storage',
            datastoreId: ds,
            diskFormat: pick(r, ['sameAsSource', 'thin', 'thickEager'] as const),
          },
          false,
        );
    } else {
      const dst = pick(
        r,
        hostsOf(vm.vcenterId).filter((h) => h.id !== vm.hostId),
      );
      if (dst)
        migrate(
          {
            vcenterId: vm.vcenterId,
            vmIds: [vm.id],
            type: 'both',
            hostId: dst.id,
            datastoreId: pick(r, dst.datastoreIds),
          },
          false,
        );
    }
  }
  // Maintenance mode: evacuate a host of a fully automated cluster; bring back hosts in maintenance.
  const auto = new Set(world.clusters.filter((c) => c.drs === 'fullyAutomated').map((c) => c.id));
  for (let i = 0; i < 2; i++) {
    const h = pick(
      r,
      hosts.filter((x) => x.clusterId && auto.has(x.clusterId) && VCS.some((vc) => vc.id === x.vcenterId)),
    );
    if (!h) break;
    calls.push(
      sock.call('host.enterMaintenance', { hostId: h.id, movePoweredOffVms: r.next() < 0.3 }).then((res) => {
        if (res.ok) s.maintenanceEntered++;
        else s.callsRefused++;
      }),
    );
  }
  for (const h of world.hosts.filter(
    (x) => x.maintenance === 'inMaintenance' && VCS.some((vc) => vc.id === x.vcenterId),
  ))
    if (r.next() < 0.5) calls.push(sock.call('host.exitMaintenance', { hostId: h.id }).then(() => undefined));
  await Promise.all(calls);
}

async function lane(
  index: number,
  kills: number,
  opts: Required<Omit<CrashOptions, 'log' | 'lanes'>> & Pick<CrashOptions, 'log'>,
  baseline: Baseline,
  s: CrashSummary,
): Promise<void> {
  const r = createRandom(opts.seed * 7919 + index);
  const dataDir = mkdtempSync(join(tmpdir(), 'vmlab-crash-'));
  const labDir = join(dataDir, 'labs', 'default');
  const stateFile = join(labDir, 'state.json');
  let world: WorldSnapshot = loadScenarioText(scenarioText).toSnapshot();
  let started = false;
  let inFlight: string[] = [];
  /** Temp files the last kill left behind: the next start must remove them. */
  let leftTemps: string[] = [];
  const tempsNow = (): string[] => {
    try {
      return readdirSync(labDir).filter((n) => n.endsWith('.tmp'));
    } catch {
      return [];
    }
  };
  try {
    for (let k = 0; k < kills; k++) {
      const host = startHost(dataDir);
      const duringStartup = r.next() < 0.15;
      let sock: LabSocket | null = null;
      try {
        if (duringStartup) {
          await Promise.race([host.ready, sleep(r.int(0, 1500))]);
          s.killsDuringStartup++;
        } else {
          const url = await host.ready;
          started = true;
          // Only the kill's leftovers: the new process may be writing its own temp file right now.
          const stale = tempsNow().filter((n) => leftTemps.includes(n));
          if (stale.length)
            s.failures.push(
              `lane ${index} kill ${k}: temp files still there after restart: ${stale.join(', ')}`,
            );
          sock = await LabSocket.connect(url);
          await login(sock);
          if (inFlight.length) {
            const shown = new Map<string, TaskInfo>();
            for (const vc of VCS)
              for (const t of await sock.must<TaskInfo[]>('tasks.list', { vcenterId: vc.id, limit: 5000 }))
                shown.set(t.id, t);
            for (const id of inFlight) {
              const t = shown.get(id);
              if (!t) continue; // only the newest 5000 tasks per vCenter are listed
              s.interruptedTasksSeenAfterRestart++;
              if (t.state !== 'error' || t.error !== INTERRUPTED_MESSAGE)
                s.failures.push(
                  `lane ${index} kill ${k}: interrupted task ${id} shown as ${t.state}: ${t.error}`,
                );
            }
          }
          const workloadDone = workload(sock, world, r, s);
          await sleep(r.int(opts.minKillDelayMs, opts.maxKillDelayMs));
          s.killsDuringWorkload++;
          void workloadDone.catch(() => undefined);
        }
      } finally {
        host.child.kill('SIGKILL');
        await host.exited;
        sock?.close();
      }
      s.killPoints++;
      leftTemps = tempsNow();
      s.tempFilesLeftByKills += leftTemps.length;
      let text: string;
      try {
        text = readFileSync(stateFile, 'utf8');
      } catch {
        // Killed before the very first save of a brand-new data folder: nothing to load yet.
        if (started) s.failures.push(`lane ${index} kill ${k}: the state file is missing`);
        continue;
      }
      try {
        const c = checkStateText(text, baseline);
        s.stateFilesChecked++;
        if (c.inFlight.length) s.killsMidOperation++;
        if (c.entering) s.killsWhileEnteringMaintenance++;
        inFlight = c.inFlight;
        world = c.state.world;
        for (const f of c.failures) s.failures.push(`lane ${index} kill ${k}: ${f}`);
      } catch (e) {
        s.failures.push(`lane ${index} kill ${k}: the state file does not load: ${(e as Error).message}`);
      }
      opts.log?.(
        `lane ${index}: kill ${k + 1}/${kills} (${duringStartup ? 'start-up' : 'workload'}), in flight ${inFlight.length}`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the campaign and returns the counts; failures are listed, not thrown. */
export async function runCrashCampaign(options: CrashOptions): Promise<CrashSummary> {
  const t0 = performance.now();
  const lanes = Math.max(1, Math.min(options.lanes ?? 4, options.kills));
  const baseline = baselineOf(loadScenarioText(scenarioText));
  const s: CrashSummary = {
    killPoints: 0,
    killsDuringStartup: 0,
    killsDuringWorkload: 0,
    killsMidOperation: 0,
    killsWhileEnteringMaintenance: 0,
    stateFilesChecked: 0,
    interruptedTasksSeenAfterRestart: 0,
    tempFilesLeftByKills: 0,
    migrationsStarted: 0,
    crossVcenterStarted: 0,
    maintenanceEntered: 0,
    callsRefused: 0,
    failures: [],
    wallMs: 0,
  };
  const opts = {
    kills: options.kills,
    seed: options.seed ?? 1,
    minKillDelayMs: options.minKillDelayMs ?? 0,
    maxKillDelayMs: options.maxKillDelayMs ?? 1500,
    log: options.log,
  };
  await Promise.all(
    Array.from({ length: lanes }, (_, i) =>
      lane(i, Math.floor(options.kills / lanes) + (i < options.kills % lanes ? 1 : 0), opts, baseline, s),
    ),
  );
  s.wallMs = Math.round(performance.now() - t0);
  return s;
}
