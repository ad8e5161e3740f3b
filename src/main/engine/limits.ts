/**
 * vCenter's concurrency cost model (reference: "Concurrency"). Each migration holds slots on hosts
 * and datastores while it runs; one that would go over any limit waits in the queue, never fails.
 */
import type { HostRec } from '../../shared/world-types';

export const HOST_MAX_COST = 8;
export const DATASTORE_MAX_COST = 128;
export const COST_VMOTION_HOST = 1;
export const COST_SVMOTION_HOST = 4;
export const COST_SHARED_NOTHING_HOST = 4;
/** "Other provisioning operations such as cloning, deployment, and cold migration" (host table). */
export const COST_PROVISIONING_HOST = 1;
export const COST_VMOTION_DATASTORE = 1;
export const COST_SVMOTION_DATASTORE = 16;

/** Concurrent vMotions a host's vMotion network allows: 4 on 1 GbE, 8 on 10 GbE and faster. */
export function networkLimit(host: Pick<HostRec, 'vmotion'>): number {
  return host.vmotion.linkGbps >= 10 ? 8 : 4;
}

/** Cost per host or datastore, in first-added order: `ids[i]` costs `costs[i]`. */
export interface CostList {
  ids: string[];
  costs: number[];
}

/** What one migration holds while it runs. */
export interface MigrationCosts {
  /** Hosts whose vMotion network the migration uses (one slot each). */
  network: string[];
  host: CostList;
  datastore: CostList;
}

/** Adds a cost for `key`; a key added twice keeps the higher cost (and its first position). */
export function addCost(list: CostList, key: string, cost: number): void {
  const i = list.ids.indexOf(key);
  if (i >= 0) {
    list.costs[i] = Math.max(list.costs[i], cost);
  } else {
    list.ids.push(key);
    list.costs.push(cost);
  }
}

/** The cost of `key` in a list, 0 when it has none. */
export function costOf(list: CostList, key: string): number {
  const i = list.ids.indexOf(key);
  return i < 0 ? 0 : list.costs[i];
}

/** One limit a migration can wait on: a host's vMotion network slots, a host's or a datastore's cost. */
export interface Limit {
  readonly kind: 'network' | 'host' | 'datastore';
  readonly id: string;
}

/** Slots in use per host and datastore, and the admission test against the limits. */
export class LimitTracker {
  readonly networkUse = new Map<string, number>();
  readonly hostUse = new Map<string, number>();
  readonly datastoreUse = new Map<string, number>();
  private readonly limitObjects: Record<Limit['kind'], Map<string, Limit>> = {
    network: new Map(),
    host: new Map(),
    datastore: new Map(),
  };

  /** `hosts` is the world's host map (read at each check: hosts come and go). */
  constructor(private readonly hosts: ReadonlyMap<string, HostRec>) {}

  fits(c: MigrationCosts): boolean {
    for (let i = 0; i < c.network.length; i++) {
      const h = c.network[i];
      const host = this.hosts.get(h);
      if (host && (this.networkUse.get(h) ?? 0) + 1 > networkLimit(host)) return false;
    }
    const { host, datastore } = c;
    for (let i = 0; i < host.ids.length; i++)
      if ((this.hostUse.get(host.ids[i]) ?? 0) + host.costs[i] > HOST_MAX_COST) return false;
    for (let i = 0; i < datastore.ids.length; i++)
      if ((this.datastoreUse.get(datastore.ids[i]) ?? 0) + datastore.costs[i] > DATASTORE_MAX_COST)
        return false;
    return true;
  }

  /** The one Limit object per host/datastore and kind (compared by identity). */
  limit(kind: Limit['kind'], id: string): Limit {
    const byId = this.limitObjects[kind];
    let l = byId.get(id);
    if (!l) byId.set(id, (l = { kind, id }));
    return l;
  }

  /** The first limit `c` would go over, checked in the same order as fits(); null when it fits. */
  blocker(c: MigrationCosts): Limit | null {
    for (let i = 0; i < c.network.length; i++) {
      const h = c.network[i];
      const host = this.hosts.get(h);
      if (host && (this.networkUse.get(h) ?? 0) + 1 > networkLimit(host)) return this.limit('network', h);
    }
    const { host, datastore } = c;
    for (let i = 0; i < host.ids.length; i++) {
      const h = host.ids[i];
      if ((this.hostUse.get(h) ?? 0) + host.costs[i] > HOST_MAX_COST) return this.limit('host', h);
    }
    for (let i = 0; i < datastore.ids.length; i++) {
      const d = datastore.ids[i];
      if ((this.datastoreUse.get(d) ?? 0) + datastore.costs[i] > DATASTORE_MAX_COST)
        return this.limit('datastore', d);
    }
    return null;
  }

  /** What is left under a limit (Infinity for the network of a host that is gone). */
  room(l: Limit): number {
    switch (l.kind) {
      case 'network': {
        const host = this.hosts.get(l.id);
        return host ? networkLimit(host) - (this.networkUse.get(l.id) ?? 0) : Number.POSITIVE_INFINITY;
      }
      case 'host':
        return HOST_MAX_COST - (this.hostUse.get(l.id) ?? 0);
      case 'datastore':
        return DATASTORE_MAX_COST - (this.datastoreUse.get(l.id) ?? 0);
    }
  }

  /** What `c` needs under a limit. */
  static need(c: MigrationCosts, l: Limit): number {
    switch (l.kind) {
      case 'network':
        return c.network.includes(l.id) ? 1 : 0;
      case 'host':
        return costOf(c.host, l.id);
      case 'datastore':
        return costOf(c.datastore, l.id);
    }
  }

  acquire(c: MigrationCosts): void {
    for (let i = 0; i < c.network.length; i++) {
      const h = c.network[i];
      this.networkUse.set(h, (this.networkUse.get(h) ?? 0) + 1);
    }
    const { host, datastore } = c;
    for (let i = 0; i < host.ids.length; i++) {
      const h = host.ids[i];
      this.hostUse.set(h, (this.hostUse.get(h) ?? 0) + host.costs[i]);
    }
    for (let i = 0; i < datastore.ids.length; i++) {
      const d = datastore.ids[i];
      this.datastoreUse.set(d, (this.datastoreUse.get(d) ?? 0) + datastore.costs[i]);
    }
  }

  release(c: MigrationCosts): void {
    for (let i = 0; i < c.network.length; i++) dec(this.networkUse, c.network[i], 1);
    const { host, datastore } = c;
    for (let i = 0; i < host.ids.length; i++) dec(this.hostUse, host.ids[i], host.costs[i]);
    for (let i = 0; i < datastore.ids.length; i++)
      dec(this.datastoreUse, datastore.ids[i], datastore.costs[i]);
  }

  /** Concurrent vMotions on a host's vMotion link right now (bandwidth is shared between them). */
  activeOnLink(hostId: string): number {
    return this.networkUse.get(hostId) ?? 0;
  }

  /** True when every counter is within its limit (the property tests assert this after each step). */
  withinLimits(): boolean {
    for (const [h, n] of this.networkUse) {
      const host = this.hosts.get(h);
      if (host && n > networkLimit(host)) return false;
    }
    for (const n of this.hostUse.values()) if (n > HOST_MAX_COST) return false;
    for (const n of this.datastoreUse.values()) if (n > DATASTORE_MAX_COST) return false;
    return true;
  }
}

function dec(m: Map<string, number>, k: string, n: number): void {
  const v = (m.get(k) ?? 0) - n;
  if (v <= 0) m.delete(k);
  else m.set(k, v);
}
