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

  // Work arrays of pump(), reused (a pump runs to its end before anything else touches the queue).
  private readonly freshSorted: M[] = [];
  private readonly streamLimits: Limit[] = [];
  private readonly streamLists: M[][] = [];
  private readonly streamNeed: number[] = [];
  private readonly streamPos: number[] = [];
  private readonly refiled: M[] = [];

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
    const fresh = this.freshSorted;
    // forEach with a this-arg: no iterator objects while this code is still cold.
    this.fresh.forEach(pushInto, fresh);
    this.fresh.clear();
    sortByQueueKey(fresh);
    const sLimits = this.streamLimits;
    const sLists = this.streamLists;
    const sNeed = this.streamNeed;
    const sPos = this.streamPos;
    if (this.released.size > 0) {
      this.released.forEach(this.openStreams, this);
      this.released.clear();
    }
    const streams = sLimits.length;
    const refiled = this.refiled;
    let admitted: M[] | null = null;
    let fi = 0;
    for (;;) {
      // The next migration in queue order among the new arrivals and the open streams.
      let m: M | null = fi < fresh.length ? fresh[fi] : null;
      let from = -1;
      for (let s = 0; s < streams; s++) {
        const list = sLists[s];
        if (sPos[s] >= list.length) continue;
        if (limits.room(sLimits[s]) < sNeed[s]) {
          sPos[s] = list.length; // too little room left for anyone on this list in this pump
          continue;
        }
        const head = list[sPos[s]];
        if (m === null || head.queueKey < m.queueKey) {
          m = head;
          from = s;
        }
      }
      if (m === null) break;
      if (from < 0) fi++;
      // There is room for it under the limit it waited on: it fits, or another limit stops it now.
      const blocker = limits.blocker(m.costs);
      if (blocker !== null && blocker === m.blockedBy) {
        sPos[from]++; // (cannot happen: room >= need; kept so a bad cost cannot loop forever)
        continue;
      }
      if (from >= 0) sLists[from].splice(sPos[from], 1);
      m.blockedBy = blocker;
      if (blocker === null) {
        limits.acquire(m.costs);
        this.remove(m);
        if (admitted) admitted.push(m);
        else admitted = [m];
      } else {
        refiled.push(m);
      }
    }
    for (let s = 0; s < streams; s++) {
      if (sLists[s].length > 0) continue;
      const lists = this.blockedOn.get(sLimits[s]);
      if (lists) this.prune(sLimits[s], lists);
    }
    for (let i = 0; i < refiled.length; i++) this.file(refiled[i]);
    refiled.length = 0;
    fresh.length = 0;
    sLimits.length = 0;
    sLists.length = 0;
    sNeed.length = 0;
    sPos.length = 0;
    return admitted;
  }

  /** pump(): opens a stream for each list of a released limit's waiters that the room can serve. */
  private openStreams(l: Limit): void {
    const lists = this.blockedOn.get(l);
    if (lists === undefined) return;
    const room = this.limits.room(l);
    for (let i = 0; i < lists.length; i++) {
      const w = lists[i];
      if (w.need > room || w.items.length === 0) continue;
      this.streamLimits.push(l);
      this.streamLists.push(w.items);
      this.streamNeed.push(w.need);
      this.streamPos.push(0);
    }
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

  /**
   * High priority first, then arrival order. Both ranges lie above the small-integer range, so every
   * key is stored the same way (as a double) from the start and the field never changes representation.
   */
  nextKey(priority: 'high' | 'normal'): number {
    return (priority === 'high' ? 2 ** 40 : 2 ** 41) + ++this.arrivals;
  }
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

function pushInto<T>(this: T[], x: T): void {
  this.push(x);
}

/** Sorts by queue key. New arrivals are few per pump: an insertion sort, which allocates nothing. */
function sortByQueueKey(list: Queueable[]): void {
  if (list.length > 32) {
    list.sort((a, b) => a.queueKey - b.queueKey);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const m = list[i];
    let j = i - 1;
    while (j >= 0 && list[j].queueKey > m.queueKey) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = m;
  }
}
