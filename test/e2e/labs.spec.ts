import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures/test';

test.describe('labs', () => {
  test('reset puts every VM back where the scenario had it and forgets the tasks', async ({ labPage }) => {
    const pane = await labPage.openVCenter('vcsa-01.corp.local');
    await pane.expand('vcsa-01.corp.local', 'Datacenter-East', 'Legacy-Cluster-67', 'esx67-03.corp.local');
    await expect(pane.node('print-01')).toBeVisible();
    await pane.rightClick('esx67-03.corp.local');
    await labPage.menu('Enter Maintenance Mode');
    await labPage.page.getByTestId('maintenance-ok').click();
    await labPage.speed('Ten minutes per second');
    await expect(pane.tasks.details.getByTestId('task-status')).toHaveText('Completed', { timeout: 30_000 });

    const toolbar = labPage.page.getByRole('toolbar', { name: 'Lab controls' });
    await toolbar.getByRole('button', { name: 'Reset lab' }).click();
    await toolbar.getByTestId('reset-confirm').click();
    await expect(pane.tasks.root).toContainText('No tasks.');
    await pane.select('esx67-03.corp.local');
    await expect(pane.summaryField('Maintenance mode')).toHaveText('No');
    await expect(pane.summaryField('Virtual machines')).toHaveText('2');
  });

  test('a new lab from a scenario file, and a bad file refused with the field named', async ({
    labPage,
    labHost,
  }) => {
    const good = join(labHost.dataDir, 'small-lab.json');
    const bad = join(labHost.dataDir, 'bad-lab.json');
    const scenario = {
      schemaVersion: 1,
      name: 'Two-host class lab',
      vcenters: [
        {
          key: 'vcclass',
          name: 'vcsa-class.lab.local',
          version: '7.0.1',
          build: '7.0.1.00300',
          ssoDomain: 'class.local',
          users: [{ user: 'student@class.local', password: 'Student-1' }],
          datacenters: [
            {
              name: 'Class-DC',
              datastores: [{ name: 'ds1', capacityGB: 500, freeGB: 400 }],
              networks: [{ name: 'VM Network', kind: 'standard', switch: 'vSwitch0' }],
              clusters: [
                {
                  name: 'Class-Cluster',
                  hosts: ['esx-a', 'esx-b'].map((n) => ({
                    name: `${n}.lab.local`,
                    version: '7.0.3',
                    cpu: { vendor: 'intel', generation: 'skylake' },
                    memoryGB: 128,
                    vmotion: { enabled: true, linkGbps: 10 },
                    datastores: ['ds1'],
                    networks: ['VM Network'],
                  })),
                },
              ],
              vms: [
                {
                  name: 'student-vm',
                  host: 'esx-a.lab.local',
                  cpu: 2,
                  memoryMB: 2048,
                  disks: [{ sizeGB: 20, usedGB: 5, datastore: 'ds1' }],
                  nics: [{ network: 'VM Network' }],
                },
              ],
            },
          ],
        },
      ],
    };
    writeFileSync(good, JSON.stringify(scenario));
    const broken = structuredClone(scenario);
    (broken.vcenters[0].datacenters[0].vms[0] as { host: string }).host = 'esx-z.lab.local';
    writeFileSync(bad, JSON.stringify(broken));

    const toolbar = labPage.page.getByRole('toolbar', { name: 'Lab controls' });
    await toolbar.getByRole('button', { name: 'Labs…' }).click();
    const dialog = labPage.page.getByTestId('labs-dialog');
    await dialog.getByTestId('lab-from-file').check();
    await dialog.getByTestId('lab-path').fill(bad);
    await dialog.getByTestId('lab-create').click();
    await expect(dialog.getByTestId('labs-error')).toContainText(
      'vcenters[0].datacenters[0].vms[0].host: no host named "esx-z.lab.local" in datacenter "Class-DC"',
    );
    await dialog.getByTestId('lab-name').fill('Class 3');
    await dialog.getByTestId('lab-path').fill(good);
    await dialog.getByTestId('lab-create').click();
    await expect(toolbar.getByTestId('current-lab')).toHaveText('Class 3');
    await expect(labPage.vcenterCard('vcsa-class.lab.local')).toContainText('vCenter 7.0 U1c');
    await expect(labPage.vcenterCard('vcsa-01.corp.local')).toHaveCount(0);
  });
});
