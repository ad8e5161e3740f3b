import type { CallsIn } from '../../../shared/contract';
import type { Handlers } from '../dispatch';
import type { LabContext } from '../lab-context';

/** A vCenter's certificate as the lab sees it, and accepting it (first time or after a change). */
export function certificateHandlers(lab: LabContext): Pick<Handlers, CallsIn<'cert'>> {
  const { trust } = lab.connections;
  return {
    'cert.get': ({ address }) => trust.check(address),
    'cert.trust': ({ address, thumbprint }) => trust.trust(address, thumbprint),
    'cert.retrust': ({ address, previousThumbprint, thumbprint }) =>
      trust.retrust(address, previousThumbprint, thumbprint),
  };
}
