import type { Page } from '@playwright/test';
import { credentials } from './fixtures/credentials';
import { labValue } from './fixtures/lab-client';
import { expect, test } from './fixtures/test';
import { ConnectionsObject, thumbprintIn } from './pages/connections';
import { LabPage } from './pages/lab-page';

/**
 * Issue 4 acceptance in browser mode: saved connections survive a restart of the lab service, the
 * wrong-password message is vSphere's, a changed certificate is refused before anything is sent and
 * re-trusting it is a separate, explicit action, and the Saved Connections manager shows last-used
 * times, renames and deletes. (Password secrecy is browser-only-secrets.spec.ts.)
 */
const VC = 'vcsa-01.corp.local';
const { user: USER, password: PASSWORD } = credentials[VC];
const WRONG_PASSWORD = 'Cannot complete login due to an incorrect user name or password.';

/** Records the calls the page sends over its WebSocket (the raw frames and their call names). */
function recordSentFrames(page: Page): { frames: string[]; calls: string[] } {
  const sent = { frames: [] as string[], calls: [] as string[] };
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      sent.frames.push(text);
      try {
        sent.calls.push(String((JSON.parse(text) as { call?: unknown }).call));
      } catch {
        sent.calls.push('(not JSON)');
      }
    }),
  );
  return sent;
}

test.describe('saved connections, sessions and certificate trust', () => {
  test.beforeEach(({}, testInfo) => {
    testInfo.skip(
      testInfo.project.name === 'electron',
      'Browser mode: restarts the browser-mode service (labHost) and reads the page’s WebSocket frames.',
    );
  });

  test('a saved connection survives a restart; its session-only password is asked for again', async ({
    labPage,
    labHost,
  }) => {
    const page = labPage.page;
    const c = labPage.connections;
    await c.openConnect();
    await c.fillNew({ address: VC, user: USER, password: PASSWORD, save: { label: 'East lab' } });
    // Without an OS keyring a ticked "Save password" keeps it for this run of the lab only.
    await c.form.getByTestId('login-save-password').check();
    await expect(c.form).toContainText('No OS keyring here: the password is kept until the lab closes');
    await c.submit();
    await c.acceptCertificate();
    await expect(c.logoutButton(VC)).toBeVisible();
    await expect(c.connectDialog).toBeHidden();
    // The shell opened the vCenter's pane, signed in.
    await expect(labPage.pane(VC).tree).toBeVisible();
    await expect(labPage.pane(VC).root.getByTestId('pane-user')).toHaveText(USER);

    await labHost.restart();
    await page.goto(labHost.url);
    await expect(c.logoutButton(VC)).toHaveCount(0); // the service restarted: no session any more

    await c.openConnect();
    const form = c.form;
    await expect(form.getByTestId('login-mode-saved')).toBeChecked();
    await expect(form.getByTestId('login-saved').locator('option:checked')).toHaveText(
      `East lab — ${USER} @ ${VC}`,
    );
    await expect(form).not.toContainText('Last used: Never');
    await expect(form).not.toContainText('certificate not accepted yet');
    // Kept for the session only: after the restart the password is asked for again.
    await expect(form).toContainText('No password is kept for this connection.');
    await c.submit();
    await expect(c.loginError).toHaveText('No password is kept for this connection. Enter the password.');
    await form.getByTestId('login-password').fill(PASSWORD);
    await c.submit();
    // The accepted thumbprint was saved: no certificate prompt this time.
    await expect(c.logoutButton(VC)).toBeVisible();
    await expect(c.certDialog).toHaveCount(0);
    await expect(labPage.pane(VC).tree).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('connected-after-restart.png') });
  });

  test('with passwords stored on disk (opted in), the saved connection logs in after a restart without typing it', async ({
    labPage,
    labHost,
  }) => {
    const page = labPage.page;
    const c = labPage.connections;
    await c.allowPasswordsOnDisk();
    await c.openConnect();
    await c.fillNew({
      address: VC,
      user: USER,
      password: PASSWORD,
      save: { label: 'East lab', savePassword: true },
    });
    await c.submit();
    await c.acceptCertificate();
    await expect(c.logoutButton(VC)).toBeVisible();

    await labHost.restart();
    await page.goto(labHost.url);
    await c.openManager();
    await expect(c.savedCell('East lab', 'Password')).toHaveText('Saved');
    await expect(c.savedCell('East lab', 'Certificate')).toHaveText('Accepted');
    await expect(c.manager.getByTestId('weak-storage-off')).toBeVisible(); // the opt-in persisted too
    await c.closeManager();

    await c.openConnect();
    await expect(c.form.getByTestId('login-mode-saved')).toBeChecked();
    await expect(c.form.getByTestId('login-password')).toHaveCount(0);
    await c.submit();
    await expect(c.logoutButton(VC)).toBeVisible();
    await expect(c.certDialog).toHaveCount(0);
    await expect(labPage.pane(VC).root.getByTestId('pane-user')).toHaveText(USER);
  });

  test('a wrong password shows vSphere’s message and signs nobody in', async ({ labPage }) => {
    const c = labPage.connections;
    await c.openConnect();
    await c.fillNew({ address: VC, user: USER, password: 'not-the-password' });
    await c.submit();
    await c.acceptCertificate(); // the certificate comes first; then the credentials are checked
    await expect(c.loginError).toHaveText(WRONG_PASSWORD, { useInnerText: true });
    await expect(c.logoutButton(VC)).toHaveCount(0);
    await expect(c.connectDialog).toBeVisible();

    // The same form then works with the right password.
    await c.form.getByTestId('login-password').fill(PASSWORD);
    await c.submit();
    await expect(c.logoutButton(VC)).toBeVisible();
  });

  test('a changed certificate is refused with both thumbprints, nothing is sent, and re-trusting is explicit', async ({
    page,
    labHost,
  }) => {
    const sent = recordSentFrames(page);
    await page.goto(labHost.url);
    const c = new ConnectionsObject(page);
    await c.openConnect();
    await c.fillNew({ address: VC, user: USER, password: PASSWORD, save: { label: 'East lab' } });
    await c.submit();
    const accepted = await c.acceptCertificate();
    await expect(c.logoutButton(VC)).toBeVisible();

    // The lab replaces the vCenter's certificate (a lab control without a button: called from Node).
    const info = await labValue(labHost, 'lab.info', {});
    const vcenterId = info.vcenters.find((v) => v.name === VC)!.id;
    const replaced = await labValue(labHost, 'lab.changeCertificate', { vcenterId });
    expect(replaced.thumbprint).not.toBe(accepted);
    // Its sessions end, as when a real vCenter's services restart.
    await expect(c.logoutButton(VC)).toHaveCount(0);
    await expect(page.getByTestId('session-ended')).toBeVisible();

    // Connect again, typing the password into the new-connection form.
    await c.openConnect();
    await c.fillNew({ address: VC, user: USER, password: PASSWORD });
    const from = sent.frames.length;
    await c.submit();
    const warning = c.certChangedWarning;
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(`WARNING: THE IDENTITY OF ${VC.toUpperCase()} HAS CHANGED!`);
    expect(await thumbprintIn(warning.getByTestId('cert-old-thumbprint'))).toBe(accepted);
    expect(await thumbprintIn(warning.getByTestId('cert-new-thumbprint'))).toBe(replaced.thumbprint);
    await page.screenshot({ path: test.info().outputPath('certificate-changed.png') });

    // Re-trusting needs a deliberate tick; Cancel is the default. Cancel.
    await expect(warning.getByTestId('cert-retrust')).toBeDisabled();
    await warning.getByTestId('cert-cancel').click();
    await expect(warning).toBeHidden();
    await expect(c.loginError).toHaveText(`Login cancelled: the certificate of ${VC} was not accepted.`);
    await expect(c.logoutButton(VC)).toHaveCount(0);

    // Nothing was sent: between Login and Cancel the page only asked for the certificate.
    const duringWarning = sent.calls.slice(from);
    expect(duringWarning).toContain('cert.get');
    expect(duringWarning).not.toContain('session.login');
    expect(duringWarning).not.toContain('connections.connect');
    expect(duringWarning).not.toContain('connections.test');
    expect(duringWarning).not.toContain('cert.retrust');
    for (const frame of sent.frames.slice(from)) expect(frame).not.toContain(PASSWORD);

    // Re-trust, as its own explicit action: tick, then "Trust the new certificate".
    const beforeRetrust = sent.frames.length;
    await c.submit();
    await expect(warning).toBeVisible();
    await warning.getByTestId('cert-understood').check();
    await warning.getByTestId('cert-retrust').click();
    await expect(c.logoutButton(VC)).toBeVisible();

    // The new thumbprint was trusted first; only then did the password travel.
    const after = sent.calls.slice(beforeRetrust);
    const retrustAt = after.indexOf('cert.retrust');
    const loginAt = after.indexOf('session.login');
    expect(retrustAt).toBeGreaterThanOrEqual(0);
    expect(loginAt).toBeGreaterThan(retrustAt);
    const retrustFrame = sent.frames[beforeRetrust + retrustAt];
    expect(retrustFrame).toContain(accepted);
    expect(retrustFrame).toContain(replaced.thumbprint);
    expect(sent.frames.slice(beforeRetrust, beforeRetrust + loginAt).join('\n')).not.toContain(PASSWORD);

    // The saved connection now holds the new thumbprint; the next connection goes straight through.
    await c.openManager();
    await expect(c.savedCell('East lab', 'Certificate')).toHaveAttribute(
      'title',
      `SHA-256 ${replaced.thumbprint}`,
    );
  });

  test('the Saved Connections manager shows last-used time; rename and delete work and persist', async ({
    labPage,
    labHost,
  }) => {
    const page = labPage.page;
    const c = labPage.connections;
    // One connection used (saved on login), one added in the manager and never used.
    await c.openConnect();
    await c.fillNew({ address: VC, user: USER, password: PASSWORD, save: { label: 'East lab' } });
    await c.submit();
    await c.acceptCertificate();
    await expect(c.logoutButton(VC)).toBeVisible();

    await c.openManager();
    await c.manager.getByTestId('add-connection').click();
    const editor = c.manager.getByTestId('connection-editor');
    await editor.getByTestId('edit-label').fill('Branch');
    await editor.getByTestId('edit-address').fill('vcsa-02.branch.example');
    await editor.getByTestId('edit-user').fill(credentials['vcsa-02.branch.example'].user);
    await editor.getByTestId('edit-submit').click();
    await expect(editor).toBeHidden();

    await expect(c.savedCell('East lab', 'Address')).toHaveText(VC);
    await expect(c.savedCell('East lab', 'User')).toHaveText(USER);
    await expect(c.savedCell('Branch', 'Last used')).toHaveText('Never');
    const lastUsed = c.savedCell('East lab', 'Last used');
    await expect(lastUsed).not.toHaveText('Never');
    // The shown time is a real, recent local time (the page's own locale parses it back).
    const ageMs = await lastUsed.evaluate(
      (td) => Date.now() - new Date((td.textContent ?? '').trim()).getTime(),
    );
    expect(ageMs).toBeGreaterThanOrEqual(-60_000);
    expect(ageMs).toBeLessThan(5 * 60_000);
    const usedAt = (await lastUsed.textContent())!.trim();

    // Rename.
    await c.manager.getByTestId('edit-East lab').click();
    await editor.getByTestId('edit-label').fill('Datacenter East');
    await editor.getByTestId('edit-submit').click();
    await expect(editor).toBeHidden();
    await expect(c.savedRow('Datacenter East')).toBeVisible();
    await expect(c.savedRow('East lab')).toHaveCount(0);
    await expect(c.savedCell('Datacenter East', 'Address')).toHaveText(VC);
    // Renaming is not using: the last-used time stays as it was.
    await expect(c.savedCell('Datacenter East', 'Last used')).toHaveText(usedAt);

    // Delete asks first; Cancel keeps it, Delete removes it.
    await c.manager.getByTestId('delete-Branch').click();
    const confirm = c.manager.getByTestId('delete-confirm');
    await expect(confirm).toContainText('Delete the saved connection "Branch" and its saved password?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(c.savedRow('Branch')).toBeVisible();
    await c.manager.getByTestId('delete-Branch').click();
    await confirm.getByTestId('delete-confirm-yes').click();
    await expect(c.savedRow('Branch')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('saved-connections.png') });
    await c.closeManager();

    // Both changes were saved in the store: they are still there after a restart.
    await labHost.restart();
    await page.goto(labHost.url);
    const after = new LabPage(page, labHost).connections;
    await after.openManager();
    await expect(after.savedRow('Datacenter East')).toBeVisible();
    await expect(after.savedCell('Datacenter East', 'Last used')).not.toHaveText('Never');
    await expect(after.savedRow('Branch')).toHaveCount(0);
    await expect(after.savedRow('East lab')).toHaveCount(0);

    // Connect from the manager preselects the renamed connection in the Connect dialog.
    await after.manager.getByTestId('connect-Datacenter East').click();
    await expect(after.form.getByTestId('login-saved').locator('option:checked')).toHaveText(
      `Datacenter East — ${USER} @ ${VC}`,
    );
  });
});
