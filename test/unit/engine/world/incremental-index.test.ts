import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../../../src/main/engine/clock';
import { Engine } from '../../../../src/main/engine/engine';
import { createRandom } from '../../../../src/main/engine/random';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../../src/main/engine/world/load-scenario';
import type { World } from '../../../../src/main/engine/world/world';
import { req } from '../fixture';

/** Every index list (ids, in order) and every datastore's used space, as the world reports them. */
function indexView(world: World) {
  const ids = (list: { id: string }[]) => list.map((v) => v.id);
  return {
    hosts: [...world.hosts.keys()].map((id) => ids(world.vmsOnHost(id))),
    folders: [...world.folders.keys()].map((id) => ids(world.vmsInFolder(id))),
    pools: [...world.resourcePools.keys()].map((id) => ids(world.vmsInPool(id))),
    datastores: [...world.datastores.keys()].map((id) => ids(world.vmsOnDatastore(id))),
    networks: [...world.networks.keys()].map((id) => ids(world.vmsOnNetwork(id))),
    used: [...world.datastores.keys()].map((id) => world.datastoreUsedGB(id)),
  };
}

describe('world indexes kept up to date by migration commits', () => {
  test('after vMotions, Storage vMotions and cross-vCenter moves they equal a full rebuild', () => {
    const world = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 8, vmsPerVcenter: 120 }));
    const clock = new ManualClock();
    const engine = new Engine({ world, clock, random: createRandom(9), drsIntervalMs: null });
    // Odd sizes so the order of additions matters for the sums.
    for (const vm of world.vms.values()) vm.disks[0].usedGB += (vm.name.length % 7) * 0.1;
    world.touch();
    indexView(world); // indexes are current before the first commit
    const vc2Host = [...world.hosts.values()].find((h) => h.vcenterId === 'vc2:vcenter')!;
    const vc1Hosts = [...world.hosts.values()].filter((h) => h.vcenterId === 'vc1:vcenter');
    const vms = [...world.vms.values()].filter((v) => v.vcenterId === 'vc1:vcenter').slice(0, 60);
    vms.forEach((vm, i) => {
      const host = world.hosts.get(vm.hostId)!;
      const kind = i % 5 === 0 ? 'crossVcenter' : i % 2 === 0 ? 'compute' : 'both';
      const dst = vc1Hosts[(vc1Hosts.indexOf(host) + 1) % vc1Hosts.length];
      engine.startMigration(
        req({
          vcenterId: 'vc1:vcenter',
          vmIds: [vm.id],
          type: kind,
          hostId: kind === 'crossVcenter' ? vc2Host.id : dst.id,
          datastoreId:
            kind === 'compute'
              ? undefined
              : kind === 'crossVcenter'
                ? vc2Host.datastoreIds[0]
                : dst.datastoreIds.find((d) => d !== vm.disks[0].datastoreId),
          networkId: kind === 'crossVcenter' ? vc2Host.networkIds[0] : undefined,
        }),
        'administrator@site1.local',
      );
    });
    let commits = 0;
    const unsubscribe = engine.subscribe((u) => (commits += u.inventoryChanged.length ? 1 : 0));
    while (engine.runner.inFlight().length > 0) {
      clock.advance(2000);
      const incremental = indexView(world);
      world.touch(); // drop the indexes: the next reads rebuild them from the VM map
      expect(indexView(world)).toEqual(incremental);
    }
    unsubscribe();
    expect(commits).toBeGreaterThan(5);
  });
});
