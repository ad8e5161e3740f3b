import { resolve } from 'node:path';
import { afterEach } from 'vitest';
import { createLabService } from '../../../../src/main/services/create-lab-service';
import type { LabService } from '../../../../src/main/services/lab-service';
import { memoryConnectionStorage } from '../../../../src/main/services/storage/memory-connection-storage';
import { tempDir } from '../lab-fixture';

const scenarioPath = resolve(import.meta.dirname, '../../../../resources/labs/default.json');

/**
 * Call at the top of a test file: returns `start`, which opens a real lab service on the built-in
 * lab with a fresh data folder, clock paused; each one is disposed and its folder removed after
 * the test.
 */
export function useLabServices(): () => Promise<{ lab: LabService; dir: string }> {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.reverse()) c();
    cleanups = [];
  });
  return async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lab = await createLabService({
      labPath: scenarioPath,
      labLabel: 'built-in: default',
      connectionStorage: memoryConnectionStorage(),
      dataDir: t.dir,
    });
    lab.engine.setSpeed('paused');
    cleanups.push(() => lab.dispose());
    return { lab, dir: t.dir };
  };
}
