import { describe, expect, test } from 'vitest';
import { EventLog } from '../../../src/main/engine/events';
import { TaskStore } from '../../../src/main/engine/tasks';

/** A vCenter keeps its most recent 20,000 events and 5,000 finished tasks; older ones are dropped. */
describe('history retention', () => {
  test('the event log keeps exactly the newest 20,000 events per vCenter, through compactions', () => {
    const log = new EventLog({ now: () => 0 });
    const add = (vc: string, n: number): void => {
      for (let i = 0; i < n; i++) log.record(vc, vc, 'TaskEvent', `event ${i}`);
    };
    add('vc1', 30_123);
    add('vc2', 5);
    const all = log.all('vc1');
    expect(all).toHaveLength(20_000);
    expect(all[0].key).toBe(10_124);
    expect(all[all.length - 1].key).toBe(30_123);
    expect(log.list('vc1', { limit: 3 }).map((e) => e.key)).toEqual([30_123, 30_122, 30_121]);
    // Asking past the oldest kept event stops at it.
    expect(log.list('vc1', { limit: 50_000 })).toHaveLength(20_000);
    expect(log.list('vc1', { afterKey: 30_120 })).toHaveLength(3);
    const saved = log.exportState();
    expect(saved.events.filter((e) => e.vcenterId === 'vc1')).toHaveLength(20_000);
    expect(saved.events.filter((e) => e.vcenterId === 'vc2')).toHaveLength(5);
    const restored = new EventLog({ now: () => 0 });
    restored.importState(saved);
    expect(restored.all('vc1').map((e) => e.key)).toEqual(all.map((e) => e.key));
    expect(restored.takeAdded()).toHaveLength(0);
  });

  test('the task store forgets the oldest finished tasks beyond 5,000 per vCenter, never running ones', () => {
    const store = new TaskStore({ now: () => 0 });
    const make = (vc: string) =>
      store.create({
        vcenterId: vc,
        vcenterKey: vc,
        name: 'Migrate virtual machine',
        targetId: 'vm-1',
        targetName: 'vm-1',
        targetKind: 'vm',
        initiator: 'a@b',
      });
    const running = make('vc1');
    store.start(running);
    const ids: string[] = [];
    for (let i = 0; i < 7_500; i++) {
      const t = make('vc1');
      store.finish(t, 'success');
      ids.push(t.id);
    }
    const other = make('vc2');
    store.finish(other, 'error', 'boom');
    expect(store.get(running.id)?.state).toBe('running');
    expect(store.get(ids[2_499])).toBeUndefined();
    expect(store.get(ids[2_500])?.state).toBe('success');
    expect(store.get(other.id)?.error).toBe('boom');
    const vc1 = [...store.all()].filter((t) => t.vcenterId === 'vc1');
    expect(vc1).toHaveLength(5_001);
    // A restored store keeps counting from where the saved one was.
    const restored = new TaskStore({ now: () => 0 });
    restored.importState(store.exportState());
    const next = make('vc1');
    store.finish(next, 'success');
    expect(store.get(ids[2_500])).toBeUndefined();
    expect([...restored.all()].filter((t) => t.vcenterId === 'vc1')).toHaveLength(5_001);
  });
});
