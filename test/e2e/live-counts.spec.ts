import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';
import { WizardPage } from './pages/wizard-page';

const VC1 = 'vcsa-01.corp.local';
const VC67 = 'vcsa-67.legacy.local';

/**
 * The vCenter list is the first thing an admin reads: its host and VM counts must follow the
 * inventory. After an import moves a VM, each vCenter's entry equals its own Summary, without a
 * restart or a reload.
 */
test('the vCenter list counts follow an import on both vCenters', async ({ labPage }) => {
  test.slow();
  const page = labPage.page;
  const pane = await labPage.openVCenter(VC1);
  const before = await pane.vcenterSummaryCounts(VC1);
  await expect(labPage.vcenterCounts(VC1)).toHaveText(before);

  // Import crm-01 from the 6.7 vCenter into Prod-Cluster-70, as in the source story.
  const wizard = new WizardPage(page);
  await pane.expand(VC1, 'Datacenter-East');
  await pane.rightClick('Prod-Cluster-70');
  await labPage.menu('Import VMs…');
  await wizard.loginNew(VC67, credentials[VC67].user, credentials[VC67].password);
  await wizard.acceptCertificate();
  await wizard.next();
  await wizard.selectVm('crm-01');
  await wizard.next();
  await wizard.next();
  await wizard.expectPage('Select storage');
  await wizard.chooseDatastore('SAN-LUN-01');
  await wizard.next();
  await wizard.chooseFolder('Legacy');
  await wizard.next();
  await wizard.mapNetwork('Old-App-VLAN40', 'DPG-App-VLAN110 (DSwitch-Prod)');
  await wizard.next();
  await wizard.next();
  await wizard.finish();
  await labPage.speed('Ten minutes per second');
  const receive = pane.tasks.row('Initiate vMotion receive operation', 'crm-01').first();
  await expect(receive).toContainText('Completed', { timeout: 30_000 });

  // The destination's entry and Summary agree, and both counted the new VM.
  const after = await pane.vcenterSummaryCounts(VC1);
  expect(after).not.toEqual(before);
  await expect(labPage.vcenterCounts(VC1)).toHaveText(after);
  // So do the source's, read from its own pane.
  const legacy = await labPage.openVCenter(VC67);
  await expect(labPage.vcenterCounts(VC67)).toHaveText(await legacy.vcenterSummaryCounts(VC67));
  await page.screenshot({ path: test.info().outputPath('live-counts.png') });
});
