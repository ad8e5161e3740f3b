import { loadScenarioText } from '../engine/world/load-scenario';
import type { World } from '../engine/world/world';
import { readScenarioFile } from './persistence/bounded-read';

/** Reads and loads a scenario file; errors are LabFaults naming the file and the bad field. */
export async function openLabFile(path: string): Promise<World> {
  return loadScenarioText(await readScenarioFile(path, 'path'));
}
