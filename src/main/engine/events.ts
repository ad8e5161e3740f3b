import type { EventSeverity, LabEvent } from '../../shared/engine-api';
import type { TimeSource } from './clock';
import { RecentList } from './recent-list';
import { flattenString } from './flatten-string';

/** What a caller states about an event; the log adds id, key and time. */
export interface NewEvent {
  vcenterId: string;
  vcenterKey: string;
  type: string;
  message: string;
  severity?: EventSeverity;
  user?: string | null;
  objectId?: string | null;
  objectName?: string | null;
  taskId?: string | null;
}

const KEEP_PER_VCENTER = 20000;

/** An event log's saved form (see EventLog.exportState). */
export interface EventLogState {
  /** Oldest first within each vCenter. */
  events: LabEvent[];
  /** Last event key used per vCenter key. */
  keys: Record<string, number>;
}

/** The event log of every vCenter (Monitor > Events), with the events added since the last flush. */
export class EventLog {
  private readonly byVcenter = new Map<string, RecentList<LabEvent>>();
  private readonly keys = new Map<string, number>();
  private pending: LabEvent[] = [];

  constructor(private readonly clock: TimeSource) {}

  add(e: NewEvent): LabEvent {
    return this.record(e.vcenterId, e.vcenterKey, e.type, e.message, e);
  }

  /** Logs an event from its parts (EngineCore.addEvent's way in). */
  record(
    vcenterId: string,
    vcenterKey: string,
    type: string,
    message: string,
    extra?: Omit<NewEvent, 'vcenterId' | 'vcenterKey' | 'type' | 'message'>,
  ): LabEvent {
    const key = (this.keys.get(vcenterKey) ?? 0) + 1;
    this.keys.set(vcenterKey, key);
    const event: LabEvent = {
      id: `${vcenterKey}:event-${key}`,
      key,
      vcenterId,
      type,
      severity: extra?.severity ?? 'info',
      message: flattenString(message),
      createdAt: this.clock.now(),
      user: extra?.user ?? null,
      objectId: extra?.objectId ?? null,
      objectName: extra?.objectName ?? null,
      taskId: extra?.taskId ?? null,
    };
    this.append(vcenterId, event);
    this.pending.push(event);
    return event;
  }

  /** Newest first; `afterKey` returns only events newer than a key the caller already has. */
  list(vcenterId: string, opts: { limit?: number; afterKey?: number; objectId?: string } = {}): LabEvent[] {
    const log = this.byVcenter.get(vcenterId);
    if (!log) return [];
    const limit = opts.limit ?? 200;
    const out: LabEvent[] = [];
    for (let i = log.length - 1; i >= 0 && out.length < limit; i--) {
      const e = log.at(i);
      if (opts.afterKey !== undefined && e.key <= opts.afterKey) break;
      if (opts.objectId && e.objectId !== opts.objectId) continue;
      out.push(e);
    }
    return out;
  }

  /** Every event of one vCenter, oldest first (tests and replay comparison). */
  all(vcenterId: string): readonly LabEvent[] {
    return this.byVcenter.get(vcenterId)?.toArray() ?? [];
  }

  /** Every kept event per vCenter and the per-vCenter key counters, as plain data to save. */
  exportState(): EventLogState {
    const events: LabEvent[] = [];
    for (const log of this.byVcenter.values()) events.push(...log.toArray());
    return { events, keys: Object.fromEntries(this.keys) };
  }

  /** Loads saved events into an empty log (a restored lab); they are history, not news to push. */
  importState(state: EventLogState): void {
    for (const [key, n] of Object.entries(state.keys)) this.keys.set(key, n);
    for (const e of state.events) this.append(e.vcenterId, e);
  }

  /** Adds an event to its vCenter's log, dropping the oldest beyond what is kept. */
  private append(vcenterId: string, event: LabEvent): void {
    let log = this.byVcenter.get(vcenterId);
    if (!log) this.byVcenter.set(vcenterId, (log = new RecentList(KEEP_PER_VCENTER, 4096)));
    log.push(event);
  }

  takeAdded(): LabEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
