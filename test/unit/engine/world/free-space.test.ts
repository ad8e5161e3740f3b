import { describe, expect, test } from 'vitest';
import { ADMIN, defaultLab, req } from '../fixture';

const VC1 = 'vcsa01:vcenter';

/** The free space planning reads (world/free-space.ts) is kept current by moves, not re-summed. */
describe('free space as planning reads it', () => {
  test("the engine's running view of free space agrees with the world after its own commits", () => {
    const lab = defaultLab();
    const sql = lab.vm('sql-02');
    const to = lab.ds('SAN-LUN-01');
    // Read one datastore now: the figures of every datastore are filled at that moment.
    lab.world.freeSpace.freeGB(to.id);
    lab.engine.startMigration(
      req({ vcenterId: VC1, vmIds: [sql.id], type: 'storage', datastoreId: to.id, diskFormat: 'thin' }),
      ADMIN,
    );
    lab.clock.advance(3_600_000);
    expect(lab.world.vms.get(sql.id)!.disks[0].datastoreId).toBe(to.id);
    // Those it kept up to date through the commit, and any it had not read, match a fresh sum.
    for (const ds of lab.world.datastores.values())
      expect(lab.world.freeSpace.freeGB(ds.id)).toBeCloseTo(lab.world.datastoreFreeGB(ds.id), 6);
  });
});
