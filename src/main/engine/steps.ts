/**
 * Step-wise work: long jobs on a large lab (loading a scenario or a saved state, checking its
 * invariants) are generators that yield between chunks, so the service can answer other calls in
 * between (services/persistence/chunked.ts). Here: running one to its end at once, for small labs,
 * tests and callers that have nothing else to do.
 */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
