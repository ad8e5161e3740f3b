import { LabFault } from '../../../shared/result';
import type { VCenterRec } from '../../../shared/world-types';
import type { World } from '../../engine/world/world';

/**
 * The address as the lab compares it: trimmed, lower-cased (DNS names are case-insensitive), and
 * forgiving of a pasted URL ("https://vcsa-01.corp.local/ui" → "vcsa-01.corp.local").
 */
export function normaliseAddress(input: string): string {
  let a = input.trim().toLowerCase();
  a = a.replace(/^[a-z]+:\/\//, '');
  a = a.replace(/[/?#].*$/, '');
  a = a.replace(/:443$/, '');
  return a.replace(/\.$/, '');
}

/** The error for an address where no simulated vCenter answers (unknown, powered off, unreachable). */
export function cannotReach(address: string): LabFault {
  return new LabFault(
    'unreachable',
    `Cannot reach the vCenter Server at "${address}". Check the FQDN or IP address and that the server is ` +
      `running and reachable from this machine.`,
    { field: 'address' },
  );
}

/**
 * The vCenter answering at an address, or a "cannot reach" fault. A vCenter marked unreachable in the
 * lab gives the same error as an unknown name, as a powered-off appliance does on the real network.
 */
export function resolveVCenter(world: World, address: string): VCenterRec {
  const wanted = normaliseAddress(address);
  for (const vc of world.vcenters.values()) {
    if (vc.name.toLowerCase() === wanted) {
      if (!vc.reachable) throw cannotReach(wanted);
      return vc;
    }
  }
  throw cannotReach(wanted || address);
}
