import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';
import { WizardPage } from './pages/wizard-page';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';
const TOO_LONG = 'Compatibility check took too long to complete';

test.describe('Network paths (lab control on a host)', () => {
  test('TCP 902 blocked on esx-w01: the export wizard’s compatibility check takes too long, Next stays disabled', async ({
    labPage,
  }) => {
    test.slow();
    const page = labPage.page;

    // 1. Block TCP 902 on the branch host from its context menu, with the keyboard.
    const branch = await labPage.openVCenter(VC2);
    await branch.expand(VC2, 'Datacenter-West', 'West-Cluster');
    await branch.rightClick('esx-w01.branch.example');
    await labPage.menu('Lab: network paths…');
    const dialog = page.getByTestId('network-paths-dialog');
    await expect(dialog.getByTestId('port-state-902')).toHaveText('Open');
    await expect(dialog.getByTestId('port-state-8000')).toHaveText('Open');
    await dialog.getByTestId('block-port-902').focus();
    await page.keyboard.press('Space');
    await expect(dialog.getByTestId('port-state-902')).toHaveText('Blocked');
    await expect(dialog.getByTestId('block-port-902')).toBeChecked();
    await expect(dialog.getByTestId('port-state-8000')).toHaveText('Open');
    await page.screenshot({ path: test.info().outputPath('network-paths-dialog.png') });
    await dialog.getByTestId('network-paths-close').click();
    await expect(dialog).toBeHidden();

    // 2. Cross vCenter Server export of web-01 from vcsa-01 to that host, the lab at 10× (the
    //    wizard is modal: the speed is set before it opens).
    await labPage.speed('10 times faster than real time');
    const wizard = new WizardPage(page);
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'Silver');
    await pane.rightClick('web-01');
    await labPage.menu('Migrate…');
    await wizard.chooseType('Cross vCenter Server export');
    await wizard.next();
    await wizard.expectPage('Select a target vCenter Server');
    await wizard.loginNew(VC2, credentials[VC2].user, credentials[VC2].password);
    await expect(wizard.certDialog.or(wizard.connectedTo).first()).toBeVisible();
    if (await wizard.certDialog.isVisible()) await wizard.acceptCertificate();
    await expect(wizard.connectedTo).toContainText(`Connected to target vCenter Server ${VC2}`);
    await wizard.next();

    // 3. The compatibility panel: the product's message, and Next disabled.
    await wizard.expectPage('Select a compute resource');
    await wizard.chooseCompute('esx-w01.branch.example');
    // vCenter waits on the NFC connection before it gives up: the panel keeps validating for two
    // simulated minutes (12 s at 10×), Next disabled, then shows the product's message.
    await expect(page.getByTestId('compatibility-checking')).toBeVisible();
    await expect(wizard.nextButton).toBeDisabled();
    await page.waitForTimeout(3000);
    await expect(page.getByTestId('compatibility-checking')).toBeVisible();
    await expect(wizard.compatibility).not.toContainText(TOO_LONG);
    await expect(wizard.compatibility).toContainText(TOO_LONG, { timeout: 60_000 });
    await expect(wizard.compatibilitySummary).toHaveText('Compatibility checks failed.');
    await expect(wizard.nextButton).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('wizard-902-blocked.png') });

    // Another branch host, whose port is open, passes.
    await wizard.chooseCompute('esx-w02.branch.example');
    await expect(wizard.compatibilitySummary).toHaveText('Compatibility checks succeeded.');
    await expect(wizard.compatibility).not.toContainText(TOO_LONG);
  });
});
