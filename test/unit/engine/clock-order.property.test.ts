import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/main/engine/clock';

/**
 * The event queue against its definition: whatever is scheduled and cancelled, callbacks run in
 * (time, scheduling order), each exactly once unless cancelled, and time never goes back.
 */
describe('event queue order', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('schedule' as const), delay: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 }) }),
  );

  test('runs every timer not cancelled once, in (time, scheduling order)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const clock = new ManualClock();
        const ran: { at: number; seq: number; now: number }[] = [];
        const live = new Map<number, { at: number; seq: number }>();
        let seq = 0;
        const schedule = (delay: number): void => {
          const me = { at: clock.now() + delay, seq: ++seq };
          const id = clock.after(delay, () => {
            ran.push({ ...me, now: clock.now() });
            live.delete(id);
            // Every third callback schedules another (same instant or later), as phases do.
            if (me.seq % 3 === 0) schedule(me.seq % 7);
          });
          live.set(id, me);
        };
        for (const o of ops) {
          if (o.kind === 'schedule') schedule(o.delay);
          else if (o.kind === 'cancel' && live.size > 0) {
            const id = [...live.keys()][o.pick % live.size];
            clock.cancel(id);
            live.delete(id);
          } else if (o.kind === 'advance') clock.advance(o.ms);
        }
        clock.advance(10_000);
        expect(live.size).toBe(0);
        for (let i = 0; i < ran.length; i++) {
          expect(ran[i].now).toBe(ran[i].at);
          if (i > 0) {
            const a = ran[i - 1];
            const b = ran[i];
            expect(a.at < b.at || (a.at === b.at && a.seq < b.seq)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
