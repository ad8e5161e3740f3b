import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';
import type { LabPage } from './pages/lab-page';
import { WizardPage } from './pages/wizard-page';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';
const VC67 = 'vcsa-67.legacy.local';
const SUCCEEDED = 'Compatibility checks succeeded.';
const HOST_NEEDED =
  'If your target is a non-automated cluster, select a host within the non-automated cluster.';

/** Sets a cluster's DRS automation level through its vSphere DRS dialog. */
async function setDrs(labPage: LabPage, cluster: string, level: string): Promise<void> {
  const pane = labPage.pane(VC1);
  await pane.rightClick(cluster);
  await labPage.menu('vSphere DRS…');
  const dialog = labPage.page.getByTestId('drs-dialog');
  await dialog.getByRole('combobox', { name: 'Automation level' }).selectOption({ label: level });
  await expect(dialog.getByRole('combobox', { name: 'Automation level' })).toHaveValue('manual');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toBeHidden();
}

test.describe('the wizards as an admin meets them (issue 19.6, 19.8, 19.9; issue 16.2)', () => {
  test('export: the source vCenter is never offered as target, refusals show once, a storage policy is chosen, Esc asks', async ({
    labPage,
  }) => {
    test.slow();
    const page = labPage.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const wizard = new WizardPage(page);
    // A saved connection to vcsa-01, the vCenter the export starts on.
    const c = labPage.connections;
    await c.openConnect();
    await c.fillNew({ address: VC1, ...credentials[VC1], save: { label: 'East lab' } });
    await c.submit();
    await c.acceptCertificate();
    const pane = labPage.pane(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'Silver');

    // Esc on the first page closes the wizard as before.
    await pane.rightClick('web-01');
    await labPage.menu('Migrate…');
    await wizard.expectPage('Select a migration type');
    await page.keyboard.press('Escape');
    await expect(wizard.root).toBeHidden();

    await pane.rightClick('web-01');
    await labPage.menu('Migrate…');
    await wizard.chooseType('Cross vCenter Server export');
    await wizard.next();
    await wizard.expectPage('Select a target vCenter Server');
    // The only saved connection is the source's own: nothing saved is offered.
    await expect(wizard.loginForm.getByTestId('login-saved')).toHaveCount(0);
    await expect(wizard.loginForm.getByTestId('login-mode-saved')).toHaveCount(0);

    // Typing the source's address is refused before any login, in one place.
    await wizard.loginNew(VC1, credentials[VC1].user, credentials[VC1].password);
    const self = `${VC1} is the vCenter Server this wizard runs on; choose another one.`;
    await expect(wizard.loginForm.getByTestId('login-error')).toHaveText(self);
    await expect(page.getByText(self)).toHaveCount(1);
    await expect(wizard.certDialog).toBeHidden();
    await expect(page.getByTestId('error-banner')).toHaveCount(0);

    // A wrong password: the refusal shows once, in the form, and no banner.
    await wizard.loginNew(VC2, credentials[VC2].user, 'not-the-password');
    await wizard.acceptCertificate();
    const refusal = wizard.loginForm.getByTestId('login-error');
    await expect(refusal).toBeVisible();
    const refusalText = (await refusal.innerText()).trim();
    await expect(page.getByText(refusalText, { exact: true })).toHaveCount(1);
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    await expect(page.getByTestId('connections-notice')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('export-login-refused.png') });

    await wizard.loginNew(VC2, credentials[VC2].user, credentials[VC2].password);
    await expect(wizard.connectedTo).toContainText(`Connected to target vCenter Server ${VC2}`);
    await wizard.next();
    await wizard.chooseCompute('esx-w01.branch.example');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.next();

    // Storage: no verdict before a datastore is picked; the product's VM Storage Policy choices.
    await wizard.expectPage('Select storage');
    await expect(wizard.compatibility.getByTestId('compatibility-waiting')).toHaveText(
      'Select a datastore to run the compatibility checks.',
    );
    await expect(wizard.compatibility).not.toContainText(SUCCEEDED);
    const options = await wizard.storagePolicy.locator('option').allInnerTexts();
    expect(options.slice(0, 2)).toEqual(['Keep existing VM storage policies', 'Datastore Default']);
    expect(options).toEqual(
      expect.arrayContaining(['vSAN Default Storage Policy', 'Management Storage policy - Thin']),
    );
    await expect(wizard.storagePolicy).toHaveValue('keep');
    await wizard.snapshot('export-storage-before-datastore');
    await wizard.storagePolicy.selectOption({ label: 'vSAN Default Storage Policy' });
    await wizard.chooseDatastore('West-vsanDatastore');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('export-storage-policy');
    await wizard.next();
    await wizard.chooseFolder('Migrated');
    await wizard.next();
    await wizard.mapNetwork('DPG-Prod-VLAN100', 'DPG-West-Prod (DSwitch-West)');
    await wizard.next();
    await wizard.next();

    // Ready to complete: the policy, and the destination vCenter once.
    await wizard.expectPage('Ready to complete');
    await expect(wizard.root.getByTestId('ready-storage-policy').getByRole('row')).toHaveText(
      /^VM storage policy\s*vSAN Default Storage Policy$/,
    );
    await expect(
      wizard.root.getByTestId('ready-summary').getByRole('row').filter({ hasText: VC2 }),
    ).toHaveCount(1);
    await expect(wizard.summary('Target vCenter Server')).toHaveText(VC2);
    await wizard.snapshot('export-ready');

    // Esc past the first page asks before discarding; "Keep editing" keeps every choice.
    await page.keyboard.press('Escape');
    await expect(wizard.discardConfirm).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('export-esc-asks.png') });
    await wizard.discardConfirm.getByRole('button', { name: 'Keep editing' }).click();
    await expect(wizard.discardConfirm).toBeHidden();
    await wizard.expectPage('Ready to complete');
    await expect(wizard.root.getByTestId('ready-storage-policy').getByRole('row')).toHaveText(
      /^VM storage policy\s*vSAN Default Storage Policy$/,
    );
    await wizard.pageTitle.focus();
    await page.keyboard.press('Escape');
    await wizard.discardConfirm.getByRole('button', { name: 'Discard' }).click();
    await expect(wizard.root).toBeHidden();
  });

  test('a cluster whose DRS is not fully automated needs a host, in Migrate and in Import VMs', async ({
    labPage,
  }) => {
    test.slow();
    const page = labPage.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const wizard = new WizardPage(page);
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'Silver');
    await setDrs(labPage, 'Prod-Cluster-70', 'Manual');

    // Migrate: the cluster alone is refused with the product's words; a host in it is accepted.
    await pane.rightClick('web-01');
    await labPage.menu('Migrate…');
    await wizard.next();
    await wizard.expectPage('Select a compute resource');
    await wizard.chooseCompute('Prod-Cluster-70');
    await expect(wizard.why).toHaveText(HOST_NEEDED);
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.compatibility.getByTestId('compatibility-placement')).toHaveText(HOST_NEEDED);
    await wizard.snapshot('migrate-manual-cluster');
    await wizard.chooseCompute('esx70-02.corp.local');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await expect(wizard.nextButton).toBeEnabled();
    await wizard.cancel();

    // Import VMs into that cluster: the preset cluster is refused until a host is picked.
    await pane.rightClick('Prod-Cluster-70');
    await labPage.menu('Import VMs…');
    await wizard.loginNew(VC67, credentials[VC67].user, credentials[VC67].password);
    await wizard.acceptCertificate();
    await wizard.next();
    await wizard.selectVm('crm-01');
    await wizard.next();
    await wizard.expectPage('Select a compute resource');
    await expect(wizard.computeRadio('Prod-Cluster-70')).toBeChecked();
    await expect(wizard.why).toHaveText(HOST_NEEDED);
    await expect(wizard.nextButton).toBeDisabled();
    await wizard.snapshot('import-manual-cluster');
    await wizard.chooseCompute('esx70-01.corp.local');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await expect(wizard.nextButton).toBeEnabled();
  });
});
