// BG/NBD: closed forms against hand values, against direct integration over the Gamma and Beta mixing
// distributions (test/models/quadrature.ts), and against Fader, Hardie & Lee's published example.
import { describe, expect, it } from 'vitest';
import {
  bgNbdCustomerLogLikelihood,
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodGradient,
  conditionalExpectedPurchases,
  expectedPurchasesIfAlive,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  predictBgNbd,
  probabilityAlive,
  type BgNbdParams,
} from '../../src/models/bgnbd';
import { hyp2f1 } from '../../src/models/special';
import { integratePositive, integrateUnit } from './quadrature';
import { simulateBgNbd } from './simulate';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

// Mixing distributions, normalised numerically (no gamma function involved):
// lambda ~ Gamma(r, alpha) with density proportional to lambda^(r-1) e^(-alpha lambda),
// p ~ Beta(a, b) with density proportional to p^(a-1) (1-p)^(b-1).
function overLambda({ r, alpha }: BgNbdParams, h: (lambda: number) => number): number {
  const kernel = (l: number) => Math.exp((r - 1) * Math.log(l) - alpha * l);
  return integratePositive((l) => h(l) * kernel(l)) / integratePositive(kernel);
}
function overP({ a, b }: BgNbdParams, h: (p: number, q: number) => number): number {
  const kernel = (p: number, q: number) => Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log(q));
  return integrateUnit((p, q) => h(p, q) * kernel(p, q)) / integrateUnit(kernel);
}

// An individual's likelihood given (lambda, p) (FHL 2005):
//   (1 - p)^x lambda^x e^(-lambda T)  +  [x > 0] p (1 - p)^(x - 1) lambda^x e^(-lambda t_x);
// each term separates into a lambda part and a p part.
function integratedLikelihood(params: BgNbdParams, x: number, tx: number, T: number) {
  const alive = overP(params, (_p, q) => q ** x) * overLambda(params, (l) => l ** x * Math.exp(-l * T));
  const dropped =
    x > 0
      ? overP(params, (p, q) => p * q ** (x - 1)) * overLambda(params, (l) => l ** x * Math.exp(-l * tx))
      : 0;
  return { alive, likelihood: alive + dropped };
}

// E[Y(t) | x, t_x, T] = E[ (1/p)(1 - e^(-lambda p t)) ; alive at T ] / L: the expected purchases of a
// customer alive at T with (lambda, p) are (1/p)(1 - e^(-lambda p t)) (FHL 2005; memoryless), weighted
// by the posterior; a two-dimensional integral.
function integratedExpectation(params: BgNbdParams, t: number, x: number, tx: number, T: number) {
  const { likelihood } = integratedLikelihood(params, x, tx, T);
  const numerator = overP(params, (p, q) =>
    overLambda(params, (l) => q ** x * l ** x * Math.exp(-l * T) * (-Math.expm1(-l * p * t) / p)),
  );
  return numerator / likelihood;
}

const CUSTOMERS: [number, number, number][] = [
  [0, 0, 38.86],
  [2, 30.43, 38.86],
  [1, 0.14, 0.5],
  [7, 35, 38],
  [15, 20, 52],
];

describe('BG/NBD log-likelihood', () => {
  it('matches values computed by hand', () => {
    // r = alpha = a = b = 1.
    // x = 0, T = 1: L = B(a, b) / B(a, b) * Gamma(r) alpha^r / (Gamma(r) (alpha + T)^r) = 1 / 2.
    // x = 1, t_x = 1, T = 2: B(1, 2) = 1/2, B(2, 1) = 1/2, B(1, 1) = 1, Gamma(2) = 1:
    //   L = B(1, 2) / B(1, 1) * 1 / 3^2 + B(2, 1) / B(1, 1) * 1 / 2^2 = 1/18 + 1/8 = 13/72.
    const ones = { r: 1, alpha: 1, a: 1, b: 1 };
    expect(bgNbdCustomerLogLikelihood(ones, 0, 0, 1)).toBeCloseTo(Math.log(1 / 2), 14);
    expect(bgNbdCustomerLogLikelihood(ones, 1, 1, 2)).toBeCloseTo(Math.log(13 / 72), 14);
    // r = 2, alpha = 3, a = 2, b = 4, x = 2, t_x = 1, T = 3:
    //   Gamma(4) / Gamma(2) = 6, alpha^r = 9, B(2, 6) / B(2, 4) = (1/42) / (1/20) = 10/21,
    //   B(3, 5) / B(2, 4) = (1/105) / (1/20) = 4/21;
    //   L = 10/21 * 6 * 9 / 6^4 + 4/21 * 6 * 9 / 4^4 = 5/252 + 9/224
    const params = { r: 2, alpha: 3, a: 2, b: 4 };
    expect(bgNbdCustomerLogLikelihood(params, 2, 1, 3)).toBeCloseTo(Math.log(5 / 252 + 9 / 224), 13);
  });

  it('agrees with direct integration over the mixing distributions', () => {
    for (const [x, tx, T] of CUSTOMERS) {
      const direct = Math.log(integratedLikelihood(CDNOW, x, tx, T).likelihood);
      expect(relative(bgNbdCustomerLogLikelihood(CDNOW, x, tx, T), direct), `${x}, ${tx}, ${T}`).toBeLessThan(
        1e-10,
      );
    }
  });

  it('sums over customers, identical histories included', () => {
    const history = {
      frequency: [0, 2, 2, 1, 0],
      recency: [0, 30.43, 30.43, 0.14, 0],
      age: [38.86, 38.86, 38.86, 0.5, 1],
    };
    const sum = history.frequency.reduce(
      (s, x, i) => s + bgNbdCustomerLogLikelihood(CDNOW, x, history.recency[i], history.age[i]),
      0,
    );
    expect(bgNbdLogLikelihood(CDNOW, history)).toBeCloseTo(sum, 10);
  });
});

describe('BG/NBD log-likelihood gradient', () => {
  it('matches central differences of the log-likelihood', () => {
    const history = {
      frequency: [0, 2, 2, 1, 7, 15],
      recency: [0, 30.43, 30.43, 0.14, 35, 20],
      age: [38.86, 38.86, 38.86, 0.5, 38, 52],
    };
    for (const params of [CDNOW, { r: 2, alpha: 0.3, a: 3, b: 0.6 }]) {
      const gradient = bgNbdLogLikelihoodGradient(params, history);
      (['r', 'alpha', 'a', 'b'] as const).forEach((name, i) => {
        const h = 1e-6 * params[name];
        const at = (v: number) => bgNbdLogLikelihood({ ...params, [name]: v }, history);
        const numeric = (at(params[name] + h) - at(params[name] - h)) / (2 * h);
        expect(Math.abs(gradient[i] - numeric), name).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      });
    }
  });
});

describe('BG/NBD predictions', () => {
  it("reproduces Fader, Hardie & Lee's example: E[Y(39) | 2, 30.43, 38.86] = 1.226", () => {
    expect(conditionalExpectedPurchases(CDNOW, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('gives P(alive) as the posterior share of the alive term', () => {
    for (const [x, tx, T] of CUSTOMERS) {
      const { alive, likelihood } = integratedLikelihood(CDNOW, x, tx, T);
      expect(relative(probabilityAlive(CDNOW, x, tx, T), alive / likelihood)).toBeLessThan(1e-9);
    }
    expect(probabilityAlive(CDNOW, 0, 0, 50)).toBe(1);
  });

  it('gives conditional expected purchases equal to the posterior expectation', () => {
    for (const [x, tx, T] of CUSTOMERS) {
      for (const t of [1, 39, 104]) {
        const expected = integratedExpectation(CDNOW, t, x, tx, T);
        expect(
          relative(conditionalExpectedPurchases(CDNOW, t, x, tx, T), expected),
          `${x} ${t}`,
        ).toBeLessThan(1e-8);
      }
    }
  });

  it("equals the untransformed 2F1(r + x, b + x; a + b + x - 1; z) form (Euler's transformation)", () => {
    const { r, alpha, a, b } = CDNOW;
    for (const [x, tx, T] of CUSTOMERS) {
      const t = 52;
      const z = t / (alpha + T + t);
      const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
      const direct = (((a + b + x - 1) / (a - 1)) * bracket) / (1 / probabilityAlive(CDNOW, x, tx, T));
      expect(relative(conditionalExpectedPurchases(CDNOW, t, x, tx, T), direct)).toBeLessThan(1e-10);
    }
  });

  it('is P(alive) times the purchases of a customer alive at T, which do not depend on t_x', () => {
    const ifAlive = expectedPurchasesIfAlive(CDNOW, 39, 2, 38.86);
    for (const tx of [1, 30.43, 38]) {
      expect(conditionalExpectedPurchases(CDNOW, 39, 2, tx, 38.86)).toBeCloseTo(
        probabilityAlive(CDNOW, 2, tx, 38.86) * ifAlive,
        14,
      );
    }
  });

  it('is continuous through a = 1, where the formula is 0/0', () => {
    const params = { ...CDNOW, a: 1 };
    const expected = integratedExpectation(params, 39, 2, 30.43, 38.86);
    expect(relative(conditionalExpectedPurchases(params, 39, 2, 30.43, 38.86), expected)).toBeLessThan(1e-7);
  });

  it('gives a new customer E[X(t)] by integrating over lambda and p', () => {
    for (const t of [1, 10, 39, 78]) {
      const expected = overP(CDNOW, (p) => overLambda(CDNOW, (l) => -Math.expm1(-l * p * t) / p));
      expect(relative(expectedPurchasesNewCustomer(CDNOW, t), expected)).toBeLessThan(1e-8);
    }
    expect(expectedPurchasesNewCustomer(CDNOW, 0)).toBe(0);
  });

  it('predicts for every customer, once per distinct history', () => {
    const history = { frequency: [2, 0, 2], recency: [30.43, 0, 30.43], age: [38.86, 10, 38.86] };
    const predictions = predictBgNbd(CDNOW, history, 39);
    expect(predictions.expectedPurchases[0]).toBeCloseTo(1.226, 3);
    expect(predictions.expectedPurchases[2]).toBe(predictions.expectedPurchases[0]);
    expect(predictions.probabilityAlive[1]).toBe(1);
    expect(predictions.expectedPurchases[1]).toBe(conditionalExpectedPurchases(CDNOW, 39, 0, 0, 10));
  });
});

describe('fitBgNbd', () => {
  it('recovers simulated parameters and beats the true ones in likelihood', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };
    const history = simulateBgNbd(truth, 20_000, 52, 7);
    const fit = fitBgNbd(history);
    if (!fit.ok) throw new Error(fit.reason);
    // maximum likelihood: at least as likely as the parameters that generated the data
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, history));
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit.params, history), 6);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(relative(fit.params[name], truth[name]), name).toBeLessThan(0.15);
    }
  });

  it('fits a history given once per distinct (x, t_x, T) with counts as it fits one row per customer', () => {
    const history = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.8, b: 2.5 }, 5_000, 52, 11, 7);
    // counted by hand: a key per history, in order of first appearance
    const counts = new Map<string, { x: number; tx: number; T: number; n: number }>();
    for (let i = 0; i < history.frequency.length; i++) {
      const [x, tx, T] = [history.frequency[i], history.recency[i], history.age[i]];
      const key = `${x}|${tx}|${T}`;
      const known = counts.get(key);
      if (known) known.n++;
      else counts.set(key, { x, tx, T, n: 1 });
    }
    const rows = [...counts.values()];
    expect(rows.length).toBeLessThan(history.frequency.length);
    const weighted = fitBgNbd({
      frequency: rows.map((r) => r.x),
      recency: rows.map((r) => r.tx),
      age: rows.map((r) => r.T),
      weight: rows.map((r) => r.n),
    });
    const plain = fitBgNbd(history);
    if (!weighted.ok || !plain.ok) throw new Error('fit failed');
    expect(weighted.customers).toBe(5_000);
    expect(weighted.logLikelihood).toBeCloseTo(plain.logLikelihood, 6);
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(relative(weighted.params[name], plain.params[name]), name).toBeLessThan(1e-9);
  });

  it('refuses to fit without repeat customers, on impossible input, or when it stops early', () => {
    const noRepeat = fitBgNbd({ frequency: [0, 0, 0], recency: [0, 0, 0], age: [5, 6, 7] });
    expect(noRepeat).toMatchObject({
      ok: false,
      code: 'too_few_repeat_customers',
      reason: 'tooFewRepeat',
      values: { count: 0, min: 10 },
    });
    expect(noRepeat).not.toHaveProperty('params');
    expect(fitBgNbd({ frequency: [], recency: [], age: [] })).toMatchObject({
      ok: false,
      code: 'no_customers',
    });
    expect(fitBgNbd({ frequency: [1], recency: [5], age: [4] })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      reason: 'recencyBeyondAge',
      values: { customer: 1 },
    });
    expect(fitBgNbd({ frequency: [2, 1.5], recency: [1, 1], age: [4, 4] })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      reason: 'badFrequency',
      values: { customer: 2 },
    });
    const history = simulateBgNbd(CDNOW, 2000, 39, 1);
    const early = fitBgNbd(history, { maxIterations: 10 });
    expect(early).toMatchObject({ ok: false, code: 'not_converged', reason: 'notConverged' });
    expect(early).not.toHaveProperty('params');
  });

  it('calls a fit degenerate when nobody drops out', () => {
    // Poisson buyers who never leave: the fit drives a / (a + b), the drop-out probability, to 0.
    const history = simulateBgNbd({ r: 2, alpha: 10, a: 1e-9, b: 1e9 }, 5000, 52, 3);
    const fit = fitBgNbd(history);
    expect(fit).toMatchObject({ ok: false, code: 'degenerate' });
    expect(fit).toMatchObject({ reason: 'noDropOut' });
  });
});
