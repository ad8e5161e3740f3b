/**
 * A simple, explainable DRS. Each host's load is its powered-on VMs' memory over its memory; the
 * cluster's imbalance is the standard deviation of those loads (what pre-7.0 DRS showed as "current
 * host load standard deviation"). Over the target, DRS proposes moves from the busiest host to the
 * least busy one, each chosen to lower the imbalance most and to pass every compatibility check.
 * Fully automated clusters apply them; manual and partially automated ones list them to apply.
 * A VM DRS wants to move and the checks refuse (to balance, or off a host entering maintenance mode)
 * is listed as a fault with the check's own message, as the vSphere Client's DRS "Faults" view does.
 */
import type { DrsFault, DrsRecommendation, DrsStatus, TaskInfo } from '../../shared/engine-api';
import { LabFault } from '../../shared/result';
import type { DrsMode } from '../../shared/scenario-schema';
import type { ClusterRec, HostRec, VmRec } from '../../shared/world-types';
import type { EngineCore } from './core';
import type { Migration, MigrationOutcome } from './migration/migration';

/** Imbalance under which a cluster counts as balanced (model of migration threshold 3). */
export const DRS_TARGET_IMBALANCE = 0.05;
/** DRS runs every 5 minutes, as in vSphere. */
export const DRS_INTERVAL_MS = 5 * 60_000;
const MAX_MOVES_PER_RUN = 8;

/** DRS's saved form (see Drs.exportState); each cluster's mode lives in the world. */
export interface DrsState {
  recommendations: Record<string, DrsRecommendation[]>;
  counter: number;
}

/** What DRS needs from the engine: a checked compute-only move, started or only planned. */
export interface DrsMover {
  /** Errors that stop moving `vm` to `host` (empty = the move is possible). */
  moveErrors(vm: VmRec, host: HostRec): string[];
  startMove(vm: VmRec, host: HostRec, initiator: string, cluster: ClusterRec): Migration;
  isMigrating(vmId: string): boolean;
}

const stdev = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
};
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A balancing move before it is listed (ids are given only to the moves DRS keeps). */
interface BalancingMove {
  vm: VmRec;
  from: HostRec;
  to: HostRec;
  before: number;
  after: number;
}

const fault = (vm: VmRec, host: HostRec, operation: DrsFault['operation'], reason: string): DrsFault => ({
  vmId: vm.id,
  vmName: vm.name,
  hostId: host.id,
  hostName: host.name,
  operation,
  reason,
});

export class Drs {
  private readonly recommendations = new Map<string, DrsRecommendation[]>();
  private counter = 0;
  readonly changed = new Set<string>();

  constructor(
    private readonly core: EngineCore,
    private readonly mover: DrsMover,
    intervalMs: number | null,
  ) {
    if (intervalMs) {
      const tick = (): void => {
        for (const c of core.world.clusters.values()) this.run(c.id);
        core.clock.after(intervalMs, tick);
      };
      core.clock.after(intervalMs, tick);
    }
  }

  /** Hosts DRS balances across: connected and not in (or entering) maintenance mode. */
  activeHosts(clusterId: string): HostRec[] {
    return this.core.world
      .hostsInCluster(clusterId)
      .filter((h) => h.connectionState === 'connected' && h.maintenance === 'none')
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  hostLoad(host: HostRec): number {
    let mb = 0;
    for (const vm of this.core.world.vmsOnHost(host.id)) if (vm.powerState === 'poweredOn') mb += vm.memoryMB;
    return mb / (host.memoryGB * 1024);
  }

  status(clusterId: string): DrsStatus {
    const cluster = this.cluster(clusterId);
    const hosts = this.activeHosts(clusterId);
    const loads = hosts.map((h) => this.hostLoad(h));
    return {
      clusterId,
      mode: cluster.drs,
      imbalance: round3(stdev(loads)),
      target: DRS_TARGET_IMBALANCE,
      hostLoads: hosts.map((h, i) => ({ hostId: h.id, hostName: h.name, load: round3(loads[i]) })),
      recommendations: (this.recommendations.get(clusterId) ?? []).map((r) => ({ ...r })),
      faults: this.faults(cluster),
    };
  }

  /**
   * The VMs DRS wants to move and cannot, each with the first compatibility error that stops it:
   * running VMs of a host entering maintenance mode that fit no other host, then the VMs balancing
   * would move first. Read live from the checks, so a fault goes as soon as its cause does.
   */
  private faults(cluster: ClusterRec): DrsFault[] {
    if (cluster.drs === 'off') return [];
    const { world } = this.core;
    const active = this.activeHosts(cluster.id);
    const out: DrsFault[] = [];
    for (const host of world.hostsInCluster(cluster.id)) {
      if (host.maintenance !== 'entering') continue;
      for (const vm of world.vmsOnHost(host.id)) {
        if (vm.powerState !== 'poweredOn' || this.mover.isMigrating(vm.id)) continue;
        const reason = this.refusedEverywhere(vm, active);
        if (reason) out.push(fault(vm, host, 'maintenance', reason));
      }
    }
    for (const f of this.balance(cluster).blocked) if (!out.some((o) => o.vmId === f.vmId)) out.push(f);
    return out;
  }

  /** The first error of moving `vm` to the first candidate host, when every candidate refuses it. */
  private refusedEverywhere(vm: VmRec, hosts: HostRec[]): string | null {
    let first: string | null = null;
    for (const h of hosts) {
      if (h.id === vm.hostId) continue;
      const errors = this.mover.moveErrors(vm, h);
      if (errors.length === 0) return null;
      first ??= errors[0];
    }
    return first;
  }

  setMode(clusterId: string, mode: DrsMode): void {
    const cluster = this.cluster(clusterId);
    cluster.drs = mode;
    this.core.world.touchOutsideVms();
    this.core.inventoryChanged(cluster.vcenterId);
    if (mode === 'off') this.setRecommendations(clusterId, []);
    else this.run(clusterId);
  }

  /** One DRS pass over a cluster: apply (fully automated) or list (manual / partial) balancing moves. */
  run(clusterId: string): void {
    const cluster = this.core.world.clusters.get(clusterId);
    if (!cluster || cluster.drs === 'off') return;
    const recs = this.balance(cluster).moves.map((m) =>
      this.rec(
        cluster,
        m.vm,
        m.from,
        m.to,
        `Balance average memory utilisation: ${m.from.name} is the busiest host, ${m.to.name} the least busy`,
        m.before,
        m.after,
      ),
    );
    if (cluster.drs === 'fullyAutomated') {
      for (const r of recs) this.startRec(cluster, r, 'System');
      this.setRecommendations(clusterId, []);
    } else {
      const evacuations = (this.recommendations.get(clusterId) ?? []).filter((r) =>
        r.reason.startsWith('Host is entering'),
      );
      this.setRecommendations(clusterId, [
        ...evacuations,
        ...recs.filter((r) => !evacuations.some((e) => e.vmId === r.vmId)),
      ]);
    }
  }

  /** Lists an evacuation move for a manual/partial cluster (maintenance mode asks for it). */
  recommendEvacuation(cluster: ClusterRec, vm: VmRec, from: HostRec, to: HostRec): void {
    const list = this.recommendations.get(cluster.id) ?? [];
    if (list.some((r) => r.vmId === vm.id)) return;
    const s = this.status(cluster.id).imbalance;
    this.setRecommendations(cluster.id, [
      ...list,
      this.rec(
        cluster,
        vm,
        from,
        to,
        `Host is entering maintenance mode: migrate ${vm.name} off ${from.name}`,
        s,
        s,
      ),
    ]);
  }

  /**
   * A VM's devices changed (a client ISO attached, detached or disconnected): its cluster's DRS
   * faults may have come or gone, so clients showing them are told (drs.changed).
   */
  vmDevicesChanged(vmId: string): void {
    const vm = this.core.world.vms.get(vmId);
    const clusterId = vm && this.core.world.hosts.get(vm.hostId)?.clusterId;
    if (clusterId && this.core.world.clusters.get(clusterId)?.drs !== 'off') this.changed.add(clusterId);
  }

  dropRecommendationsFor(vmId: string): void {
    for (const [cid, list] of this.recommendations) {
      const kept = list.filter((r) => r.vmId !== vmId);
      if (kept.length !== list.length) this.setRecommendations(cid, kept);
    }
  }

  /**
   * "Apply recommendations": starts the chosen (or all) moves; the task completes when they have
   * all finished, successfully or not.
   */
  apply(clusterId: string, ids: string[] | undefined, user: string): TaskInfo {
    const cluster = this.cluster(clusterId);
    const list = this.recommendations.get(clusterId) ?? [];
    const chosen = ids ? list.filter((r) => ids.includes(r.id)) : list;
    if (ids && chosen.length !== ids.length)
      throw new LabFault('not-found', 'One of the recommendations no longer exists; refresh the list.', {
        field: 'recommendationIds',
      });
    const { core } = this;
    const task = core.createTask('Apply recommendations', cluster, user, { cancelable: false });
    core.tasks.start(task);
    core.tasks.phase(task, 'Apply DRS recommendations', { detail: `${chosen.length} migration(s)` });
    this.setRecommendations(
      clusterId,
      list.filter((r) => !chosen.includes(r)),
    );
    let open = 0;
    let failed = 0;
    const done = (): void => {
      if (open > 0) return;
      core.tasks.finish(
        task,
        failed ? 'error' : 'success',
        failed ? `${failed} of ${chosen.length} recommended migrations failed.` : null,
      );
    };
    for (const r of chosen) {
      core.addEvent(
        cluster.vcenterId,
        'DrsRecommendationAppliedEvent',
        `Applied DRS recommendation: migrate ${r.vmName} from ${r.fromHostName} to ${r.toHostName}`,
        {
          user,
          objectId: r.vmId,
          objectName: r.vmName,
          taskId: task.id,
        },
      );
      const m = this.startRec(cluster, r, user);
      if (!m) {
        failed++;
        continue;
      }
      open++;
      m.onDone.push((_m: Migration, outcome: MigrationOutcome) => {
        open--;
        if (outcome !== 'success') failed++;
        core.tasks.setProgress(task, (100 * (chosen.length - open)) / Math.max(1, chosen.length));
        done();
      });
    }
    done();
    return task;
  }

  /** Listed recommendations per cluster and the id counter, as plain data to save. */
  exportState(): DrsState {
    return { recommendations: Object.fromEntries(this.recommendations), counter: this.counter };
  }

  /** Restores saved recommendations (a restored lab), keeping only those whose VM and hosts exist. */
  importState(state: DrsState): void {
    const w = this.core.world;
    this.counter = Math.max(this.counter, state.counter);
    for (const [clusterId, list] of Object.entries(state.recommendations)) {
      const kept = list.filter(
        (r) => w.vms.has(r.vmId) && w.hosts.has(r.toHostId) && w.clusters.has(clusterId),
      );
      if (kept.length) this.setRecommendations(clusterId, kept);
    }
  }

  private startRec(cluster: ClusterRec, r: DrsRecommendation, initiator: string): Migration | null {
    const vm = this.core.world.vms.get(r.vmId);
    const to = this.core.world.hosts.get(r.toHostId);
    if (
      !vm ||
      !to ||
      vm.hostId !== r.fromHostId ||
      this.mover.isMigrating(vm.id) ||
      this.mover.moveErrors(vm, to).length
    )
      return null;
    return this.mover.startMove(vm, to, initiator, cluster);
  }

  /**
   * Greedy balancing: each step moves the VM that lowers the imbalance most, while it helps. A VM
   * that would have been the better move but fails a check is `blocked`, with the check's error.
   */
  private balance(cluster: ClusterRec): { moves: BalancingMove[]; blocked: DrsFault[] } {
    const hosts = this.activeHosts(cluster.id);
    const moves: BalancingMove[] = [];
    const blocked: DrsFault[] = [];
    if (hosts.length < 2) return { moves, blocked };
    const load = new Map(hosts.map((h) => [h.id, this.hostLoad(h)]));
    const where = new Map<string, string>();
    const vmsOn = new Map<string, VmRec[]>();
    for (const h of hosts) {
      const list = this.core.world
        .vmsOnHost(h.id)
        .filter((v) => v.powerState === 'poweredOn' && !v.pinned && !this.mover.isMigrating(v.id))
        .sort((a, b) => b.memoryMB - a.memoryMB || (a.id < b.id ? -1 : 1));
      vmsOn.set(h.id, list);
      for (const v of list) where.set(v.id, h.id);
    }
    const moved = new Set<string>();
    for (let step = 0; step < MAX_MOVES_PER_RUN; step++) {
      const before = stdev([...load.values()]);
      if (before <= DRS_TARGET_IMBALANCE) break;
      const sorted = [...hosts].sort((a, b) => load.get(b.id)! - load.get(a.id)! || (a.id < b.id ? -1 : 1));
      const from = sorted[0];
      const to = sorted[sorted.length - 1];
      let best: { vm: VmRec; after: number } | null = null;
      for (const vm of vmsOn.get(from.id) ?? []) {
        if (moved.has(vm.id) || where.get(vm.id) !== from.id) continue;
        const delta = vm.memoryMB / (from.memoryGB * 1024);
        const deltaTo = vm.memoryMB / (to.memoryGB * 1024);
        const trial = new Map(load);
        trial.set(from.id, trial.get(from.id)! - delta);
        trial.set(to.id, trial.get(to.id)! + deltaTo);
        const after = stdev([...trial.values()]);
        if (after >= before - 0.005 || (best && after >= best.after)) continue;
        const errors = this.mover.moveErrors(vm, to);
        if (errors.length === 0) best = { vm, after };
        else if (!blocked.some((b) => b.vmId === vm.id)) blocked.push(fault(vm, from, 'balance', errors[0]));
      }
      if (!best) break;
      moved.add(best.vm.id);
      load.set(from.id, load.get(from.id)! - best.vm.memoryMB / (from.memoryGB * 1024));
      load.set(to.id, load.get(to.id)! + best.vm.memoryMB / (to.memoryGB * 1024));
      moves.push({ vm: best.vm, from, to, before, after: best.after });
    }
    return { moves, blocked };
  }

  private rec(
    cluster: ClusterRec,
    vm: VmRec,
    from: HostRec,
    to: HostRec,
    reason: string,
    before: number,
    after: number,
  ): DrsRecommendation {
    return {
      id: `drs-rec-${++this.counter}`,
      clusterId: cluster.id,
      vmId: vm.id,
      vmName: vm.name,
      fromHostId: from.id,
      fromHostName: from.name,
      toHostId: to.id,
      toHostName: to.name,
      reason,
      imbalanceBefore: round3(before),
      imbalanceAfter: round3(after),
    };
  }

  private setRecommendations(clusterId: string, list: DrsRecommendation[]): void {
    const prev = this.recommendations.get(clusterId) ?? [];
    if (prev.length === 0 && list.length === 0) return;
    this.recommendations.set(clusterId, list);
    this.changed.add(clusterId);
  }

  private cluster(clusterId: string): ClusterRec {
    const c = this.core.world.clusters.get(clusterId);
    if (!c) throw new LabFault('not-found', `No cluster with id "${clusterId}".`, { field: 'clusterId' });
    return c;
  }
}
