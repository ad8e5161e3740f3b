/**
 * Strings the engine keeps, stored in one piece.
 *
 * V8 builds a template literal as a rope: one 32-byte node per piece joined. A rope that is only
 * stored and never read stays a rope, so a migration event's message was eight or nine nodes, about
 * three times the size of the same text in one piece. The lab keeps 20,000 events per vCenter and
 * every VM has two UUIDs: the ropes were a fifth of a loaded 10,000-VM lab's heap and nearly half of
 * the kept history, and many of the objects the young-generation collector copies while migrations
 * run.
 */

/** Not global or sticky: testing with it reads no state and changes none. */
const NUL = /\0/;

/**
 * Returns `s` itself, stored in one piece from now on. A regular expression needs its subject in one
 * piece, so V8 flattens the rope in place and the collector then drops its nodes. What the test
 * finds does not matter. (Array.prototype.join builds strings in one piece too, but on the engine's
 * hot path the extra arrays cost more than the collector saves.)
 */
export function kept(s: string): string {
  NUL.test(s);
  return s;
}
