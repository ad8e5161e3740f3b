import { LabFault } from '../../shared/result';
import type { World } from '../engine/world/world';

/**
 * The vCenter an object belongs to, read from its id: ids start with their vCenter's key
 * ("vcsa01:vm-12" belongs to "vcsa01:vcenter"). A VM that moves to another vCenter gets a new id
 * there, so this holds for every object, and for the inventory tree's grouping nodes that are not
 * records (a distributed switch under its datacenter).
 */
export const vcenterIdOf = (objectId: string): string => `${objectId.split(':', 1)[0]}:vcenter`;

/** The vCenter of an object that must exist in the lab; not-found, naming `field`, otherwise. */
export function vcenterOfExisting(world: World, objectId: string, field: string): string {
  if (!world.get(objectId)) throw new LabFault('not-found', `No object with id "${objectId}".`, { field });
  return vcenterIdOf(objectId);
}
