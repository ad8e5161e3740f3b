import type { CallsIn } from '../../../shared/contract';
import type { CallContext, Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { vcenterOfExisting } from '../object-vcenter';
import { andFlush, signedInUser } from './engine-calls';

/** Maintenance mode, a cluster's DRS automation level, and DRS recommendations. */
export function hostClusterHandlers(lab: LabContext): Pick<Handlers, CallsIn<'host' | 'cluster' | 'drs'>> {
  const userFor = (ctx: CallContext, objectId: string, field: string): string =>
    signedInUser(lab, ctx, vcenterOfExisting(lab.world, objectId, field));
  return {
    'host.enterMaintenance': ({ hostId, movePoweredOffVms }, ctx) => {
      const u = userFor(ctx, hostId, 'hostId');
      return andFlush(lab, () => lab.engine.enterMaintenance(hostId, u, movePoweredOffVms));
    },
    'host.exitMaintenance': ({ hostId }, ctx) => {
      const u = userFor(ctx, hostId, 'hostId');
      return andFlush(lab, () => lab.engine.exitMaintenance(hostId, u));
    },
    'cluster.setDrsMode': ({ clusterId, mode }, ctx) => {
      userFor(ctx, clusterId, 'clusterId');
      return andFlush(lab, () => lab.engine.setDrsMode(clusterId, mode));
    },
    'drs.recommendations': ({ clusterId, run }, ctx) => {
      userFor(ctx, clusterId, 'clusterId');
      return run ? andFlush(lab, () => lab.engine.runDrs(clusterId)) : lab.engine.drsStatus(clusterId);
    },
    'drs.apply': ({ clusterId, recommendationIds }, ctx) => {
      const u = userFor(ctx, clusterId, 'clusterId');
      return andFlush(lab, () => lab.engine.applyRecommendations(clusterId, recommendationIds, u));
    },
  };
}
