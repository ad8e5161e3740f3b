/**
 * Runs migrations: the queue in front of the concurrency limits, the phases of each migration on the
 * simulation clock (phases.ts), the commit at the switchover, and rollback on any failure or cancel.
 * The VM only moves in commitMove, in one synchronous step, so it is never lost and never in two
 * inventories.
 */
import { LabFault } from '../../../shared/result';
import { checkPlan } from '../compatibility';
import type { EngineCore } from '../core';
import { FAULTS, type FaultBox } from '../faults';
import type { PingMonitors } from '../ping';
import type { RemoteDevices } from '../remote-devices';
import { MSG } from '../vsphere-messages';
import { AdmissionQueue } from './admission-queue';
import { commitMove, VmIdAllocator } from './commit';
import { costsFor } from './costs';
import {
  runningTasks,
  startedDestTask,
  type EnqueueOptions,
  type Migration,
  type MigrationOutcome,
} from './migration';
import { logCancelled, logFailed, logQueued, logStarted, logSucceeded } from './migration-events';
import { pathFailure } from '../network-paths';
import { highPriorityRefusal, isVmotion, vmotionCpuReservationMhz } from '../vmotion-priority';
import { beginPhase, isNfcCopyOn, planPhases, precopyPassPhases, type PhaseContext } from './phases';
import type { VmPlan } from './plan-types';
import { DiskReservations } from './reservations';

export type { EnqueueOptions, Migration, MigrationOutcome } from './migration';

const initiatorOn = (vcenterId: string, o: EnqueueOptions): string =>
  vcenterId === o.initiatingVcenterId ? o.initiator : (o.remoteInitiator ?? o.initiator);

export class MigrationRunner {
  readonly migrations = new Map<string, Migration>();
  readonly byVm = new Map<string, Migration>();
  /** The queue in front of the limits (high priority first, then arrival order). */
  private readonly queue: AdmissionQueue<Migration>;
  /** Space claimed on destination datastores by copies not yet committed. */
  private readonly reservations = new DiskReservations();
  private counter = 0;
  private readonly ids: VmIdAllocator;
  private readonly phaseContext: PhaseContext;
  private readonly finishedListeners = new Set<(m: Migration, outcome: MigrationOutcome) => void>();

  constructor(
    private readonly core: EngineCore,
    private readonly faults: FaultBox,
    private readonly remote: RemoteDevices,
    private readonly ping: PingMonitors,
  ) {
    this.ids = new VmIdAllocator(core.world);
    this.queue = new AdmissionQueue(core.limits);
    this.phaseContext = {
      core,
      remote,
      ping,
      nfcCopiesOn: (hostId) => [...this.migrations.values()].filter((m) => isNfcCopyOn(m, hostId)).length,
    };
  }

  /** GB claimed on destination datastores by copies not yet committed. */
  get reservedGB(): ReadonlyMap<string, number> {
    return this.reservations.total;
  }

  onFinished(listener: (m: Migration, outcome: MigrationOutcome) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  get queued(): readonly Migration[] {
    return this.queue.items;
  }

  /** Creates the tasks (queued) and puts the migration in the queue; call pump() to admit. */
  enqueue(plan: VmPlan, opts: EnqueueOptions): Migration {
    const { core } = this;
    if (this.byVm.has(plan.vm.id))
      throw new LabFault('conflict', MSG.vmBusy(plan.vm.name), { field: 'vmIds' });
    const id = `migration-${++this.counter}`;
    const sourceTask = core.createTask(
      opts.systemMove && !plan.crossVc ? 'Migrate virtual machine' : 'Relocate virtual machine',
      plan.vm,
      initiatorOn(plan.srcVcenterId, opts),
      { vcenterId: plan.srcVcenterId, migrationId: id },
    );
    const destTask = plan.crossVc
      ? core.createTask('Initiate vMotion receive operation', plan.vm, initiatorOn(plan.dstVcenterId, opts), {
          vcenterId: plan.dstVcenterId,
          migrationId: id,
        })
      : null;
    if (destTask) core.tasks.link(sourceTask, destTask);
    const m: Migration = {
      id,
      plan,
      vmId: plan.vm.id,
      vmName: plan.vm.name,
      priority: opts.priority,
      state: 'queued',
      queueKey: this.queue.nextKey(opts.priority),
      blockedBy: null,
      costs: costsFor(plan),
      reservedGB: this.reservations.claim(plan),
      sourceTask,
      destTask,
      phases: [],
      phaseIndex: -1,
      timer: null,
      tick: null,
      fault: null,
      committed: false,
      remainder: null,
      drsCluster: opts.drsCluster ?? null,
      onDone: [],
    };
    logQueued(core, m);
    this.migrations.set(id, m);
    this.byVm.set(m.vmId, m);
    this.queue.add(m);
    return m;
  }

  /** Starts every queued migration that fits the limits now (see AdmissionQueue). */
  pump(): void {
    for (const m of this.queue.pump() ?? []) this.begin(m);
  }

  /** Cancels by migration id or by either of its task ids. */
  cancel(idOrTask: string, user: string): Migration {
    const m = this.migrations.get(idOrTask) ?? this.find(idOrTask);
    if (!m || m.state === 'done')
      throw new LabFault('not-found', `No migration in progress for "${idOrTask}".`, { field: 'taskId' });
    if (m.committed) throw new LabFault('conflict', MSG.cannotCancel);
    this.stop(m, 'cancelled', MSG.cancelled, user);
    return m;
  }

  find(taskId: string): Migration | undefined {
    const t = this.core.tasks.get(taskId);
    return t?.migrationId ? this.migrations.get(t.migrationId) : undefined;
  }

  /** Steady invariant for tests: VMs in flight are exactly those recorded as migrating. */
  inFlight(): Migration[] {
    return [...this.byVm.values()];
  }

  private begin(m: Migration): void {
    m.state = 'running';
    const phases = planPhases(m.plan);
    m.phases = phases;
    m.tick = () => this.next(m);
    m.fault = this.faults.claim(m.vmId, (k) => phases.some((s) => s.faults.includes(k)));
    this.core.tasks.start(m.sourceTask);
    logStarted(this.core, m);
    this.next(m);
  }

  /** Ends the phase that ran (its effect, if it has one) and begins the next. */
  private next(m: Migration): void {
    m.timer = null;
    const ended = m.phases[m.phaseIndex];
    if (ended?.kind === 'checks') this.recheck(m);
    else if (ended?.kind === 'switchover' || ended?.kind === 'register') this.commit(m);
    if (m.state === 'done') return;
    m.phaseIndex++;
    if (m.phaseIndex >= m.phases.length) return this.succeed(m);
    const phase = m.phases[m.phaseIndex];
    // A destination host that went away fails the migration at the next phase boundary.
    if (
      m.phaseIndex > 0 &&
      m.plan.hostChange &&
      !m.committed &&
      m.plan.dstHost.connectionState !== 'connected'
    )
      return this.stop(m, 'error', MSG.hostLost(m.plan.dstHost.name), null);
    if (phase.kind === 'precopy') {
      const { passes, remainder } = precopyPassPhases(this.core, m, phase);
      m.phases.splice(m.phaseIndex, 1, ...passes);
      m.remainder = remainder;
      m.phaseIndex--;
      return this.next(m);
    }
    const { ms, detail } = beginPhase(this.phaseContext, m, phase);
    const endAt = this.core.clock.now() + ms;
    for (const t of runningTasks(m))
      this.core.tasks.phase(t, phase.name, { detail, progressTo: phase.progressTo, endAt });
    // A firewall blocking the port this phase needs: the connection times out and the migration fails.
    const blocked = pathFailure(m.plan, phase.kind);
    if (blocked) {
      m.timer = this.core.clock.after(blocked.afterMs, () => this.stop(m, 'error', blocked.message, null));
      return;
    }
    const fault = m.fault;
    if (fault !== null && phase.faults.includes(fault)) {
      // The armed fault strikes halfway through this phase.
      m.fault = null;
      m.timer = this.core.clock.after(Math.max(1, Math.floor(ms / 2)), () =>
        this.stop(m, 'error', FAULTS[fault].message(m.plan, this.core.world), null),
      );
      return;
    }
    m.timer = this.core.clock.after(ms, m.tick!);
  }

  /** The world may have changed while the migration was queued: check again before moving anything. */
  private recheck(m: Migration): void {
    const vm = this.core.world.vms.get(m.vmId);
    if (!vm) return this.stop(m, 'error', MSG.vmGone(m.vmName), null);
    // The plan is this migration's own (resolveRequest built it): point it at the current record.
    m.plan.vm = vm;
    const { errors } = checkPlan(this.core.world, m.plan, this.reservations.othersThan(m.reservedGB));
    if (errors.length) return this.stop(m, 'error', errors[0].message, null);
    // High priority reserves CPU on both hosts before the vMotion proceeds; regular priority never waits.
    const refusal =
      m.priority === 'high' ? highPriorityRefusal(m.plan, (h) => this.cpuReservedOn(h, m)) : null;
    if (refusal) this.stop(m, 'error', refusal, null);
  }

  /** CPU (MHz) the other running high-priority vMotions hold on a host. */
  private cpuReservedOn(hostId: string, except: Migration): number {
    let mhz = 0;
    for (const o of this.migrations.values()) {
      if (o === except || o.state !== 'running' || o.priority !== 'high' || !isVmotion(o.plan)) continue;
      if (o.phaseIndex < 1) continue; // still in its own checks: it reserves nothing yet
      const host =
        o.plan.srcHost.id === hostId ? o.plan.srcHost : o.plan.dstHost.id === hostId ? o.plan.dstHost : null;
      if (host) mhz += vmotionCpuReservationMhz(host);
    }
    return mhz;
  }

  private commit(m: Migration): void {
    const { core } = this;
    const p = m.plan;
    const oldId = m.vmId;
    const newId = commitMove(core.world, p, this.ids);
    m.vmId = newId;
    if (newId !== oldId) {
      this.byVm.delete(oldId);
      this.byVm.set(newId, m);
      this.ping.rekey(oldId, newId);
      this.faults.rekey(oldId, newId);
      if (m.sourceTask.vcenterId === p.dstVcenterId) core.tasks.retarget(m.sourceTask, newId);
      const dest = startedDestTask(m);
      if (dest && dest.vcenterId === p.dstVcenterId) core.tasks.retarget(dest, newId);
    }
    const vm = core.world.vms.get(newId)!;
    if (p.live && p.hostChange) this.remote.afterSwitchover(oldId, vm, p.dstHost.name, m.sourceTask.id);
    core.inventoryChanged(p.srcVcenterId, p.dstVcenterId);
  }

  private succeed(m: Migration): void {
    const { core } = this;
    core.tasks.finish(m.sourceTask, 'success');
    const dest = startedDestTask(m);
    if (dest) core.tasks.finish(dest, 'success');
    logSucceeded(core, m);
    this.finish(m, 'success', null);
  }

  /** Failure or cancel before the commit: roll back, the VM stays on the source, running. */
  private stop(m: Migration, outcome: 'error' | 'cancelled', error: string, user: string | null): void {
    const { core } = this;
    if (m.state === 'done') return;
    core.clock.cancel(m.timer);
    m.timer = null;
    if (m.state === 'queued') {
      this.queue.remove(m);
    } else {
      for (const t of runningTasks(m)) core.tasks.phase(t, 'Rollback');
      const vm = core.world.vms.get(m.vmId);
      if (vm) this.remote.afterRollback(vm, m.plan.srcHost.name, m.sourceTask.id);
    }
    core.tasks.finish(m.sourceTask, outcome, error);
    if (m.destTask) core.tasks.finish(m.destTask, outcome, error);
    if (outcome === 'cancelled') logCancelled(core, m, user);
    else logFailed(core, m, error);
    this.finish(m, outcome, error);
  }

  private finish(m: Migration, outcome: MigrationOutcome, error: string | null): void {
    const wasRunning = m.state === 'running';
    m.state = 'done';
    if (wasRunning) {
      this.core.limits.release(m.costs);
      this.queue.release(m.costs);
    }
    this.reservations.release(m.reservedGB);
    this.byVm.delete(m.vmId);
    this.migrations.delete(m.id);
    for (const done of m.onDone) done(m, outcome, error);
    for (const l of this.finishedListeners) l(m, outcome);
    this.pump();
  }
}
