import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test';
import { ExercisesPanel } from './pages/exercises-panel';

test.describe('guided exercises', () => {
  // A whole exercise is a long walk through the UI: on a shared, loaded machine it can take minutes.
  test.setTimeout(600_000);
  test('a learner solves "maintenance mode hangs" in the UI, watches the objectives tick, and saves the report', async ({
    labPage,
  }) => {
    const page = labPage.page;
    const panel = new ExercisesPanel(page);
    await panel.open();
    const id = '01-maintenance-vmrc-esxi67';
    await expect(panel.exercise(id)).toContainText('Intermediate');
    await expect(panel.exercise(id)).toContainText('~15 min');
    await expect(panel.root.getByTestId('exercise-list').locator('li')).toHaveCount(9);
    await page.screenshot({ path: test.info().outputPath('exercise-list.png') });

    await panel.start(id);
    await expect(panel.root.getByTestId('briefing')).toContainText('esx67-02.corp.local');
    await expect(page.getByTestId('current-lab')).toHaveText(`exercise-${id}`);
    await expect(panel.objective('host-in-maintenance')).toHaveAttribute('data-done', 'false');
    await expect(panel.objective('nothing-lost')).toHaveAttribute('data-done', 'true');

    await panel.fold(true);
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-02.corp.local');
    await pane.rightClick('esx67-02.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    // The dialog shows the same action as a script in each tool.
    const dialog = page.getByTestId('maintenance-dialog');
    await expect(dialog.getByTestId('script-powercli')).toContainText(
      "Set-VMHost -Server $vc -VMHost 'esx67-02.corp.local' -State Maintenance",
    );
    await dialog.getByTestId('script-tab-govc').click();
    await expect(dialog.getByTestId('script-govc')).toContainText(
      "govc host.maintenance.enter 'esx67-02.corp.local'",
    );
    await page.screenshot({ path: test.info().outputPath('maintenance-script.png') });
    await page.getByTestId('maintenance-ok').click();
    await labPage.speed('Ten minutes per second');
    await expect(pane.node('erp-legacy-02')).toBeHidden({ timeout: 20_000 });
    await panel.fold(false);
    await expect(panel.objective('host-in-maintenance')).toContainText('still entering maintenance mode');

    // A hint, then the fix: disconnect the client ISO in the console.
    await panel.root.getByTestId('reveal-client-device').click();
    await expect(panel.root.getByTestId('hint-client-device')).toContainText('Detach the ISO');
    await page.screenshot({ path: test.info().outputPath('exercise-running.png') });
    await panel.fold(true);
    await pane.rightClick('build-agent-07');
    await labPage.menu('Open Remote Console');
    await labPage.console.getByRole('button', { name: 'Disconnect' }).click();
    await labPage.console.getByRole('button', { name: 'Close console' }).click();

    // The objectives tick as the engine reports the evacuation; the attempt ends passed.
    await panel.fold(false);
    await expect(panel.verdict).toHaveText('Passed — score 85', { timeout: 30_000 });
    await expect(panel.objective('host-in-maintenance')).toHaveAttribute('data-done', 'true');
    await page.screenshot({ path: test.info().outputPath('exercise-report.png') });

    const download = page.waitForEvent('download');
    await panel.root.getByTestId('save-report').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^report-01-maintenance-vmrc-esxi67-.*\.html$/);
    const html = readFileSync((await file.path())!, 'utf8');
    expect(html).toContain('Maintenance mode hangs: a VMRC-attached ISO on ESXi 6.7');
    expect(html).toContain('Passed — score 85');
    expect(html).toContain('Hint &quot;client-device&quot; used');
    expect(html).not.toMatch(/<script|<link|src=/i);
    await expect(panel.root.getByRole('status')).toContainText('Saved as report-01');

    // Back in the list, the exercise shows its last result.
    await panel.root.getByTestId('back-to-list').click();
    await expect(panel.exercise(id)).toContainText('Last attempt: passed, score 85');
  });
});
