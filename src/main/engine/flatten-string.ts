/**
 * Strings the engine keeps for a long time (event messages, phase details, UUIDs, MACs), flattened
 * into one piece before they are stored.
 *
 * V8 builds a template literal as a rope: one 32-byte node per piece joined. A rope that is only
 * stored and never read stays a rope, so a migration event's message was eight or nine nodes, about
 * three times the size of the same text in one piece. The lab keeps 20,000 events per vCenter and
 * every VM has two UUIDs: the ropes were a fifth of a loaded 10,000-VM lab's heap and nearly half of
 * the kept history (`npm run bench`, engine benchmark: "live heap after a full collection"), memory
 * a user sees the app hold for as long as it runs.
 */

/** Not global or sticky: testing with it reads no state and changes none. */
const NUL = /\0/;

/**
 * Returns `s` itself, stored in one piece from now on. A regular expression needs its subject in one
 * piece, so V8 flattens the rope in place and the collector then drops its nodes. What the test
 * finds does not matter.
 */
export function flattenString(s: string): string {
  NUL.test(s);
  return s;
}
