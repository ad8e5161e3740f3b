/**
 * Runs step-wise work (a generator that yields between chunks: loading a scenario or a saved state,
 * checking a world's invariants) without holding the event loop: after each slice of about
 * SLICE_MS the service answers whatever calls came in meanwhile (issue 15: a 100,000-VM lab opens
 * in seconds, and no other answer may wait more than 250 ms). Steps are far finer than a slice,
 * so a slice ends within a few milliseconds of SLICE_MS.
 */
export const SLICE_MS = 20;

/** @param busy when given, `ms` grows by the time spent in the steps (not in the turns between). */
export async function runInChunks<T>(steps: Generator<void, T, void>, busy?: { ms: number }): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) {
      if (busy) busy.ms += performance.now() - sliceStart;
      return step.value;
    }
    if (performance.now() - sliceStart < SLICE_MS) continue;
    if (busy) busy.ms += performance.now() - sliceStart;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}
