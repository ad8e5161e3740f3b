import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Chromium the e2e tests and the UI bench run in, found the way a user has one:
 * `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`, then a Chromium or Chrome on PATH, then a
 * browser Playwright itself installed. scripts/test-deps/provision.sh installs Debian's when none is
 * there.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH; try the next name
    }
  }
  const playwrightDir = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(playwrightDir)) {
    for (const dir of readdirSync(playwrightDir)
      .filter((d) => d.startsWith('chromium-'))
      .sort()
      .reverse()) {
      for (const sub of ['chrome-linux', 'chrome-linux64']) {
        const candidate = join(playwrightDir, dir, sub, 'chrome');
        if (existsSync(candidate)) return candidate;
      }
    }
  }
  throw new Error(
    'No Chromium found (CHROMIUM_PATH, /usr/bin/chromium, PATH, Playwright browsers): run `bash scripts/test-deps/provision.sh`',
  );
}

export const chromiumExecutablePath = findChromium();

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright `launchOptions` for that Chromium. */
export const chromiumLaunchOptions = { executablePath: chromiumExecutablePath, args: [...chromiumArgs] };
