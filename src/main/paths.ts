import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's root: the nearest folder above this (bundled or source) file holding package.json. */
function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error('vMotion Lab cannot find its package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const appRoot = findAppRoot();
export const rendererDir = resolve(appRoot, 'out/renderer');
export const preloadPath = resolve(appRoot, 'out/preload/index.cjs');
export const resourcesDir = resolve(appRoot, 'resources');
export const defaultLabPath = resolve(resourcesDir, 'labs/default.json');
