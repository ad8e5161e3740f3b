import { LabService } from './lab-service';
import { openLabFile } from './open-lab';
import type { ConnectionStorage } from './storage/secret-protector';

export interface CreateLabOptions {
  labPath: string;
  /** Saved connections: electron-store + safeStorage in Electron, conf in browser mode. */
  connectionStorage: ConnectionStorage;
}

/** Builds the lab service both entry points share, with the scenario loaded from disk. */
export async function createLabService(options: CreateLabOptions): Promise<LabService> {
  const world = await openLabFile(options.labPath);
  return new LabService({ world, source: options.labPath, connectionStorage: options.connectionStorage });
}
