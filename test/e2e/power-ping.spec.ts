import { expect, test } from './fixtures/test';

test.describe('power operations and the ping at the switchover', () => {
  test('powering off the VMRC-ISO VM lets its 6.7 host finish entering maintenance mode', async ({
    labPage,
  }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await pane.rightClick('esx67-02.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();
    const details = pane.tasks.details;
    await expect(details).toContainText('build-agent-07');
    await labPage.speed('Ten minutes per second');
    await expect(pane.node('erp-legacy-02')).toBeHidden({ timeout: 20_000 });
    await pane.select('esx67-02.corp.local');
    await expect(pane.summaryField('Maintenance mode')).toHaveText('Entering maintenance mode');

    // VM menu → Power → Power Off: the other way out of the seed story.
    await pane.rightClick('build-agent-07');
    await labPage.menu('Power');
    await expect(labPage.page.getByRole('menuitem', { name: 'Power On' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await labPage.menu('Power Off');
    await expect(pane.tasks.row('Power Off virtual machine', 'build-agent-07').first()).toContainText(
      'Completed',
      { timeout: 30_000 },
    );
    await expect(pane.tasks.row('Enter maintenance mode', 'esx67-02.corp.local').first()).toContainText(
      'Completed',
      { timeout: 30_000 },
    );
    await pane.select('esx67-02.corp.local');
    await expect(pane.summaryField('Maintenance mode')).toHaveText('Yes');
    // Powered off, the VM stays on the host.
    await expect(pane.node('build-agent-07')).toBeVisible();
    await labPage.page.screenshot({ path: test.info().outputPath('powered-off-maintenance.png') });
  });

  test('guest shutdown of a VM without VMware Tools fails with vCenter’s message', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-01.corp.local');
    await pane.rightClick('fax-gw-01');
    await labPage.menu('Power');
    await labPage.menu('Shut Down Guest OS');
    const TOOLS = 'Cannot complete operation because VMware Tools is not running in this virtual machine.';
    await expect(pane.tasks.row('Initiate guest OS shutdown', 'fax-gw-01').first()).toContainText(TOOLS);
    await expect(labPage.page.getByTestId('error-banner')).toContainText(TOOLS);
  });

  test('the ping chart shows a clearly longer reply at the switchover', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Prod-Cluster-70', 'esx70-03.corp.local');
    // Time stands still while the admin sets up: maintenance mode on the VM's host (DRS will vMotion
    // it), then the ping monitor (one dialog at a time, so it is opened last).
    await labPage.speed('Pause the simulation');
    await pane.rightClick('esx70-03.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();
    await pane.rightClick('jump-01');
    await labPage.menu('Ping monitor');
    const chart = labPage.page.getByTestId('ping-dialog').getByTestId('ping-chart');
    await labPage.speed('10 times faster than real time');
    await expect(pane.tasks.row('Migrate virtual machine', 'jump-01').first()).toContainText('Completed', {
      timeout: 120_000,
    });
    // Sub-millisecond replies before and after; one reply of 100 ms or more: the switchover's stun.
    await expect(chart).toHaveAttribute('aria-label', /peak [1-9]\d{2}\.\d ms/, { timeout: 20_000 });
    await labPage.page.screenshot({ path: test.info().outputPath('ping-spike.png') });
  });
});
