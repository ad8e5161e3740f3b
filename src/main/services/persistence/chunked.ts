/**
 * Runs a step-wise check (a generator that yields between chunks of work) without holding the
 * event loop: after each chunk the service answers whatever calls came in meanwhile. Used for the
 * invariant check of a large lab's saved state (engine/world/invariants.ts).
 */
export async function runInChunks<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
