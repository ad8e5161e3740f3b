import { expect, test } from './fixtures/test';

test.describe('inventory', () => {
  test("opens to the lab's vCenters with their versions", async ({ labPage }) => {
    await expect(labPage.vcenterCard('vcsa-01.corp.local')).toContainText('vCenter 7.0 U1c · 7.0.1.00300');
    await expect(labPage.vcenterCard('vcsa-02.branch.example')).toContainText('7.0 U1a');
    await expect(labPage.vcenterCard('vcsa-67.legacy.local')).toContainText('SSO legacy.local');
    await expect(labPage.vcenterCard('vcsa-60.retired.local')).toContainText('Unreachable');
  });

  test('expands Hosts and Clusters down to a VM and shows its summary', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await pane.select('build-agent-07');
    await expect(pane.summaryTitle).toHaveText('build-agent-07');
    await expect(pane.summaryField('Host')).toHaveText('esx67-02.corp.local');
    await expect(pane.summaryField('Power state')).toHaveText('Powered On');
    await expect(pane.summaryField('CD/DVD drive 1')).toContainText('Remote (VMRC) local ISO');
    await labPage.page.screenshot({ path: test.info().outputPath('vm-summary.png') });
  });

  test('the tree is keyboard navigable', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-02.branch.example');
    await pane.view('VMs and Templates');
    // The view's rows arrive from the service: keys pressed before they are shown would move
    // through the rows that are there yet (only the vCenter), as a user's would.
    await expect(pane.node('Datacenter-West')).toBeVisible();
    await pane.tree.focus();
    const keys = labPage.page.keyboard;
    await keys.press('ArrowDown'); // the datacenter (the vCenter is expanded)
    await keys.press('ArrowRight'); // expand it
    await expect(pane.node('Datacenter-West')).toHaveAttribute('aria-expanded', 'true');
    await expect(pane.node('Workloads')).toBeVisible();
    await keys.press('ArrowDown'); // Migrated
    await keys.press('ArrowDown'); // Workloads
    await keys.press('ArrowRight');
    await expect(pane.node('branch-app-01')).toBeVisible();
    await keys.press('ArrowDown'); // first VM
    await keys.press('Enter');
    await expect(pane.summaryTitle).toHaveText('branch-app-01');
    await keys.press('ArrowLeft'); // to its folder
    await keys.press('ArrowLeft'); // collapse it
    await expect(pane.node('Workloads')).toHaveAttribute('aria-expanded', 'false');
  });

  test('Storage and Networking views list datastores with free space and port groups', async ({
    labPage,
  }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.view('Storage');
    await pane.expand('Datacenter-East');
    await pane.select('SAN-LUN-01');
    await expect(pane.summaryField('Free')).toHaveText('2.54 TB');
    await pane.view('Networking');
    await pane.expand('Datacenter-East', 'DSwitch-Prod');
    await pane.select('DPG-DB-VLAN120');
    await expect(pane.summaryField('VLAN ID')).toHaveText('120');
  });

  test('remembers the open panes and views after a reload', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-67.legacy.local');
    await pane.view('Networking');
    await labPage.page.reload();
    // A new page load is a new client: the pane comes back, asking for a login again.
    const restored = labPage.pane('vcsa-67.legacy.local');
    await restored.login('administrator@legacy.local', 'Old-But-Gold-67');
    await expect(restored.root.getByRole('tab', { name: 'Networking' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});

test('object tabs: the VMs of a host, and the events of the vCenter', async ({ labPage }) => {
  const pane = await labPage.openVCenter('vcsa-01.corp.local');
  await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Prod-Cluster-70');
  await pane.select('esx70-01.corp.local');
  await pane.root.getByRole('tab', { name: 'VMs', exact: true }).click();
  const vms = pane.root.getByTestId('vms-tab');
  await expect(vms).toContainText('dc-01');
  await expect(vms).toContainText('test-01');
  await expect(vms).not.toContainText('test-02'); // on esx70-02
  await expect(vms).toContainText('Powered On');
  await pane.select('vcsa-01.corp.local');
  await pane.root.getByRole('tab', { name: 'Events', exact: true }).click();
  await expect(pane.root.getByTestId('events-tab')).toContainText('administrator@vsphere.local');
});

test('more than two vCenters: two side by side, the others one tab away', async ({ labPage }) => {
  const first = await labPage.openVCenter('vcsa-01.corp.local');
  const second = await labPage.openVCenter('vcsa-02.branch.example');
  await expect(labPage.page.getByRole('tablist', { name: 'Open vCenters' })).toHaveCount(0);
  const third = await labPage.openVCenter('vcsa-67.legacy.local');
  const tabs = labPage.page.getByRole('tablist', { name: 'Open vCenters' });
  await expect(tabs.getByRole('tab')).toHaveText([
    'vcsa-01.corp.local',
    'vcsa-02.branch.example',
    'vcsa-67.legacy.local',
  ]);
  await expect(first.root).toBeHidden();
  await expect(second.root).toBeVisible();
  await expect(third.root).toBeVisible();
  await tabs.getByRole('tab', { name: 'vcsa-01.corp.local' }).click();
  await expect(first.root).toBeVisible();
  await expect(second.root).toBeHidden();
  // Still signed in and where it was: the hidden pane kept its tree.
  await expect(first.node('Datacenter-East')).toBeVisible();
});
