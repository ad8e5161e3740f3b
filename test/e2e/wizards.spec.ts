import { credentials } from './fixtures/credentials';
import { labValue } from './fixtures/lab-client';
import { expect, test } from './fixtures/test';
import { WizardPage } from './pages/wizard-page';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';
const VC67 = 'vcsa-67.legacy.local';
const SUCCEEDED = 'Compatibility checks succeeded.';
const REMOTE_BACKING = 'The virtual machine has a currently connected device with a remote backing.';
const SAME_POWER = 'All selected virtual machines must have the same power state.';

test.describe('Migrate and Import VMs wizards', () => {
  test('(a) Cross vCenter Server export of a running VM to another SSO domain, page by page', async ({
    labPage,
  }) => {
    // Every page of the wizard, then the migration itself, on both vCenters: a long story.
    test.slow();
    const page = labPage.page;
    const wizard = new WizardPage(page);
    const pane = await labPage.openVCenter(VC1);
    // web-01 runs in the Silver resource pool of Prod-Cluster-70.
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'Silver');
    // A continuous ping to web-01 stays open (a window of its own) through the whole migration.
    await pane.rightClick('web-01');
    await labPage.menu('Ping monitor');
    const ping = page.getByTestId('ping-dialog');
    await expect(ping.getByTestId('ping-stats')).toContainText('sent');
    await pane.rightClick('web-01');
    await labPage.menu('Migrate…');

    // 1. Migration type: all four, export included on 7.0 U1c.
    await expect(wizard.title).toHaveText('web-01 - Migrate');
    await wizard.expectPage('Select a migration type');
    for (const label of [
      'Change compute resource only',
      'Change storage only',
      'Change both compute resource and storage',
      'Cross vCenter Server export',
    ])
      await expect(wizard.root.getByRole('radio', { name: label, exact: true })).toBeVisible();
    await wizard.chooseType('Cross vCenter Server export');
    await expect(wizard.steps).toHaveText([
      /Select a migration type/,
      /Select a target vCenter Server/,
      /Select a compute resource/,
      /Select storage/,
      /Select folder/,
      /Select networks/,
      /Select vMotion priority/,
      /Ready to complete/,
    ]);
    await wizard.snapshot('a1-migration-type');
    await wizard.next();

    // 2. Target vCenter: Next waits for a login; the certificate must be accepted first.
    await wizard.expectPage('Select a target vCenter Server');
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.why).toHaveText('Log in to the target vCenter Server.');
    await wizard.snapshot('a2-target-vcenter');
    await wizard.loginNew(VC2, credentials[VC2].user, credentials[VC2].password, true);
    await expect(wizard.certDialog).toContainText(VC2);
    await expect(wizard.certDialog.getByTestId('cert-thumbprint')).toHaveText(/^([0-9A-F]{2}:){15}/);
    await page.screenshot({ path: test.info().outputPath('a2-certificate.png') });
    await wizard.acceptCertificate();
    await expect(wizard.connectedTo).toContainText(`Connected to target vCenter Server ${VC2}`);
    await wizard.next();

    // 3. Compute resource of the target, with the live compatibility panel.
    await wizard.expectPage('Select a compute resource');
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.root.getByTestId('compute-row-Datacenter-West')).toBeVisible();
    await wizard.chooseCompute('esx-w01.branch.example');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('a3-compute-resource');
    await wizard.next();

    // 4. Storage: the target's datastores with their sizes, and the four disk formats.
    await wizard.expectPage('Select storage');
    await expect(wizard.root.getByRole('table', { name: 'Datastores' }).getByRole('columnheader')).toHaveText(
      ['Name', 'Capacity', 'Provisioned', 'Free', 'Type', 'Hosts'],
    );
    await expect(wizard.datastoreRow('West-vsanDatastore')).toContainText('6.00 TB');
    await expect(wizard.datastoreRow('West-vsanDatastore')).toContainText('vSAN');
    await expect(wizard.diskFormat.locator('option')).toHaveText([
      'Same format as source',
      'Thick Provision Lazy Zeroed',
      'Thick Provision Eager Zeroed',
      'Thin Provision',
    ]);
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.why).toHaveText('Select a destination datastore.');
    await wizard.chooseDatastore('West-vsanDatastore');
    await wizard.diskFormat.selectOption({ label: 'Thin Provision' });
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('a4-storage');
    await wizard.next();

    // 5. Folder of the target vCenter.
    await wizard.expectPage('Select folder');
    await expect(wizard.nextButton).toBeDisabled();
    await wizard.chooseFolder('Migrated');
    await wizard.snapshot('a5-folder');
    await wizard.next();

    // 6. Networks: the source port group does not exist on the target, so the admin maps it.
    await wizard.expectPage('Select networks');
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.why).toHaveText('Select a destination network for DPG-Prod-VLAN100.');
    await wizard.mapNetwork('DPG-Prod-VLAN100', 'DPG-West-Prod (DSwitch-West)');
    await wizard.snapshot('a6-networks');
    await wizard.next();

    // 7. vMotion priority (the VM runs): high priority is the recommended default.
    await wizard.expectPage('Select vMotion priority');
    await expect(
      wizard.root.getByRole('radio', { name: 'Schedule vMotion with high priority (recommended)' }),
    ).toBeChecked();
    await expect(wizard.root.getByRole('radio', { name: 'Schedule regular vMotion' })).not.toBeChecked();
    await wizard.snapshot('a7-priority');
    await wizard.next();

    // 8. Ready to complete: every choice, checked once more.
    await wizard.expectPage('Ready to complete');
    await expect(wizard.summary('Migration type')).toHaveText('Cross vCenter Server export');
    await expect(wizard.summary('Virtual machine')).toHaveText('web-01 (Powered On)');
    await expect(wizard.summary('Source vCenter Server')).toHaveText(VC1);
    await expect(wizard.summary('Target vCenter Server')).toHaveText(VC2);
    await expect(wizard.summary('Compute resource')).toHaveText(
      'Host: Datacenter-West / West-Cluster / esx-w01.branch.example',
    );
    await expect(wizard.summary('Storage')).toHaveText('West-vsanDatastore');
    await expect(wizard.summary('Disk format')).toHaveText('Thin Provision');
    await expect(wizard.summary('Folder')).toHaveText('Migrated');
    await expect(wizard.summary('Networks')).toHaveText(
      'web-01 Network adapter 1: DPG-Prod-VLAN100 → DPG-West-Prod',
    );
    await expect(wizard.summary('vMotion priority')).toHaveText(
      'Schedule vMotion with high priority (recommended)',
    );
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('a8-ready-to-complete');
    await wizard.finish();

    await expect(pane.tasks.row('Relocate virtual machine', 'web-01').first()).toBeVisible();

    // Both vCenters show their side of the migration: the wizard's login lets vcsa-02's pane open
    // straight to its inventory, and the tasks reach 100% on both. The ping window folds out of the way.
    await ping.getByRole('button', { name: 'Fold ping web-01' }).click();
    await labPage.page.getByRole('button', { name: `Open ${VC2}` }).click();
    const target = labPage.pane(VC2);
    await expect(target.tree).toBeVisible();
    await labPage.speed('A minute per second');
    await expect(pane.tasks.row('Relocate virtual machine', 'web-01').first()).toContainText('Completed', {
      timeout: 30_000,
    });
    await expect(target.tasks.row('Initiate vMotion receive operation', 'web-01').first()).toContainText(
      'Completed',
    );
    await page.screenshot({ path: test.info().outputPath('a9-tasks-on-both-vcenters.png') });

    // The source task links to the receive task on the other vCenter.
    await pane.tasks.open('Relocate virtual machine', 'web-01');
    await expect(pane.tasks.details.getByRole('list', { name: 'Migration timeline' })).toContainText(
      'Switchover',
    );
    await pane.tasks.details.getByTestId('linked-task').click();
    await expect(target.tasks.row('Initiate vMotion receive operation', 'web-01').first()).toHaveAttribute(
      'aria-selected',
      'true',
    );

    // web-01 left vcsa-01 and sits in vcsa-02's Migrated folder on DPG-West-Prod.
    await expect(pane.node('web-01')).toBeHidden();
    await target.view('VMs and Templates');
    await target.expand('Datacenter-West', 'Migrated');
    await target.select('web-01');
    await expect(target.summaryField('VM folder')).toHaveText('Migrated');
    await expect(target.summaryField('Host')).toHaveText('esx-w01.branch.example');
    await expect(target.summaryField('Network adapter 1')).toContainText('DPG-West-Prod (connected)');

    // The ping saw the switchover: one long (or lost) reply among sub-millisecond ones.
    await ping.getByRole('button', { name: 'Unfold ping web-01' }).click();
    const stats = ping.getByTestId('ping-stats');
    const spike = Number(await stats.getAttribute('data-max-ms'));
    const lost = Number(await stats.getAttribute('data-lost'));
    expect(spike > 20 || lost > 0, `max RTT ${spike} ms, ${lost} lost`).toBe(true);
    await page.screenshot({ path: test.info().outputPath('a10-ping-switchover.png') });
  });

  test('(b) Import VMs: two running VMs from the 6.7 vCenter into Prod-Cluster-70; mixed power states are refused', async ({
    labPage,
  }) => {
    const wizard = new WizardPage(labPage.page);
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East');
    await pane.rightClick('Prod-Cluster-70');
    await labPage.menu('Import VMs…');

    await expect(wizard.title).toHaveText('Prod-Cluster-70 - Import VMs');
    await wizard.expectPage('Select a source vCenter');
    await expect(wizard.steps).toHaveText([
      /Select a source vCenter/,
      /Select VMs/,
      /Select a compute resource/,
      /Select storage/,
      /Select folder/,
      /Select networks/,
      /Select vMotion priority/,
      /Ready to complete/,
    ]);
    await wizard.loginNew(VC67, credentials[VC67].user, credentials[VC67].password);
    await wizard.acceptCertificate();
    await expect(wizard.connectedTo).toContainText(`Connected to source vCenter Server ${VC67}`);
    await wizard.snapshot('b1-source-vcenter');
    await wizard.next();

    // Select VMs: a running and a powered-off VM cannot go together.
    await wizard.expectPage('Select VMs');
    await expect(wizard.vmRow('crm-01')).toContainText('Powered On');
    await expect(wizard.vmRow('archive-01')).toContainText('Powered Off');
    await expect(wizard.nextButton).toBeDisabled();
    await wizard.selectVm('crm-01');
    await wizard.selectVm('archive-01');
    await expect(wizard.root.getByRole('alert')).toContainText(SAME_POWER);
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.why).toHaveText(SAME_POWER);
    await wizard.snapshot('b2-select-vms-mixed-power');
    await wizard.selectVm('archive-01', false);
    await wizard.selectVm('crm-02');
    await expect(wizard.root.getByText(SAME_POWER)).toBeHidden();
    await expect(wizard.root.getByTestId('vm-selected-count')).toHaveText(/^2 selected of \d+$/);
    await wizard.snapshot('b3-select-vms');
    await wizard.next();

    // The right-clicked cluster is the preset target.
    await wizard.expectPage('Select a compute resource');
    await expect(wizard.computeRadio('Prod-Cluster-70')).toBeChecked();
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('b4-compute-resource');
    await wizard.next();

    await wizard.expectPage('Select storage');
    await wizard.chooseDatastore('SAN-LUN-01');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.next();

    await wizard.expectPage('Select folder');
    await wizard.chooseFolder('Legacy');
    await wizard.next();

    await wizard.expectPage('Select networks');
    await expect(wizard.root.getByTestId('network-row-Old-App-VLAN40')).toContainText(
      '2 VMs / 2 network adapters',
    );
    await wizard.mapNetwork('Old-App-VLAN40', 'DPG-App-VLAN110 (DSwitch-Prod)');
    // Advanced shows each adapter, seeded from the basic choice.
    await wizard.root.getByRole('button', { name: 'Advanced' }).click();
    await expect(wizard.root.getByRole('combobox', { name: 'Network adapter 1' })).toHaveCount(2);
    await expect(
      wizard.root
        .getByTestId('nic-row-crm-02-Network adapter 1')
        .getByRole('combobox')
        .locator('option:checked'),
    ).toHaveText('DPG-App-VLAN110 (DSwitch-Prod)');
    await wizard.snapshot('b5-networks-advanced');
    await wizard.next();

    await wizard.expectPage('Select vMotion priority');
    await wizard.choosePriority('Schedule regular vMotion');
    await wizard.next();

    await wizard.expectPage('Ready to complete');
    await expect(wizard.summary('Migration type')).toHaveText('Import VMs (cross vCenter Server migration)');
    await expect(wizard.summary('Virtual machines (2)')).toHaveText(
      'crm-01 (Powered On), crm-02 (Powered On)',
    );
    await expect(wizard.summary('Source vCenter Server')).toHaveText(VC67);
    await expect(wizard.summary('Target vCenter Server')).toHaveText(VC1);
    await expect(wizard.summary('Compute resource')).toHaveText('Cluster: Datacenter-East / Prod-Cluster-70');
    await expect(wizard.summary('Storage')).toHaveText('SAN-LUN-01');
    await expect(wizard.summary('Folder')).toHaveText('Legacy');
    await expect(wizard.summary('vMotion priority')).toHaveText('Schedule regular vMotion');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.snapshot('b6-ready-to-complete');
    await wizard.finish();

    await expect(pane.tasks.row('Initiate vMotion receive operation', 'crm-01').first()).toBeVisible();
    await expect(pane.tasks.row('Initiate vMotion receive operation', 'crm-02').first()).toBeVisible();
  });

  test('(c) a compatibility error keeps Next disabled and shows the product message; Cancel starts nothing', async ({
    labPage,
  }) => {
    const wizard = new WizardPage(labPage.page);
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await pane.rightClick('build-agent-07');
    await labPage.menu('Migrate…');

    await wizard.expectPage('Select a migration type');
    await expect(wizard.root.getByRole('radio', { name: 'Change compute resource only' })).toBeChecked();
    await wizard.next();
    await wizard.expectPage('Select a compute resource');
    await wizard.chooseCompute('esx67-01.corp.local');
    await expect(wizard.compatibilitySummary).toHaveText('Compatibility checks failed.');
    await expect(wizard.compatibility.getByTestId('compatibility-issue-error')).toContainText(REMOTE_BACKING);
    await expect(wizard.nextButton).toBeDisabled();
    await expect(wizard.why).toHaveText('Resolve the compatibility errors to continue.');
    await wizard.snapshot('c1-compatibility-error');

    // The step list does not jump past the blocked page either.
    await expect(wizard.steps.filter({ hasText: 'Ready to complete' }).getByRole('button')).toBeDisabled();
    // Cancel forgets the wizard; nothing was started.
    await wizard.cancel();
    await expect(pane.tasks.row('Migrate virtual machine', 'build-agent-07')).toHaveCount(0);
    await expect(pane.tasks.row('Relocate virtual machine', 'build-agent-07')).toHaveCount(0);
  });

  test('Cross vCenter Server export is not offered before 7.0 U1c, and the wizard says why', async ({
    labPage,
  }) => {
    const wizard = new WizardPage(labPage.page);
    const pane = await labPage.openVCenter(VC2);
    await pane.expand(VC2, 'Datacenter-West', 'West-Cluster', 'esx-w01.branch.example');
    await pane.rightClick('branch-app-01');
    await labPage.menu('Migrate…');
    await wizard.expectPage('Select a migration type');
    await expect(wizard.root.getByRole('radio')).toHaveCount(3);
    await expect(wizard.root.getByRole('radio', { name: 'Cross vCenter Server export' })).toHaveCount(0);
    await expect(wizard.root.getByTestId('wizard-no-xvm')).toContainText(
      'needs vCenter Server 7.0 Update 1c (7.0.1.00300) or later, and vcsa-02.branch.example runs 7.0 U1a (7.0.1.00100)',
    );
    await wizard.snapshot('d1-no-export-before-u1c');

    // Storage only: two pages, then Ready; the choices survive Back.
    await wizard.chooseType('Change storage only');
    await expect(wizard.steps).toHaveText([/Select a migration type/, /Select storage/, /Ready to complete/]);
    await wizard.next();
    await wizard.chooseDatastore('West-NFS-01');
    await wizard.diskFormat.selectOption({ label: 'Thick Provision Eager Zeroed' });
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.back();
    await wizard.next();
    await expect(wizard.root.getByRole('radio', { name: 'West-NFS-01' })).toBeChecked();
    await expect(wizard.diskFormat).toHaveValue('thickEagerZeroed');
    await wizard.cancel();
  });
});

test.describe('Migrate wizard: a failed Finish', () => {
  test('the target certificate changes before Finish: the error shows, every choice stays, and a deliberate re-trust finishes it', async ({
    labPage,
    labHost,
  }) => {
    const page = labPage.page;
    const wizard = new WizardPage(page);
    const pane = await labPage.openVCenter(VC1);
    await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70', 'esx70-01.corp.local');
    await pane.rightClick('test-01');
    await labPage.menu('Migrate…');
    await wizard.chooseType('Cross vCenter Server export');
    await wizard.next();
    await wizard.loginNew(VC2, credentials[VC2].user, credentials[VC2].password);
    await wizard.acceptCertificate();
    await wizard.next();
    await wizard.chooseCompute('West-Cluster');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.next();
    await wizard.chooseDatastore('West-NFS-01');
    await wizard.next();
    await wizard.chooseFolder('Workloads');
    await wizard.next();
    await wizard.mapNetwork('DPG-App-VLAN110', 'DPG-West-DMZ (DSwitch-West)');
    await wizard.next();
    await wizard.next();
    await wizard.expectPage('Ready to complete');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);

    // The target vCenter gets a new certificate: its sessions end, so Finish cannot start anything.
    await labValue(labHost, 'lab.changeCertificate', { vcenterId: 'vcsa02:vcenter' });
    await expect(wizard.root.getByTestId('wizard-load-error')).toBeVisible();
    await wizard.finishButton.click();
    await expect(wizard.root.getByTestId('wizard-start-error')).toContainText('The migration did not start');
    await expect(wizard.summary('Compute resource')).toHaveText('Cluster: Datacenter-West / West-Cluster');
    await expect(wizard.summary('Storage')).toHaveText('West-NFS-01');
    await expect(wizard.summary('Folder')).toHaveText('Workloads');
    await wizard.snapshot('e1-finish-failed');

    // Back to the target page: logging in again shows the changed-certificate warning.
    await wizard.steps.getByRole('button', { name: /Select a target vCenter Server/ }).click();
    await wizard.expectPage('Select a target vCenter Server');
    await wizard.root.getByTestId('wizard-change-vcenter').click();
    await wizard.loginNew(VC2, credentials[VC2].user, credentials[VC2].password);
    const warning = page.getByTestId('cert-changed-warning');
    await expect(warning).toContainText('THE IDENTITY OF VCSA-02.BRANCH.EXAMPLE HAS CHANGED');
    await page.screenshot({ path: test.info().outputPath('e2-certificate-changed.png') });
    await warning.getByTestId('cert-understood').check();
    await warning.getByTestId('cert-retrust').click();
    await expect(wizard.connectedTo).toContainText(`Connected to target vCenter Server ${VC2}`);
    await expect(wizard.root.getByTestId('wizard-load-error')).toBeHidden();

    // Every later choice survived: the step list jumps straight back to Ready to complete.
    await wizard.steps.getByRole('button', { name: /Ready to complete/ }).click();
    await expect(wizard.summary('Storage')).toHaveText('West-NFS-01');
    await expect(wizard.compatibilitySummary).toHaveText(SUCCEEDED);
    await wizard.finish();
    await expect(pane.tasks.row('Relocate virtual machine', 'test-01').first()).toBeVisible();
  });
});
