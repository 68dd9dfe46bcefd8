// Nelder-Mead and BFGS on functions whose minima are known.
import { describe, expect, it } from 'vitest';
import { bfgs } from '../../src/models/bfgs';
import { minimizeSmooth, nelderMead } from '../../src/models/optimize';

describe('nelderMead', () => {
  it('finds the minimum of a shifted, ill-scaled quadratic', () => {
    // f = sum_i 10^i (x_i - i)^2: minimum 0 at (0, 1, 2, 3), curvatures 1 to 1000
    const f = (x: number[]) => x.reduce((s, xi, i) => s + 10 ** i * (xi - i) ** 2, 0);
    const result = nelderMead(f, [5, 5, 5, 5]);
    expect(result.converged).toBe(true);
    result.x.forEach((xi, i) => expect(xi).toBeCloseTo(i, 6));
    expect(result.fx).toBeLessThan(1e-12);
  });

  it('follows the Rosenbrock valley to (1, 1)', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('finds the global minimum of the 4-d Rosenbrock function, or its known local one', () => {
    // In 4 dimensions Rosenbrock has a second, local minimum near (-0.7757, 0.6131, 0.3821, 0.1460),
    // f = 3.70143 (Kok & Sandrock 2009); a local method reaches whichever basin it starts in.
    const f = (x: number[]) =>
      x.slice(0, -1).reduce((s, xi, i) => s + 100 * (x[i + 1] - xi * xi) ** 2 + (1 - xi) ** 2, 0);
    const global = nelderMead(f, [-1.2, 1, -1.2, 1]);
    expect(global.converged).toBe(true);
    global.x.forEach((xi) => expect(xi).toBeCloseTo(1, 6));
    const local = nelderMead(f, [-1, 1, 1, 1]);
    expect(local.converged).toBe(true);
    expect(local.fx).toBeCloseTo(3.70143, 5);
    expect(local.x[0]).toBeCloseTo(-0.77566, 4);
  });

  it("reaches one of Himmelblau's four minima, each with value 0", () => {
    const himmelblau = ([x, y]: number[]) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2;
    const minima = [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ];
    for (const start of [
      [0, 0],
      [-4, 4],
      [-4, -4],
      [4, -4],
    ]) {
      const result = nelderMead(himmelblau, start);
      expect(result.converged).toBe(true);
      expect(result.fx).toBeLessThan(1e-12);
      const nearest = Math.min(...minima.map(([a, b]) => Math.hypot(result.x[0] - a, result.x[1] - b)));
      expect(nearest).toBeLessThan(1e-5);
    }
  });

  it('avoids a region where f is not finite', () => {
    // minimum of (x - 2)^2 on x > 1, NaN elsewhere
    const result = nelderMead(([x]) => (x > 1 ? (x - 2) ** 2 : NaN), [3]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 6);
  });

  it('says when it ran out of iterations, and when f is not finite at the start', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const stopped = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 20 });
    expect(stopped).toMatchObject({ converged: false, iterations: 20 });
    expect(stopped.message).toMatch(/20 iterations/);
    expect(nelderMead(() => NaN, [0]).converged).toBe(false);
  });
});

describe('bfgs', () => {
  const rosenbrock = ([x, y]: number[]) => ({
    f: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
    g: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
  });

  it('minimises an ill-scaled quadratic in a few iterations', () => {
    // f = sum_i 10^i (x_i - i)^2
    const quadratic = (x: number[]) => ({
      f: x.reduce((s, xi, i) => s + 10 ** i * (xi - i) ** 2, 0),
      g: x.map((xi, i) => 2 * 10 ** i * (xi - i)),
    });
    const result = bfgs(quadratic, [5, 5, 5, 5]);
    expect(result.converged).toBe(true);
    result.x.forEach((xi, i) => expect(xi).toBeCloseTo(i, 9));
    expect(result.iterations).toBeLessThan(30);
  });

  it('follows the Rosenbrock valley to (1, 1)', () => {
    const result = bfgs(rosenbrock, [-1.2, 1], { maxStep: 1 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
  });

  it("reaches a Himmelblau minimum from each quadrant's start", () => {
    const himmelblau = ([x, y]: number[]) => {
      const [u, v] = [x * x + y - 11, x + y * y - 7];
      return { f: u * u + v * v, g: [4 * x * u + 2 * v, 2 * u + 4 * y * v] };
    };
    for (const start of [
      [1, 1],
      [-4, 4],
      [-4, -4],
      [4, -4],
    ]) {
      const result = bfgs(himmelblau, start);
      expect(result.converged).toBe(true);
      expect(result.fx).toBeLessThan(1e-14);
    }
  });

  it('says when it stopped early, and minimizeSmooth then falls back to Nelder-Mead', () => {
    expect(bfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 })).toMatchObject({
      converged: false,
      iterations: 3,
    });
    // a gradient that lies: BFGS cannot descend along it, Nelder-Mead uses f alone
    const f = ([x, y]: number[]) => (x - 3) ** 2 + (y + 1) ** 2;
    const result = minimizeSmooth(f, (x) => ({ f: f(x), g: [1, 1] }), [0, 0]);
    expect(result).toMatchObject({ converged: true, method: 'nelder-mead' });
    expect(result.x[0]).toBeCloseTo(3, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
  });
});
