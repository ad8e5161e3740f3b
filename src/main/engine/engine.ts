/**
 * The simulation engine: one world, one clock, one seeded random source, and the parts that act on
 * them (migrations, DRS, maintenance mode, VMRC devices, ping, faults). Time and randomness are
 * injected, so the same seed and the same actions give the same history. Listeners receive changes
 * coalesced: at most one batch per clock advance (the real-time driver advances ≤ 10 times a second)
 * or per service call, each task at most once per batch with its latest state.
 */
import type {
  ArmedFault,
  ClockInfo,
  ClockSpeed,
  CompatibilityResult,
  ConsoleSession,
  DrsStatus,
  FaultKind,
  HostNetworkPaths,
  LabEvent,
  MigrationRequest,
  MigrationStartResult,
  NetworkPort,
  PingSample,
  TaskInfo,
} from '../../shared/engine-api';
import type { PowerAction } from '../../shared/power-api';
import { LabFault } from '../../shared/result';
import type { DrsMode } from '../../shared/scenario-schema';
import type { ClusterRec, HostRec, VmRec } from '../../shared/world-types';
import { RealTimeDriver, type SimClock, type TimerHost } from './clock';
import type { EngineCore, EventExtra, TaskOptions, TaskTarget } from './core';
import { CHECK_TIMEOUT_CODE } from './compatibility';
import { Drs, DRS_INTERVAL_MS } from './drs';
import { EventLog } from './events';
import { FaultBox } from './faults';
import { LimitTracker } from './limits';
import { Maintenance } from './maintenance';
import { logRefused } from './migration/migration-events';
import { resolveRequest } from './migration/plan';
import type { PlanContext } from './migration/plan-types';
import { EnginePlanContext } from './plan-context';
import { MigrationRunner, type Migration } from './migration/runner';
import { isPortBlocked, logPortChange, setPortBlocked } from './network-paths';
import { PingMonitors } from './ping';
import { PowerOps } from './power';
import type { Random } from './random';
import { RemoteDevices } from './remote-devices';
import { TaskStore } from './tasks';
import { vcenterKeyOf } from './world/object-ids';
import type { World } from './world/world';

/** One coalesced batch of changes for listeners (the service turns it into push events). */
export interface EngineUpdate {
  tasks: TaskInfo[];
  events: LabEvent[];
  pings: PingSample[];
  /** vCenters whose inventory changed, with the world revision after the change. */
  inventoryChanged: string[];
  revision: number;
  drsChanged: string[];
  clock: ClockInfo;
}

export interface EngineOptions {
  world: World;
  clock: SimClock;
  random: Random;
  /** How often DRS runs on every cluster; null turns the periodic pass off (default 5 min). */
  drsIntervalMs?: number | null;
  /** Timer host for the real-time driver (default: Node/Electron timers). */
  timers?: TimerHost;
}

export class Engine implements EngineCore {
  readonly world: World;
  readonly clock: SimClock;
  readonly random: Random;
  readonly tasks: TaskStore;
  readonly events: EventLog;
  readonly limits: LimitTracker;
  readonly faults = new FaultBox();
  readonly remote: RemoteDevices;
  readonly ping: PingMonitors;
  readonly runner: MigrationRunner;
  readonly drs: Drs;
  readonly maintenance: Maintenance;
  readonly power: PowerOps;
  private readonly planCtx: EnginePlanContext;
  private readonly listeners = new Set<(u: EngineUpdate) => void>();
  private readonly changedVcenters = new Set<string>();
  private driver: RealTimeDriver | null = null;
  private speed: ClockSpeed = 'paused';
  private readonly timers?: TimerHost;

  constructor(options: EngineOptions) {
    this.world = options.world;
    this.clock = options.clock;
    this.random = options.random;
    this.timers = options.timers;
    this.tasks = new TaskStore(this.clock);
    this.events = new EventLog(this.clock);
    this.limits = new LimitTracker(this.world.hosts);
    this.remote = new RemoteDevices(this);
    this.ping = new PingMonitors(this, (vmId) => this.power.guestUp(vmId));
    this.runner = new MigrationRunner(this, this.faults, this.remote, this.ping);
    this.drs = new Drs(
      this,
      {
        moveErrors: (vm, host) => this.moveErrors(vm, host),
        startMove: (vm, host, initiator, cluster) => this.startMove(vm, host, initiator, cluster),
        isMigrating: (vmId) => this.runner.byVm.has(vmId),
      },
      options.drsIntervalMs === undefined ? DRS_INTERVAL_MS : options.drsIntervalMs,
    );
    this.maintenance = new Maintenance(
      this,
      {
        placement: (vm, from, cluster) => this.placement(vm, from, cluster),
        startMove: (vm, host, initiator, cluster) => this.startMove(vm, host, initiator, cluster),
        migrationOf: (vmId) => this.runner.byVm.get(vmId),
      },
      this.drs,
    );
    this.power = new PowerOps(
      this,
      {
        isMigrating: (vmId) => this.runner.byVm.has(vmId),
        moveErrors: (vm, host) => this.moveErrors(vm, host),
        powerChanged: (vm) => {
          if (vm.powerState !== 'poweredOn') this.drs.dropRecommendationsFor(vm.id);
          this.drs.vmDevicesChanged(vm.id); // powering off disconnects client ISOs
          this.maintenance.kick();
        },
      },
      this.drs,
    );
    this.planCtx = new EnginePlanContext(this.world, this.runner, this.drs);
    this.runner.onFinished((m) => {
      this.drs.dropRecommendationsFor(m.vmId);
      this.maintenance.kick();
    });
    this.clock.onAdvanced(() => this.flush());
  }

  // ---- core services used by the parts -------------------------------------------------------

  vcKey(vcenterId: string): string {
    return this.world.vcenters.get(vcenterId)?.key ?? vcenterKeyOf(vcenterId);
  }

  /** Logs an event on a vCenter (also for other services: logins, logouts, …). */
  addEvent(vcenterId: string, type: string, message: string, extra?: EventExtra): void {
    this.events.record(vcenterId, this.vcKey(vcenterId), type, message, extra);
  }

  createTask(name: string, target: TaskTarget, initiator: string, options: TaskOptions = {}): TaskInfo {
    const vcenterId = options.vcenterId ?? target.vcenterId;
    return this.tasks.create({
      vcenterId,
      vcenterKey: this.vcKey(vcenterId),
      name,
      targetId: target.id,
      targetName: target.name,
      targetKind: target.kind,
      initiator,
      migrationId: options.migrationId,
      cancelable: options.cancelable,
    });
  }

  inventoryChanged(...vcenterIds: string[]): void {
    for (const id of vcenterIds) this.changedVcenters.add(id);
  }

  // ---- updates ------------------------------------------------------------------------------

  subscribe(listener: (u: EngineUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands pending changes to listeners as one batch (nothing is sent when nothing changed). */
  flush(): void {
    const tasks = this.tasks.takeChanges();
    const events = this.events.takeAdded();
    const pings = this.ping.takeSamples();
    const inventoryChanged = [...this.changedVcenters];
    this.changedVcenters.clear();
    const drsChanged = [...this.drs.changed];
    this.drs.changed.clear();
    const update: EngineUpdate = {
      tasks,
      events,
      pings,
      inventoryChanged,
      revision: this.world.revision,
      drsChanged,
      clock: this.clockInfo(),
    };
    for (const l of this.listeners) l(update);
  }

  // ---- clock --------------------------------------------------------------------------------

  clockInfo(): ClockInfo {
    return { now: this.clock.now(), epochMs: this.clock.epochMs, speed: this.speed };
  }

  /** Runs simulated time from wall time at a speed ('paused' stops it; 'max' runs flat out). */
  setSpeed(speed: ClockSpeed): ClockInfo {
    this.driver ??= new RealTimeDriver(this.clock, this.timers);
    this.driver.setSpeed(speed);
    this.speed = speed;
    return this.clockInfo();
  }

  dispose(): void {
    this.driver?.dispose();
    this.listeners.clear();
  }

  // ---- migrations ---------------------------------------------------------------------------

  /** What the planner reads from the engine, fresh for one request. */
  private planContext(): PlanContext {
    return this.planCtx.forRequest();
  }

  /** The wizard's compatibility panel for a request (nothing changes). */
  checkMigration(req: MigrationRequest): CompatibilityResult {
    return resolveRequest(this.world, req, this.planContext()).compatibility;
  }

  /**
   * Finish on the wizard: checks again, then queues one migration per VM (tasks appear queued and
   * start as the limits allow). Errors refuse the whole request with the first error's message.
   */
  startMigration(req: MigrationRequest, initiator: string, remoteInitiator?: string): MigrationStartResult {
    const resolved = resolveRequest(this.world, req, this.planContext());
    const { plans } = resolved;
    for (const plan of plans) {
      // A check that hangs is not a refusal: the task starts and fails in its checks phase.
      const first = plan.check.errors.find((e) => e.code !== CHECK_TIMEOUT_CODE);
      if (!first) continue;
      logRefused(this, plan, req.vcenterId, first.message, initiator);
      const code = first.code === 'TaskInProgress' ? 'conflict' : 'incompatible';
      throw new LabFault(code, `${plan.vm.name}: ${first.message}`, {
        details: { compatibility: resolved.compatibility },
      });
    }
    const opts = { initiatingVcenterId: req.vcenterId, initiator, remoteInitiator, priority: req.priority };
    const started = plans.map((plan) => this.runner.enqueue(plan, opts));
    this.runner.pump();
    return {
      migrations: started.map((m) => startedMigration(m, req.vcenterId)),
      compatibility: resolved.compatibility,
    };
  }

  /** Cancels a task: a migration (either of its tasks) rolls back; "Enter maintenance mode" stops. */
  cancelTask(taskId: string, user: string): TaskInfo {
    const task = this.tasks.get(taskId);
    if (!task) throw new LabFault('not-found', `No task with id "${taskId}".`, { field: 'taskId' });
    if (this.tasks.isFinished(task))
      throw new LabFault('conflict', `The task '${task.name}' has already completed.`);
    if (task.migrationId) this.runner.cancel(task.migrationId, user);
    else if (!this.maintenance.cancel(taskId, user))
      throw new LabFault('not-allowed', `The task '${task.name}' cannot be canceled.`);
    return { ...this.tasks.get(taskId)! };
  }

  /** A compute-only move inside a cluster (DRS and maintenance mode), checked like any other. */
  private startMove(vm: VmRec, host: HostRec, initiator: string, cluster: ClusterRec | null): Migration {
    const req = this.computeRequest(vm, host);
    const resolved = resolveRequest(this.world, req, this.planContext());
    const m = this.runner.enqueue(resolved.plans[0], {
      initiatingVcenterId: vm.vcenterId,
      initiator,
      priority: 'normal',
      drsCluster: initiator === 'System' && cluster ? cluster.name : null,
      systemMove: true,
    });
    this.runner.pump();
    return m;
  }

  private computeRequest(vm: VmRec, host: HostRec): MigrationRequest {
    return {
      vcenterId: vm.vcenterId,
      vmIds: [vm.id],
      type: 'compute',
      hostId: host.id,
      diskFormat: 'sameAsSource',
      nicNetworks: [],
      priority: 'normal',
    };
  }

  private moveErrors(vm: VmRec, host: HostRec): string[] {
    try {
      const r = resolveRequest(this.world, this.computeRequest(vm, host), this.planContext());
      return r.plans[0].check.errors.map((e) => e.message);
    } catch (e) {
      return [(e as Error).message];
    }
  }

  private placement(vm: VmRec, from: HostRec, cluster: ClusterRec): { host: HostRec } | { errors: string[] } {
    const req: MigrationRequest = {
      ...this.computeRequest(vm, from),
      hostId: undefined,
      clusterId: cluster.id,
    };
    try {
      const r = resolveRequest(this.world, req, this.planContext(), { systemMove: true });
      const p = r.plans[0];
      if (p.check.errors.length || p.dstHost.id === from.id) {
        return {
          errors: p.check.errors.length
            ? p.check.errors.map((e) => e.message)
            : ['Virtual machine not compatible with any host'],
        };
      }
      return { host: p.dstHost };
    } catch (e) {
      return { errors: [(e as Error).message] };
    }
  }

  // ---- remote devices, power, maintenance, DRS, faults, ping -----------------------------------

  /** VM menu → Power: starts the action's task (a refused action answers its failed task). */
  powerVm(vmId: string, action: PowerAction, user: string): TaskInfo {
    return this.power.power(vmId, action, user);
  }

  openConsole(vmId: string, user: string | null): ConsoleSession {
    return this.remote.open(vmId, user);
  }
  closeConsole(sessionId: string, user: string | null): void {
    const vmId = this.remote.close(sessionId, user);
    this.drs.vmDevicesChanged(vmId);
    this.maintenance.kick();
  }
  attachIso(vmId: string, path: string, cdromKey: number | undefined, user: string | null): void {
    this.remote.attachIso(vmId, path, cdromKey, user, this.runner.byVm.has(vmId));
    this.drs.vmDevicesChanged(vmId);
  }
  detachIso(vmId: string, cdromKey: number | undefined, user: string | null): void {
    this.remote.detachIso(vmId, cdromKey, user, this.runner.byVm.has(vmId));
    this.drs.vmDevicesChanged(vmId);
    // A host waiting to enter maintenance mode may now be able to move this VM.
    this.maintenance.kick();
  }

  enterMaintenance(hostId: string, user: string, movePoweredOff = false): TaskInfo {
    return { ...this.maintenance.enter(hostId, user, movePoweredOff) };
  }
  exitMaintenance(hostId: string, user: string): TaskInfo {
    return { ...this.maintenance.exit(hostId, user) };
  }

  setDrsMode(clusterId: string, mode: DrsMode): DrsStatus {
    this.drs.setMode(clusterId, mode);
    return this.drs.status(clusterId);
  }
  drsStatus(clusterId: string): DrsStatus {
    return this.drs.status(clusterId);
  }
  /** Runs a DRS pass now (the periodic pass does this every 5 minutes). */
  runDrs(clusterId: string): DrsStatus {
    this.drs.run(clusterId);
    return this.drs.status(clusterId);
  }
  applyRecommendations(clusterId: string, ids: string[] | undefined, user: string): TaskInfo {
    return { ...this.drs.apply(clusterId, ids, user) };
  }

  /** Lab control: a firewall blocks or opens TCP 902 / 8000 on a host (an event when it changes). */
  setPortBlocked(hostId: string, port: number, blocked: boolean): HostNetworkPaths {
    const host = this.world.hosts.get(hostId);
    const was = host ? isPortBlocked(host, port as NetworkPort) : blocked;
    const paths = setPortBlocked(this.world, hostId, port, blocked);
    if (host && was !== blocked) logPortChange(this, host, port as NetworkPort, blocked);
    return paths;
  }

  injectFault(kind: FaultKind, vmId: string | null): ArmedFault {
    if (vmId && !this.world.vms.has(vmId))
      throw new LabFault('not-found', `No virtual machine with id "${vmId}".`, { field: 'vmId' });
    return this.faults.inject(kind, vmId);
  }
}

/** What startMigration reports for one migration, its task being the one on the initiating vCenter. */
function startedMigration(m: Migration, vcenterId: string): MigrationStartResult['migrations'][number] {
  const local = m.plan.srcVcenterId === vcenterId;
  return {
    migrationId: m.id,
    vmId: m.plan.vm.id,
    vmName: m.vmName,
    taskId: (local ? m.sourceTask : (m.destTask ?? m.sourceTask)).id,
    linkedTaskId: m.destTask ? (local ? m.destTask : m.sourceTask).id : null,
    targetHostId: m.plan.dstHost.id,
  };
}
