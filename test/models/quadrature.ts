// Double-exponential quadrature (Takahasi & Mori 1974), for checking the models' closed forms against
// direct integration over their mixing distributions. Both rules handle integrable endpoint singularities
// such as p^(a - 1) with a < 1, which the Beta and Gamma densities of the fitted models have.

const STEP = 1 / 32; // default; a sharply peaked integrand needs a finer one
const LIMIT = 4; // |t| beyond which the weights are below 1e-30 of the total

/**
 * Integral over (0, 1) of f(p, 1 - p) (the complement is passed exactly, for factors like (1 - p)^(b - 1)):
 * tanh-sinh, p = (1 + tanh(pi/2 sinh t)) / 2.
 */
export function integrateUnit(f: (p: number, q: number) => number, step = STEP): number {
  let sum = 0;
  const n = Math.round(LIMIT / step);
  for (let k = -n; k <= n; k++) {
    const t = k * step;
    const u = (Math.PI / 2) * Math.sinh(t);
    // 1 - tanh(u) = 2 / (1 + e^(2u)), 1 + tanh(u) = 2 / (1 + e^(-2u)), so p and 1 - p keep full precision
    const p = 1 / (1 + Math.exp(-2 * u));
    const q = 1 / (1 + Math.exp(2 * u));
    const weight = ((Math.PI / 2) * Math.cosh(t)) / (2 * Math.cosh(u) ** 2);
    if (p > 0 && q > 0 && weight > 0) sum += weight * f(p, q);
  }
  return sum * step;
}

/** Integral over (0, infinity) of f: exp-sinh, x = exp(pi/2 sinh t). */
export function integratePositive(f: (x: number) => number, step = STEP): number {
  let sum = 0;
  const n = Math.round(LIMIT / step);
  for (let k = -n - Math.round(2 / step); k <= n; k++) {
    const t = k * step;
    const x = Math.exp((Math.PI / 2) * Math.sinh(t));
    const weight = x * (Math.PI / 2) * Math.cosh(t);
    if (x > 0 && Number.isFinite(x)) {
      const v = f(x);
      if (v !== 0) sum += weight * v;
    }
  }
  return sum * step;
}
