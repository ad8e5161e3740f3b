import { loadScenarioTextSteps } from '../engine/world/load-scenario-steps';
import type { World } from '../engine/world/world';
import { readScenarioFile } from './persistence/bounded-read';
import { runInChunks } from './persistence/chunked';

/** Reads and loads a scenario file; errors are LabFaults naming the file and the bad field. */
export async function openLabFile(path: string): Promise<World> {
  return runInChunks(loadScenarioTextSteps(await readScenarioFile(path, 'path')));
}
