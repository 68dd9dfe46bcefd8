// Timing helpers shared by the Node-side runners.

/** @param {number[]} values */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `run` `runs` times and returns each run's wall time in ms; `before` (untimed) runs first each time.
 * @param {number} runs
 * @param {{ before?: () => unknown, run: () => unknown }} work
 */
export async function timeRuns(runs, { before, run }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}
