/**
 * The queue in front of the concurrency limits (reference "Concurrency"): high priority first, then
 * arrival order. A pump admits exactly what trying the whole queue in order would admit, without
 * trying it all:
 *
 * - A queued migration is indexed under a limit it was over when last tried (`blockedBy`). Room under
 *   a limit only grows when a running migration releases it, so one that did not fit cannot fit
 *   before that limit is released; a pump tries only new arrivals and the waiters of released limits.
 * - A limit's waiters are kept in queue order, one list per amount they need of it (a vMotion needs
 *   1 of a host's cost, a Storage vMotion 4). The pump walks the new arrivals and those lists of the
 *   released limits as one merged stream in queue order. Room only shrinks during a pump, so a list
 *   stops as soon as the room left is less than what its waiters need: nobody is tried in vain.
 *
 * A tried migration that does not fit is filed under its new blocker only after the pump, so each
 * migration is tried at most once per pump, as in a full scan.
 */
import { LimitTracker, type Limit, type MigrationCosts } from '../limits';

/** What the queue needs of a migration. */
export interface Queueable {
  priority: 'high' | 'normal';
  /** Position in the queue (unique), from nextKey(). */
  queueKey: number;
  /** While queued: the limit it waits on (null until first tried). */
  blockedBy: Limit | null;
  costs: MigrationCosts;
}

export class AdmissionQueue<M extends Queueable> {
  /** Sets keep insertion order and delete in O(1); `items` materialises the order when asked. */
  private readonly high = new Set<M>();
  private readonly normal = new Set<M>();
  private view: M[] | null = null;
  private arrivals = 0;
  /** Arrived since the last pump, not tried yet. */
  private readonly fresh = new Set<M>();
  /** Waiters per limit: one list per amount needed, each in queue order. */
  private readonly blockedOn = new Map<Limit, WaitList<M>[]>();
  /** Limits released since the last pump. */
  private readonly released = new Set<Limit>();

  constructor(private readonly limits: LimitTracker) {}

  get size(): number {
    return this.high.size + this.normal.size;
  }

  /** The queue in order. */
  get items(): readonly M[] {
    this.view ??= [...this.high, ...this.normal];
    return this.view;
  }

  /** Queues a migration whose queueKey came from nextKey(). */
  add(m: M): void {
    m.blockedBy = null;
    (m.priority === 'high' ? this.high : this.normal).add(m);
    this.view = null;
    this.fresh.add(m);
  }

  remove(m: M): void {
    (m.priority === 'high' ? this.high : this.normal).delete(m);
    this.view = null;
    this.fresh.delete(m);
    const l = m.blockedBy;
    if (l === null) return;
    m.blockedBy = null;
    const lists = this.blockedOn.get(l);
    const w = lists && findList(lists, LimitTracker.need(m.costs, l));
    if (!lists || !w) return;
    const i = indexOfKey(w.items, m.queueKey);
    if (i < w.items.length && w.items[i] === m) w.items.splice(i, 1);
    if (w.items.length === 0) this.prune(l, lists);
  }

  /** A running migration gave back what it held (the next pump tries the waiters of those limits). */
  release(c: MigrationCosts): void {
    const { limits, released } = this;
    for (let i = 0; i < c.network.length; i++) released.add(limits.limit('network', c.network[i]));
    for (let i = 0; i < c.host.ids.length; i++) released.add(limits.limit('host', c.host.ids[i]));
    for (let i = 0; i < c.datastore.ids.length; i++)
      released.add(limits.limit('datastore', c.datastore.ids[i]));
  }

  /**
   * Takes room for every queued migration that fits now, trying them in queue order, and returns
   * them in that order (removed from the queue; the caller starts them).
   */
  pump(): M[] | null {
    const limits = this.limits;
    if (this.size === 0) {
      this.released.clear();
      return null;
    }
    const fresh = [...this.fresh].sort((a, b) => a.queueKey - b.queueKey);
    this.fresh.clear();
    const streams: Stream<M>[] = [];
    for (const l of this.released) streams.push(...this.openStreams(l));
    this.released.clear();
    const refiled: M[] = [];
    let admitted: M[] | null = null;
    let fi = 0;
    for (;;) {
      // The next migration in queue order among the new arrivals and the open streams.
      let m: M | null = fi < fresh.length ? fresh[fi] : null;
      let from: Stream<M> | null = null;
      for (const s of streams) {
        if (s.pos >= s.list.length) continue;
        if (limits.room(s.limit) < s.need) {
          s.pos = s.list.length; // too little room left for anyone on this list in this pump
          continue;
        }
        const head = s.list[s.pos];
        if (m === null || head.queueKey < m.queueKey) {
          m = head;
          from = s;
        }
      }
      if (m === null) break;
      if (from === null) fi++;
      // There is room for it under the limit it waited on: it fits, or another limit stops it now.
      const blocker = limits.blocker(m.costs);
      if (blocker !== null && blocker === m.blockedBy) {
        if (from) from.pos++; // (cannot happen: room >= need; kept so a bad cost cannot loop forever)
        continue;
      }
      if (from !== null) from.list.splice(from.pos, 1);
      m.blockedBy = blocker;
      if (blocker === null) {
        limits.acquire(m.costs);
        this.remove(m);
        (admitted ??= []).push(m);
      } else {
        refiled.push(m);
      }
    }
    for (const s of streams) {
      if (s.list.length > 0) continue;
      const lists = this.blockedOn.get(s.limit);
      if (lists) this.prune(s.limit, lists);
    }
    for (const m of refiled) this.file(m);
    return admitted;
  }

  /** pump(): a stream for each list of a released limit's waiters that the room can serve. */
  private openStreams(l: Limit): Stream<M>[] {
    const room = this.limits.room(l);
    return (this.blockedOn.get(l) ?? [])
      .filter((w) => w.need <= room && w.items.length > 0)
      .map((w) => ({ limit: l, list: w.items, need: w.need, pos: 0 }));
  }

  /** Files a migration under the limit it now waits on, in queue order. */
  private file(m: M): void {
    const l = m.blockedBy!;
    const need = LimitTracker.need(m.costs, l);
    let lists = this.blockedOn.get(l);
    if (lists === undefined) this.blockedOn.set(l, (lists = []));
    const w = findList(lists, need);
    if (w === undefined) {
      lists.push({ need, items: [m] });
      return;
    }
    const i = indexOfKey(w.items, m.queueKey);
    if (i === w.items.length) w.items.push(m);
    else w.items.splice(i, 0, m);
  }

  /** Drops a limit's empty waiter lists (and the limit, once it has none). */
  private prune(l: Limit, lists: WaitList<M>[]): void {
    for (let i = lists.length - 1; i >= 0; i--) if (lists[i].items.length === 0) lists.splice(i, 1);
    if (lists.length === 0) this.blockedOn.delete(l);
  }

  /** High priority first, then arrival order: normal-priority keys start after every high one. */
  nextKey(priority: 'high' | 'normal'): number {
    return (priority === 'high' ? 0 : NORMAL_PRIORITY_OFFSET) + ++this.arrivals;
  }
}

/** More arrivals than a lab ever sees, so every high-priority key sorts before every normal one. */
const NORMAL_PRIORITY_OFFSET = 2 ** 40;

/** pump(): one waiter list of a released limit, walked from `pos` in queue order. */
interface Stream<M> {
  limit: Limit;
  list: M[];
  need: number;
  pos: number;
}

/** The migrations waiting on one limit that need the same amount of it, in queue order. */
interface WaitList<M> {
  need: number;
  items: M[];
}

function findList<M>(lists: WaitList<M>[], need: number): WaitList<M> | undefined {
  for (let i = 0; i < lists.length; i++) if (lists[i].need === need) return lists[i];
  return undefined;
}

/** First index in a list sorted by queueKey whose key is not below `key`. */
function indexOfKey(list: readonly Queueable[], key: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].queueKey < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
