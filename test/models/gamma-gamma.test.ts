// Gamma-Gamma: closed forms against hand values and against integration over nu ~ Gamma(q, gamma).
import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodGradient,
  type GammaGammaParams,
} from '../../src/models/gamma-gamma';
import { integratePositive } from './quadrature';
import { gamma, sfc32 } from './simulate';

const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

// zbar | nu ~ Gamma(shape px, rate nu x) and nu ~ Gamma(q, gamma); both normalising constants by quadrature
// (a fine step: for large px the integrands are narrow peaks).
function mixture(
  { p, q, gamma }: GammaGammaParams,
  x: number,
  zbar: number,
  h: (nu: number) => number = () => 1,
) {
  const px = p * x;
  const step = 1 / 256;
  const gammaPx = integratePositive((u) => Math.exp((px - 1) * Math.log(u) - u), step);
  const density = (nu: number) =>
    Math.exp(px * Math.log(nu * x) + (px - 1) * Math.log(zbar) - nu * x * zbar) / gammaPx;
  const prior = (nu: number) => Math.exp((q - 1) * Math.log(nu) - gamma * nu);
  const norm = integratePositive(prior, step);
  return integratePositive((nu) => h(nu) * density(nu) * prior(nu), step) / norm;
}

describe('Gamma-Gamma log-likelihood', () => {
  it('matches values computed by hand', () => {
    // f = Gamma(px + q) / (Gamma(px) Gamma(q)) gamma^q zbar^(px - 1) x^px / (gamma + x zbar)^(px + q)
    // p = 1, q = 2, gamma = 1, x = 1, zbar = 1: Gamma(3) / (Gamma(1) Gamma(2)) / 2^3 = 2/8
    expect(gammaGammaCustomerLogLikelihood({ p: 1, q: 2, gamma: 1 }, 1, 1)).toBeCloseTo(Math.log(1 / 4), 14);
    // p = 2, q = 3, gamma = 2, x = 2, zbar = 0.5: px = 4;
    //   Gamma(7) / (Gamma(4) Gamma(3)) = 60, 2^3 = 8, 0.5^3 = 1/8, 2^4 = 16, (2 + 1)^7 = 2187 -> 960/2187
    expect(gammaGammaCustomerLogLikelihood({ p: 2, q: 3, gamma: 2 }, 2, 0.5)).toBeCloseTo(
      Math.log(960 / 2187),
      14,
    );
  });

  it('agrees with integration over nu', () => {
    for (const [x, zbar] of [
      [1, 12.5],
      [2, 30],
      [5, 8.75],
      [20, 41.2],
    ]) {
      const direct = Math.log(mixture(CDNOW, x, zbar));
      expect(relative(gammaGammaCustomerLogLikelihood(CDNOW, x, zbar), direct), `${x}, ${zbar}`).toBeLessThan(
        1e-10,
      );
    }
  });

  it('sums over customers with a repeat purchase and positive spend only', () => {
    const history = { frequency: [0, 1, 2, 3, 2], monetary: [NaN, 12.5, 30, 0, -4] };
    const expected =
      gammaGammaCustomerLogLikelihood(CDNOW, 1, 12.5) + gammaGammaCustomerLogLikelihood(CDNOW, 2, 30);
    expect(gammaGammaLogLikelihood(CDNOW, history)).toBeCloseTo(expected, 10);
  });
});

describe('Gamma-Gamma log-likelihood gradient', () => {
  it('matches central differences of the log-likelihood', () => {
    const history = { frequency: [1, 2, 2, 5, 20, 0], monetary: [12.5, 30, 7, 8.75, 41.2, NaN] };
    for (const params of [CDNOW, { p: 0.7, q: 12, gamma: 3 }]) {
      const gradient = gammaGammaLogLikelihoodGradient(params, history);
      (['p', 'q', 'gamma'] as const).forEach((name, i) => {
        const h = 1e-6 * params[name];
        const at = (v: number) => gammaGammaLogLikelihood({ ...params, [name]: v }, history);
        const numeric = (at(params[name] + h) - at(params[name] - h)) / (2 * h);
        expect(Math.abs(gradient[i] - numeric), name).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      });
    }
  });
});

describe('conditional expected spend', () => {
  it('is the posterior mean of p / nu', () => {
    // nu | zbar ~ Gamma(q + px, gamma + x zbar): E[p / nu] = p (gamma + x zbar) / (px + q - 1)
    for (const [x, zbar] of [
      [1, 12.5],
      [2, 30],
      [7, 80],
    ]) {
      const posterior = mixture(CDNOW, x, zbar, (nu) => CDNOW.p / nu) / mixture(CDNOW, x, zbar);
      expect(relative(conditionalExpectedSpend(CDNOW, x, zbar), posterior)).toBeLessThan(1e-9);
    }
  });

  it('is the population mean p gamma / (q - 1) without repeat purchases', () => {
    const mean = (6.25 * 15.44) / 2.74;
    expect(conditionalExpectedSpend(CDNOW, 0, NaN)).toBeCloseTo(mean, 12);
    expect(conditionalExpectedSpend(CDNOW, 3, 0)).toBeCloseTo(mean, 12);
  });
});

/** x repeat transactions of Gamma(p, nu) spend each, nu ~ Gamma(q, gamma). */
function simulateSpend({ p, q, gamma: g }: GammaGammaParams, customers: number, seed: number) {
  const random = sfc32(seed);
  const frequency = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const x = 1 + Math.floor(-Math.log(1 - random()) * 3);
    const nu = gamma(random, q, g);
    let total = 0;
    for (let k = 0; k < x; k++) total += gamma(random, p, nu);
    frequency[i] = x;
    monetary[i] = total / x;
  }
  return { frequency, monetary };
}

describe('fitGammaGamma', () => {
  it('recovers simulated parameters and beats the true ones in likelihood', () => {
    const truth = { p: 4, q: 3, gamma: 20 };
    const history = simulateSpend(truth, 10_000, 11);
    const fit = fitGammaGamma(history);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.customers).toBe(10_000);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(truth, history));
    expect(fit.logLikelihood).toBeCloseTo(gammaGammaLogLikelihood(fit.params, history), 6);
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(relative(fit.params[name], truth[name]), name).toBeLessThan(0.15);
    }
  });

  it('fits distinct (x, zbar) with counts as it fits one row per customer', () => {
    const simulated = simulateSpend({ p: 4, q: 3, gamma: 20 }, 4_000, 13);
    // spend on a price grid (whole units), as real mean spends repeat; one customer without a valid spend
    const frequency = [...simulated.frequency, 2];
    const monetary = [...Array.from(simulated.monetary, (m) => Math.max(1, Math.round(m))), 0];
    const counts = new Map<string, { x: number; z: number; n: number }>();
    frequency.forEach((x, i) => {
      const key = `${x}|${monetary[i]}`;
      const known = counts.get(key);
      if (known) known.n++;
      else counts.set(key, { x, z: monetary[i], n: 1 });
    });
    const rows = [...counts.values()];
    expect(rows.length).toBeLessThan(frequency.length / 2);
    const plain = fitGammaGamma({ frequency, monetary });
    const weighted = fitGammaGamma({
      frequency: rows.map((r) => r.x),
      monetary: rows.map((r) => r.z),
      weight: rows.map((r) => r.n),
    });
    if (!plain.ok || !weighted.ok) throw new Error('fit failed');
    expect([weighted.customers, weighted.excluded]).toEqual([4_000, 1]);
    expect(weighted.logLikelihood).toBeCloseTo(plain.logLikelihood, 6);
    for (const name of ['p', 'q', 'gamma'] as const)
      expect(relative(weighted.params[name], plain.params[name]), name).toBeLessThan(1e-9);
  });

  it('refuses to fit without repeat customers or positive spend, or with an infinite mean spend', () => {
    const none = fitGammaGamma({ frequency: [0, 0], monetary: [NaN, NaN] });
    expect(none).toMatchObject({
      ok: false,
      code: 'too_few_repeat_customers',
      reason: 'tooFewSpenders',
      values: { count: 0, min: 10 },
    });
    expect(none).not.toHaveProperty('params');
    const free = fitGammaGamma({ frequency: [1, 2, 3], monetary: [0, 0, NaN] });
    expect(free).toMatchObject({ ok: false, code: 'no_positive_spend', excluded: 3 });
    // q = 0.7: a heavy tail of big spenders, no finite population mean
    const heavy = fitGammaGamma(simulateSpend({ p: 4, q: 0.7, gamma: 20 }, 5000, 5));
    expect(heavy).toMatchObject({ ok: false, code: 'degenerate', reason: 'infiniteMean' });
    expect(heavy).not.toHaveProperty('params');
  });
});
