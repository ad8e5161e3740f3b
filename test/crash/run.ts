/**
 * `npm run test:crash`: the full crash campaign (≥ 200 SIGKILLs of the real service), printing how
 * many kill points ran, what landed where, and what was checked. Exits 1 on any failed check.
 *   node --import tsx test/crash/run.ts [--kills 200] [--lanes N] [--seed 1]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CHECKS, runCrashCampaign } from './crash-harness';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    // One service per lane; each is mostly idle (waiting for the kill), so lanes can exceed cores a little.
    lanes: { type: 'string', default: String(Math.min(8, Math.max(4, 2 * availableParallelism()))) },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    verbose: { type: 'boolean', default: false },
  },
});

const kills = Number(values.kills);
const seed = Number(values.seed);
console.log(
  `Crash test: ${kills} SIGKILLs of the browser-mode service over ${values.lanes} lanes (seed ${seed})…`,
);
const s = await runCrashCampaign({
  kills,
  lanes: Number(values.lanes),
  seed,
  log: values.verbose ? (l) => console.log(l) : undefined,
});
console.log(`
Kill points run:                         ${s.killPoints}
  during start-up (restore / first save): ${s.killsDuringStartup}
  during the workload:                    ${s.killsDuringWorkload}
  with tasks in flight in the saved file: ${s.killsMidOperation}
  with a host entering maintenance mode:  ${s.killsWhileEnteringMaintenance}
State files checked:                     ${s.stateFilesChecked}
Interrupted tasks verified after restart: ${s.interruptedTasksSeenAfterRestart}
Temp files left by kills (then removed): ${s.tempFilesLeftByKills}
Migrations started:                      ${s.migrationsStarted} (cross vCenter: ${s.crossVcenterStarted})
Maintenance mode entered:                ${s.maintenanceEntered}
Calls refused by the lab (expected):     ${s.callsRefused}
Wall time:                               ${(s.wallMs / 1000).toFixed(1)} s

Checked after every kill:
${CHECKS.map((c) => `  - ${c}`).join('\n')}
`);
if (s.failures.length) {
  console.log(
    `FAILED: ${s.failures.length} check(s):\n${s.failures
      .slice(0, 50)
      .map((f) => `  ✗ ${f}`)
      .join('\n')}`,
  );
  process.exit(1);
}
console.log('PASSED: every check held at every kill point.');
