import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures/test';
import type { PaneObject } from './pages/lab-page';

const VC2 = 'vcsa-02.branch.example';
const VMS = ['branch-app-01', 'branch-app-02', 'branch-app-03', 'branch-app-04', 'branch-app-05'];

/** A row's background as the admin sees it: picked rows share the selection colour, others do not. */
const background = (row: Locator): Promise<string> =>
  row.evaluate((el) => getComputedStyle(el).backgroundColor);

/** Every named VM is picked (highlighted and aria-selected); every other VM of the folder is not. */
async function expectPicked(pane: PaneObject, picked: string[]): Promise<void> {
  const selectedColour = await background(pane.node(picked[0]));
  expect(selectedColour, 'a picked row is highlighted').not.toBe('rgba(0, 0, 0, 0)');
  for (const name of VMS) {
    const row = pane.node(name);
    if (picked.includes(name)) {
      await expect(row, `${name} is picked`).toHaveAttribute('aria-selected', 'true');
      expect(await background(row), `${name} is highlighted`).toBe(selectedColour);
    } else {
      await expect(row, `${name} is not picked`).toHaveAttribute('aria-selected', 'false');
      expect(await background(row), `${name} is not highlighted`).not.toBe(selectedColour);
    }
  }
}

/** Right-clicks a picked VM and reads the Migrate entry of its menu, then closes the menu. */
async function migrateEntry(pane: PaneObject, name: string): Promise<string> {
  await pane.rightClick(name);
  const page = pane.root.page();
  const text =
    (await page
      .getByRole('menu')
      .getByRole('menuitem', { name: /^Migrate/ })
      .textContent()) ?? '';
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  return text.trim();
}

test('Ctrl- and Shift-click pick VMs visibly, and Migrate names as many as are highlighted', async ({
  labPage,
}) => {
  const page = labPage.page;
  const pane = await labPage.openVCenter(VC2);
  await pane.view('VMs and Templates');
  await pane.expand('Datacenter-West', 'Workloads');
  // Move the mouse off the rows so hover does not colour them.
  const park = async (): Promise<void> => page.mouse.move(2, 780);

  await pane.select('branch-app-01');
  await pane.node('branch-app-03').click({ modifiers: ['Control'] });
  await pane.node('branch-app-04').click({ modifiers: ['Control'] });
  await park();
  await expectPicked(pane, ['branch-app-01', 'branch-app-03', 'branch-app-04']);
  await page.screenshot({ path: test.info().outputPath('multi-select-ctrl.png') });
  expect(await migrateEntry(pane, 'branch-app-03')).toBe('Migrate 3 VMs…');

  // Ctrl-click on a picked VM takes it out, the first one included.
  await pane.node('branch-app-01').click({ modifiers: ['Control'] });
  await park();
  await expectPicked(pane, ['branch-app-03', 'branch-app-04']);
  expect(await migrateEntry(pane, 'branch-app-04')).toBe('Migrate 2 VMs…');

  // Shift-click picks the range from the last clicked VM, and only that range.
  await pane.select('branch-app-02');
  await pane.node('branch-app-05').click({ modifiers: ['Shift'] });
  await park();
  await expectPicked(pane, ['branch-app-02', 'branch-app-03', 'branch-app-04', 'branch-app-05']);
  expect(await migrateEntry(pane, 'branch-app-05')).toBe('Migrate 4 VMs…');
  await page.screenshot({ path: test.info().outputPath('multi-select-shift.png') });

  // Starting from a folder, Ctrl-click picks the VMs alone: the folder is no longer selected.
  await pane.select('Workloads');
  await pane.node('branch-app-01').click({ modifiers: ['Control'] });
  await pane.node('branch-app-02').click({ modifiers: ['Control'] });
  await park();
  await expectPicked(pane, ['branch-app-01', 'branch-app-02']);
  await expect(pane.node('Workloads')).toHaveAttribute('aria-selected', 'false');
  expect(await migrateEntry(pane, 'branch-app-01')).toBe('Migrate 2 VMs…');
});
