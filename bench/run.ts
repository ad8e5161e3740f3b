/**
 * `npm run bench`: runs each benchmark in its own Node process (so memory figures are its own) and
 * prints their figures. Benchmarks measure; they never fail the build.
 *
 * The engine benchmark measures the engine as it ships: electron-vite bundles the main process with
 * Rolldown (Vite's bundler), so the benchmark is bundled the same way (plain ES module, dependencies
 * external, no minification) and run by plain Node. Running it through tsx instead measures tsx's
 * per-module transform (esbuild with keepNames wrappers around every function), not the shipped code.
 *
 * It runs on the Node line Electron's main process uses (Node 24, see engine-bench.ts), where its
 * target is judged, and again on the Node running this script when that is another line. When this
 * script does not run on Node 24 itself, it installs Node 24's binary package from the npm registry
 * (node-<platform>-<arch>, about 190 MB) into node_modules/.cache/bench-node once and reuses it;
 * where there is no such package, it says so and measures on this Node only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { SHIPPED_NODE_MAJOR } from './shipped-runtime';

const root = join(import.meta.dirname, '..');

/** A Node 24 binary: this one if it is Node 24, else the npm registry's build, installed once. */
function shippedNode(): string | null {
  if (Number(process.versions.node.split('.')[0]) === SHIPPED_NODE_MAJOR) return process.execPath;
  const os = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${os}-${process.arch}`;
  const dir = join(root, 'node_modules', '.cache', 'bench-node');
  const bin = join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(bin)) return bin;
  console.log(`\nInstalling Node ${SHIPPED_NODE_MAJOR} (${pkg} from the npm registry) into ${dir}, once.`);
  const r = spawnSync(
    'npm',
    ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `${pkg}@${SHIPPED_NODE_MAJOR}`],
    { stdio: 'inherit', shell: process.platform === 'win32', timeout: 600_000 },
  );
  if (r.status === 0 && existsSync(bin)) return bin;
  console.log(
    `Could not install ${pkg}@${SHIPPED_NODE_MAJOR}: the engine benchmark runs on this Node only, and its target is not judged.`,
  );
  return null;
}
/** Benchmarks run from a Rolldown bundle (as the main process ships); the others through tsx. */
const bundled = new Set(['engine-bench.ts']);
const benches = ['world-load.ts', 'engine-bench.ts', 'ui-bench.ts'];

async function bundle(file: string): Promise<string> {
  const out = join(root, 'out', 'bench', file.replace(/\.ts$/, '.mjs'));
  await build({
    input: join(import.meta.dirname, file),
    platform: 'node',
    // Like the main build: packages stay external (node_modules), our own code is bundled.
    external: [/^node:/, /^[^./]/],
    output: { file: out, format: 'esm', minify: false },
    logLevel: 'warn',
  });
  return out;
}

for (const file of benches) {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) continue;
  if (!bundled.has(file)) {
    console.log(`\n== ${file}`);
    run(process.execPath, ['--expose-gc', '--import', 'tsx', path], 'tooling');
    continue;
  }
  const out = await bundle(file);
  const shipped = shippedNode();
  if (shipped) {
    console.log(`\n== ${file} on Node ${SHIPPED_NODE_MAJOR}, the runtime line of Electron's main process`);
    run(shipped, ['--expose-gc', out], 'shipped');
  }
  if (shipped !== process.execPath) {
    console.log(`\n== ${file} on Node ${process.versions.node}, the Node running the tooling`);
    run(process.execPath, ['--expose-gc', out], 'tooling');
  }
}

function run(node: string, args: string[], runtime: 'shipped' | 'tooling'): void {
  const r = spawnSync(node, args, {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, BENCH_RUNTIME: runtime },
  });
  if (r.status !== 0) console.log(`(${args.at(-1)} exited with ${r.status})`);
}
