// Gauss-Legendre quadrature nodes and weights on [-1, 1], by Newton's method on the Legendre polynomial
// P_n from the Tricomi initial guesses (Numerical Recipes' gauleg); exact for polynomials of degree 2n - 1.

export interface QuadratureRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const rules = new Map<number, QuadratureRule>();

export function gaussLegendre(n: number): QuadratureRule {
  const cached = rules.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      // P_n(x) by the three-term recurrence, and P_n'(x) from P_n and P_(n-1)
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      derivative = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}
