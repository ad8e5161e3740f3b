import { readFile } from 'node:fs/promises';
import { loadScenarioText } from '../engine/world/load-scenario';
import type { World } from '../engine/world/world';

/** Reads and loads a scenario file; errors are LabFaults naming the file and the bad field. */
export async function openLabFile(path: string): Promise<World> {
  const text = await readFile(path, 'utf8');
  return loadScenarioText(text);
}
