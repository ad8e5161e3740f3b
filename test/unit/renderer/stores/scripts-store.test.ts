import { describe, expect, it } from 'vitest';
import { useLabStore } from '../../../../src/renderer/src/stores/lab-store';
import { useScriptsStore } from '../../../../src/renderer/src/stores/scripts-store';
import { useWizardStore } from '../../../../src/renderer/src/stores/wizard-store';
import { generateScripts } from '../../../../src/shared/script-gen';
import { storesOverTestLab } from '../lab-api-fixture';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('every action as a script, from the wizard', () => {
  it('Ready to complete shows the request as scripts, and the started task keeps them', async () => {
    const t = await storesOverTestLab();
    await useLabStore().load();
    const w = t.lab.world;
    const idOf = (name: string): string =>
      [...w.vms.values(), ...w.vcenters.values(), ...w.hosts.values()].find((o) => o.name === name)!.id;
    const wizard = useWizardStore();
    wizard.openMigrate(idOf('vcsa-01.corp.local'), [idOf('web-01')]);
    await settle();
    expect(wizard.scriptInput).toBeNull(); // no destination chosen yet
    wizard.next();
    await settle();
    wizard.chooseCompute(wizard.computeRows.find((r) => r.name === 'esx70-02.corp.local')!);
    await settle();
    while (!wizard.isLast) {
      wizard.next();
      await settle();
    }
    const [powercli, pyvmomi, govc] = generateScripts(wizard.scriptInput!);
    expect(powercli.code).toContain("$vms = Get-VM -Server $source -Name 'web-01'");
    expect(powercli.code).toContain("-Destination (Get-VMHost -Server $source -Name 'esx70-02.corp.local')");
    expect(pyvmomi.code).toContain('connect("vcsa-01.corp.local", 443, "administrator@vsphere.local"');
    expect(govc.code).toContain("govc vm.migrate -dc 'Datacenter-East' -host 'esx70-02.corp.local'");

    expect(await wizard.finish()).toBe(true);
    const tasks = await t.call('tasks.list', { vcenterId: idOf('vcsa-01.corp.local'), limit: 10 }, 'ui');
    const task = tasks.find((x) => x.name === 'Relocate virtual machine' && x.targetName === 'web-01')!;
    expect(generateScripts(useScriptsStore().forTask(task)!)[0].code).toBe(powercli.code);
  });
});
