/**
 * The desktop app keeps to one instance per data folder. Without an Electron runtime here this is
 * checked on the source: Electron's single-instance lock is taken before anything else, a second
 * launch focuses the open window, and the data-folder lock (which browser mode honours too, see
 * data-folder-lock.test.ts) is taken before the lab service opens any lab.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = readFileSync(resolve(import.meta.dirname, '../../../src/main/index.ts'), 'utf8');

describe('desktop app single instance', () => {
  it('takes the single-instance lock and focuses the open window on a second launch', () => {
    expect(source).toMatch(/if \(!app\.requestSingleInstanceLock\(\)\) \{\s*app\.exit\(0\);/);
    const handler = source.slice(source.indexOf("app.on('second-instance'"));
    expect(handler).toMatch(/win\.restore\(\)[\s\S]*win\.focus\(\)/);
  });

  it('holds the data-folder lock before opening any lab, and gives it up on quit', () => {
    const lock = source.indexOf('acquireDataFolderLock(app.getPath(');
    expect(lock).toBeGreaterThan(0);
    expect(lock).toBeLessThan(source.indexOf('createLabService('));
    expect(source).toMatch(/lock\.release\(\)/);
  });
});
