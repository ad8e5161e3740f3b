import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addCost,
  COST_SVMOTION_DATASTORE,
  COST_SVMOTION_HOST,
  COST_VMOTION_DATASTORE,
  COST_VMOTION_HOST,
  LimitTracker,
  type MigrationCosts,
} from '../../../src/main/engine/limits';
import { AdmissionQueue, type Queueable } from '../../../src/main/engine/migration/admission-queue';
import type { HostRec } from '../../../src/shared/world-types';

/**
 * The indexed queue must admit exactly what vCenter's rule gives: try every queued migration in
 * queue order (high priority first, then arrival) and start each one that fits. The reference below
 * does that literally; both run the same random arrivals, finishes and cancels on their own limits.
 */
interface Item extends Queueable {
  id: number;
}

const hosts = new Map<string, HostRec>(
  ['h1', 'h2', 'h3', 'h4'].map((id, i) => [
    id,
    { id, vmotion: { enabled: true, linkGbps: i % 2 === 0 ? 1 : 10 } } as unknown as HostRec,
  ]),
);
const hostIds = [...hosts.keys()];
const dsIds = ['ds1', 'ds2', 'ds3'];

type Op =
  | { kind: 'add'; vmotion: boolean; src: number; dst: number; ds1: number; ds2: number; high: boolean }
  | { kind: 'finish'; pick: number }
  | { kind: 'cancel'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      vmotion: fc.boolean(),
      src: fc.nat(3),
      dst: fc.nat(3),
      ds1: fc.nat(2),
      ds2: fc.nat(2),
      high: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(1000) }) },
);

function costs(o: Extract<Op, { kind: 'add' }>): MigrationCosts {
  const src = hostIds[o.src];
  const dst = hostIds[o.dst];
  const hc = o.vmotion ? COST_VMOTION_HOST : COST_SVMOTION_HOST;
  const c: MigrationCosts = {
    network: o.vmotion && src !== dst ? [src, dst] : [],
    host: src === dst ? { ids: [src], costs: [hc] } : { ids: [src, dst], costs: [hc, hc] },
    datastore: { ids: [], costs: [] },
  };
  if (o.vmotion) addCost(c.datastore, dsIds[o.ds1], COST_VMOTION_DATASTORE);
  else {
    addCost(c.datastore, dsIds[o.ds1], COST_SVMOTION_DATASTORE);
    addCost(c.datastore, dsIds[o.ds2], COST_SVMOTION_DATASTORE);
  }
  return c;
}

describe('admission queue', () => {
  test('admits exactly what trying the whole queue in order admits', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300 }), (ops) => {
        const limits = new LimitTracker(hosts);
        const queue = new AdmissionQueue<Item>(limits);
        const refLimits = new LimitTracker(hosts);
        let refQueue: Item[] = [];
        const running: Item[] = [];
        let nextId = 0;
        const refPump = (): number[] => {
          const admitted: number[] = [];
          refQueue = refQueue.filter((m) => {
            if (!refLimits.fits(m.costs)) return true;
            refLimits.acquire(m.costs);
            admitted.push(m.id);
            return false;
          });
          return admitted;
        };
        const pump = (): void => {
          const admitted = queue.pump() ?? [];
          expect(admitted.map((m) => m.id)).toEqual(refPump());
          running.push(...admitted);
          expect(queue.items.map((m) => m.id)).toEqual(refQueue.map((m) => m.id));
          expect(limits.withinLimits()).toBe(true);
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            const priority = o.high ? 'high' : 'normal';
            const m: Item = {
              id: nextId++,
              priority,
              queueKey: queue.nextKey(priority),
              blockedBy: null,
              costs: costs(o),
            };
            queue.add(m);
            // The reference queue: high priority ahead of every normal one, arrival order otherwise.
            const at = o.high ? refQueue.findIndex((x) => x.priority === 'normal') : -1;
            if (at < 0) refQueue.push(m);
            else refQueue.splice(at, 0, m);
          } else if (o.kind === 'finish') {
            if (running.length === 0) continue;
            const [m] = running.splice(o.pick % running.length, 1);
            limits.release(m.costs);
            refLimits.release(m.costs);
            queue.release(m.costs);
          } else {
            if (refQueue.length === 0) continue;
            const m = refQueue[o.pick % refQueue.length];
            refQueue = refQueue.filter((x) => x !== m);
            queue.remove(m);
          }
          pump();
        }
        // Drain: everything still queued starts once the running ones finish.
        while (running.length > 0) {
          const m = running.shift()!;
          limits.release(m.costs);
          refLimits.release(m.costs);
          queue.release(m.costs);
          pump();
        }
        expect(queue.size).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
