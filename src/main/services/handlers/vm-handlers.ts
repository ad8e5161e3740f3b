import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';
import { vcenterOfExisting } from '../object-vcenter';
import { andFlush, signedInUser } from './engine-calls';

/** Virtual machines: power operations, as the signed-in user of the VM's vCenter. */
export function vmHandlers(lab: LabContext): Pick<Handlers, CallsIn<'vm'>> {
  return {
    'vm.power': ({ vmId, action }, ctx) => {
      const u = signedInUser(lab, ctx, vcenterOfExisting(lab.world, vmId, 'vmId'));
      return andFlush(lab, () => lab.engine.powerVm(vmId, action, u));
    },
  };
}
