/**
 * `npm run bench`: runs each benchmark in its own Node process (so memory figures are its own) and
 * prints their figures. Benchmarks measure; they never fail the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['world-load.ts', 'engine-bench.ts', 'ui-bench.ts'];
for (const file of benches) {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) continue;
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`(${file} exited with ${r.status})`);
}
