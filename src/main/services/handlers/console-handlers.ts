import type { CallsIn } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { CallContext, Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { vcenterOfExisting } from '../object-vcenter';
import { andFlush, signedInUser } from './engine-calls';

/** VM remote consoles (VMRC) and the CD/DVD drive's ISO, acting as the user signed in to the VM's vCenter. */
export function consoleHandlers(lab: LabContext): Pick<Handlers, CallsIn<'vmrc'>> {
  const vmUser = (ctx: CallContext, vmId: string): string =>
    signedInUser(lab, ctx, vcenterOfExisting(lab.world, vmId, 'vmId'));
  return {
    'vmrc.open': ({ vmId }, ctx) => {
      const u = vmUser(ctx, vmId);
      return andFlush(lab, () => lab.engine.openConsole(vmId, u));
    },
    'vmrc.close': ({ vmId, sessionId }, ctx) => {
      const u = vmUser(ctx, vmId);
      if (!lab.engine.remote.list(vmId).some((s) => s.id === sessionId)) {
        throw new LabFault('not-found', `No console session "${sessionId}" to this virtual machine.`, {
          field: 'sessionId',
        });
      }
      andFlush(lab, () => lab.engine.closeConsole(sessionId, u));
      return { closed: true as const };
    },
    'vmrc.list': ({ vmId }, ctx) => {
      vmUser(ctx, vmId);
      return lab.engine.remote.list(vmId);
    },
    'vmrc.attachIso': ({ vmId, path, cdromKey }, ctx) => {
      const u = vmUser(ctx, vmId);
      andFlush(lab, () => lab.engine.attachIso(vmId, path, cdromKey, u));
      return { attached: true as const };
    },
    'vmrc.detachIso': ({ vmId, cdromKey }, ctx) => {
      const u = vmUser(ctx, vmId);
      andFlush(lab, () => lab.engine.detachIso(vmId, cdromKey, u));
      return { detached: true as const };
    },
  };
}
