/**
 * Turns a wizard request into one checked plan per VM, in three steps: look up the references
 * (request-references.ts), place each VM (placement.ts), and gather the checks' findings into the
 * wizard's compatibility panel. Bad references are argument errors (nothing happens); product rules
 * that fail are compatibility errors shown in the panel.
 */
import type { CompatibilityIssue, MigrationRequest, VmCompatibility } from '../../../shared/engine-api';
import { CHECK_TIMEOUT_CODE, crossVcenterIssues, vmLoadOnHost, type ReservedSpace } from '../compatibility';
import { COMPATIBILITY_CHECK_TIMEOUT_MS } from '../network-paths';
import { MSG } from '../vsphere-messages';
import type { World } from '../world/world';
import { placeVm } from './placement';
import { planDiskConsumedGB, type CheckedPlan, type PlanContext, type ResolvedRequest } from './plan-types';
import { resolveReferences, type RequestReferences } from './request-references';

/**
 * Resolves and checks a request; throws LabFault only for malformed or dangling references.
 * `systemMove`: DRS or maintenance mode asks where a VM would go in its own cluster, which the
 * placement rule for users' requests (a host is needed in a non-automated cluster) does not bind.
 */
export function resolveRequest(
  world: World,
  req: MigrationRequest,
  ctx: PlanContext,
  options: { systemMove?: boolean } = {},
): ResolvedRequest {
  const refs = resolveReferences(world, req);
  const requestIssues = requestLevelIssues(refs);
  if (!options.systemMove) requestIssues.unshift(...placementIssues(world, req));
  // Space this request's own copies claim and load it sends to hosts, over what the engine already
  // has in flight: later VMs of the same request are placed and checked with them.
  const claimed = new Map<string, number>();
  const reserved: ReservedSpace = {
    get: (id) => (claimed.has(id) ? claimed.get(id) : ctx.reservedGB.get(id)),
  };
  const extraLoad = new Map<string, number>();
  const load = (hostId: string): number => ctx.hostLoad(hostId) + (extraLoad.get(hostId) ?? 0);

  const plans = refs.vms.map((vm): CheckedPlan => {
    const { plan, issues } = placeVm(world, req, refs, vm, reserved, load);
    const errors = [...requestIssues, ...issues.errors];
    const busy = ctx.migratingTask(vm.id);
    if (busy) errors.unshift({ code: 'TaskInProgress', message: MSG.taskInProgress(vm.name, busy) });
    if (errors.length === 0) {
      for (const d of plan.disks)
        if (d.copy)
          claimed.set(d.toDatastoreId, (reserved.get(d.toDatastoreId) ?? 0) + planDiskConsumedGB(d));
      extraLoad.set(plan.dstHost.id, (extraLoad.get(plan.dstHost.id) ?? 0) + vmLoadOnHost(vm, plan.dstHost));
    }
    const check: VmCompatibility = {
      vmId: vm.id,
      vmName: vm.name,
      targetHostId: plan.dstHost.id,
      targetHostName: plan.dstHost.name,
      errors,
      warnings: issues.warnings,
    };
    return { ...plan, check };
  });

  const checks = plans.map((p) => p.check);
  const ok = checks.every((c) => c.errors.length === 0);
  const quiet = ok && checks.every((c) => c.warnings.length === 0);
  const hangs = checks.some((c) => c.errors.some((e) => e.code === CHECK_TIMEOUT_CODE));
  return {
    plans,
    compatibility: {
      ok,
      summary: quiet ? MSG.succeeded : ok ? MSG.succeededWithWarnings : MSG.failed,
      vms: checks,
      ...(hangs ? { answersAfterMs: COMPATIBILITY_CHECK_TIMEOUT_MS } : {}),
    },
    initiatingVcenterId: req.vcenterId,
    remoteVcenterId: refs.otherVcenter?.id ?? null,
    isImport: refs.isImport,
  };
}

/**
 * RelocateVM_Task's placement rule (vSphere API reference; the Import VMs documentation): a target
 * cluster without DRS, or whose DRS is not fully automated, does not pick a host, so the request
 * must name one of its hosts.
 */
function placementIssues(world: World, req: MigrationRequest): CompatibilityIssue[] {
  if (req.hostId || !req.clusterId) return [];
  const cluster = world.clusters.get(req.clusterId);
  if (!cluster || cluster.drs === 'fullyAutomated') return [];
  return [{ code: 'InvalidArgument', message: MSG.nonAutomatedCluster }];
}

/** The issues of a cross vCenter request as a whole (shown for every VM of it). */
function requestLevelIssues(refs: RequestReferences): CompatibilityIssue[] {
  if (!refs.otherVcenter) return [];
  const { vms } = refs;
  const issues = crossVcenterIssues(
    refs.initiating,
    refs.otherVcenter,
    vms.some((v) => v.powerState === 'poweredOn'),
    refs.isImport,
  );
  if (new Set(vms.map((v) => v.powerState === 'poweredOn')).size > 1)
    issues.push({ code: 'InvalidPowerState', message: MSG.samePowerState });
  return issues;
}
