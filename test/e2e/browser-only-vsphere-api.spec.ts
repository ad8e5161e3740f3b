/**
 * Real vSphere clients against the lab (issue 17): Debian's pyvmomi 6.7.1 (scripts in
 * test/api/clients, run with /usr/bin/python3) and govc 0.24, each pinning the certificate whose
 * thumbprint the lab printed. A missing client fails these tests with the command that installs it.
 * Browser mode only: the endpoints are the same in the desktop app, and one host serves them all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { labCall } from './fixtures/lab-client';
import type { LabHost } from './fixtures/lab-host';
import {
  govcFor,
  presentedThumbprints,
  requireClients,
  runPython,
  startApiHost,
  type ApiHost,
} from './fixtures/vsphere-api-host';

test.describe.configure({ mode: 'serial' });

const A = 'vcsa-01.corp.local';
const B = 'vcsa-02.branch.example';
let host: ApiHost;
let govHome: string;

const args = (extra: Record<string, unknown>): Record<string, unknown> => ({
  vcenters: host.endpoints,
  ...extra,
});
/** labCall needs only the port, token and origin of the browser-mode server. */
const asLabHost = (): LabHost => {
  const u = new URL(host.url);
  return {
    url: host.url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port: Number(u.port),
  } as LabHost;
};

test.beforeAll(async () => {
  requireClients();
  host = await startApiHost();
  govHome = mkdtempSync(join(tmpdir(), 'vmlab-govc-'));
  // Tasks follow the lab clock: the fastest speed keeps copies of tens of GB short on a busy machine.
  const speed = await labCall(asLabHost(), 'clock.setSpeed', { speed: 'max' });
  expect(speed.ok).toBe(true);
});
test.beforeEach(() => test.setTimeout(240_000));
test.afterAll(async () => {
  await host?.stop();
});

test('one line per reachable vCenter, and each serves the certificate whose thumbprint it printed', async () => {
  const lines = host
    .output()
    .split('\n')
    .filter((l) => l.startsWith('vSphere API: '));
  // Five reachable vCenters in the default scenario, in scenario order; the powered-off 6.0 one gets
  // no endpoint.
  expect(Object.keys(host.endpoints)).toEqual([
    A,
    B,
    'vcsa-67.legacy.local',
    'vcenter.sddc-44-12-101-7.vmwarevmc.com',
    'vcsa-80.dr.example',
  ]);
  expect(lines).toHaveLength(5);
  for (const e of Object.values(host.endpoints)) {
    expect((await presentedThumbprints(e.port)).sha256).toBe(e.sha256);
  }
  // The certificate prompt of the UI shows the same thumbprint.
  const check = await labCall(asLabHost(), 'cert.get', { address: A });
  expect(check.ok && check.value.certificate.thumbprint).toBe(host.endpoints[A].sha256);
});

test('pyvmomi: pinned connect, version negotiation and the VM list in pages', async () => {
  const r = await runPython<{
    apiType: string;
    apiVersion: string;
    version: string;
    user: string;
    pages: number;
    vms: { name: string; host: string }[];
  }>('inventory.py', args({ vcenter: A }));
  expect(r.apiType).toBe('VirtualCenter');
  expect(r.apiVersion).toBe('7.0.1.0');
  expect(r.version).toBe('vim.version.version13'); // pyvmomi 6.7.1's newest: the 7.0 vCenter lists it
  expect(r.user).toBe('administrator@vsphere.local');
  expect(r.pages).toBeGreaterThan(1);
  expect(r.vms.map((v) => v.name)).toContain('web-01');
  const legacy = await runPython<{ apiVersion: string; version: string }>(
    'inventory.py',
    args({ vcenter: 'vcsa-67.legacy.local' }),
  );
  expect(legacy.apiVersion).toBe('6.7'); // a 6.7 vCenter never announces 7.0
});

test('govc: ls, find and vm.info through a pinned thumbprint', async () => {
  const govc = await govcFor(host.endpoints[A], govHome);
  const ls = await govc('ls');
  expect(ls.stderr).toBe('');
  expect(ls.stdout.split('\n')).toEqual(
    expect.arrayContaining(['/Datacenter-East/vm', '/Datacenter-East/host']),
  );
  const find = await govc('find', '/', '-type', 'm', '-name', 'web-0*');
  expect(find.stdout).toContain('/Datacenter-East/vm/Production/Web/web-01');
  const info = await govc('vm.info', '-r', 'web-01');
  expect(info.code).toBe(0);
  expect(info.stdout).toMatch(/Power state:\s+poweredOn/);
  expect(info.stdout).toMatch(/Network:\s+DPG-Prod-VLAN100/);
});

test('pyvmomi: vMotion checked with CheckRelocate_Task and waited for with WaitForTask', async () => {
  const r = await runPython<{ checkErrors: string[]; state: string; host: string; initiator: string }>(
    'vmotion.py',
    args({ vcenter: A, vm: 'app-01', host: 'esx70-04.corp.local' }),
  );
  expect(r).toMatchObject({
    checkErrors: [],
    state: 'success',
    host: 'esx70-04.corp.local',
    initiator: 'administrator@vsphere.local',
  });
});

test('pyvmomi: Storage vMotion converts every disk to thin on the new datastore', async () => {
  const r = await runPython<{
    state: string;
    before: { thin: boolean }[];
    after: { thin: boolean; datastore: string }[];
    progressSeen: number;
  }>('svmotion_thin.py', args({ vcenter: A, vm: 'sql-01', datastore: 'SAN-LUN-01' }));
  expect(r.state).toBe('success');
  expect(r.before.every((d) => !d.thin)).toBe(true);
  expect(r.after).toEqual([
    { thin: true, datastore: 'SAN-LUN-01' },
    { thin: true, datastore: 'SAN-LUN-01' },
  ]);
});

test('pyvmomi: the three ServiceLocator refusals, and nothing moved', async () => {
  const r = await runPython<
    Record<string, { fault: string; message: string }> & { hostBefore: string; hostAfter: string }
  >(
    'refusals.py',
    args({
      source: A,
      target: B,
      vm: 'web-04',
      host: 'esx-w01.branch.example',
      datastore: 'West-vsanDatastore',
    }),
  );
  expect(r.wrongThumbprint.fault).toBe('SSLVerifyFault');
  expect(r.badCredential.fault).toBe('InvalidLogin');
  expect(r.unknownInstance.fault).toBe('InvalidArgument');
  expect(r.unknownInstance.message).toContain('spec.service.instanceUuid');
  expect(r.hostAfter).toBe(r.hostBefore);
});

test('pyvmomi: cross-vCenter relocation with a ServiceLocator and NIC mapping', async () => {
  const r = await runPython<{
    state: string;
    initiator: string;
    onSource: boolean;
    onTarget: boolean;
    targetHost: string;
    nicPortgroups: string[];
    expectedPortgroup: string;
    datastores: string[];
    targetTasks: string[];
  }>(
    'xvc_relocate.py',
    args({
      source: A,
      target: B,
      vm: 'web-06',
      host: 'esx-w01.branch.example',
      datastore: 'West-vsanDatastore',
      network: 'DPG-West-Prod',
    }),
  );
  expect(r.state).toBe('success');
  expect(r.initiator).toBe('administrator@vsphere.local');
  expect(r.onSource).toBe(false);
  expect(r.onTarget).toBe(true);
  expect(r.targetHost).toBe('esx-w01.branch.example');
  expect(r.datastores).toEqual(['West-vsanDatastore']);
  expect(r.nicPortgroups).toEqual([r.expectedPortgroup]);
  expect(r.targetTasks).toContain('com.vmware.vcenter.vmotion.receive');
});

test('pyvmomi: with TCP 902 blocked on the target host, RelocateVM_Task fails its check and the VM stays', async () => {
  const hostId = 'vcsa02:host-2'; // the default lab's second branch host
  const blocked = await labCall(asLabHost(), 'lab.setPortBlocked', { hostId, port: 902, blocked: true });
  expect(blocked.ok && blocked.value.hostName).toBe('esx-w02.branch.example');
  const r = await runPython<{ state: string; error: string | null; onSource: boolean; onTarget: boolean }>(
    'xvc_relocate.py',
    args({
      source: A,
      target: B,
      vm: 'web-05',
      host: 'esx-w02.branch.example',
      datastore: 'West-vsanDatastore',
      network: 'DPG-West-Prod',
    }),
  );
  await labCall(asLabHost(), 'lab.setPortBlocked', { hostId, port: 902, blocked: false });
  expect(r).toMatchObject({
    state: 'error',
    error: 'Compatibility check took too long to complete',
    onSource: true,
    onTarget: false,
  });
});

test('pyvmomi: migration events are the lab event log', async () => {
  const r = await runPython<{ events: { type: string; vm: string | null; user: string }[] }>(
    'events.py',
    args({ vcenter: A }),
  );
  const migrated = r.events.filter((e) => e.type === 'VmMigratedEvent');
  expect(migrated.map((e) => e.vm)).toContain('app-01');
  // DRS (fully automated here) may move it again later, as "System"; the API user's move is there.
  expect(migrated.some((e) => e.vm === 'app-01' && e.user === 'administrator@vsphere.local')).toBe(true);
});

test('pyvmomi and govc: maintenance mode evacuates running VMs and exits', async () => {
  const r = await runPython<{
    enter: string;
    inMaintenance: boolean;
    runningLeft: string[];
    exit: string;
    inMaintenanceAfterExit: boolean;
    eventTypes: string[];
    summaryFlag: boolean;
  }>('maintenance.py', args({ vcenter: A, host: 'esx70-03.corp.local' }));
  expect(r).toMatchObject({
    enter: 'success',
    inMaintenance: true,
    runningLeft: [],
    exit: 'success',
    inMaintenanceAfterExit: false,
  });
  expect(r.eventTypes).toContain('EnteredMaintenanceModeEvent');
  const govc = await govcFor(host.endpoints[A], govHome);
  expect((await govc('host.maintenance.enter', 'esx70-02.corp.local')).code).toBe(0);
  expect((await govc('host.info', 'esx70-02.corp.local')).stdout).toMatch(/State:\s+Maintenance Mode/);
  expect((await govc('host.maintenance.exit', 'esx70-02.corp.local')).code).toBe(0);
  const tasks = await govc('tasks', '-l');
  expect(tasks.stdout).toContain('Exit maintenance mode');
  const events = await govc('events', '-n', '50');
  expect(events.stdout).toContain('esx70-02.corp.local');
});

test('govc: vm.migrate to a host is a vMotion the UI sees', async () => {
  const govc = await govcFor(host.endpoints[A], govHome);
  const r = await govc('vm.migrate', '-host', 'esx70-01.corp.local', 'monitor-01');
  expect(r.code).toBe(0);
  expect((await govc('vm.info', 'monitor-01')).stdout).toMatch(/Host:\s+esx70-01\.corp\.local/);
});

test("govc: vm.power off and on run the lab's power tasks and change runtime.powerState", async () => {
  const govc = await govcFor(host.endpoints[A], govHome);
  expect((await govc('vm.power', '-off', 'monitor-01')).code).toBe(0);
  expect((await govc('vm.info', 'monitor-01')).stdout).toMatch(/Power state:\s+poweredOff/);
  expect((await govc('vm.power', '-on', 'monitor-01')).code).toBe(0);
  expect((await govc('vm.info', 'monitor-01')).stdout).toMatch(/Power state:\s+poweredOn/);
  const tasks = await govc('tasks', '-l');
  expect(tasks.stdout).toMatch(/PowerOff|Power Off virtual machine/);
});

test('lab.changeCertificate: the endpoint serves the new certificate and the old pin fails', async () => {
  const e = host.endpoints[B];
  const govc = await govcFor(e, govHome);
  expect((await govc('about')).code).toBe(0);
  const changed = await labCall(asLabHost(), 'lab.changeCertificate', { vcenterId: 'vcsa02:vcenter' });
  expect(changed.ok).toBe(true);
  const now = await presentedThumbprints(e.port);
  expect(changed.ok && changed.value.thumbprint).toBe(now.sha256);
  expect(now.sha256).not.toBe(e.sha256);
  const pinnedOld = await govc('about');
  expect(pinnedOld.code).not.toBe(0);
  expect(pinnedOld.stderr).toMatch(/thumbprint|x509|certificate/i);
});

test('the "vSphere API" panel lists each endpoint with copyable connect lines, and its switch stops them', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByTestId('vsphere-api-open').click();
  const dialog = page.getByTestId('vsphere-api-dialog');
  await expect(dialog.getByTestId('vsphere-api-state')).toHaveText('Running');
  const a = host.endpoints[A];
  await expect(dialog.getByTestId('vsphere-api-endpoint').first()).toContainText(
    `vSphere API: ${A} at https://127.0.0.1:${a.port}/sdk (SHA-256 thumbprint ${a.sha256})`,
  );
  const sha1 = (await presentedThumbprints(a.port)).sha1;
  await expect(dialog.getByTestId('vsphere-api-endpoint').first()).toContainText(`thumbprint="${sha1}"`);
  await expect(dialog).toContainText('Connect-VIServer -Server 127.0.0.1');
  await page.screenshot({ path: test.info().outputPath('vsphere-api-panel.png') });
  await dialog.getByTestId('vsphere-api-toggle').click();
  await expect(dialog.getByTestId('vsphere-api-state')).toHaveText('Stopped');
  await expect(presentedThumbprints(a.port)).rejects.toThrow();
  await dialog.getByTestId('vsphere-api-toggle').click();
  await expect(dialog.getByTestId('vsphere-api-state')).toHaveText('Running');
});
