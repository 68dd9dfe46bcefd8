// lnGamma and 2F1 against known values and closed forms.
import { describe, expect, it } from 'vitest';
import { digamma, hyp2f1, lnBeta, lnGamma } from '../../src/models/special';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('lnGamma', () => {
  it('matches known values to ~1e-13', () => {
    const known: [number, number][] = [
      [1, 0],
      [2, 0],
      [0.5, 0.5 * Math.log(Math.PI)],
      [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
      [3, Math.log(2)],
      [10, Math.log(362880)],
      [0.1, 2.252712651734206], // ln Gamma(0.1) = ln 9.513507698668732
      [100, 359.1342053695754], // ln 99!
      [171, Math.log(7.257415615307994e306)], // ln 170!
      [1e-8, -Math.log(1e-8) - 0.5772156649015329 * 1e-8], // Gamma(x) ~ 1/x - euler gamma near 0
    ];
    for (const [x, value] of known) {
      const err = value === 0 ? Math.abs(lnGamma(x)) : relative(lnGamma(x), value);
      expect(err, `lnGamma(${x})`).toBeLessThan(1e-13);
    }
  });

  it('satisfies Gamma(x + 1) = x Gamma(x) across the range', () => {
    for (const x of [1e-6, 0.007, 0.243, 0.5, 0.793, 1.7, 4.414, 12.3, 77.7, 1234.5, 1e6]) {
      expect(Math.abs(lnGamma(x + 1) - lnGamma(x) - Math.log(x)), `x = ${x}`).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(lnGamma(x + 1))),
      );
    }
  });

  it('reflects below 0.5 and is NaN at the poles', () => {
    // Gamma(-0.5) = -2 sqrt(pi)
    expect(lnGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
    expect(lnGamma(0)).toBeNaN();
    expect(lnGamma(-2)).toBeNaN();
  });

  it('gives ln B(a, b)', () => {
    // B(2, 3) = 1! 2! / 4! = 1/12
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
  });
});

describe('digamma', () => {
  const EULER = 0.5772156649015329;
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.LN2, 14);
    // psi(n + 1) = H_n - Euler's constant
    const harmonic = (n: number) =>
      Array.from({ length: n }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
    for (const n of [1, 5, 9, 10, 50, 1000]) {
      expect(relative(digamma(n + 1), harmonic(n) - EULER), `n = ${n}`).toBeLessThan(1e-14);
    }
    // psi(1/4) = -Euler - pi/2 - 3 ln 2
    expect(digamma(0.25)).toBeCloseTo(-EULER - Math.PI / 2 - 3 * Math.LN2, 13);
    expect(digamma(0)).toBeNaN();
  });

  it('is the derivative of lnGamma', () => {
    for (const x of [0.243, 0.793, 2.426, 4.414, 15.44, 250]) {
      const h = 1e-5 * x;
      const numeric = (lnGamma(x + h) - lnGamma(x - h)) / (2 * h);
      expect(Math.abs(digamma(x) - numeric), `x = ${x}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
    }
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    for (const z of [-0.9, -0.5, 0.001, 0.3, 0.5, 0.9, 0.99]) {
      // 2F1(1, 1; 2; z) = -ln(1 - z) / z
      expect(relative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z), `z = ${z}`).toBeLessThan(1e-12);
      // 2F1(a, b; b; z) = (1 - z)^-a
      expect(relative(hyp2f1(0.37, 2.5, 2.5, z), Math.pow(1 - z, -0.37))).toBeLessThan(1e-12);
    }
    for (const x of [0.1, 0.5, 0.9]) {
      // 2F1(1/2, 1/2; 3/2; x^2) = arcsin(x) / x and 2F1(1/2, 1; 3/2; -x^2) = arctan(x) / x
      expect(relative(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-12);
      expect(relative(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-12);
    }
  });

  it('ends a terminating series: 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))', () => {
    const [b, c, z] = [1.5, 2.5, 0.7];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });

  it("agrees with Euler's transformation where the series start with sign changes", () => {
    // 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z), with c - b < 0 here
    const [a, b, c, z] = [2.243, 4.426, 4.219, 0.6];
    const euler = Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z);
    expect(relative(hyp2f1(a, b, c, z), euler)).toBeLessThan(1e-12);
  });

  it('is NaN outside the unit disc or without convergence', () => {
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(hyp2f1(1, 1, -1, 0.5)).toBeNaN();
    expect(hyp2f1(1, 1, 2, 0.9999, { maxTerms: 100 })).toBeNaN();
  });
});
