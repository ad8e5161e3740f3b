import { expect, type Locator, type Page } from '@playwright/test';

/** What the user types into the Connect dialog's "New vCenter" form. */
export interface NewConnection {
  address: string;
  user: string;
  password: string;
  /** Tick "Save this vCenter", optionally with a name and "Save password". */
  save?: { label?: string; savePassword?: boolean };
}

/** Columns of the Saved Connections table, in order. */
const columns = ['Name', 'Address', 'User', 'Password', 'Certificate', 'Last used'] as const;

/**
 * The header's connections menu and the dialogs behind it: Connect (saved list + new form), the
 * certificate prompt, the changed-certificate warning and the Saved Connections manager.
 */
export class ConnectionsObject {
  constructor(readonly page: Page) {}

  get connectDialog(): Locator {
    return this.page.getByTestId('connect-dialog');
  }

  /** The login form inside the Connect dialog. */
  get form(): Locator {
    return this.connectDialog.getByTestId('vcenter-login-form');
  }

  get manager(): Locator {
    return this.page.getByTestId('saved-connections');
  }

  get certDialog(): Locator {
    return this.page.getByTestId('cert-dialog');
  }

  get certChangedWarning(): Locator {
    return this.page.getByTestId('cert-changed-warning');
  }

  get loginError(): Locator {
    return this.form.getByTestId('login-error');
  }

  /**
   * Opens the header's sessions menu when the sessions are collapsed into one (several vCenters
   * signed in); with one session its badge is already in the header.
   */
  async openSessions(): Promise<void> {
    const menu = this.page.getByRole('banner').getByRole('button', { name: /signed in/ });
    if ((await menu.count()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }

  /** The header's session badge's "×" for a signed-in vCenter (in the sessions menu when there are several). */
  logoutButton(vcenterName: string): Locator {
    return this.page.getByRole('button', { name: `Log out of ${vcenterName}`, exact: true });
  }

  async openConnect(): Promise<void> {
    await this.page.getByTestId('open-connect').click();
    await expect(this.form).toBeVisible();
  }

  async openManager(): Promise<void> {
    await this.page.getByTestId('open-saved-connections').click();
    await expect(this.manager).toBeVisible();
  }

  async closeManager(): Promise<void> {
    await this.manager.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(this.manager).toBeHidden();
  }

  /** Opts in to keeping passwords on disk without a keyring, after reading and confirming the warning. */
  async allowPasswordsOnDisk(): Promise<void> {
    await this.openManager();
    await this.manager.getByTestId('weak-storage-on').click();
    await expect(this.manager.getByTestId('weak-storage-warning')).toBeVisible();
    const confirm = this.manager.getByTestId('weak-storage-confirm');
    await expect(confirm).toBeDisabled();
    await this.manager.getByTestId('weak-storage-ack').check();
    await confirm.click();
    await expect(this.manager.getByTestId('weak-storage-off')).toBeVisible();
    await this.closeManager();
  }

  /** Fills the "New vCenter" form of the open Connect dialog (does not submit). */
  async fillNew(c: NewConnection): Promise<void> {
    const form = this.form;
    // The saved/new choice only appears once something is saved.
    if (await form.getByTestId('login-mode-new').count()) await form.getByTestId('login-mode-new').check();
    await form.getByTestId('login-address').fill(c.address);
    await form.getByTestId('login-user').fill(c.user);
    await form.getByTestId('login-password').fill(c.password);
    if (c.save) {
      await form.getByTestId('login-save').check();
      if (c.save.label !== undefined) await form.getByTestId('login-label').fill(c.save.label);
      if (c.save.savePassword) await form.getByTestId('login-save-password').check();
    }
  }

  async submit(): Promise<void> {
    await this.form.getByTestId('login-submit').click();
  }

  /** Accepts the first-use certificate prompt; returns the thumbprint it showed. */
  async acceptCertificate(): Promise<string> {
    await expect(this.certDialog).toBeVisible();
    const thumbprint = await thumbprintIn(this.certDialog.getByTestId('cert-thumbprint'));
    await this.certDialog.getByTestId('cert-accept').click();
    await expect(this.certDialog).toBeHidden();
    return thumbprint;
  }

  /** A row of the Saved Connections table. */
  savedRow(label: string): Locator {
    return this.manager.getByTestId(`saved-${label}`);
  }

  savedCell(label: string, column: (typeof columns)[number]): Locator {
    return this.savedRow(label).locator('td').nth(columns.indexOf(column));
  }
}

/** A thumbprint as a dialog shows it (split over two lines of 16 pairs), joined back together. */
export async function thumbprintIn(cell: Locator): Promise<string> {
  await expect(cell).not.toBeEmpty();
  const lines = await cell.locator('div').allTextContents();
  return lines.map((l) => l.trim()).join(':');
}
