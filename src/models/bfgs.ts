// Quasi-Newton minimisation with analytic gradients: BFGS (Nocedal & Wright 2006, section 6.1), the first
// inverse-Hessian estimate scaled by s'y / y'y after the first step as they suggest, and a weak-Wolfe
// bisection line search (as in Lewis & Overton 2013), which keeps s'y > 0 so the estimate stays positive
// definite, with Hager & Zhang's approximate Wolfe condition where f is flat to rounding.
import type { MinimizeResult } from './optimize';
import { drain, type Steps } from './steps';

export interface ValueAndGradient {
  f: number;
  g: number[];
}

export interface BfgsOptions {
  /** Converged when every |gradient component| is at most this (default 1e-8). */
  gradientTolerance?: number;
  /** Default 200 x dimension. */
  maxIterations?: number;
  /** Largest move in any coordinate per iteration (default 5: a factor e^5 in log-parameters). */
  maxStep?: number;
}

const ARMIJO = 1e-4;
const CURVATURE = 0.9;
const ROUNDING = 1e-12;

export function bfgs(
  fg: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: BfgsOptions = {},
): MinimizeResult {
  return drain(bfgsSteps(fg, x0, options));
}

/** `bfgs` as steps: it pauses (yields) before every evaluation, so a caller can stop it (steps.ts). */
export function* bfgsSteps(
  fg: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: BfgsOptions = {},
): Steps<MinimizeResult> {
  const n = x0.length;
  const gTol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200 * n;
  const maxStep = options.maxStep ?? 5;
  let evaluations = 0;
  const evaluate = (x: number[]): ValueAndGradient => {
    evaluations++;
    const value = fg(x);
    return Number.isFinite(value.f) && value.g.every(Number.isFinite) ? value : { f: Infinity, g: value.g };
  };
  const done = (x: number[], fx: number, iterations: number, converged: boolean, message: string) => ({
    x,
    fx,
    iterations,
    evaluations,
    converged,
    message,
  });

  let x = x0.slice();
  let current = evaluate(x);
  if (current.f === Infinity) return done(x, NaN, 0, false, 'f is not finite at x0');
  let h = identity(n);
  let scaled = false;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(current.g) <= gTol) return done(x, current.f, iteration, true, 'converged (gradient)');
    let p = times(h, current.g).map((v) => -v);
    let slope = dot(current.g, p);
    if (!(slope < 0)) {
      h = identity(n);
      p = current.g.map((v) => -v);
      slope = dot(current.g, p);
    }
    const size = maxAbs(p);
    if (size > maxStep) {
      p = p.map((v) => (v * maxStep) / size);
      slope *= maxStep / size;
    }
    let lo = 0;
    let hi = Infinity;
    let t = 1;
    let next: { x: number[]; value: ValueAndGradient } | null = null;
    for (let trial = 0; trial < 60; trial++) {
      yield;
      const xt = x.map((xi, i) => xi + t * p[i]);
      const value = evaluate(xt);
      const derivative = dot(value.g, p);
      // Near the minimum f stops changing measurably before the gradient is small; there the approximate
      // Wolfe condition of Hager & Zhang (2005) stands in for sufficient decrease: f may not rise beyond
      // rounding, and the directional derivative must not turn up by more than (1 - 2 c1) |slope|.
      const decrease =
        value.f <= current.f + ARMIJO * t * slope ||
        (value.f <= current.f + ROUNDING * Math.abs(current.f) && derivative <= (2 * ARMIJO - 1) * slope);
      if (!decrease) hi = t;
      else if (derivative < CURVATURE * slope) lo = t;
      else {
        next = { x: xt, value };
        break;
      }
      t = hi < Infinity ? (lo + hi) / 2 : 2 * lo;
    }
    if (!next) return done(x, current.f, iteration, false, 'the line search found no better point');
    const s = next.x.map((xi, i) => xi - x[i]);
    const y = next.value.g.map((gi, i) => gi - current.g[i]);
    const sy = dot(s, y);
    if (sy > 0) {
      if (!scaled) {
        const scale = sy / dot(y, y);
        h = h.map((row) => row.map((v) => v * scale));
        scaled = true;
      }
      // H <- (I - rho s y') H (I - rho y s') + rho s s'
      const rho = 1 / sy;
      const hy = times(h, y);
      const yhy = dot(y, hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          h[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
      }
    }
    x = next.x;
    current = next.value;
  }
  return done(x, current.f, maxIterations, false, `no convergence within ${maxIterations} iterations`);
}

const identity = (n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
const dot = (u: number[], v: number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
const times = (m: number[][], v: number[]) => m.map((row) => dot(row, v));
const maxAbs = (v: number[]) => v.reduce((m, vi) => Math.max(m, Math.abs(vi)), 0);
