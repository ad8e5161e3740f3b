import { expect, test } from './fixtures/test';
import { LabPage } from './pages/lab-page';

const REMOTE_BACKING = 'The virtual machine has a currently connected device with a remote backing.';

test.describe('the DRS dialog says why a VM is not moved', () => {
  test('a host entering maintenance mode: build-agent-07 is listed under Faults with vSphere’s reason, until another admin disconnects its ISO', async ({
    labPage,
    labHost,
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

    // Another admin, in another window, disconnects the client ISO in the console: the open dialog
    // drops the fault by itself (no "Run DRS now").
    const other = new LabPage(await labPage.page.context().newPage(), labHost);
    await other.page.goto(labHost.url);
    const otherPane = await other.openVCenter('vcsa-01.corp.local');
    await otherPane.expand(
      'vcsa-01.corp.local',
      'Datacenter-East',
      'Legacy-Cluster-67',
      'esx67-02.corp.local',
    );
    await otherPane.rightClick('build-agent-07');
    await other.menu('Open Remote Console');
    await other.console.getByRole('button', { name: 'Disconnect' }).click();
    await expect(other.console.getByTestId('vmrc-events')).toContainText('disconnected from the client ISO');
    await expect(fault).toBeHidden({ timeout: 10_000 });
    await labPage.page.screenshot({ path: test.info().outputPath('drs-faults-after-detach.png') });
  });
});
