/**
 * `npm run bench`: runs each benchmark in its own Node process (so memory figures are its own) and
 * prints their figures. Benchmarks measure; they never fail the build.
 *
 * The engine benchmark measures the engine as it ships: electron-vite bundles the main process with
 * Rolldown (Vite's bundler), so the benchmark is bundled the same way (plain ES module, dependencies
 * external, no minification) and run by plain Node. Running it through tsx instead measures tsx's
 * per-module transform (esbuild with keepNames wrappers around every function), not the shipped code.
 *
 * Everything runs on the Node running this script. The figures are printed without a verdict: on a
 * shared two-core machine an absolute figure swings 2-5x from run to run, so only figures compared
 * side by side in one run mean anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';

const root = join(import.meta.dirname, '..');

/** Benchmarks run from a Rolldown bundle (as the main process ships); the others through tsx. */
const bundled = new Set(['engine-bench.ts']);
const benches = ['world-load.ts', 'state-save.ts', 'engine-bench.ts', 'ui-bench.ts', 'vsphere-api-bench.ts'];

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
    run(process.execPath, ['--expose-gc', '--import', 'tsx', path]);
    continue;
  }
  const out = await bundle(file);
  console.log(`\n== ${file} (bundled), on Node ${process.versions.node}`);
  run(process.execPath, ['--expose-gc', out]);
}

function run(node: string, args: string[]): void {
  const r = spawnSync(node, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) console.log(`(${args.at(-1)} exited with ${r.status})`);
}
