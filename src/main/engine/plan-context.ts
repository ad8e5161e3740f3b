import type { Drs } from './drs';
import type { PlanContext } from './migration/plan-types';
import type { MigrationRunner } from './migration/runner';
import type { World } from './world/world';

/** What the planner reads from the running engine (see PlanContext). One per engine, reset for each request. */
export class EnginePlanContext implements PlanContext {
  readonly reservedGB: ReadonlyMap<string, number>;
  /** Memory heading to each host, summed once a placement asks (most requests name their host). */
  private incoming: Map<string, number> | null = null;

  constructor(
    private readonly world: World,
    private readonly runner: MigrationRunner,
    private readonly drs: Drs,
  ) {
    this.reservedGB = runner.reservedGB;
  }

  /** Starts a new request: the memory heading to each host is summed again if asked. */
  forRequest(): this {
    this.incoming = null;
    return this;
  }

  hostLoad(hostId: string): number {
    const h = this.world.hosts.get(hostId);
    return h ? this.drs.hostLoad(h) + this.incomingMB(hostId) / (h.memoryGB * 1024) : 0;
  }

  migratingTask(vmId: string): string | null {
    return this.runner.byVm.get(vmId)?.sourceTask.id ?? null;
  }

  private incomingMB(hostId: string): number {
    let incoming = this.incoming;
    if (!incoming) {
      incoming = this.incoming = new Map();
      for (const m of this.runner.byVm.values()) {
        if (m.plan.live)
          incoming.set(m.plan.dstHost.id, (incoming.get(m.plan.dstHost.id) ?? 0) + m.plan.vm.memoryMB);
      }
    }
    return incoming.get(hostId) ?? 0;
  }
}
