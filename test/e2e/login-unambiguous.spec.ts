import { credentials } from './fixtures/credentials';
import { expect, test } from './fixtures/test';

const VC1 = 'vcsa-01.corp.local';
const VC2 = 'vcsa-02.branch.example';

/**
 * A vCenter's pane logs in to that vCenter only: it offers that vCenter's saved connections and no
 * other (a saved vcsa-01 in the vcsa-02 pane signed in to vcsa-01 while the pane stayed on its login
 * page), saved connections read "user @ address", and the user placeholder names that vCenter's SSO
 * domain.
 */
test("a pane offers only its vCenter's saved connections, in the user @ address form", async ({
  labPage,
}) => {
  test.slow();
  const page = labPage.page;
  const c = labPage.connections;
  await c.openConnect();
  await c.fillNew({ address: VC1, ...credentials[VC1], save: { label: 'East lab' } });
  await c.submit();
  await c.acceptCertificate();
  await expect(labPage.pane(VC1).tree).toBeVisible();

  // The vcsa-02 pane: nothing saved for it, so nothing saved is offered; its SSO domain is the hint.
  await page.getByRole('button', { name: `Open ${VC2}` }).click();
  const form = labPage.pane(VC2).loginForm;
  await expect(form).toBeVisible();
  await expect(form.getByTestId('login-mode-saved')).toHaveCount(0);
  await expect(form.getByTestId('login-saved')).toHaveCount(0);
  await expect(form).not.toContainText(VC1);
  await expect(form.getByTestId('login-user')).toHaveAttribute('placeholder', 'administrator@branch.local');
  await page.screenshot({ path: test.info().outputPath('pane-login-vcsa-02.png') });

  // The header's Connect dialog lists it as "user @ address", and its placeholder follows the address.
  await c.openConnect();
  await expect(c.form.getByTestId('login-saved').locator('option:checked')).toHaveText(
    `East lab — ${credentials[VC1].user} @ ${VC1}`,
  );
  await c.form.getByTestId('login-mode-new').check();
  await c.form.getByTestId('login-address').fill('vcsa-67.legacy.local');
  await expect(c.form.getByTestId('login-user')).toHaveAttribute('placeholder', 'administrator@legacy.local');
  await page.screenshot({ path: test.info().outputPath('connect-dialog-saved.png') });
});
