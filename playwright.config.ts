import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: chromiumLaunchOptions,
};

/**
 * End-to-end tests drive the built app. "browser" runs every spec in browser mode in Debian's
 * Chromium; "electron" runs the same specs through Playwright's _electron and skips itself, saying
 * why, where no Electron runtime is installed.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  // Generous: a whole story (log in, wizard, tasks on both sides) on a loaded 2-core machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  // One retry: the CI and dev machines are shared 2-core VMs whose speed swings 2–5×, so a spec
  // can miss a UI timeout once. A spec that fails twice is red; one that passes on its retry is
  // listed as "flaky" in the report, to be looked at.
  retries: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1500, height: 900 },
  },
  projects: [
    { name: 'browser', use: chromium },
    // Playwright's page fixture still needs a browser here, though the specs use the Electron window.
    { name: 'electron', testIgnore: /browser-only/, use: chromium },
  ],
});
