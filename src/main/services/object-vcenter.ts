import { LabFault } from '../../shared/result';
import { vcenterIdOf } from '../engine/world/object-ids';
import type { World } from '../engine/world/world';

export { vcenterIdOf };

/** The vCenter of an object that must exist in the lab; not-found, naming `field`, otherwise. */
export function vcenterOfExisting(world: World, objectId: string, field: string): string {
  if (!world.get(objectId)) throw new LabFault('not-found', `No object with id "${objectId}".`, { field });
  return vcenterIdOf(objectId);
}
