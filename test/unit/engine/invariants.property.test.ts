import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { faultKinds } from '../../../src/shared/engine-api';
import { LabFault } from '../../../src/shared/result';
import { ADMIN, defaultLab, req } from './fixture';

const VC1 = 'vcsa01:vcenter';

type Action =
  | {
      kind: 'migrate';
      vm: number;
      target: number;
      type: 'compute' | 'storage' | 'both' | 'crossVcenter';
      ds: number;
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'fault'; fault: number; vm: number | null }
  | { kind: 'advance'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('migrate' as const),
    vm: fc.nat(40),
    target: fc.nat(20),
    type: fc.constantFrom('compute', 'storage', 'both', 'crossVcenter'),
    ds: fc.nat(10),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }),
  fc.record({
    kind: fc.constant('fault' as const),
    fault: fc.nat(faultKinds.length - 1),
    vm: fc.option(fc.nat(40)),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 120_000 }) }),
);

describe('invariants under random migrations, cancels and faults', () => {
  test('no VM is lost or duplicated, and no limit is ever exceeded', () => {
    let started = 0;
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 1000 }),
        (actions, seed) => {
          const lab = defaultLab({ seed });
          const uuids = [...lab.world.vms.values()].map((v) => v.uuid).sort();
          const hosts = [...lab.world.hosts.values()];
          const datastores = [...lab.world.datastores.values()];
          const check = (): void => {
            expect([...lab.world.vms.values()].map((v) => v.uuid).sort()).toEqual(uuids);
            expect(lab.engine.limits.withinLimits()).toBe(true);
            for (const vm of lab.world.vms.values())
              expect(lab.world.hosts.get(vm.hostId)?.vcenterId).toBe(vm.vcenterId);
          };
          for (const a of actions) {
            try {
              if (a.kind === 'migrate') {
                const vms = [...lab.world.vms.values()];
                const vm = vms[a.vm % vms.length];
                // Aim mostly at plausible targets so many requests pass the checks.
                const srcHost = lab.world.hosts.get(vm.hostId)!;
                const pool = hosts.filter((h) =>
                  a.type === 'crossVcenter'
                    ? h.vcenterId !== vm.vcenterId
                    : h.clusterId === srcHost.clusterId && h.id !== srcHost.id,
                );
                const host = pool.length ? pool[a.target % pool.length] : hosts[a.target % hosts.length];
                const dsPool = (a.type === 'storage' ? srcHost : host).datastoreIds;
                const ds = dsPool.length
                  ? lab.world.datastores.get(dsPool[a.ds % dsPool.length])!
                  : datastores[a.ds % datastores.length];
                const net = host.networkIds[a.target % Math.max(1, host.networkIds.length)];
                lab.engine.startMigration(
                  req({
                    vcenterId: a.type === 'crossVcenter' ? VC1 : vm.vcenterId,
                    vmIds: [vm.id],
                    type: a.type,
                    hostId: a.type === 'storage' ? undefined : host.id,
                    datastoreId: a.type === 'compute' ? undefined : ds.id,
                    networkId: a.type === 'crossVcenter' && net ? net : undefined,
                  }),
                  ADMIN,
                );
                started++;
              } else if (a.kind === 'cancel') {
                const open = [...lab.engine.tasks.all()].filter(
                  (t) => t.migrationId && (t.state === 'queued' || t.state === 'running'),
                );
                if (open.length) lab.engine.cancelTask(open[a.pick % open.length].id, ADMIN);
              } else if (a.kind === 'fault') {
                const vms = [...lab.world.vms.values()];
                lab.engine.injectFault(faultKinds[a.fault], a.vm === null ? null : vms[a.vm % vms.length].id);
              } else lab.clock.advance(a.ms);
            } catch (e) {
              // Refusals (incompatible, conflict, bad target) are fine; anything else is a bug.
              if (!(e instanceof LabFault)) throw e;
            }
            check();
          }
          lab.clock.advance(24 * 3600_000);
          check();
          expect(lab.engine.runner.inFlight()).toHaveLength(0);
          expect(
            lab.engine.limits.hostUse.size +
              lab.engine.limits.networkUse.size +
              lab.engine.limits.datastoreUse.size,
          ).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
    // The sequences must really exercise migrations, not only refusals.
    expect(started).toBeGreaterThan(20);
  });
});
