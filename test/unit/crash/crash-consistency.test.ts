/**
 * The crash test at a reduced count inside `npm test`: the real service in child processes, killed
 * with SIGKILL mid-migration, restarted and checked (the full ≥ 200-kill run is `npm run test:crash`).
 */
import { expect, test } from 'vitest';
import { runCrashCampaign } from '../../crash/crash-harness';

test('SIGKILL at random moments never loses, duplicates or strands a VM, and leaves no task running', async () => {
  // Kills wait at least 700 ms into the workload so most land with migrations in flight.
  const s = await runCrashCampaign({
    kills: 8,
    lanes: 4,
    seed: 20260105,
    minKillDelayMs: 700,
    maxKillDelayMs: 2000,
  });
  expect(s.failures).toEqual([]);
  expect(s.killPoints).toBe(8);
  expect(s.stateFilesChecked).toBeGreaterThanOrEqual(7);
  expect(s.migrationsStarted).toBeGreaterThan(0);
  expect(s.crossVcenterStarted).toBeGreaterThan(0);
  // At least one kill must land with work in flight, or the test proved nothing about interruption.
  expect(s.killsMidOperation).toBeGreaterThan(0);
}, 120_000);
