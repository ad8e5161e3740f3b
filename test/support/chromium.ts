/**
 * The Chromium the e2e tests and the UI bench run in: Debian's (CHROMIUM_PATH overrides it), with
 * the flags a headless container needs and nothing phoning home.
 */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
