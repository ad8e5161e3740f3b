import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Browser mode's data folder when --data-dir is not given: the same folder the desktop app uses on
 * Linux (~/.config/vmotion-lab, or under $XDG_CONFIG_HOME).
 */
export function defaultBrowserDataDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'vmotion-lab');
}
