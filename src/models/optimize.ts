// Derivative-free minimisation for the model fits: Nelder-Mead (Nelder & Mead 1965) with the
// dimension-dependent coefficients of Gao & Han (2012), restarted from its best point until a restart no
// longer improves (a collapsed simplex is the method's known failure: restarting rebuilds it).
// The fits minimise over log-parameters, so the search space is unbounded. They call minimizeSmooth:
// BFGS with analytic gradients (src/models/bfgs.ts) for speed, Nelder-Mead when BFGS does not converge.
import { bfgsSteps, type BfgsOptions, type ValueAndGradient } from './bfgs';
import { drain, type Steps } from './steps';

export interface MinimizeOptions {
  /** Edge of the starting simplex along each axis (default 0.5; in log-parameters a factor e^0.5). */
  step?: number;
  /** A run has converged when its simplex spans at most this in every coordinate (default 1e-7)... */
  xTolerance?: number;
  /** ...and its values differ by at most this, relative to |f| (plus the same amount absolute; default 1e-11). */
  fTolerance?: number;
  /** Iterations over all runs (default 1,000 x dimension). */
  maxIterations?: number;
  /** Restarts after the first run (default 10). */
  maxRestarts?: number;
}

export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  message: string;
}

/** Minimises f from x0. Non-finite values of f count as +Infinity, so f may refuse a region by returning NaN. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  return drain(nelderMeadSteps(f, x0, options));
}

/** `nelderMead` as steps: it pauses (yields) at every iteration, so a caller can stop it (steps.ts). */
export function* nelderMeadSteps(
  f: (x: number[]) => number,
  x0: number[],
  options: MinimizeOptions = {},
): Steps<MinimizeResult> {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const xTol = options.xTolerance ?? 1e-7;
  const fTol = options.fTolerance ?? 1e-11;
  const maxIterations = options.maxIterations ?? 1000 * n;
  const maxRestarts = options.maxRestarts ?? 10;

  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const close = (a: number, b: number) => Math.abs(a - b) <= fTol * (1 + Math.abs(a));

  let best = x0.slice();
  let bestF = value(best);
  if (bestF === Infinity) {
    return {
      x: best,
      fx: NaN,
      iterations: 0,
      evaluations,
      converged: false,
      message: 'f is not finite at x0',
    };
  }
  let iterations = 0;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = yield* simplexRun(value, best, bestF, step, xTol, fTol, maxIterations - iterations);
    iterations += run.iterations;
    const improved = !close(bestF, run.fx);
    const moved = run.x.some((xi, i) => Math.abs(xi - best[i]) > 10 * xTol);
    if (run.fx <= bestF) {
      best = run.x;
      bestF = run.fx;
    }
    if (!run.converged) {
      return {
        x: best,
        fx: bestF,
        iterations,
        evaluations,
        converged: false,
        message: `no convergence within ${maxIterations} iterations`,
      };
    }
    // The first run always counts as a move; a restart that finds nothing new confirms the minimum.
    if (restart > 0 && !improved && !moved) {
      return {
        x: best,
        fx: bestF,
        iterations,
        evaluations,
        converged: true,
        message: `converged (${restart} restart${restart > 1 ? 's' : ''})`,
      };
    }
  }
  return {
    x: best,
    fx: bestF,
    iterations,
    evaluations,
    converged: false,
    message: `still improving after ${maxRestarts} restarts`,
  };
}

/**
 * BFGS from x0 and, if it does not converge (a failed line search on a rough or flat surface), Nelder-Mead
 * with restarts from the best point BFGS reached. Iterations and evaluations add up over both.
 */
export function minimizeSmooth(
  f: (x: number[]) => number,
  fg: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: SmoothOptions = {},
): MinimizeResult & { method: 'bfgs' | 'nelder-mead' } {
  return drain(minimizeSmoothSteps(f, fg, x0, options));
}

export type SmoothOptions = BfgsOptions & MinimizeOptions & { hopeless?: (x: number[]) => boolean };

/** `minimizeSmooth` as steps: it pauses between evaluations, so a caller can stop it (steps.ts). */
export function* minimizeSmoothSteps(
  f: (x: number[]) => number,
  fg: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: SmoothOptions = {},
): Steps<MinimizeResult & { method: 'bfgs' | 'nelder-mead' }> {
  const quasiNewton = yield* bfgsSteps(fg, x0, options);
  // hopeless: where BFGS stopped, Nelder-Mead would not help (say, an edge of the parameter space)
  if (quasiNewton.converged || options.hopeless?.(quasiNewton.x)) return { ...quasiNewton, method: 'bfgs' };
  const start = Number.isFinite(quasiNewton.fx) ? quasiNewton.x : x0;
  const simplex = yield* nelderMeadSteps(f, start, options);
  return {
    ...simplex,
    iterations: quasiNewton.iterations + simplex.iterations,
    evaluations: quasiNewton.evaluations + simplex.evaluations,
    message: `BFGS: ${quasiNewton.message}; Nelder-Mead: ${simplex.message}`,
    method: 'nelder-mead',
  };
}

interface Run {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

function* simplexRun(
  value: (x: number[]) => number,
  x0: number[],
  f0: number,
  step: number,
  xTol: number,
  fTol: number,
  maxIterations: number,
): Steps<Run> {
  const n = x0.length;
  // Gao & Han (2012): reflection 1, expansion 1 + 2/n, contraction 0.75 - 1/(2n), shrink 1 - 1/n.
  const expand = 1 + 2 / n;
  const contract = 0.75 - 1 / (2 * n);
  const shrink = 1 - 1 / n;

  const points: number[][] = [x0.slice()];
  const values: number[] = [f0];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    points.push(p);
    values.push(value(p));
  }
  const order = points.map((_, i) => i);
  const along = (from: number[], to: number[], t: number) => from.map((fi, j) => fi + t * (to[j] - fi));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    yield;
    order.sort((i, j) => values[i] - values[j]);
    const lo = order[0];
    const hi = order[n];
    const fSpread = values[hi] - values[lo];
    let xSpread = 0;
    for (const i of order) {
      for (let j = 0; j < n; j++) xSpread = Math.max(xSpread, Math.abs(points[i][j] - points[lo][j]));
    }
    if (fSpread <= fTol * (1 + Math.abs(values[lo])) && xSpread <= xTol) {
      return { x: points[lo].slice(), fx: values[lo], iterations: iteration, converged: true };
    }

    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const p = points[order[k]];
      for (let j = 0; j < n; j++) centroid[j] += p[j] / n;
    }
    const worst = points[hi];
    const reflected = along(centroid, worst, -1);
    const fr = value(reflected);
    const secondWorst = values[order[n - 1]];
    if (fr < values[lo]) {
      const expanded = along(centroid, worst, -expand);
      const fe = value(expanded);
      if (fe < fr) replace(hi, expanded, fe);
      else replace(hi, reflected, fr);
    } else if (fr < secondWorst) {
      replace(hi, reflected, fr);
    } else {
      // outside contraction when the reflection beats the worst point, inside otherwise
      const outside = fr < values[hi];
      const contracted = along(centroid, worst, outside ? -contract : contract);
      const fc = value(contracted);
      if (fc < (outside ? fr : values[hi])) {
        replace(hi, contracted, fc);
      } else {
        for (let k = 1; k <= n; k++) {
          const i = order[k];
          points[i] = along(points[lo], points[i], shrink);
          values[i] = value(points[i]);
        }
      }
    }
  }
  order.sort((i, j) => values[i] - values[j]);
  return { x: points[order[0]].slice(), fx: values[order[0]], iterations: maxIterations, converged: false };

  function replace(i: number, p: number[], fp: number) {
    points[i] = p;
    values[i] = fp;
  }
}
