/**
 * The vSphere API adapter against vcsim, side by side, with one pyVmomi client (bench/clients/api_bench.py):
 * (a) name, runtime.host and runtime.powerState of all ~10,000 VMs through a ContainerView and paged
 * RetrievePropertiesEx; (b) 500 RelocateVM_Task host changes from 8 client threads, each waited for,
 * the lab clock at its fastest speed. Prints wall time and the SERVER's own CPU (utime+stime of its
 * process) per unit of work: the Python client's CPU bounds any wall-time ratio, the server's does not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from 'node:tls';
import WebSocket from 'ws';
import { generateScenario } from '../src/main/engine/world/generate-world';

const root = join(import.meta.dirname, '..');
const RETRIEVES = 5;
const RELOCATIONS = 500;
const THREADS = 8;
const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

interface Server {
  label: string;
  child: ChildProcess;
  port: number;
  user: string;
  password: string;
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
}

/** Starts a child and resolves with the first match of `pattern` in what it prints. */
function started(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let out = '';
  return new Promise((resolve, reject) => {
    const look = (c: Buffer): void => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

async function startLab(dir: string): Promise<Server> {
  const lab = join(dir, 'lab.json');
  writeFileSync(
    lab,
    JSON.stringify(generateScenario({ vcenters: 1, hostsPerVcenter: 100, vmsPerVcenter: 10_000 })),
  );
  const child = spawn(
    process.execPath,
    [
      'out/main/browser-host.js',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'data'),
      '--vsphere-api',
      '--lab',
      lab,
    ],
    { cwd: root, env: { ...process.env, VMLAB_NO_KEYRING_WARNING: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const [, port, sha256] = await started(
    child,
    /https:\/\/127\.0\.0\.1:(\d+)\/sdk \(SHA-256 thumbprint (\S+)\)/,
  );
  const url = (await started(child, /browser mode\): (http:\/\/\S+)/))[1];
  if ((await servedSha256(Number(port))) !== sha256) throw new Error('the lab serves another certificate');
  await setClockMax(new URL(url));
  return { label: 'lab', child, port: Number(port), user: 'administrator@site1.local', password: 'VMware1!' };
}

/** The SHA-256 thumbprint of the certificate a port presents (checked against the one the lab printed). */
function servedSha256(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

/** `clock.setSpeed {speed: 'max'}` over the contract's WebSocket, as the browser page calls it. */
async function setClockMax(url: URL): Promise<void> {
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
    headers: { Origin: url.origin },
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = await new Promise<string>((resolve) => {
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { id?: number };
      if (msg.id === 1) resolve(String(data));
    });
    ws.send(JSON.stringify({ id: 1, call: 'clock.setSpeed', args: { speed: 'max' } }));
  });
  ws.close();
  if (!(JSON.parse(reply) as { result: { ok: boolean } }).result.ok)
    throw new Error(`clock.setSpeed: ${reply}`);
}

/** vcsim with 10 clusters × 10 hosts × 1,000 VMs each: 10,000 VMs on 100 hosts, like the lab. */
async function startVcsim(): Promise<Server> {
  const vcsim = join(process.env.VMLAB_GOVMOMI_DIR ?? join(homedir(), '.cache/govmomi-0.24'), 'bin/vcsim');
  const args = ['-l', '127.0.0.1:0', '-dc', '1', '-cluster', '10', '-host', '10', '-vm', '1000'];
  const child = spawn(vcsim, [...args, '-standalone-host', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, port] = await started(child, /127\.0\.0\.1:(\d+)\/sdk/);
  return { label: 'vcsim', child, port: Number(port), user: 'user', password: 'pass' };
}

interface Figures {
  retrieveWall: number;
  retrieveCpu: number;
  relocateWall: number;
  relocateCpu: number;
  done: string;
}

/** Runs the client against one server, reading the server's CPU time around each phase. */
async function measure(server: Server): Promise<Figures> {
  const pid = server.child.pid!;
  const args = {
    ...server,
    child: undefined,
    retrieves: RETRIEVES,
    relocations: RELOCATIONS,
    threads: THREADS,
  };
  const client = spawn(
    '/usr/bin/python3',
    [join(import.meta.dirname, 'clients/api_bench.py'), JSON.stringify(args)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const f: Figures = { retrieveWall: 0, retrieveCpu: 0, relocateWall: 0, relocateCpu: 0, done: '' };
  let cpu0 = 0;
  for await (const line of createInterface({ input: client.stdout! })) {
    const [word, phase, seconds, count] = line.split(' ');
    if (word === 'ready') {
      cpu0 = cpuMs(pid);
      client.stdin!.write('go\n');
    } else if (word === 'done' && phase === 'retrieve') {
      [f.retrieveCpu, f.retrieveWall] = [cpuMs(pid) - cpu0, Number(seconds) * 1000];
      f.done += `${count} VMs a retrieve; `;
    } else if (word === 'done') {
      [f.relocateCpu, f.relocateWall] = [cpuMs(pid) - cpu0, Number(seconds) * 1000];
      f.done += `${count} of ${RELOCATIONS} relocations succeeded`;
    } else console.log(`  ${server.label}: ${line}`);
  }
  return f;
}

const dir = mkdtempSync(join(tmpdir(), 'vmlab-api-bench-'));
const rows: [string, Figures][] = [];
for (const start of [() => startLab(dir), startVcsim]) {
  const server = await start();
  try {
    rows.push([server.label, await measure(server)]);
  } finally {
    server.child.kill('SIGTERM');
  }
}
rmSync(dir, { recursive: true, force: true });

const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 0).padStart(9);
console.log(
  `vSphere API, one pyVmomi client; ${RETRIEVES} full retrieves, ${RELOCATIONS} relocations (${THREADS} threads)`,
);
console.log('server   retrieve wall  server CPU   relocate wall  server CPU/relocation   (ms)');
for (const [label, f] of rows) {
  console.log(
    `${label.padEnd(8)} ${ms(f.retrieveWall / RETRIEVES)}      ${ms(f.retrieveCpu / RETRIEVES)}   ${ms(f.relocateWall)}      ${ms(f.relocateCpu / RELOCATIONS)}`,
  );
}
for (const [label, f] of rows) console.log(`  ${label}: ${f.done}`);
