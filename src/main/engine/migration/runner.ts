/**
 * Runs migrations: the queue in front of the concurrency limits, the phases of each migration on the
 * simulation clock, the commit at the switchover, and rollback on any failure or cancel. The VM only
 * moves in commitMove, in one synchronous step, so it is never lost and never in two inventories.
 */
import type { FaultKind, TaskInfo } from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import type { HostRec, VmRec } from '../../../shared/world-types';
import { diskConsumedGB } from '../../../shared/world-types';
import type { TimerId } from '../clock';
import { checkPlan, MSG, type ReservedSpace } from '../compatibility';
import type { EngineCore } from '../core';
import type { FaultBox } from '../faults';
import {
  addCost,
  COST_SHARED_NOTHING_HOST,
  COST_SVMOTION_DATASTORE,
  COST_SVMOTION_HOST,
  COST_VMOTION_DATASTORE,
  COST_VMOTION_HOST,
  type Limit,
  type MigrationCosts,
} from '../limits';
import type { PingMonitors } from '../ping';
import type { RemoteDevices } from '../remote-devices';
import { AdmissionQueue } from './admission-queue';
import { commitMove, VmIdAllocator } from './commit';
import { planDiskConsumedGB, type DiskPlan, type VmPlan } from './plan';
import {
  copyGB,
  DATAMOVER_MBPS,
  DISK_OVER_VMOTION_CAP_MBPS,
  formatMB,
  NFC_MBPS,
  precopyPasses,
  type PrecopyPass,
  switchoverMs,
  vmotionBandwidthMBps,
} from './timing';

export type MigrationOutcome = 'success' | 'error' | 'cancelled';

type StepKind =
  | 'checks'
  | 'prepareDestination'
  | 'prepareSource'
  | 'copy'
  | 'precopy'
  | 'precopyPass'
  | 'switchover'
  | 'register'
  | 'cleanup';

/**
 * One phase: what it is (beginStep/endStep act on the kind), its name and progress, and what it may
 * fail with. Plain data, so a migration's phases cost no closures. Made by makeStep() as one object
 * literal with every field, so all steps share one shape whatever their kind, and that shape
 * outlives any one engine (a class's field layout is dropped with its last instance, and with it
 * the code the JIT optimised for it).
 */
interface Step {
  readonly kind: StepKind;
  readonly name: string;
  readonly progressTo: number;
  readonly faults: readonly FaultKind[];
  /** The disk a 'copy' step copies. */
  readonly disk: DiskPlan | null;
  /** 'precopy': where its passes start on the progress bar, and the VM if it no longer exists. */
  readonly memFrom: number;
  readonly vm: VmRec | null;
  /** 'precopyPass': what it sends and at which bandwidth. */
  readonly pass: PrecopyPass | null;
  readonly bw: number;
}

function makeStep(
  kind: StepKind,
  name: string,
  progressTo: number,
  faults: readonly FaultKind[],
  disk: DiskPlan | null = null,
  memFrom = 0,
  vm: VmRec | null = null,
  pass: PrecopyPass | null = null,
  bw = 0,
): Step {
  return { kind, name, progressTo, faults, disk, memFrom, vm, pass, bw };
}

const NO_FAULTS: readonly FaultKind[] = [];
const NO_RESERVATION: ReadonlyMap<string, number> = new Map();
const PREPARE_FAULTS: readonly FaultKind[] = ['timeout'];
const PREPARE_FAULTS_NO_TRANSFER: readonly FaultKind[] = ['timeout', 'datastoreFull', 'destinationHostLost'];
const COPY_FAULTS_LIVE: readonly FaultKind[] = ['datastoreFull'];
const COPY_FAULTS_COLD: readonly FaultKind[] = ['datastoreFull', 'destinationHostLost'];
const HOST_LOST_FAULTS: readonly FaultKind[] = ['destinationHostLost'];
const SWITCHOVER_FAULTS: readonly FaultKind[] = ['failToResume'];
const MEM_TO = 90;

export interface Migration {
  id: string;
  plan: VmPlan;
  /** The VM's id now (a cross-vCenter move gives it a new one at the commit). */
  vmId: string;
  vmName: string;
  priority: 'high' | 'normal';
  state: 'queued' | 'running' | 'done';
  /** Position in the queue: high priority first, then arrival order (set when queued). */
  queueKey: number;
  /** While queued: a limit it was over when last tried (it is retried once that one frees up). */
  blockedBy: Limit | null;
  costs: MigrationCosts;
  /** GB this migration's copies claim per destination datastore (shared empty map when none). */
  reservedGB: ReadonlyMap<string, number>;
  sourceTask: TaskInfo;
  destTask: TaskInfo | null;
  steps: Step[];
  stepIndex: number;
  timer: TimerId | null;
  /** Runs the next phase (one callback per migration for all of its phase timers). */
  tick: (() => void) | null;
  fault: FaultKind | null;
  /** Set once the switchover starts: from here the migration completes, it cannot be cancelled. */
  committed: boolean;
  /** Memory left after pre-copy and the bandwidth it goes at, for the switchover time. */
  remainder: { mb: number; bw: number } | null;
  drsCluster: string | null;
  onDone: ((m: Migration, outcome: MigrationOutcome, error: string | null) => void)[];
}

export interface EnqueueOptions {
  /** The vCenter the wizard ran on; its task records `initiator`, the other one `remoteInitiator`. */
  initiatingVcenterId: string;
  initiator: string;
  /** Who the other vCenter records as initiator of its task (the wizard's login there). */
  remoteInitiator?: string;
  priority: 'high' | 'normal';
  /** DRS-initiated (balance or evacuation): events name the cluster. */
  drsCluster?: string | null;
}

const initiatorOn = (vcenterId: string, o: EnqueueOptions): string =>
  vcenterId === o.initiatingVcenterId ? o.initiator : (o.remoteInitiator ?? o.initiator);

const rnd = (core: EngineCore, min: number, max: number): number =>
  Math.round(min + core.random.next() * (max - min));

export class MigrationRunner {
  readonly migrations = new Map<string, Migration>();
  readonly byVm = new Map<string, Migration>();
  /** The queue in front of the limits (high priority first, then arrival order). */
  private readonly queue: AdmissionQueue<Migration>;
  /** GB claimed on destination datastores by copies not yet committed. */
  readonly reservedGB = new Map<string, number>();
  private counter = 0;
  private readonly ids: VmIdAllocator;
  /**
   * Free space per datastore, kept up to date by our own commits so a busy engine does not make the
   * world rebuild its indexes after every move; any other change to the world resets it.
   */
  private freeCache = new Map<string, number>();
  private freeCacheRevision = -1;
  datastoreFreeGB(datastoreId: string): number {
    const { world } = this.core;
    if (this.freeCacheRevision !== world.revision) {
      this.freeCache = new Map();
      this.freeCacheRevision = world.revision;
    }
    let free = this.freeCache.get(datastoreId);
    if (free === undefined) {
      // Every datastore at once, from one reading of the world's indexes: read one at a time, each
      // first read after a run of commits would have the world rebuild its indexes again.
      for (const id of world.datastores.keys())
        if (!this.freeCache.has(id)) this.freeCache.set(id, world.datastoreFreeGB(id));
      free = this.freeCache.get(datastoreId) ?? world.datastoreFreeGB(datastoreId);
    }
    return free;
  }
  private readonly finishedListeners = new Set<(m: Migration, outcome: MigrationOutcome) => void>();

  constructor(
    private readonly core: EngineCore,
    private readonly faults: FaultBox,
    private readonly remote: RemoteDevices,
    private readonly ping: PingMonitors,
  ) {
    this.ids = new VmIdAllocator(core.world);
    this.queue = new AdmissionQueue(core.limits);
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
    if (this.byVm.has(plan.vm.id)) {
      throw new LabFault(
        'conflict',
        `Another task is already in progress: '${plan.vm.name}' is being migrated.`,
        { field: 'vmIds' },
      );
    }
    const id = `migration-${++this.counter}`;
    const sameVc = !plan.crossVc;
    const sourceTask = core.tasks.create({
      vcenterId: plan.srcVcenterId,
      vcenterKey: core.vcKey(plan.srcVcenterId),
      name: sameVc ? 'Migrate virtual machine' : 'Relocate virtual machine',
      targetId: plan.vm.id,
      targetName: plan.vm.name,
      targetKind: 'vm',
      initiator: initiatorOn(plan.srcVcenterId, opts),
      migrationId: id,
    });
    let destTask: TaskInfo | null = null;
    if (plan.crossVc) {
      destTask = core.tasks.create({
        vcenterId: plan.dstVcenterId,
        vcenterKey: core.vcKey(plan.dstVcenterId),
        name: 'Initiate vMotion receive operation',
        targetId: plan.vm.id,
        targetName: plan.vm.name,
        targetKind: 'vm',
        initiator: initiatorOn(plan.dstVcenterId, opts),
        migrationId: id,
      });
      core.tasks.link(sourceTask, destTask);
    }
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
      reservedGB: NO_RESERVATION,
      sourceTask,
      destTask,
      steps: [],
      stepIndex: -1,
      timer: null,
      tick: null,
      fault: null,
      committed: false,
      remainder: null,
      drsCluster: opts.drsCluster ?? null,
      onDone: [],
    };
    let reserved: Map<string, number> | null = null;
    for (let i = 0; i < plan.disks.length; i++) {
      const d = plan.disks[i];
      if (d.copy) addSum((reserved ??= new Map()), d.toDatastoreId, planDiskConsumedGB(d));
    }
    if (reserved) {
      m.reservedGB = reserved;
      reserved.forEach(this.addReserved, this);
    }
    core.addEvent(plan.srcVcenterId, 'TaskEvent', `Task: ${sourceTask.name}`, {
      user: sourceTask.initiator,
      objectId: m.vmId,
      objectName: m.vmName,
      taskId: sourceTask.id,
    });
    this.migrations.set(id, m);
    this.byVm.set(m.vmId, m);
    // High priority goes ahead of normal priority; arrival order otherwise.
    this.queue.add(m);
    return m;
  }

  /** Starts every queued migration that fits the limits now (see AdmissionQueue). */
  pump(): void {
    const admitted = this.queue.pump();
    if (admitted) for (let i = 0; i < admitted.length; i++) this.begin(admitted[i]);
  }

  /** Cancels by migration id or by either of its task ids. */
  cancel(idOrTask: string, user: string): Migration {
    const m = this.migrations.get(idOrTask) ?? this.find(idOrTask);
    if (!m || m.state === 'done')
      throw new LabFault('not-found', `No migration in progress for "${idOrTask}".`, { field: 'taskId' });
    if (m.committed) {
      throw new LabFault(
        'conflict',
        'The operation cannot be canceled at this stage: the switchover has started and the migration is completing.',
      );
    }
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
    const { core } = this;
    m.state = 'running';
    m.steps = this.buildSteps(m);
    m.tick = () => this.next(m);
    const steps = m.steps;
    m.fault =
      this.faults.armedCount === 0
        ? null
        : this.faults.claim(m.vmId, (k) => steps.some((s) => s.faults.includes(k)));
    core.tasks.start(m.sourceTask);
    const p = m.plan;
    const srcDs = dsName(this.core, p.disks[0]?.fromDatastoreId);
    const dstDs = dsName(this.core, p.disks[0]?.toDatastoreId);
    if (p.live && p.hostChange && !p.crossVc) {
      core.addEvent(
        p.srcVcenterId,
        'VmBeingHotMigratedEvent',
        `Migrating ${m.vmName} from ${p.srcHost.name}, ${srcDs} to ${p.dstHost.name}, ${dstDs} in ${dcName(core, p.vm.datacenterId)}`,
        {
          user: m.sourceTask.initiator,
          objectId: m.vmId,
          objectName: m.vmName,
          taskId: m.sourceTask.id,
        },
      );
    } else {
      core.addEvent(
        p.srcVcenterId,
        'VmBeingRelocatedEvent',
        `Relocating ${m.vmName} from ${p.srcHost.name}, ${srcDs} in ${dcName(core, p.vm.datacenterId)} to ${p.dstHost.name}, ${dstDs} in ${dcName(core, p.dstDatacenterId)}`,
        { user: m.sourceTask.initiator, objectId: m.vmId, objectName: m.vmName, taskId: m.sourceTask.id },
      );
    }
    this.next(m);
  }

  private next(m: Migration): void {
    m.timer = null;
    const steps = m.steps;
    // Indexes checked before reading: a read at -1 or past the end takes V8's slow keyed path.
    const prev = m.stepIndex >= 0 ? steps[m.stepIndex] : undefined;
    if (
      prev !== undefined &&
      (prev.kind === 'checks' || prev.kind === 'switchover' || prev.kind === 'register')
    ) {
      if (prev.kind === 'checks') this.recheck(m);
      else this.commit(m);
      if (m.state === 'done') return;
    }
    m.stepIndex++;
    if (m.stepIndex >= steps.length) return this.succeed(m);
    const step = steps[m.stepIndex];
    // A destination host that went away fails the migration at the next phase boundary.
    if (
      m.stepIndex > 0 &&
      m.plan.hostChange &&
      !m.committed &&
      m.plan.dstHost.connectionState !== 'connected'
    ) {
      return this.stop(m, 'error', hostLostMessage(m.plan.dstHost), null);
    }
    if (step.kind === 'precopy') return this.expandPrecopy(m, step);
    const ms = this.openStep(m, step);
    if (m.fault !== null && step.faults.includes(m.fault)) return this.armFault(m, m.fault, ms);
    m.timer = this.core.clock.after(ms, m.tick!);
  }

  /** next(): replaces the pre-copy phase by its passes and starts the first. */
  private expandPrecopy(m: Migration, step: Step): void {
    m.steps.splice(m.stepIndex, 1, ...this.precopyPasses(m, step));
    m.stepIndex--;
    this.next(m);
  }

  /** next(): begins a phase and opens it on the tasks; returns how long it takes (ms). */
  private openStep(m: Migration, step: Step): number {
    const { core } = this;
    this.detail = undefined;
    const ms = this.beginStep(m, step);
    const opts = this.phaseOpts;
    opts.detail = this.detail;
    opts.progressTo = step.progressTo;
    opts.endAt = core.clock.now() + ms;
    core.tasks.phase(m.sourceTask, step.name, opts);
    if (m.destTask && m.destTask.state !== 'queued') core.tasks.phase(m.destTask, step.name, opts);
    return ms;
  }

  /** next(): the armed fault strikes halfway through this phase. */
  private armFault(m: Migration, kind: FaultKind, ms: number): void {
    m.fault = null;
    m.timer = this.core.clock.after(Math.max(1, Math.floor(ms / 2)), () =>
      this.stop(m, 'error', this.faultMessage(m, kind), null),
    );
  }

  /** Options of the phase next() opens (TaskStore.phase reads them and keeps nothing). */
  private readonly phaseOpts: { detail: string | undefined; progressTo: number; endAt: number } = {
    detail: undefined,
    progressTo: 0,
    endAt: 0,
  };

  /** Detail line of the phase beginStep just began (set by the steps that have one). */
  private detail: string | undefined;

  /** Starts a phase: does what it does at its start and returns how long it takes (ms). */
  private beginStep(m: Migration, step: Step): number {
    const { core } = this;
    const p = m.plan;
    switch (step.kind) {
      case 'checks':
        return rnd(core, 700, 1400);
      case 'prepareDestination':
        if (m.destTask) core.tasks.start(m.destTask);
        return rnd(core, 900, 1800) + (p.crossVc ? rnd(core, 1000, 2000) : 0);
      case 'prepareSource':
        return rnd(core, 400, 800);
      case 'copy': {
        const d = step.disk!;
        const rate = !p.hostChange
          ? DATAMOVER_MBPS
          : p.live
            ? Math.min(this.bandwidth(p), DISK_OVER_VMOTION_CAP_MBPS)
            : NFC_MBPS;
        const mb = copyGB(d) * 1024;
        this.detail = `${formatMB(mb)} to [${dsName(core, d.toDatastoreId)}] at ${Math.round(rate)} MB/s`;
        return Math.max(200, Math.round((mb / rate) * 1000));
      }
      case 'precopyPass': {
        const pass = step.pass!;
        this.detail = `${formatMB(pass.sentMB)} at ${Math.round(step.bw)} MB/s${pass.sdps ? ', Stun During Page Send' : ''}`;
        return Math.max(1, Math.round(pass.seconds * 1000));
      }
      case 'switchover': {
        m.committed = true;
        core.tasks.setCancelable(m.sourceTask, false);
        if (m.destTask && m.destTask.state !== 'queued') core.tasks.setCancelable(m.destTask, false);
        const rem = m.remainder;
        const ms = switchoverMs(rem?.mb ?? 16, rem?.bw ?? 1000, core.random.next());
        const vm = core.world.vms.get(m.vmId);
        if (vm && p.hostChange) this.remote.beforeSwitchover(vm, p.srcHost.name, m.sourceTask.id);
        this.ping.noteStun(m.vmId, ms);
        this.detail = `VM stunned for ${ms} ms`;
        return ms;
      }
      case 'register':
        m.committed = true;
        core.tasks.setCancelable(m.sourceTask, false);
        if (m.destTask && m.destTask.state !== 'queued') core.tasks.setCancelable(m.destTask, false);
        return rnd(core, 800, 1500);
      case 'cleanup':
        return rnd(core, 600, 1400);
      case 'precopy':
        throw new Error('pre-copy is expanded into its passes');
    }
  }

  /** Memory pre-copy: its passes at the bandwidth the link gives now (they replace the phase). */
  private precopyPasses(m: Migration, step: Step): Step[] {
    const bw = this.bandwidth(m.plan);
    const vm = this.core.world.vms.get(m.vmId) ?? step.vm!;
    const { passes, remainderMB } = precopyPasses(vm.memoryMB, vm.dirtyRateMBps, bw);
    const total = passes.reduce((s, x) => s + x.sentMB, 0);
    const memFrom = step.memFrom;
    let sent = 0;
    const expanded: Step[] = passes.map((pass, i) => {
      sent += pass.sentMB;
      return makeStep(
        'precopyPass',
        `Memory pre-copy pass ${i + 1}`,
        Math.round(memFrom + ((MEM_TO - memFrom) * sent) / total),
        i === 0 ? HOST_LOST_FAULTS : NO_FAULTS,
        null,
        0,
        null,
        pass,
        bw,
      );
    });
    m.remainder = { mb: remainderMB, bw };
    return expanded;
  }

  private buildSteps(m: Migration): Step[] {
    const p = m.plan;
    const steps: Step[] = [];
    const noTransfer = !p.storageChange && !(p.live && p.hostChange);
    steps.push(makeStep('checks', 'Compatibility checks', 5, NO_FAULTS));
    steps.push(
      makeStep(
        'prepareDestination',
        p.crossVc
          ? 'Prepare destination (vMotion receive on the destination vCenter Server)'
          : 'Prepare destination',
        8,
        noTransfer ? PREPARE_FAULTS_NO_TRANSFER : PREPARE_FAULTS,
      ),
    );
    steps.push(makeStep('prepareSource', 'Prepare source', 10, NO_FAULTS));
    const copies = p.disks.filter((d) => d.copy);
    const diskEnd = p.live && p.hostChange ? 60 : MEM_TO;
    copies.forEach((d, i) => {
      steps.push(
        makeStep(
          'copy',
          `Copy ${d.label}`,
          Math.round(10 + ((diskEnd - 10) * (i + 1)) / copies.length),
          p.live && p.hostChange ? COPY_FAULTS_LIVE : COPY_FAULTS_COLD,
          d,
        ),
      );
    });
    if (p.live && p.hostChange) {
      steps.push(
        makeStep(
          'precopy',
          'Memory pre-copy',
          MEM_TO,
          HOST_LOST_FAULTS,
          null,
          copies.length ? diskEnd : 10,
          p.vm,
        ),
      );
    }
    if (p.live) {
      steps.push(
        makeStep(
          'switchover',
          p.hostChange ? 'Switchover' : 'Switchover (fast suspend/resume)',
          95,
          SWITCHOVER_FAULTS,
        ),
      );
    } else {
      steps.push(makeStep('register', 'Register virtual machine on destination', 95, NO_FAULTS));
    }
    steps.push(makeStep('cleanup', 'Clean-up', 100, NO_FAULTS));
    return steps;
  }

  private addReserved(gb: number, ds: string): void {
    addSum(this.reservedGB, ds, gb);
  }

  private dropReserved(gb: number, ds: string): void {
    addSum(this.reservedGB, ds, -gb);
  }

  /** The destination task once it has started (tasksOf's second task), else null. */
  private startedDestTask(m: Migration): TaskInfo | null {
    return m.destTask && m.destTask.state !== 'queued' ? m.destTask : null;
  }

  private tasksOf(m: Migration): TaskInfo[] {
    return m.destTask && m.destTask.state !== 'queued' ? [m.sourceTask, m.destTask] : [m.sourceTask];
  }

  /** Bandwidth this vMotion gets now: the link shared by the vMotions on the busier end. */
  private bandwidth(p: VmPlan): number {
    const l = this.core.limits;
    return vmotionBandwidthMBps(
      p.srcHost.vmotion.linkGbps,
      p.dstHost.vmotion.linkGbps,
      Math.max(l.activeOnLink(p.srcHost.id), l.activeOnLink(p.dstHost.id)),
    );
  }

  /** The world may have changed while the migration was queued: check again before moving anything. */
  private recheck(m: Migration): void {
    const vm = this.core.world.vms.get(m.vmId);
    if (!vm) return this.stop(m, 'error', `The virtual machine '${m.vmName}' no longer exists.`, null);
    // The plan is this migration's own (resolveRequest built it): point it at the current record.
    m.plan.vm = vm;
    this.othersReserved.own = m.reservedGB;
    const { errors } = checkPlan(this.core.world, m.plan, this.othersReserved, this);
    this.othersReserved.own = null;
    if (errors.length) this.stop(m, 'error', errors[0].message, null);
  }

  /** recheck(): what every other copy in flight claims. */
  private readonly othersReserved = new ReservedByOthers(this.reservedGB);

  private faultMessage(m: Migration, kind: FaultKind): string {
    switch (kind) {
      case 'destinationHostLost':
        return hostLostMessage(m.plan.dstHost);
      case 'datastoreFull':
        return MSG.space(
          dsName(this.core, (m.plan.disks.find((d) => d.copy) ?? m.plan.disks[0])?.toDatastoreId),
        );
      case 'timeout':
        return MSG.timeout;
      case 'failToResume':
        return MSG.failToResume;
    }
  }

  private commit(m: Migration): void {
    const { core } = this;
    const p = m.plan;
    const oldId = m.vmId;
    const before = core.world.vms.get(oldId);
    const cacheValid = this.freeCacheRevision === core.world.revision;
    const newId = commitMove(core.world, p, this.ids);
    if (cacheValid && before) {
      const after = core.world.vms.get(newId)!;
      for (let i = 0; i < before.disks.length; i++) {
        const d = before.disks[i];
        if (this.freeCache.has(d.datastoreId)) addSum(this.freeCache, d.datastoreId, diskConsumedGB(d));
      }
      for (let i = 0; i < after.disks.length; i++) {
        const d = after.disks[i];
        if (this.freeCache.has(d.datastoreId)) addSum(this.freeCache, d.datastoreId, -diskConsumedGB(d));
      }
      this.freeCacheRevision = core.world.revision;
    }
    m.vmId = newId;
    if (newId !== oldId) {
      this.byVm.delete(oldId);
      this.byVm.set(newId, m);
      this.ping.rekey(oldId, newId);
      this.faults.rekey(oldId, newId);
      if (m.sourceTask.vcenterId === p.dstVcenterId) core.tasks.retarget(m.sourceTask, newId);
      const dest = this.startedDestTask(m);
      if (dest && dest.vcenterId === p.dstVcenterId) core.tasks.retarget(dest, newId);
    }
    const vm = core.world.vms.get(newId)!;
    if (p.live && p.hostChange) this.remote.afterSwitchover(oldId, vm, p.dstHost.name, m.sourceTask.id);
    core.inventoryChanged(p.srcVcenterId, p.dstVcenterId);
  }

  private succeed(m: Migration): void {
    const { core } = this;
    const p = m.plan;
    core.tasks.finish(m.sourceTask, 'success');
    const dest = this.startedDestTask(m);
    if (dest) core.tasks.finish(dest, 'success');
    const srcDs = dsName(core, p.disks[0]?.fromDatastoreId);
    const dstDs = dsName(core, p.disks[0]?.toDatastoreId);
    const user = m.sourceTask.initiator;
    const taskId = m.sourceTask.id;
    if (p.live && p.hostChange && !p.crossVc) {
      core.addEvent(
        p.srcVcenterId,
        'VmMigratedEvent',
        `Migration of virtual machine ${m.vmName} from ${p.srcHost.name}, ${srcDs} to ${p.dstHost.name}, ${dstDs} completed`,
        { user, objectName: m.vmName, taskId, objectId: m.vmId },
      );
    } else {
      const text = `Virtual machine ${m.vmName} was relocated from ${p.srcHost.name}, ${srcDs} in ${dcName(core, p.vm.datacenterId)} to ${p.dstHost.name}, ${dstDs} in ${dcName(core, p.dstDatacenterId)}`;
      core.addEvent(p.srcVcenterId, 'VmRelocatedEvent', text, {
        user,
        objectName: m.vmName,
        taskId,
        objectId: m.vmId,
      });
      if (p.crossVc)
        core.addEvent(p.dstVcenterId, 'VmRelocatedEvent', text, {
          user: m.destTask!.initiator,
          objectName: m.vmName,
          taskId: m.destTask!.id,
          objectId: m.vmId,
        });
    }
    if (m.drsCluster) {
      core.addEvent(
        p.srcVcenterId,
        'DrsVmMigratedEvent',
        `DRS migrated ${m.vmName} from ${p.srcHost.name} to ${p.dstHost.name} in cluster ${m.drsCluster} in ${dcName(core, p.dstDatacenterId)}`,
        { user, objectName: m.vmName, taskId, objectId: m.vmId },
      );
    }
    this.finish(m, 'success', null);
  }

  /** Failure or cancel before the commit: roll back, the VM stays on the source, running. */
  private stop(m: Migration, outcome: 'error' | 'cancelled', error: string, user: string | null): void {
    const { core } = this;
    if (m.state === 'done') return;
    core.clock.cancel(m.timer);
    m.timer = null;
    const p = m.plan;
    if (m.state === 'queued') {
      this.queue.remove(m);
    } else {
      for (const t of this.tasksOf(m)) core.tasks.phase(t, 'Rollback');
      const vm = core.world.vms.get(m.vmId);
      if (vm) this.remote.afterRollback(vm, p.srcHost.name, m.sourceTask.id);
    }
    core.tasks.finish(m.sourceTask, outcome, error);
    if (m.destTask) core.tasks.finish(m.destTask, outcome, error);
    const dc = core.world.datacenters.get(p.dstDatacenterId)?.name ?? '';
    const srcDs = dsName(core, p.disks[0]?.fromDatastoreId);
    const dstDs = dsName(core, p.disks[0]?.toDatastoreId);
    const base = { objectId: m.vmId, objectName: m.vmName, taskId: m.sourceTask.id };
    if (outcome === 'cancelled') {
      core.addEvent(
        p.srcVcenterId,
        'TaskEvent',
        `Task: ${m.sourceTask.name} of ${m.vmName} canceled; the virtual machine stays on ${p.srcHost.name}`,
        { ...base, user },
      );
    } else {
      const type = p.live && p.hostChange && !p.crossVc ? 'VmFailedMigrateEvent' : 'VmRelocateFailedEvent';
      const text =
        type === 'VmFailedMigrateEvent'
          ? `Cannot migrate ${m.vmName} from ${p.srcHost.name}, ${srcDs} to ${p.dstHost.name}, ${dstDs} in ${dc}: ${error}`
          : `Failed to relocate ${m.vmName} from ${p.srcHost.name}, ${srcDs} to ${p.dstHost.name}, ${dstDs} in ${dc}: ${error}`;
      core.addEvent(p.srcVcenterId, type, text, { ...base, severity: 'error', user: m.sourceTask.initiator });
      if (m.destTask)
        core.addEvent(p.dstVcenterId, type, text, {
          ...base,
          objectId: null,
          severity: 'error',
          taskId: m.destTask.id,
        });
    }
    this.finish(m, outcome, error);
  }

  private finish(m: Migration, outcome: MigrationOutcome, error: string | null): void {
    const wasRunning = m.state === 'running';
    m.state = 'done';
    if (wasRunning) {
      this.core.limits.release(m.costs);
      this.queue.release(m.costs);
    }
    if (m.reservedGB.size > 0) m.reservedGB.forEach(this.dropReserved, this);
    this.byVm.delete(m.vmId);
    this.migrations.delete(m.id);
    for (let i = 0; i < m.onDone.length; i++) m.onDone[i](m, outcome, error);
    for (const l of this.finishedListeners) l(m, outcome);
    this.pump();
  }
}

/** The cost model of a plan (reference "Concurrency"). */
export function costsFor(p: VmPlan): MigrationCosts {
  const src = p.srcHost.id;
  const dst = p.dstHost.id;
  const vmotion = p.live && p.hostChange;
  const hc = vmotion
    ? p.storageChange
      ? COST_SHARED_NOTHING_HOST
      : COST_VMOTION_HOST
    : p.storageChange
      ? COST_SVMOTION_HOST
      : COST_VMOTION_HOST;
  // Source and destination host, once each (arrays built at their size, not grown by push).
  const c: MigrationCosts = {
    network: vmotion ? [src, dst] : [],
    host: src === dst ? { ids: [src], costs: [hc] } : { ids: [src, dst], costs: [hc, hc] },
    datastore: { ids: [], costs: [] },
  };
  let copies = 0;
  for (let i = 0; i < p.disks.length; i++) if (p.disks[i].copy) copies++;
  for (let i = 0; i < p.disks.length; i++) {
    const d = p.disks[i];
    if (!d.copy) continue;
    addCost(c.datastore, d.fromDatastoreId, COST_SVMOTION_DATASTORE);
    addCost(c.datastore, d.toDatastoreId, COST_SVMOTION_DATASTORE);
  }
  if (copies === 0)
    for (let i = 0; i < p.disks.length; i++)
      addCost(c.datastore, p.disks[i].fromDatastoreId, COST_VMOTION_DATASTORE);
  return c;
}

/**
 * Space claimed by every copy in flight but one (`own`): the total less that one's share, read
 * through (rounded to 0 like addSum does) instead of copying the map.
 */
class ReservedByOthers implements ReservedSpace {
  own: ReadonlyMap<string, number> | null = null;

  constructor(private readonly total: ReadonlyMap<string, number>) {}

  get(ds: string): number | undefined {
    const mine = this.own?.get(ds);
    if (mine === undefined) return this.total.get(ds);
    const v = (this.total.get(ds) ?? 0) + -mine;
    return Math.abs(v) < 1e-9 ? undefined : v;
  }
}

function addSum(map: Map<string, number>, key: string, n: number): void {
  const v = (map.get(key) ?? 0) + n;
  if (Math.abs(v) < 1e-9) map.delete(key);
  else map.set(key, v);
}

function dcName(core: EngineCore, id: string): string {
  return core.world.datacenters.get(id)?.name ?? id;
}

function dsName(core: EngineCore, id: string | undefined): string {
  return (id && core.world.datastores.get(id)?.name) || '—';
}

function hostLostMessage(host: HostRec): string {
  return `A general system error occurred: Migration to host ${host.name} failed with error Connection closed by remote host, possibly due to timeout.`;
}
