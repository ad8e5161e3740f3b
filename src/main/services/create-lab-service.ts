import { join } from 'node:path';
import { LabService, type LabServiceOptions } from './lab-service';
import { openLabFile } from './open-lab';
import { LabLibrary } from './persistence/lab-library';
import type { ConnectionStorage } from './storage/secret-protector';

export interface CreateLabOptions {
  labPath: string;
  /** Saved connections: electron-store + safeStorage in Electron, conf in browser mode. */
  connectionStorage: ConnectionStorage;
  /**
   * The app's data folder: labs are saved under <dataDir>/labs and the last used one is opened
   * (created from labPath on first start). Without it the lab lives in memory only.
   */
  dataDir?: string;
  /** How labPath is shown to the user (default: the path itself). */
  labLabel?: string;
  /** The OS file dialog (Electron only). */
  pickFile?: LabServiceOptions['pickFile'];
}

/** Builds the lab service both entry points share, with the scenario loaded from disk. */
export async function createLabService(options: CreateLabOptions): Promise<LabService> {
  if (!options.dataDir) {
    const world = await openLabFile(options.labPath);
    return new LabService({
      world,
      source: options.labPath,
      connectionStorage: options.connectionStorage,
      pickFile: options.pickFile,
    });
  }
  const { library, opened } = await LabLibrary.start({
    dataDir: options.dataDir,
    defaultScenarioPath: options.labPath,
    defaultScenarioLabel: options.labLabel ?? options.labPath,
  });
  const lab = new LabService({
    world: opened.engine.world,
    engine: opened.engine,
    source: opened.source,
    connectionStorage: options.connectionStorage,
    pickFile: options.pickFile,
    labs: library,
  });
  await lab.exercises.attachStore(join(options.dataDir, 'exercises'));
  return lab;
}
