/**
 * The newest `keep` entries of a history that keeps growing, oldest first. The oldest entry is
 * dropped by moving a head index, and the array is compacted once `compactAfter` dropped entries
 * have piled up: adding stays cheap instead of shifting the whole history for every new entry.
 */
export class RecentList<T> {
  private items: T[] = [];
  private head = 0;

  constructor(
    private readonly keep: number,
    private readonly compactAfter = 1024,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** The i-th kept entry, 0 being the oldest. */
  at(i: number): T {
    return this.items[this.head + i];
  }

  /** Adds an entry; returns the oldest one when it had to go to make room. */
  push(entry: T): T | undefined {
    this.items.push(entry);
    let dropped: T | undefined;
    if (this.items.length - this.head > this.keep) dropped = this.items[this.head++];
    if (this.head >= this.compactAfter) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return dropped;
  }

  /** The kept entries, oldest first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head);
  }
}
