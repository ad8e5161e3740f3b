/// <reference lib="dom" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from './fixtures/test';

/**
 * Secrets: a user saves a vCenter connection with its password (opting in to on-disk storage, since
 * browser mode has no OS keyring), logs in, logs out and logs in again with the saved connection.
 * The password must never come back to the renderer: not in any WebSocket frame the page receives,
 * not in the DOM, not in the renderer's Pinia stores, not in web storage; and the store files on disk
 * must not hold it in plain text (nor merely base64- or hex-encoded).
 */
const VC = { address: 'vcsa-01.corp.local', user: 'administrator@vsphere.local', password: 'VMware1!' };

function encodings(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(secret).toString('hex'),
    JSON.stringify(secret).slice(1, -1),
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('the saved password never reaches the renderer or the disk in plain text', async ({ page, labHost }) => {
  const received: string[] = [];
  const sent: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => received.push(String(f.payload)));
    ws.on('framesent', (f) => sent.push(String(f.payload)));
  });
  await page.goto(labHost.url);

  // Opt in to keeping passwords on disk (key file), reading the warning first.
  await page.getByTestId('open-saved-connections').click();
  await page.getByTestId('weak-storage-on').click();
  await expect(page.getByTestId('weak-storage-warning')).toBeVisible();
  await page.getByTestId('weak-storage-ack').check();
  await page.getByTestId('weak-storage-confirm').click();
  await page.getByRole('button', { name: 'Close', exact: true }).last().click();

  // Connect to a new vCenter, save it with its password, accept the certificate.
  await page.getByTestId('open-connect').click();
  const form = page.getByTestId('connect-dialog').getByTestId('vcenter-login-form');
  await expect(form).toBeVisible();
  // The saved/new choice appears only once something is saved.
  if (await form.getByTestId('login-mode-new').count()) await form.getByTestId('login-mode-new').check();
  await form.getByTestId('login-address').fill(VC.address);
  await form.getByTestId('login-user').fill(VC.user);
  await form.getByTestId('login-password').fill(VC.password);
  await form.getByTestId('login-save').check();
  await form.getByTestId('login-save-password').check();
  await form.getByTestId('login-submit').click();
  await page.getByTestId('cert-accept').click();
  const logout = page.getByRole('button', { name: `Log out of ${VC.address}` });
  await expect(logout).toBeVisible();

  // Log out, then use the saved connection: no password is typed this time.
  await logout.click();
  await expect(logout).toBeHidden();
  await page.getByTestId('open-connect').click();
  await expect(form.getByTestId('login-mode-saved')).toBeChecked();
  await expect(form.getByTestId('login-password')).toHaveCount(0);
  await form.getByTestId('login-submit').click();
  await expect(logout).toBeVisible();

  // The scan is live: the password did cross the socket, from the page to the service, once.
  expect(sent.filter((f) => f.includes(VC.password)).length).toBeGreaterThanOrEqual(1);
  expect(received.length).toBeGreaterThan(5);
  const secrets = encodings(VC.password);

  for (const frame of received)
    for (const s of secrets)
      expect(frame.includes(s), `frame sent to the renderer holds the password: ${frame.slice(0, 200)}`).toBe(
        false,
      );

  const renderer = await page.evaluate(() => {
    const app = (
      document.querySelector('#app') as unknown as {
        __vue_app__?: { config: { globalProperties: Record<string, unknown> } };
      }
    ).__vue_app__;
    const pinia = app?.config.globalProperties.$pinia as
      { state: { value: Record<string, unknown> } } | undefined;
    const inputs = [...document.querySelectorAll('input, textarea, select')].map(
      (e) => (e as HTMLInputElement).value,
    );
    const storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    return {
      html: document.documentElement.outerHTML,
      inputs,
      storage,
      stores: pinia ? JSON.stringify(pinia.state.value) : null,
      storeIds: pinia ? Object.keys(pinia.state.value) : [],
    };
  });
  expect(renderer.stores, 'the Pinia state must be readable for this check').not.toBeNull();
  expect(renderer.storeIds).toContain('connections');
  expect(renderer.stores).toContain(VC.address); // the stores do hold the connection, just not its password
  for (const s of secrets) {
    expect(renderer.html.includes(s), 'DOM').toBe(false);
    expect(
      renderer.inputs.some((v) => v.includes(s)),
      'form fields',
    ).toBe(false);
    expect(renderer.storage.includes(s), 'web storage').toBe(false);
    expect(renderer.stores!.includes(s), 'Pinia stores').toBe(false);
  }

  // On disk: the connection is saved with a password kept, but no file holds the password readably.
  // Files under labs/ are the saved lab world itself: a simulated vCenter's own user accounts are part
  // of the scenario (as in resources/labs/default.json), not a credential the user saved.
  const files = filesUnder(labHost.dataDir).filter((f) => !relative(labHost.dataDir, f).startsWith('labs'));
  expect(files.map((f) => relative(labHost.dataDir, f))).toContain('connections.json');
  const all = files.map((f) => readFileSync(f));
  expect(
    all.some((b) => b.includes(VC.address)),
    `connection saved in ${files.join(', ')}`,
  ).toBe(true);
  for (const [i, bytes] of all.entries()) {
    for (const s of secrets) {
      expect(bytes.includes(s), `${files[i]} holds the password`).toBe(false);
      expect(bytes.includes(Buffer.from(s, 'utf16le')), `${files[i]} holds the password (UTF-16)`).toBe(
        false,
      );
    }
  }

  // And it really was kept: after a restart of the service the saved connection logs in by itself.
  await labHost.restart();
  await page.goto(labHost.url);
  await page.getByTestId('open-connect').click();
  await form.getByTestId('login-submit').click();
  await expect(page.getByRole('button', { name: `Log out of ${VC.address}` })).toBeVisible();
  for (const frame of received) for (const s of secrets) expect(frame.includes(s)).toBe(false);
});
