import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures/test';
import type { LabPage } from './pages/lab-page';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';
const VC67 = 'vcsa-67.legacy.local';

/** Everything the header shows, item by item, as boxes and whether each shows its whole text. */
async function headerItems(labPage: LabPage): Promise<{ text: string; box: DOMRect; cut: boolean }[]> {
  return labPage.page.getByRole('banner').evaluate((header) => {
    const items = header.querySelectorAll<HTMLElement>('[data-header-item]');
    return [...items]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        text: el.innerText.replace(/\s+/g, ' ').trim(),
        box: el.getBoundingClientRect().toJSON() as DOMRect,
        // Cut: the text needs more room than it is given (an ellipsis or a clipped word).
        cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
      }));
  });
}

async function expectHeaderFits(labPage: LabPage, width: number): Promise<void> {
  const items = await headerItems(labPage);
  expect(items.length, 'the header shows its items').toBeGreaterThanOrEqual(6);
  for (const item of items) {
    expect(item.cut, `"${item.text}" is shown whole`).toBe(false);
    expect(item.box.x, `"${item.text}" is on screen`).toBeGreaterThanOrEqual(0);
    expect(item.box.x + item.box.width, `"${item.text}" is on screen`).toBeLessThanOrEqual(width);
  }
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const [a, b] = [items[i].box, items[j].box];
      const overlap =
        a.x < b.x + b.width - 0.5 &&
        b.x < a.x + a.width - 0.5 &&
        a.y < b.y + b.height - 0.5 &&
        b.y < a.y + a.height - 0.5;
      expect(overlap, `"${items[i].text}" and "${items[j].text}" do not overlap`).toBe(false);
    }
}

/** The inventory view tabs of a pane sit on one row, each label whole. */
async function expectTabsOnOneRow(tabs: Locator): Promise<void> {
  const boxes = await tabs.getByRole('tab').evaluateAll((els) =>
    els.map((el) => ({
      top: el.getBoundingClientRect().top,
      cut: el.scrollWidth > el.clientWidth + 1,
      text: el.textContent?.trim(),
    })),
  );
  expect(boxes).toHaveLength(4);
  for (const b of boxes) {
    expect(b.top, `${b.text} is on the first row`).toBe(boxes[0].top);
    expect(b.cut, `${b.text} is shown whole`).toBe(false);
  }
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('with one vCenter logged in its session badge is shown whole', async ({ labPage }) => {
      await labPage.openVCenter(VC1);
      await expect(labPage.page.getByRole('banner')).toContainText(
        'administrator@vsphere.local @ vcsa-01.corp.local',
      );
      await expectHeaderFits(labPage, size.width);
      await labPage.page.screenshot({
        path: test.info().outputPath(`one-session-${size.width}x${size.height}.png`),
      });
    });

    test('with three vCenters logged in the header fits and the view tabs stay on one row', async ({
      labPage,
    }) => {
      test.slow();
      const page = labPage.page;
      await labPage.openVCenter(VC1);
      await labPage.openVCenter(VC2);
      await labPage.openVCenter(VC67);
      await expectHeaderFits(labPage, size.width);
      for (const name of [VC2, VC67])
        await expectTabsOnOneRow(labPage.pane(name).root.getByRole('tablist', { name: 'Inventory views' }));
      await page.screenshot({ path: test.info().outputPath(`main-screen-${size.width}x${size.height}.png`) });

      // Every session is still one click away, with its user and its log-out.
      const sessions = labPage.connections;
      await sessions.openSessions();
      for (const name of [VC1, VC2, VC67]) await expect(sessions.logoutButton(name)).toBeVisible();
      await page.screenshot({
        path: test.info().outputPath(`sessions-menu-${size.width}x${size.height}.png`),
      });
    });
  });
}

test('logging out from the header while tasks run asks first', async ({ labPage }) => {
  test.slow();
  const page = labPage.page;
  const pane = await labPage.openVCenter(VC1);
  await labPage.speed('Pause the simulation');
  await pane.expand(VC1, 'Datacenter-East', 'Prod-Cluster-70');
  await pane.rightClick('esx70-01.corp.local');
  await labPage.menu('Enter Maintenance Mode');
  await page.getByTestId('maintenance-ok').click();
  await expect(pane.tasks.row('Enter maintenance mode', 'esx70-01.corp.local')).toBeVisible();

  const c = labPage.connections;
  await c.openSessions();
  await c.logoutButton(VC1).click();
  const ask = page.getByTestId('logout-confirm');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText(`running on ${VC1}`);
  await page.screenshot({ path: test.info().outputPath('logout-confirm.png') });
  // Cancel keeps the session.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await expect(pane.tree).toBeVisible();
  // Confirming logs out.
  await c.openSessions();
  await c.logoutButton(VC1).click();
  await ask.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(pane.loginForm).toBeVisible();
});
