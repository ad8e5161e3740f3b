import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { andFlush, requireTaskOn, signedInUser } from './engine-calls';

/** A vCenter's Recent Tasks and event log, as its signed-in user sees them. */
export function taskEventHandlers(lab: LabContext): Pick<Handlers, CallsIn<'tasks' | 'events'>> {
  return {
    'tasks.list': ({ vcenterId, limit }, ctx) => {
      signedInUser(lab, ctx, vcenterId);
      return lab.engine.tasks.list(vcenterId, limit);
    },
    'tasks.cancel': ({ vcenterId, taskId }, ctx) => {
      const u = signedInUser(lab, ctx, vcenterId);
      requireTaskOn(lab, vcenterId, taskId);
      return andFlush(lab, () => lab.engine.cancelTask(taskId, u));
    },
    'events.list': ({ vcenterId, limit, afterKey, objectId }, ctx) => {
      signedInUser(lab, ctx, vcenterId);
      return lab.engine.events.list(vcenterId, { limit, afterKey, objectId });
    },
  };
}
