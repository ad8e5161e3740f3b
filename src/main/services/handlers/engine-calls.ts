import { LabFault } from '../../../shared/result';
import type { CallContext } from '../dispatch';
import type { LabContext } from '../lab-context';

/** The user the caller is signed in as on `vcenterId` (not-authenticated otherwise). */
export const signedInUser = (lab: LabContext, ctx: CallContext, vcenterId: string): string =>
  lab.sessions.require(ctx, vcenterId).user;

/** Runs an engine action and sends what it changed right away (one batch per call). */
export function andFlush<T>(lab: LabContext, action: () => T): T {
  try {
    return action();
  } finally {
    lab.engine.flush();
  }
}

/** The task must exist on that vCenter (not-found otherwise, as for any other object). */
export function requireTaskOn(lab: LabContext, vcenterId: string, taskId: string): void {
  const t = lab.engine.tasks.get(taskId);
  if (!t || t.vcenterId !== vcenterId)
    throw new LabFault('not-found', `No task with id "${taskId}" on this vCenter Server.`, {
      field: 'taskId',
    });
}
