// Predictive CLV from a fitted BG/NBD (purchases) and Gamma-Gamma (spend) model (docs/metrics.md#predictive-clv):
//   CLV = margin x E[spend per transaction] x discounted expected purchases over the horizon.
// Discounting is continuous: a purchase at time s after the calibration end counts (1 + d)^-s, d the discount
// rate per time unit (periodDiscountRate converts an annual rate), so the discounted expected purchases are
//   DEP(H) = integral over (0, H] of (1 + d)^-s dE[Y(s)] = (1 + d)^-H E[Y(H)] + delta integral_0^H (1 + d)^-s E[Y(s)] ds
// (by parts, E[Y(0)] = 0, delta = ln(1 + d)). The integral is computed by 16-point Gauss-Legendre in
// w = ln(alpha + T + s): E[Y(s)] has a branch point at s = -(alpha + T), close to (0, H] for a young customer
// and a long horizon; in w it moves to -infinity (the nearest singularities are at Im w = +-pi), so the rule
// converges fast in every case (the tests check it against a fine Stieltjes sum, to 1e-7).
// The two models are taken as independent (the Gamma-Gamma assumption), so the expectation of the product
// is the product of the expectations.
import { expectedPurchasesIfAlive, probabilityAlive, type BgNbdParams } from './bgnbd';
import { conditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma';
import { gaussLegendre } from './gauss-legendre';
import { groupHistories, type PurchaseHistory } from './histories';
import { drain, type Steps } from './steps';

const NODES = 16;

/** The rate per time unit equivalent to an annual rate: (1 + annual)^(days / 365.25) - 1. */
export function periodDiscountRate(annualRate: number, timeUnitDays: number): number {
  return Math.pow(1 + annualRate, timeUnitDays / 365.25) - 1;
}

/** DEP(H): expected purchases in (0, horizon], each discounted continuously by (1 + rate)^-s. */
export function discountedExpectedPurchases(
  params: BgNbdParams,
  horizon: number,
  ratePerPeriod: number,
  x: number,
  tx: number,
  T: number,
): number {
  return probabilityAlive(params, x, tx, T) * discountedIfAlive(params, horizon, ratePerPeriod, x, T);
}

/** DEP(H) of a customer alive at T: E[Y(s)] = P(alive) E[Y(s) | alive], and P(alive) does not depend on s. */
function discountedIfAlive(
  params: BgNbdParams,
  horizon: number,
  ratePerPeriod: number,
  x: number,
  T: number,
) {
  if (!(horizon > 0)) return 0;
  const atHorizon = expectedPurchasesIfAlive(params, horizon, x, T);
  if (ratePerPeriod === 0) return atHorizon;
  const delta = Math.log1p(ratePerPeriod);
  const c = params.alpha + T;
  const from = Math.log(c);
  const half = (Math.log(c + horizon) - from) / 2;
  const { nodes, weights } = gaussLegendre(NODES);
  let integral = 0;
  for (let i = 0; i < NODES; i++) {
    const w = from + half * (nodes[i] + 1);
    const s = Math.exp(w) - c;
    integral += weights[i] * Math.exp(w - delta * s) * expectedPurchasesIfAlive(params, s, x, T);
  }
  return Math.exp(-delta * horizon) * atHorizon + delta * half * integral;
}

export interface ClvCustomers extends PurchaseHistory {
  /** zbar: mean repeat spend (NaN when x = 0 or unknown). */
  monetary: ArrayLike<number>;
}

export interface ClvOptions {
  /** Horizon in the model's time units (e.g. 52 weeks). */
  horizon: number;
  /** Share of spend kept as margin, 0..1. */
  margin: number;
  /** Discount rate per time unit (see periodDiscountRate). */
  discountRatePerPeriod: number;
}

export interface ClvValues {
  probabilityAlive: Float64Array;
  /** E[Y(horizon) | x, t_x, T], undiscounted. */
  expectedPurchases: Float64Array;
  discountedPurchases: Float64Array;
  /** E[spend per transaction | x, zbar]. */
  expectedSpend: Float64Array;
  clv: Float64Array;
}

/** Per customer values; the purchase model runs once per distinct (x, t_x, T). */
export function customerLifetimeValues(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): ClvValues {
  return drain(customerLifetimeValuesSteps(bgnbd, gammaGamma, customers, options));
}

/** Distinct histories or customers valued between two pauses of customerLifetimeValuesSteps. */
const VALUES_SLICE = 8192;

/** `customerLifetimeValues` as steps: it pauses every VALUES_SLICE groups and customers (steps.ts). */
export function* customerLifetimeValuesSteps(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customers: ClvCustomers,
  options: ClvOptions,
): Steps<ClvValues> {
  const { horizon, margin, discountRatePerPeriod } = options;
  const groups = groupHistories(customers);
  // P(alive) per distinct (x, t_x, T); the purchases of a customer alive at T only per distinct (x, T)
  const alive = new Float64Array(groups.count);
  const expected = new Float64Array(groups.count);
  const discounted = new Float64Array(groups.count);
  const ifAlive = new Map<number, [number, number]>();
  for (let g = 0; g < groups.count; g++) {
    if (g % VALUES_SLICE === VALUES_SLICE - 1) yield;
    const x = groups.xs[groups.xIndex[g]];
    const tx = groups.recencies[groups.recencyIndex[g]];
    const T = groups.ages[groups.ageIndex[g]];
    const key = groups.xIndex[g] * groups.ages.length + groups.ageIndex[g];
    let pair = ifAlive.get(key);
    if (!pair) {
      pair = [
        expectedPurchasesIfAlive(bgnbd, horizon, x, T),
        discountedIfAlive(bgnbd, horizon, discountRatePerPeriod, x, T),
      ];
      ifAlive.set(key, pair);
    }
    alive[g] = probabilityAlive(bgnbd, x, tx, T);
    expected[g] = alive[g] * pair[0];
    discounted[g] = alive[g] * pair[1];
  }
  const n = groups.customers;
  const values: ClvValues = {
    probabilityAlive: new Float64Array(n),
    expectedPurchases: new Float64Array(n),
    discountedPurchases: new Float64Array(n),
    expectedSpend: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    if (i % VALUES_SLICE === VALUES_SLICE - 1) yield;
    const g = groups.groupOf[i];
    const spend = conditionalExpectedSpend(gammaGamma, customers.frequency[i], customers.monetary[i]);
    values.probabilityAlive[i] = alive[g];
    values.expectedPurchases[i] = expected[g];
    values.discountedPurchases[i] = discounted[g];
    values.expectedSpend[i] = spend;
    values.clv[i] = margin * spend * discounted[g];
  }
  return values;
}
