// Long model fits as steps: an optimiser written as a generator pauses (`yield`) between evaluations of
// its objective, and whoever drives it decides what a pause is. `drain` runs it to the end at once (the
// synchronous API the tests and the benchmark call); `driveSteps` hands every pause to a checkpoint,
// which may let the event loop run (so that a cancel can arrive in the engine's worker) and may throw to
// stop the fit there.

/** A computation that pauses between its steps and returns R. */
export type Steps<R> = Generator<void, R, void>;

/** Runs the steps to their end without pausing. */
export function drain<R>(steps: Steps<R>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Called at every pause; throwing stops the steps (the generator is closed) and rejects with the error. */
export type Checkpoint = () => void | Promise<void>;

/** Runs the steps, calling `checkpoint` at each pause (awaited when it returns a promise). */
export async function driveSteps<R>(steps: Steps<R>, checkpoint: Checkpoint): Promise<R> {
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      const waited = checkpoint();
      if (waited) await waited;
    }
  } finally {
    steps.return(undefined as R);
  }
}
