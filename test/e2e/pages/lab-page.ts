import { expect, type Locator, type Page } from '@playwright/test';
import { credentials } from '../fixtures/credentials';
import type { LabHost } from '../fixtures/lab-host';
import { ConnectionsObject } from './connections';
import { TasksPanel } from './tasks-panel';

/** Page object for the whole app: the vCenter list and the client panes. */
export class LabPage {
  constructor(
    readonly page: Page,
    readonly host: LabHost,
  ) {}

  vcenterCard(name: string): Locator {
    return this.page.getByTestId(`vcenter-${name}`);
  }

  /** The "N hosts · M VMs" line of a vCenter's entry in the list. */
  vcenterCounts(name: string): Locator {
    return this.vcenterCard(name).getByTestId('vcenter-counts');
  }

  /**
   * Opens a vCenter's client pane from the list and logs in as its administrator, accepting the
   * certificate on first use, as an admin does on a fresh install.
   */
  async openVCenter(name: string, login = credentials[name]): Promise<PaneObject> {
    await this.page.getByRole('button', { name: `Open ${name}` }).click();
    const pane = new PaneObject(this.page.getByTestId(`pane-${name}`));
    await expect(pane.root).toBeVisible();
    // A vCenter this page already signed in to (from a wizard, say) opens straight to its tree.
    await expect(pane.loginForm.or(pane.tree).first()).toBeVisible();
    if (await pane.loginForm.isVisible()) await pane.login(login.user, login.password);
    await expect(pane.tree).toBeVisible();
    return pane;
  }

  /** Sets the simulation speed from the lab toolbar. */
  async speed(
    label:
      | 'Pause the simulation'
      | 'Real time'
      | '10 times faster than real time'
      | 'A minute per second'
      | 'Ten minutes per second',
  ): Promise<void> {
    await this.page
      .getByRole('toolbar', { name: 'Lab controls' })
      .getByRole('button', { name: label })
      .click();
  }

  /** Picks an entry of the open context (or Actions) menu. */
  async menu(action: string): Promise<void> {
    await this.page.getByRole('menu').getByRole('menuitem', { name: action }).click();
  }

  get console(): Locator {
    return this.page.getByTestId('vmrc-dialog');
  }

  pane(name: string): PaneObject {
    return new PaneObject(this.page.getByTestId(`pane-${name}`));
  }

  /** The header's connections menu and its dialogs. */
  get connections(): ConnectionsObject {
    return new ConnectionsObject(this.page);
  }

  /** Switches between the light and dark theme from the header. */
  async toggleTheme(): Promise<void> {
    await this.page
      .getByRole('banner')
      .getByRole('button', { name: /^(Dark|Light) theme$/ })
      .click();
  }
}

/** One vSphere Client pane: its view tabs, inventory tree and Summary. */
export class PaneObject {
  constructor(readonly root: Locator) {}

  get tasks(): TasksPanel {
    return new TasksPanel(this.root.getByTestId('recent-tasks'));
  }

  /** Right-clicks a tree node to open its actions menu. */
  async rightClick(name: string): Promise<void> {
    await this.node(name).click({ button: 'right' });
    await expect(this.root.page().getByRole('menu')).toBeVisible();
  }

  get loginForm(): Locator {
    return this.root.getByTestId('vcenter-login-form');
  }

  /** Fills the pane's login page; accepts the certificate prompt if it appears. */
  async login(user: string, password: string): Promise<void> {
    const form = this.loginForm;
    await expect(form).toBeVisible();
    if (await form.getByTestId('login-mode-new').isVisible())
      await form.getByTestId('login-mode-new').check();
    await form.getByTestId('login-user').fill(user);
    await form.getByTestId('login-password').fill(password);
    await form.getByTestId('login-submit').click();
    const page = this.root.page();
    const accept = page.getByTestId('cert-accept');
    await expect(accept.or(this.tree).or(form.getByTestId('login-error')).first()).toBeVisible();
    if (await accept.isVisible()) await accept.click();
  }

  get tree(): Locator {
    return this.root.getByRole('tree');
  }

  node(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  async view(label: 'Hosts and Clusters' | 'VMs and Templates' | 'Storage' | 'Networking'): Promise<void> {
    await this.root.getByRole('tab', { name: label }).click();
  }

  /** Expands each named node in turn (a path from the vCenter down). */
  async expand(...names: string[]): Promise<void> {
    for (const name of names) {
      const node = this.node(name);
      await expect(node).toBeVisible();
      if ((await node.getAttribute('aria-expanded')) !== 'true') await node.locator('.twisty').click();
      await expect(node).toHaveAttribute('aria-expanded', 'true');
    }
  }

  async select(name: string): Promise<void> {
    await this.node(name).click();
    await expect(this.node(name)).toHaveAttribute('aria-selected', 'true');
  }

  summaryField(label: string): Locator {
    return this.root.getByTestId('summary').getByRole('row', { name: label }).locator('td');
  }

  /** Selects the vCenter itself and reads its Summary's host and VM counts, as the list words them. */
  async vcenterSummaryCounts(vcenterName: string): Promise<string> {
    await this.view('Hosts and Clusters');
    await this.select(vcenterName);
    await expect(this.summaryTitle).toHaveText(vcenterName);
    const hosts = (await this.summaryField('Hosts').textContent())?.trim();
    const vms = (await this.summaryField('Virtual machines').textContent())?.trim();
    return `${hosts} hosts · ${vms} VMs`;
  }

  get summaryTitle(): Locator {
    return this.root.getByRole('region', { name: 'Summary' }).locator('h3');
  }
}
