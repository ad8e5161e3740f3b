/// <reference lib="dom" />
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { join } from 'node:path';
import { callNames } from '../../src/shared/contract';
import { appRoot } from './fixtures/lab-host';
import { electronUnavailable, expect, test } from './fixtures/test';

/**
 * The Electron security checklist at runtime, in the real Electron window. Runs in the `electron`
 * project and skips, saying why, where no Electron runtime is installed (the static checks in
 * test/unit/main/electron-security.test.ts always run).
 */
let app: ElectronApplication;
let win: Page;

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'electron', 'Electron runtime checks run in the electron project.');
  const reason = electronUnavailable();
  test.skip(reason !== null, reason ?? '');
  app = await _electron.launch({ args: [join(appRoot, 'out/main/index.js')], cwd: appRoot });
  win = await app.firstWindow();
  await win.waitForLoadState('domcontentloaded');
});

test.afterEach(async () => {
  await app?.close();
});

test.describe('Electron security (runtime)', () => {
  test('the window runs isolated and sandboxed, with web security on', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      // getLastWebPreferences is Electron's (undocumented, untyped) view of the effective preferences.
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown> | null;
      };
      const p = wc.getLastWebPreferences() ?? {};
      return {
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        webSecurity: p.webSecurity,
      };
    });
    expect(prefs).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.url()).toMatch(/^app:\/\/lab\//);
    expect(
      await win.evaluate(() => [
        typeof (globalThis as Record<string, unknown>).require,
        typeof (globalThis as Record<string, unknown>).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
  });

  test('the page sees exactly the contract API', async () => {
    const keys = await win.evaluate(() =>
      Object.keys((window as unknown as { vmotionLab: object }).vmotionLab).sort(),
    );
    expect(keys).toEqual([...callNames, 'on'].sort());
    const info = await win.evaluate(() =>
      (
        window as unknown as { vmotionLab: { 'lab.info': (a: object) => Promise<{ ok: boolean }> } }
      ).vmotionLab['lab.info']({}),
    );
    expect(info.ok).toBe(true);
  });

  test('window.open is denied and navigation away is blocked', async () => {
    expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await win.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toMatch(/^app:\/\/lab\//);
  });

  test('permission requests are denied', async () => {
    expect(await win.evaluate(() => Notification.requestPermission())).toBe('denied');
    expect(
      await win.evaluate(() => navigator.permissions.query({ name: 'geolocation' }).then((p) => p.state)),
    ).toBe('denied');
  });

  test('the CSP stops an injected inline script', async () => {
    const ran = await win.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as Record<string, unknown>).__inlineRan ?? false;
    });
    expect(ran).toBe(false);
  });
});
