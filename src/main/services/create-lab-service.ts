import { LabService } from './lab-service';
import { openLabFile } from './open-lab';

export interface CreateLabOptions {
  labPath: string;
  mode: 'electron' | 'browser';
}

/** Builds the lab service both entry points share, with the scenario loaded from disk. */
export async function createLabService(options: CreateLabOptions): Promise<LabService> {
  const world = await openLabFile(options.labPath);
  return new LabService({ world, source: options.labPath });
}
