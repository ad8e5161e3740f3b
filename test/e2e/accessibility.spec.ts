import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';
import type { LabPage, PaneObject } from './pages/lab-page';

/**
 * axe-core on the main screens and dialogs, in the light and the dark theme: no serious or critical
 * violation (all rules axe enables by default: WCAG 2.x A/AA and best practices; none disabled).
 * Each scan covers the whole page as the user sees it at that moment, and its full results are
 * attached to the test report; a screenshot of each screen is kept next to them.
 */
const VC = 'vcsa-01.corp.local';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const info = test.info();
  await info.attach(`axe ${screen}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  await page.screenshot({ path: info.outputPath(`${screen.replace(/\W+/g, '-')}.png`) });
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`)
        .join('\n'),
  );
  expect(report, `serious or critical axe violations on "${screen}"`).toEqual([]);
}

/** Logs in to vcsa-01, expands down to a 7.0 host and selects one of its VMs. */
async function paneWithVmSelected(labPage: LabPage): Promise<PaneObject> {
  const pane = await labPage.openVCenter(VC);
  await pane.expand(VC, 'Datacenter-East', 'Prod-Cluster-70', 'esx70-01.corp.local');
  await pane.select('test-01');
  await expect(pane.summaryTitle).toHaveText('test-01');
  return pane;
}

/** Dark theme from the header's button, as a user switches it. */
async function darkTheme(labPage: LabPage): Promise<void> {
  await labPage.toggleTheme();
  await expect(labPage.page.locator('body')).toHaveAttribute('cds-theme', 'dark');
  await expect(labPage.page.getByRole('banner').getByRole('button', { name: 'Light theme' })).toBeVisible();
}

/** The start screen, then the Connect dialog, then the certificate prompt of a first connection. */
async function startScreenAndConnectDialogs(labPage: LabPage, prefix: string): Promise<void> {
  const page = labPage.page;
  await expect(labPage.vcenterCard(VC)).toBeVisible();
  await expectAccessible(page, `${prefix}start screen`);

  const c = labPage.connections;
  await c.openConnect();
  await expectAccessible(page, `${prefix}connect dialog`);

  await c.fillNew({ address: VC, user: credentials[VC].user, password: credentials[VC].password });
  await c.submit();
  await expect(c.certDialog.getByTestId('cert-thumbprint')).not.toBeEmpty();
  await expectAccessible(page, `${prefix}certificate dialog`);
}

/**
 * The maintenance dialog for a 7.0 host, then Recent Tasks with its "Enter maintenance mode" task
 * selected (details open). The simulation is paused first, so the page holds still while axe reads it.
 */
async function maintenanceAndTasks(labPage: LabPage, pane: PaneObject, prefix: string): Promise<void> {
  const page = labPage.page;
  await labPage.speed('Pause the simulation');
  await pane.rightClick('esx70-01.corp.local');
  await labPage.menu('Enter Maintenance Mode');
  const dialog = page.getByTestId('maintenance-dialog');
  await expect(dialog).toContainText('Confirm Maintenance Mode');
  await expectAccessible(page, `${prefix}maintenance dialog`);

  await page.getByTestId('maintenance-ok').click();
  await expect(dialog).toBeHidden();
  await pane.tasks.open('Enter maintenance mode', 'esx70-01.corp.local');
  await expect(pane.tasks.row('Enter maintenance mode', 'esx70-01.corp.local')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expectAccessible(page, `${prefix}Recent Tasks with a task selected`);
}

test.describe('accessibility (axe-core)', () => {
  test('start screen, Connect dialog and certificate dialog', async ({ labPage }) => {
    await startScreenAndConnectDialogs(labPage, '');
  });

  test('logged-in pane with the tree expanded and a VM selected; VM Remote Console', async ({ labPage }) => {
    const page = labPage.page;
    const pane = await paneWithVmSelected(labPage);
    await expectAccessible(page, 'pane with tree expanded and VM selected');

    await pane.rightClick('test-01');
    await labPage.menu('Open Remote Console');
    const vmrc = labPage.console;
    await expect(vmrc.getByTestId('vmrc-state')).toHaveText('Console connected');
    await expectAccessible(page, 'VM Remote Console');
    // With "Removable Devices" open: the local ISO path field (browser mode has no file dialog).
    await vmrc.getByRole('button', { name: /Removable Devices/ }).click();
    await expect(vmrc.getByTestId('vmrc-iso-path')).toBeVisible();
    await expectAccessible(page, 'VM Remote Console, removable devices');
  });

  test('maintenance dialog and Recent Tasks with a task selected', async ({ labPage }) => {
    const pane = await paneWithVmSelected(labPage);
    await maintenanceAndTasks(labPage, pane, '');
  });

  test('dark theme: start screen, Connect dialog and certificate dialog', async ({ labPage }) => {
    await darkTheme(labPage);
    await startScreenAndConnectDialogs(labPage, 'dark ');
  });

  test('dark theme: logged-in pane, maintenance dialog and Recent Tasks with a task selected', async ({
    labPage,
  }) => {
    await darkTheme(labPage);
    const pane = await paneWithVmSelected(labPage);
    await expectAccessible(labPage.page, 'dark pane with tree expanded and VM selected');
    await maintenanceAndTasks(labPage, pane, 'dark ');
  });
});
