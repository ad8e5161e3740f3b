import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';

const VC1 = 'vcsa-01.corp.local';

/** Whether an element's content is wider than its box (a clipped label or a sideways-scrolling table). */
const overflows = (el: Element): boolean => el.scrollWidth > el.clientWidth + 1;

test.describe('smaller things an admin noticed (issue 19.9)', () => {
  test.beforeEach(async ({ labPage }) => {
    await labPage.page.setViewportSize({ width: 1280, height: 800 });
  });

  test('Saved connections fit their dialog, and Test asks for a password when none is kept', async ({
    labPage,
  }) => {
    const c = labPage.connections;
    await c.openConnect();
    await c.fillNew({ address: VC1, ...credentials[VC1], save: { label: 'East lab' } });
    await c.submit();
    await c.acceptCertificate();
    await c.openManager();
    const table = c.manager.getByTestId('saved-connections-table');
    await expect(table).toBeVisible();
    const body = c.manager.locator('.modal-body');
    expect(await body.evaluate(overflows)).toBe(false);
    await c.manager.getByTestId('test-East lab').click();
    const form = c.manager.getByTestId('test-password-form');
    await expect(form).toBeVisible();
    await form.getByTestId('test-password').fill(credentials[VC1].password);
    await form.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(c.manager.getByTestId('test-result')).toContainText(`Connection OK: ${VC1}`);
    await labPage.page.screenshot({ path: test.info().outputPath('saved-connections.png') });
  });

  test('the VMRC device button reads in full and the ping legend shows values', async ({ labPage }) => {
    const page = labPage.page;
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'esx70-01.corp.local');
    await pane.rightClick('test-01');
    await labPage.menu('Open Remote Console');
    const devices = labPage.console.getByRole('button', { name: /Removable Devices/ });
    await expect(devices).toHaveText('Removable Devices ▸ CD/DVD drive 1');
    expect(await devices.evaluate(overflows)).toBe(false);
    await page.screenshot({ path: test.info().outputPath('vmrc-toolbar.png') });
    await labPage.console.getByRole('button', { name: 'Close console' }).click();

    await pane.rightClick('test-01');
    await labPage.menu('Ping monitor');
    const dialog = page.getByTestId('ping-dialog');
    await expect(dialog.getByTestId('ping-stats')).toContainText('sent');
    const rtt = dialog.locator('.u-legend .u-series').filter({ hasText: 'RTT (ms)' }).locator('.u-value');
    await expect(rtt).toHaveText(/^\d+\.\d\d$/);
    await expect(dialog.locator('.u-legend')).not.toContainText('--');
    await page.screenshot({ path: test.info().outputPath('ping-legend.png') });
  });
});
