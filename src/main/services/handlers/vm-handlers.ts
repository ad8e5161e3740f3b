import type { CallsIn } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { CallContext, Handlers } from '../dispatch';
import type { LabService } from '../lab-service';

/** Virtual machines: power operations, as the signed-in user of the VM's vCenter. */
export function vmHandlers(lab: LabService): Pick<Handlers, CallsIn<'vm'>> {
  const user = (ctx: CallContext, vmId: string): string => {
    const vm = lab.world.vms.get(vmId);
    if (!vm) throw new LabFault('not-found', `No virtual machine with id "${vmId}".`, { field: 'vmId' });
    return lab.sessions.require(ctx, vm.vcenterId).user;
  };
  return {
    'vm.power': ({ vmId, action }, ctx) => {
      const u = user(ctx, vmId);
      try {
        return lab.engine.powerVm(vmId, action, u);
      } finally {
        // The task and its events reach every window now, not at the next clock tick.
        lab.engine.flush();
      }
    },
  };
}
