import { expect, test } from './fixtures/test';

const REMOTE_BACKING = 'The virtual machine has a currently connected device with a remote backing.';

test.describe('maintenance mode and the VM Remote Console', () => {
  test('a VM with a local ISO on 6.7 hosts keeps the host entering maintenance mode until the admin acts', async ({
    labPage,
  }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await expect(pane.node('build-agent-07')).toBeVisible();

    await pane.rightClick('esx67-02.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await expect(labPage.page.getByTestId('maintenance-dialog')).toContainText('Confirm Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();

    const details = pane.tasks.details;
    await expect(details).toContainText('Enter maintenance mode');
    await expect(details).toContainText(`build-agent-07: ${REMOTE_BACKING}`);
    await labPage.speed('Ten minutes per second');
    // The other VMs leave; build-agent-07 cannot, so the host stays "Entering maintenance mode".
    await expect(pane.node('erp-legacy-02')).toBeHidden({ timeout: 20_000 });
    await pane.select('esx67-02.corp.local');
    await expect(pane.summaryField('Maintenance mode')).toHaveText('Entering maintenance mode');
    await expect(details.getByTestId('task-status')).not.toHaveText('Completed');
    await labPage.page.screenshot({ path: test.info().outputPath('entering-maintenance.png') });

    // The admin disconnects the client ISO in the console: DRS can now move the VM and the host enters maintenance.
    await pane.rightClick('build-agent-07');
    await labPage.menu('Open Remote Console');
    await labPage.console.getByRole('button', { name: 'Disconnect' }).click();
    await expect(labPage.console.getByTestId('vmrc-events')).toContainText(
      'disconnected from the client ISO',
    );
    await labPage.console.getByRole('button', { name: 'Close console' }).click();
    await expect(details.getByTestId('task-status')).toHaveText('Completed', { timeout: 30_000 });
    await pane.select('esx67-02.corp.local');
    await expect(pane.summaryField('Maintenance mode')).toHaveText('Yes');
  });

  test('the same kind of VM on 7.0 hosts migrates, its console disconnecting and reconnecting', async ({
    labPage,
  }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Prod-Cluster-70', 'esx70-01.corp.local');
    await pane.rightClick('test-01');
    await labPage.menu('Open Remote Console');
    const vmrc = labPage.console;
    await expect(vmrc.getByTestId('vmrc-state')).toHaveText('Console connected');
    await vmrc.getByRole('button', { name: /Removable Devices/ }).click();
    await vmrc.getByTestId('vmrc-iso-path').fill('/home/admin/isos/rhel-9.4-x86_64-dvd.iso');
    await vmrc.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(vmrc.getByTestId('vmrc-cdrom')).toContainText(
      'Remote (VMRC) local ISO /home/admin/isos/rhel-9.4-x86_64-dvd.iso',
    );

    await pane.rightClick('esx70-01.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();
    await labPage.speed('A minute per second');

    const events = vmrc.getByTestId('vmrc-events');
    await expect(events).toContainText(
      'disconnect sent to source host esx70-01.corp.local with session cookie',
      { timeout: 30_000 },
    );
    await expect(events).toContainText('marked remote; guest accesses are buffered');
    await expect(events).toContainText('Remote console session to test-01 dropped for the switchover');
    await expect(events).toContainText('Remote console session to test-01 reconnected', { timeout: 30_000 });
    await expect(events).toContainText('reconnected through VMRC on host');
    await expect(events).toContainText('Buffered accesses');
    await expect(vmrc.getByTestId('vmrc-state')).toHaveText('Console connected');
    await labPage.page.screenshot({ path: test.info().outputPath('vmrc-reconnected.png') });

    await expect(pane.tasks.row('Migrate virtual machine', 'test-01').first()).toContainText('Completed');
    await pane.tasks.open('Migrate virtual machine', 'test-01');
    await expect(pane.tasks.details.getByRole('list', { name: 'Migration timeline' })).toContainText(
      'Switchover',
    );
  });

  test('the ping monitor draws the round trips of a VM', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Prod-Cluster-70', 'esx70-03.corp.local');
    await labPage.speed('10 times faster than real time');
    await pane.rightClick('jump-01');
    await labPage.menu('Ping monitor');
    const dialog = labPage.page.getByTestId('ping-dialog');
    await expect(dialog.getByTestId('ping-chart').locator('canvas')).toBeVisible();
    await expect(dialog.getByTestId('ping-stats')).toContainText(/\d\d+ sent/, { timeout: 20_000 });
  });
});
