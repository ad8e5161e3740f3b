/**
 * Free space per datastore as migration planning reads it. Every request checks space on its
 * destination datastores, and a busy lab commits moves all the time: summed afresh, each reading
 * after a commit would first update (or, after many commits, rebuild) the world's VM indexes. So
 * this figure is kept current by the moves themselves (World.replaceVm) and read again from the
 * indexes only after any other change to the world.
 */
import { diskConsumedGB, type VmRec } from '../../../shared/world-types';

/** What the figures are read from (the World). */
export interface FreeSpaceSource {
  readonly revision: number;
  readonly datastores: ReadonlyMap<string, unknown>;
  datastoreFreeGB(datastoreId: string): number;
}

export class DatastoreFreeSpace {
  private free = new Map<string, number>();
  /** The world revision the figures are for. */
  private revision = -1;

  constructor(private readonly world: FreeSpaceSource) {}

  /** GB free on a datastore now. */
  freeGB(datastoreId: string): number {
    const { world } = this;
    if (this.revision !== world.revision) {
      this.free = new Map();
      this.revision = world.revision;
    }
    let free = this.free.get(datastoreId);
    if (free === undefined) {
      // Every datastore at once, from one reading of the world's indexes.
      for (const id of world.datastores.keys())
        if (!this.free.has(id)) this.free.set(id, world.datastoreFreeGB(id));
      free = this.free.get(datastoreId) ?? world.datastoreFreeGB(datastoreId);
    }
    return free;
  }

  /**
   * A VM's record was replaced by a move (`before` → `after`), which moved the world from
   * `revisionBefore` to its current revision: figures that were current follow the disks.
   */
  vmMoved(before: VmRec, after: VmRec, revisionBefore: number): void {
    if (this.revision !== revisionBefore) return;
    for (const d of before.disks)
      if (this.free.has(d.datastoreId)) addSum(this.free, d.datastoreId, diskConsumedGB(d));
    for (const d of after.disks)
      if (this.free.has(d.datastoreId)) addSum(this.free, d.datastoreId, -diskConsumedGB(d));
    this.revision = this.world.revision;
  }
}

/** Adds to a running sum; a sum that reaches zero is dropped (and read afresh when next asked). */
function addSum(map: Map<string, number>, key: string, n: number): void {
  const v = (map.get(key) ?? 0) + n;
  if (Math.abs(v) < 1e-9) map.delete(key);
  else map.set(key, v);
}
