import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import type { PaneObject } from './pages/lab-page';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';

test.use({ viewport: { width: 1280, height: 800 } });

/** True when the element's centre is what the user sees there: on screen, nothing drawn over it. */
async function seenAtCentre(page: Page, el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  if (!box) return false;
  const handle = await el.elementHandle();
  return page.evaluate(
    ([x, y, node]) => {
      const hit = document.elementFromPoint(x as number, y as number);
      return !!hit && (hit === node || (node as Element).contains(hit));
    },
    [box.x + box.width / 2, box.y + box.height / 2, handle] as const,
  );
}

/** The task list scrolled fully left, its Task Name header and first column in view. */
async function expectTaskNameInView(pane: PaneObject): Promise<void> {
  const page = pane.root.page();
  const table = pane.tasks.table;
  const sideways = await table.evaluate((el) => ({
    left: el.scrollLeft,
    over: el.scrollWidth - el.clientWidth,
  }));
  expect(sideways.left, 'the task list is not scrolled sideways').toBe(0);
  expect(sideways.over, 'the task list has nothing to scroll sideways to').toBeLessThanOrEqual(0);
  const header = table.getByRole('columnheader', { name: 'Task Name' });
  expect(await seenAtCentre(page, header), 'Task Name header is in view').toBe(true);
}

test('task details at 1280×800: beside the list, on screen, phases apart, Task Name in view', async ({
  labPage,
}) => {
  test.slow();
  const page = labPage.page;
  const pane = await labPage.openVCenter(VC1);
  await labPage.openVCenter(VC2);
  // Maintenance mode on a 6.7 host evacuates its running VMs: one migration task each, with phases.
  await pane.expand(VC1, 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-03.corp.local');
  await pane.rightClick('esx67-03.corp.local');
  await labPage.menu('Enter Maintenance Mode');
  await page.getByTestId('maintenance-ok').click();
  await labPage.speed('Ten minutes per second');
  await expect(pane.tasks.details.getByTestId('task-status')).toHaveText('Completed', { timeout: 30_000 });
  // Held still so the page can be measured.
  await labPage.speed('Pause the simulation');

  const row = pane.tasks.row('Migrate virtual machine', 'erp-legacy').first();
  await row.click();
  const details = pane.tasks.details;
  await expect(details).toContainText('Migrate virtual machine');
  await expect(details.getByRole('listitem')).not.toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('task-details-1280.png') });

  // The panel is fully on screen.
  const box = (await details.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  expect(box.y + box.height).toBeLessThanOrEqual(800);

  // It covers no part of the task list: the list and the panel do not overlap, and the picked
  // row's name, target and status are all seen.
  const list = (await pane.tasks.table.boundingBox())!;
  const apart =
    list.x + list.width <= box.x + 0.5 ||
    box.x + box.width <= list.x + 0.5 ||
    list.y + list.height <= box.y + 0.5 ||
    box.y + box.height <= list.y + 0.5;
  expect(apart, 'the details panel and the task list do not overlap').toBe(true);
  for (const cell of await row.getByRole('cell').all()) {
    if (await cell.isVisible())
      expect(await seenAtCentre(page, cell), 'a cell of the picked row is seen').toBe(true);
  }
  await expectTaskNameInView(pane);

  // Phase rows never overlap, and each shows its whole duration inside its own row.
  const phases = details.getByRole('list', { name: 'Migration timeline' }).getByRole('listitem');
  const boxes = [];
  for (const p of await phases.all()) {
    const b = (await p.boundingBox())!;
    const dur = (await p.locator('.dur').boundingBox())!;
    expect(dur.y).toBeGreaterThanOrEqual(b.y - 0.5);
    expect(dur.y + dur.height, `duration of "${await p.textContent()}" stays in its row`).toBeLessThanOrEqual(
      b.y + b.height + 0.5,
    );
    boxes.push(b);
  }
  for (let i = 1; i < boxes.length; i++)
    expect(boxes[i].y, 'phase rows do not overlap').toBeGreaterThanOrEqual(
      boxes[i - 1].y + boxes[i - 1].height - 0.5,
    );

  // Closing the panel leaves the list at its start, Task Name in view.
  await details.getByRole('button', { name: 'Close task details' }).click();
  await expect(details).toBeHidden();
  await expectTaskNameInView(pane);

  // After Reset lab the list says so, where the user can read it.
  await row.click();
  await expect(details).toBeVisible();
  const toolbar = page.getByRole('toolbar', { name: 'Lab controls' });
  await toolbar.getByRole('button', { name: 'Reset lab' }).click();
  await toolbar.getByTestId('reset-confirm').click();
  const none = pane.tasks.root.getByText('No tasks.', { exact: true });
  await expect(none).toBeVisible();
  expect(await seenAtCentre(page, none), '"No tasks." is in view').toBe(true);
  await page.screenshot({ path: test.info().outputPath('task-list-after-reset-1280.png') });
});
