import { expect, test } from './fixtures/test';

const REMOTE_BACKING = 'The virtual machine has a currently connected device with a remote backing.';

test.describe('the DRS dialog says why a VM is not moved', () => {
  test('a host entering maintenance mode: build-agent-07 is listed under Faults with vSphere’s reason', async ({
    labPage,
  }) => {
    await labPage.page.setViewportSize({ width: 1280, height: 800 });
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await pane.rightClick('esx67-02.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();
    await expect(pane.tasks.details).toContainText(`build-agent-07: ${REMOTE_BACKING}`);
    // The other VMs leave; build-agent-07 cannot.
    await labPage.speed('Ten minutes per second');
    await expect(pane.node('erp-legacy-02')).toBeHidden({ timeout: 20_000 });
    await expect(pane.node('erp-legacy-05')).toBeHidden({ timeout: 20_000 });

    await pane.rightClick('Legacy-Cluster-67');
    await labPage.menu('vSphere DRS…');
    const dialog = labPage.page.getByTestId('drs-dialog');
    const fault = dialog.getByTestId('drs-fault-build-agent-07');
    await expect(fault).toContainText('esx67-02.corp.local');
    await expect(fault).toContainText('Enter maintenance mode');
    await expect(fault).toContainText(REMOTE_BACKING);
    await expect(dialog.getByRole('table', { name: 'Faults' })).toBeVisible();
    await labPage.page.screenshot({ path: test.info().outputPath('drs-faults.png') });
  });
});
