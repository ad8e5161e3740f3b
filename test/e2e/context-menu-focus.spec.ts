import { expect, test } from './fixtures/test';

const VC2 = 'vcsa-02.branch.example';

/** After Esc on a context menu, keyboard focus is back on the tree, at the row the menu was opened from. */
test('Esc on a context menu returns focus to its row', async ({ labPage }) => {
  const page = labPage.page;
  const pane = await labPage.openVCenter(VC2);
  await pane.view('VMs and Templates');
  await pane.expand('Datacenter-West', 'Workloads');
  await pane.rightClick('branch-app-03');
  await expect(page.getByRole('menu').getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(pane.tree).toBeFocused();
  const rowId = await pane.node('branch-app-03').getAttribute('id');
  await expect(pane.tree).toHaveAttribute('aria-activedescendant', rowId!);
  await page.screenshot({ path: test.info().outputPath('context-menu-esc.png') });

  // The keyboard goes on from there: the next row down.
  await page.keyboard.press('ArrowDown');
  const nextId = await pane.node('branch-app-04').getAttribute('id');
  await expect(pane.tree).toHaveAttribute('aria-activedescendant', nextId!);
});
