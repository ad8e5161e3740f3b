import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';

/** A continuous ping to a VM, as the user would run from a shell; samples arrive as push events. */
export function pingHandlers(lab: LabContext): Pick<Handlers, CallsIn<'ping'>> {
  return {
    'ping.start': ({ vmId }) => ({ monitorId: lab.engine.ping.start(vmId) }),
    'ping.stop': ({ monitorId }) => {
      lab.engine.ping.stop(monitorId);
      return { stopped: true as const };
    },
  };
}
