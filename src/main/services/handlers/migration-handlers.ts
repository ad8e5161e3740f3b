import type { CallsIn } from '../../../shared/contract';
import type { MigrationRequest } from '../../../shared/engine-api';
import { LabFault } from '../../../shared/result';
import type { CallContext, Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { vcenterOfExisting } from '../object-vcenter';
import { andFlush, requireTaskOn, signedInUser } from './engine-calls';

/**
 * Checking, starting and cancelling migrations. The initiator comes from the caller's session on
 * the request's vCenter; a cross-vCenter request also needs the session the wizard opened on the
 * other vCenter.
 */
export function migrationHandlers(lab: LabContext): Pick<Handlers, CallsIn<'migration'>> {
  /** The caller's user on the request's other vCenter, for a cross-vCenter request. */
  const remoteUser = (ctx: CallContext, r: MigrationRequest): string | undefined => {
    if (r.type !== 'crossVcenter') return undefined;
    const targetId = r.hostId ?? r.clusterId;
    const sides = [
      vcenterOfExisting(lab.world, r.vmIds[0], 'vmIds'),
      targetId ? vcenterOfExisting(lab.world, targetId, r.hostId ? 'hostId' : 'clusterId') : r.vcenterId,
    ];
    const other = sides.find((v) => v !== r.vcenterId);
    return other ? signedInUser(lab, ctx, other) : undefined;
  };
  return {
    'migration.check': (r, ctx) => {
      signedInUser(lab, ctx, r.vcenterId);
      remoteUser(ctx, r);
      return lab.engine.checkMigration(r);
    },
    'migration.start': (r, ctx) => {
      const initiator = signedInUser(lab, ctx, r.vcenterId);
      const remote = remoteUser(ctx, r);
      return andFlush(lab, () => lab.engine.startMigration(r, initiator, remote));
    },
    'migration.cancel': ({ vcenterId, taskId }, ctx) => {
      const u = signedInUser(lab, ctx, vcenterId);
      requireTaskOn(lab, vcenterId, taskId);
      if (!lab.engine.tasks.get(taskId)?.migrationId)
        throw new LabFault('invalid-argument', 'The task is not a migration.', { field: 'taskId' });
      return andFlush(lab, () => lab.engine.cancelTask(taskId, u));
    },
  };
}
