import { describe, expect, it } from 'vitest';
import { useClockStore } from '../../../../src/renderer/src/stores/clock-store';
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

  it('a cluster whose DRS is not fully automated blocks Next with the product text until a host in it is picked', async () => {
    const { t, wizard, idOf } = await open();
    const cluster = idOf('Prod-Cluster-70');
    await t.call('cluster.setDrsMode', { clusterId: cluster, mode: 'manual' }, 'ui');
    wizard.openMigrate(idOf('vcsa-01.corp.local'), [idOf('web-01')]);
    await settle();
    wizard.next();
    await settle();
    expect(wizard.step).toBe('compute');
    wizard.chooseCompute(wizard.computeRows.find((r) => r.id === cluster)!);
    await settle();
    const rule = 'If your target is a non-automated cluster, select a host within the non-automated cluster.';
    expect(wizard.currentProblem).toBe(rule);
    // No check runs for a choice the page itself refuses.
    expect(wizard.compatibility).toBeNull();
    wizard.next();
    expect(wizard.step).toBe('compute');
    wizard.chooseCompute(wizard.computeRows.find((r) => r.name === 'esx70-02.corp.local')!);
    await settle();
    expect(wizard.compatibility?.ok).toBe(true);
    expect(wizard.currentProblem).toBeNull();
  });

  it('Select storage: no verdict before a datastore, and the chosen VM storage policy goes into the request', async () => {
    const { t, wizard, idOf } = await open();
    wizard.openMigrate(idOf('vcsa-01.corp.local'), [idOf('web-01')]);
    await settle();
    wizard.setType('storage');
    wizard.next();
    await settle();
    expect(wizard.step).toBe('storage');
    expect(wizard.compatibility).toBeNull();
    expect(wizard.checking).toBe(false);
    expect(wizard.storagePolicyRows.map((p) => p.name)).toContain('vSAN Default Storage Policy');
    expect(wizard.storagePolicy).toBe('keep');
    const policy = wizard.storagePolicyRows.find((p) => p.name === 'Management Storage policy - Thin')!;
    wizard.storagePolicy = policy.id;
    wizard.datastoreId = wizard.datastoreRows.find((d) => d.name === 'vsanDatastore-Prod')!.id;
    await settle();
    expect(wizard.compatibility?.ok).toBe(true);
    wizard.next();
    await settle();
    expect(wizard.step).toBe('ready');
    const calls: unknown[] = [];
    const start = t.lab.call.bind(t.lab);
    t.lab.call = ((name: string, args: unknown, ctx: never) => {
      if (name === 'migration.start') calls.push(args);
      return start(name as never, args as never, ctx);
    }) as typeof t.lab.call;
    expect(await wizard.finish()).toBe(true);
    expect(calls).toEqual([expect.objectContaining({ storagePolicyId: policy.id })]);
    // A policy the destination vCenter does not have is refused with a clear error.
    const bad = await t.lab.call(
      'migration.check',
      {
        vcenterId: idOf('vcsa-01.corp.local'),
        vmIds: [idOf('sql-01')],
        type: 'storage',
        datastoreId: [...t.lab.world.datastores.values()].find((d) => d.name === 'vsanDatastore-Prod')!.id,
        storagePolicyId: 'vcsa02:storage-policy-1',
      },
      { clientId: 'ui' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found', field: 'storagePolicyId' } });
  });
});

describe('a compatibility check vCenter answers late', () => {
  it('with TCP 902 blocked on the target host the panel keeps validating for two simulated minutes, then shows the product message', async () => {
    const { t, wizard, idOf } = await open();
    await useClockStore().load();
    await t.call(
      'lab.setPortBlocked',
      { hostId: idOf('esx-w01.branch.example'), port: 902, blocked: true },
      'ui',
    );
    wizard.openMigrate(idOf('vcsa-01.corp.local'), [idOf('web-01')]);
    await settle();
    wizard.setType('crossVcenter');
    wizard.next();
    wizard.setRemote(idOf('vcsa-02.branch.example'));
    wizard.next();
    await settle();
    wizard.chooseCompute(wizard.computeRows.find((r) => r.name === 'esx-w01.branch.example')!);
    await settle();
    expect(wizard.checking).toBe(true);
    expect(wizard.compatibility).toBeNull();
    expect(wizard.currentProblem).not.toBeNull();

    const clock = t.lab.engine.clock;
    clock.runUntil(clock.now() + 60_000);
    t.lab.engine.flush();
    await settle();
    expect(wizard.checking).toBe(true);
    clock.runUntil(clock.now() + 61_000);
    t.lab.engine.flush();
    await settle();
    expect(wizard.checking).toBe(false);
    expect(wizard.compatibility?.ok).toBe(false);
    expect(JSON.stringify(wizard.compatibility)).toContain('Compatibility check took too long to complete');

    // Another host, with the port open, answers at once.
    wizard.chooseCompute(wizard.computeRows.find((r) => r.name === 'esx-w02.branch.example')!);
    await settle();
    expect(wizard.checking).toBe(false);
    expect(wizard.compatibility?.ok).toBe(true);
  });
});
