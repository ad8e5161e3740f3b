import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';

describe('task names as the vSphere Client shows them', () => {
  test('every migration the Migrate wizard starts is "Relocate virtual machine" on the source', () => {
    const lab = defaultLab();
    const names = (
      [
        { vm: 'web-01', type: 'compute', hostId: lab.host('esx70-02.corp.local').id },
        { vm: 'web-02', type: 'storage', datastoreId: lab.ds('SAN-LUN-01').id },
        {
          vm: 'web-03',
          type: 'both',
          hostId: lab.host('esx70-04.corp.local').id,
          datastoreId: lab.ds('SAN-LUN-02').id,
        },
      ] as const
    ).map(({ vm, ...r }) => {
      const started = lab.engine.startMigration(req({ vcenterId: VC1, vmIds: [lab.vm(vm).id], ...r }), ADMIN);
      return lab.engine.tasks.get(started.migrations[0].taskId)!.name;
    });
    expect(names).toEqual([
      'Relocate virtual machine',
      'Relocate virtual machine',
      'Relocate virtual machine',
    ]);
  });

  test('moves DRS and maintenance mode make keep "Migrate virtual machine"', () => {
    const lab = defaultLab();
    const host = lab.host('esx70-04.corp.local');
    lab.engine.enterMaintenance(host.id, ADMIN);
    lab.clock.advance(1000);
    const moves = lab.engine.tasks.list(VC1).filter((t) => t.targetKind === 'vm');
    expect(moves.length).toBeGreaterThan(0);
    for (const t of moves) expect(t.name).toBe('Migrate virtual machine');
  });
});
