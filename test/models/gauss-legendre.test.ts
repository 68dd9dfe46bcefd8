// Gauss-Legendre rules: known nodes, exactness for polynomials of degree 2n - 1.
import { describe, expect, it } from 'vitest';
import { gaussLegendre } from '../../src/models/gauss-legendre';

describe('gaussLegendre', () => {
  it('gives the textbook 2- and 3-point rules', () => {
    const two = gaussLegendre(2);
    expect([...two.nodes].map((x) => x * Math.sqrt(3))).toEqual([
      expect.closeTo(-1, 14),
      expect.closeTo(1, 14),
    ]);
    expect([...two.weights]).toEqual([expect.closeTo(1, 14), expect.closeTo(1, 14)]);
    const three = gaussLegendre(3);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(3 / 5), 14);
    expect(three.nodes[1]).toBeCloseTo(0, 14);
    expect([...three.weights]).toEqual([5 / 9, 8 / 9, 5 / 9].map((w) => expect.closeTo(w, 14)));
  });

  it('integrates x^k exactly up to k = 2n - 1 with 20 points', () => {
    const { nodes, weights } = gaussLegendre(20);
    for (let k = 0; k <= 39; k++) {
      const sum = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
      expect(sum, `x^${k}`).toBeCloseTo(k % 2 ? 0 : 2 / (k + 1), 13);
    }
    expect(nodes.reduce((s, x, i) => s + weights[i] * Math.exp(x), 0)).toBeCloseTo(Math.E - 1 / Math.E, 14);
  });
});
