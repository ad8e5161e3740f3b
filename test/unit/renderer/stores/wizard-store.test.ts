import { describe, expect, it } from 'vitest';
import { useLabStore } from '../../../../src/renderer/src/stores/lab-store';
import { useWizardStore } from '../../../../src/renderer/src/stores/wizard-store';
import type { TestLab } from '../../services/lab-fixture';
import { storesOverTestLab } from '../lab-api-fixture';

/** Lets the store's pending calls and watchers settle (the lab answers asynchronously). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};

async function open(): Promise<{
  t: TestLab;
  wizard: ReturnType<typeof useWizardStore>;
  idOf: (n: string) => string;
}> {
  const t = await storesOverTestLab();
  await useLabStore().load();
  const w = t.lab.world;
  const idOf = (name: string): string =>
    [...w.vms.values(), ...w.vcenters.values(), ...w.clusters.values(), ...w.hosts.values()].find(
      (o) => o.name === name,
    )!.id;
  return { t, wizard: useWizardStore(), idOf };
}

describe('the Migrate / Import VMs wizard store over a real lab', () => {
  it('shows the pages the migration type needs and refuses export before 7.0 U1c', async () => {
    const { wizard, idOf } = await open();
    wizard.openMigrate(idOf('vcsa-02.branch.example'), [idOf('branch-app-01')]);
    await settle();
    expect(wizard.type).toBe('compute');
    expect(wizard.steps).toEqual(['type', 'compute', 'networks', 'priority', 'ready']);
    wizard.setType('crossVcenter');
    expect(wizard.type).toBe('compute');
    wizard.setType('storage');
    expect(wizard.steps).toEqual(['type', 'storage', 'ready']);
    wizard.next();
    await settle();
    expect(wizard.step).toBe('storage');
    expect(wizard.currentProblem).toBe('Select a destination datastore.');
    expect(wizard.stepTitle('storage')).toBe('Select storage');
  });

  it('walks a cross vCenter export page by page and Finish starts it', async () => {
    const { t, wizard, idOf } = await open();
    wizard.openMigrate(idOf('vcsa-01.corp.local'), [idOf('web-01')]);
    await settle();
    wizard.setType('crossVcenter');
    expect(wizard.steps).toEqual([
      'type',
      'vcenter',
      'compute',
      'storage',
      'folder',
      'networks',
      'priority',
      'ready',
    ]);
    wizard.next();
    expect(wizard.step).toBe('vcenter');
    expect(wizard.currentProblem).toBe('Log in to the target vCenter Server.');
    // Jumping ahead is refused until the page is valid.
    expect(wizard.canGoTo('compute')).toBe(false);
    wizard.setRemote(idOf('vcsa-02.branch.example'));
    expect(wizard.currentProblem).toBeNull();
    wizard.next();
    await settle();
    expect(wizard.step).toBe('compute');
    expect(wizard.computeRows.length).toBeGreaterThan(0);
    expect(wizard.currentProblem).toBe('Select a valid destination compute resource.');
    wizard.chooseCompute(wizard.computeRows.find((r) => r.name === 'esx-w01.branch.example')!);
    await settle();
    expect(wizard.compatibility?.ok).toBe(true);
    expect(wizard.currentProblem).toBeNull();
    wizard.next();
    await settle();
    wizard.datastoreId = wizard.datastoreRows[0].id;
    await settle();
    expect(wizard.currentProblem).toBeNull();
    wizard.next();
    await settle();
    expect(wizard.step).toBe('folder');
    expect(wizard.currentProblem).toBe('Select a destination folder.');
    wizard.folderId = wizard.folderRows.find((f) => f.kind === 'folder')!.id;
    wizard.next();
    await settle();
    expect(wizard.step).toBe('networks');
    // web-01's port group has no namesake on the branch vCenter: the user picks one.
    for (const n of wizard.sourceNetworks) {
      expect(wizard.currentProblem).toBe(`Select a destination network for ${n.name}.`);
      wizard.setNetwork(n.id, wizard.networkRows[0].id);
    }
    expect(wizard.currentProblem).toBeNull();
    for (const s of ['priority', 'ready'] as const) {
      wizard.next();
      await settle();
      expect(wizard.step).toBe(s);
    }
    expect(wizard.isLast).toBe(true);
    expect(wizard.currentProblem).toBeNull();
    expect(await wizard.finish()).toBe(true);
    expect(wizard.request).toBeNull();
    const tasks = await t.call('tasks.list', { vcenterId: idOf('vcsa-01.corp.local'), limit: 50 }, 'ui');
    expect(JSON.stringify(tasks)).toContain('Relocate virtual machine');
  });

  it('Import VMs starts on the source vCenter page with the right-clicked target preset', async () => {
    const { wizard, idOf } = await open();
    wizard.openImport(idOf('vcsa-01.corp.local'), idOf('Prod-Cluster-70'));
    await settle();
    expect(wizard.step).toBe('vcenter');
    expect(wizard.importTargetName).toBe('Prod-Cluster-70');
    expect(wizard.steps[0]).toBe('vcenter');
    expect(wizard.currentProblem).toBe('Log in to the source vCenter Server.');
    wizard.setRemote(idOf('vcsa-01.corp.local'));
    expect(wizard.currentProblem).toBe(
      'vcsa-01.corp.local is the vCenter Server this wizard runs on; choose another one.',
    );
    wizard.setRemote(idOf('vcsa-02.branch.example'));
    wizard.next();
    await settle();
    expect(wizard.step).toBe('vms');
    expect(wizard.sourceVms.length).toBeGreaterThan(0);
    expect(wizard.currentProblem).toBe('Select at least one virtual machine.');
    expect(wizard.compute?.id).toBe(idOf('Prod-Cluster-70'));
  });
});
