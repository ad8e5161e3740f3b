import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

export type WizardStepTitle =
  | 'Select a migration type'
  | 'Select a target vCenter Server'
  | 'Select a source vCenter'
  | 'Select VMs'
  | 'Select a compute resource'
  | 'Select storage'
  | 'Select folder'
  | 'Select networks'
  | 'Select vMotion priority'
  | 'Ready to complete';

/** The Migrate and Import VMs wizards (one Clarity wizard frame, one page at a time). */
export class WizardPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('wizard');
  }

  get dialog(): Locator {
    return this.root.getByRole('dialog');
  }

  get title(): Locator {
    return this.root.getByTestId('wizard-title');
  }

  get pageTitle(): Locator {
    return this.root.getByTestId('wizard-page-title');
  }

  /** The step list on the left, as the user reads it. */
  get steps(): Locator {
    return this.root.getByRole('navigation', { name: 'Wizard steps' }).getByRole('listitem');
  }

  get nextButton(): Locator {
    return this.root.getByRole('button', { name: 'Next', exact: true });
  }

  get finishButton(): Locator {
    return this.root.getByRole('button', { name: 'Finish', exact: true });
  }

  /** Why Next is disabled, as the footer says it. */
  get why(): Locator {
    return this.root.getByTestId('wizard-why');
  }

  get compatibility(): Locator {
    return this.root.getByTestId('compatibility');
  }

  get compatibilitySummary(): Locator {
    return this.root.getByTestId('compatibility-summary');
  }

  async expectPage(title: WizardStepTitle): Promise<void> {
    await expect(this.pageTitle).toHaveText(title);
    await expect(this.steps.filter({ has: this.page.locator('[aria-current="step"]') })).toContainText(title);
  }

  async next(): Promise<void> {
    await expect(this.nextButton).toBeEnabled();
    await this.nextButton.click();
  }

  async back(): Promise<void> {
    await this.root.getByRole('button', { name: 'Back', exact: true }).click();
  }

  async cancel(): Promise<void> {
    await this.root.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(this.root).toBeHidden();
  }

  async finish(): Promise<void> {
    await expect(this.finishButton).toBeEnabled();
    await this.finishButton.click();
    await expect(this.root).toBeHidden();
  }

  // --- pages ---

  async chooseType(
    label:
      | 'Change compute resource only'
      | 'Change storage only'
      | 'Change both compute resource and storage'
      | 'Cross vCenter Server export',
  ): Promise<void> {
    await this.root.getByRole('radio', { name: label, exact: true }).check();
  }

  get loginForm(): Locator {
    return this.root.getByTestId('vcenter-login-form');
  }

  get certDialog(): Locator {
    return this.page.getByTestId('cert-dialog');
  }

  /** Fills "New vCenter Server" and clicks Login; stops at the certificate prompt if one appears. */
  async loginNew(address: string, user: string, password: string, save = false): Promise<void> {
    const form = this.loginForm;
    if (await form.getByTestId('login-mode-new').isVisible())
      await form.getByTestId('login-mode-new').check();
    await form.getByTestId('login-address').fill(address);
    await form.getByTestId('login-user').fill(user);
    await form.getByTestId('login-password').fill(password);
    if (save) await form.getByTestId('login-save').check();
    await form.getByTestId('login-submit').click();
  }

  async acceptCertificate(): Promise<void> {
    await this.certDialog.getByTestId('cert-accept').click();
    await expect(this.certDialog).toBeHidden();
  }

  get connectedTo(): Locator {
    return this.root.getByTestId('wizard-remote');
  }

  /** A row of the compute resource tree, picked by its radio button. */
  async chooseCompute(name: string): Promise<void> {
    await this.root
      .getByRole('table', { name: /^Compute resources/ })
      .getByRole('radio', { name, exact: true })
      .check();
  }

  computeRadio(name: string): Locator {
    return this.root
      .getByRole('table', { name: /^Compute resources/ })
      .getByRole('radio', { name, exact: true });
  }

  datastoreRow(name: string): Locator {
    return this.root.getByTestId(`datastore-row-${name}`);
  }

  async chooseDatastore(name: string): Promise<void> {
    await this.root
      .getByRole('table', { name: 'Datastores' })
      .getByRole('radio', { name, exact: true })
      .check();
  }

  get diskFormat(): Locator {
    return this.root.getByRole('combobox', { name: 'Select virtual disk format' });
  }

  get storagePolicy(): Locator {
    return this.root.getByRole('combobox', { name: 'VM Storage Policy' });
  }

  /** The "Discard this migration?" question Esc asks past the first page. */
  get discardConfirm(): Locator {
    return this.page.getByTestId('wizard-discard');
  }

  async chooseFolder(name: string): Promise<void> {
    await this.root
      .getByRole('radiogroup', { name: 'VM folders' })
      .getByRole('radio', { name, exact: true })
      .check();
  }

  /** Basic network mapping: the destination for every adapter on a source network. */
  async mapNetwork(source: string, destination: string): Promise<void> {
    await this.root.getByRole('combobox', { name: source, exact: true }).selectOption({ label: destination });
  }

  async choosePriority(
    label: 'Schedule vMotion with high priority (recommended)' | 'Schedule regular vMotion',
  ): Promise<void> {
    await this.root.getByRole('radio', { name: label, exact: true }).check();
  }

  /** A value of the Ready to complete summary. */
  summary(label: string): Locator {
    return this.root.getByTestId('ready-summary').getByRole('row', { name: label }).locator('td');
  }

  vmRow(name: string): Locator {
    return this.root.getByTestId(`vm-row-${name}`);
  }

  async selectVm(name: string, on = true): Promise<void> {
    await this.root
      .getByRole('table', { name: 'Virtual machines to import' })
      .getByRole('checkbox', { name, exact: true })
      .setChecked(on);
  }

  /**
   * Keeps a screenshot of the page as a test artifact and checks the wizard with axe-core: no
   * serious or critical violation.
   */
  async snapshot(name: string): Promise<void> {
    const info = test.info();
    const file = info.outputPath(`${name}.png`);
    await this.page.screenshot({ path: file });
    const results = await new AxeBuilder({ page: this.page }).include('[data-testid="wizard"]').analyze();
    await info.attach(`axe ${name}.json`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: 'application/json',
    });
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
    expect(serious, `serious or critical axe violations on "${name}"`).toEqual([]);
  }
}
