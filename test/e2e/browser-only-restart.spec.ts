/**
 * Restarting browser mode on the same data folder: the tab left open says what is happening while
 * the service is down, reconnects by itself, and a reload works without a new URL. A second host on
 * the same data folder refuses to start, naming the running one.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_IDENTITY_FILE } from '../../src/main/browser/browser-identity';
import { spawnLabHost } from './fixtures/lab-host';
import { expect, test } from './fixtures/test';

test.describe('browser mode across a restart', () => {
  test('the open tab reconnects after the app is stopped and started again', async ({ labPage, labHost }) => {
    test.setTimeout(180_000); // two full service restarts on a shared machine
    const page = labPage.page;
    const mode = page.getByRole('banner').getByTitle('Transport: websocket');
    const banner = page.getByTestId('connection-banner');
    await expect(mode).toHaveText(/connected/);
    await expect(labPage.vcenterCard('vcsa-01.corp.local')).toBeVisible();
    const tabUrl = page.url(); // the token is already out of the address bar
    expect(tabUrl).not.toContain('token=');

    const urlBefore = labHost.url;
    await labHost.restart(async () => {
      await expect(banner).toContainText('The lab service is not reachable. Reconnecting…');
      await page.screenshot({ path: test.info().outputPath('service-down.png') });
    });
    expect(labHost.url, 'same port and token after the restart').toBe(urlBefore);

    // Back by itself, without the user doing anything; it offers the reload a restart calls for.
    await expect(banner).toContainText('The lab service is reachable again');
    const reload = banner.getByRole('button', { name: 'Reload' });
    await expect(reload).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('service-back.png') });
    await reload.click();
    await expect(banner).toHaveCount(0);
    await expect(mode).toHaveText(/Browser mode · connected/);
    expect(page.url()).toBe(tabUrl);
    await expect(labPage.vcenterCard('vcsa-01.corp.local')).toBeVisible();

    // A plain browser reload of the same tab works too, and logging in does.
    await labHost.restart();
    await page.reload();
    await expect(mode).toHaveText(/Browser mode · connected/);
    await labPage.openVCenter('vcsa-01.corp.local');

    // What makes that possible is kept readable by the owner only.
    const mode600 = statSync(join(labHost.dataDir, BROWSER_IDENTITY_FILE)).mode & 0o777;
    expect(mode600.toString(8)).toBe('600');
  });

  test('a second host on the same data folder refuses to start and names the running one', async ({
    labHost,
  }) => {
    const second = spawnLabHost(labHost.dataDir, []);
    const refused = await second.then(
      ({ child }) => {
        child.kill('SIGTERM');
        return 'started';
      },
      (e: Error) => e.message,
    );
    expect(refused).toContain('exited with 1');
    expect(refused).toContain('already running on this data folder');
    expect(refused).toContain(labHost.url);
    // The first one is untouched and still serves.
    const res = await fetch(`http://127.0.0.1:${labHost.port}/`);
    expect(res.status).toBe(200);
  });
});
