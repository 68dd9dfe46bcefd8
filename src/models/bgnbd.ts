// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
// Marketing Science 24(2)): while alive a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha);
// after each purchase they drop out for good with probability p ~ Beta(a, b).
// Formulas from the paper and from Fader, Hardie & Lee, "Implementing the BG/NBD Model for Customer Base
// Analysis in Excel" (2005 note, brucehardie.com/notes/004).
import { fitFailure, LOG_PARAMETER_EDGE, MIN_REPEAT_CUSTOMERS, type FitResult } from './fit-result';
import { groupHistories, invalidHistory, type HistoryGroups, type PurchaseHistory } from './histories';
import { minimizeSmoothSteps } from './optimize';
import { drain, type Steps } from './steps';
import { digamma, hyp2f1, lnGamma } from './special';

export type { PurchaseHistory } from './histories';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * ln L of one customer (as the Excel note splits it):
 *   A1 = ln Gamma(r + x) - ln Gamma(r) + r ln alpha
 *   A2 = ln Gamma(a + b) + ln Gamma(b + x) - ln Gamma(b) - ln Gamma(a + b + x)
 *   A3 = -(r + x) ln(alpha + T)
 *   A4 = ln a - ln(b + x - 1) - (r + x) ln(alpha + t_x)   (x > 0 only)
 *   ln L = A1 + A2 + ln(e^A3 + [x > 0] e^A4)
 */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const a1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const a2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a1 + a2 + logSumExp(a3, a4);
}

/** Sum of ln L over customers. */
export function bgNbdLogLikelihood(params: BgNbdParams, history: PurchaseHistory): number {
  return groupedLogLikelihood(params, groupHistories(history));
}

/**
 * The same sum over grouped histories: per evaluation one exp and one log per group with x > 0. With
 * `gradient`, also d ln L / d(r, alpha, a, b), from
 *   d/dr     = psi(r + x) - psi(r) + ln alpha - w3 ln(alpha + T) - w4 ln(alpha + t_x)
 *   d/dalpha = r / alpha - (r + x) (w3 / (alpha + T) + w4 / (alpha + t_x))
 *   d/da     = psi(a + b) - psi(a + b + x) + w4 / a
 *   d/db     = psi(a + b) + psi(b + x) - psi(b) - psi(a + b + x) - w4 / (b + x - 1)
 * where w3 = e^A3 / (e^A3 + e^A4) and w4 = 1 - w3 (w4 = 0 when x = 0).
 */
function groupedLogLikelihood(params: BgNbdParams, groups: HistoryGroups, gradient?: Float64Array): number {
  const { r, alpha, a, b } = params;
  const { xs, recencies, ages } = groups;
  const constant = new Float64Array(xs.length); // A1 + A2 per x
  const rx = new Float64Array(xs.length);
  const lnDropRatio = new Float64Array(xs.length); // ln a - ln(b + x - 1)
  const lnGammaR = lnGamma(r);
  const lnBetaTerms = lnGamma(a + b) - lnGamma(b);
  const lnAlpha = Math.log(alpha);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    constant[k] = lnGamma(r + x) - lnGammaR + r * lnAlpha + lnBetaTerms + lnGamma(b + x) - lnGamma(a + b + x);
    rx[k] = r + x;
    lnDropRatio[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0;
  }
  const lnAlphaT = ages.map((T) => Math.log(alpha + T));
  const lnAlphaTx = recencies.map((tx) => Math.log(alpha + tx));
  const invAlphaT = gradient ? ages.map((T) => 1 / (alpha + T)) : ages;
  const invAlphaTx = gradient ? recencies.map((tx) => 1 / (alpha + tx)) : recencies;
  const weightOfX = new Float64Array(xs.length);
  const dropWeight = new Float64Array(xs.length); // sum of weight x w4, per x
  const { xIndex, recencyIndex, ageIndex, weight } = groups;
  let sum = 0;
  let dr = 0;
  let dAlpha = 0;
  for (let g = 0; g < groups.count; g++) {
    const k = xIndex[g];
    const w = weight[g];
    const lnT = lnAlphaT[ageIndex[g]];
    const a3 = -rx[k] * lnT;
    if (xs[k] > 0) {
      const lnTx = lnAlphaTx[recencyIndex[g]];
      const a4 = lnDropRatio[k] - rx[k] * lnTx;
      const e = Math.exp(-Math.abs(a4 - a3));
      sum += w * (constant[k] + Math.max(a3, a4) + Math.log1p(e));
      if (gradient) {
        const w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
        const w3 = 1 - w4;
        dr -= w * (w3 * lnT + w4 * lnTx);
        dAlpha -= w * rx[k] * (w3 * invAlphaT[ageIndex[g]] + w4 * invAlphaTx[recencyIndex[g]]);
        weightOfX[k] += w;
        dropWeight[k] += w * w4;
      }
    } else {
      sum += w * (constant[k] + a3);
      if (gradient) {
        dr -= w * lnT;
        dAlpha -= w * rx[k] * invAlphaT[ageIndex[g]];
        weightOfX[k] += w;
      }
    }
  }
  if (gradient) {
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    let da = 0;
    let db = 0;
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      const wx = weightOfX[k];
      const psiABX = digamma(a + b + x);
      dr += wx * (digamma(r + x) - psiR + lnAlpha);
      dAlpha += (wx * r) / alpha;
      da += wx * (psiAB - psiABX) + dropWeight[k] / a;
      db += wx * (psiAB + digamma(b + x) - psiB - psiABX) - (x > 0 ? dropWeight[k] / (b + x - 1) : 0);
    }
    gradient.set([dr, dAlpha, da, db]);
  }
  return sum;
}

/** d ln L / d(r, alpha, a, b), summed over customers. */
export function bgNbdLogLikelihoodGradient(params: BgNbdParams, history: PurchaseHistory): Float64Array {
  const gradient = new Float64Array(4);
  groupedLogLikelihood(params, groupHistories(history), gradient);
  return gradient;
}

/** The mean drop-out probability after a purchase, a / (a + b); below MIN_DROP_OUT nobody leaves. */
const dropOut = ({ a, b }: { a: number; b: number }) => a / (a + b);
const MIN_DROP_OUT = 1e-6;

function logSumExp(u: number, v: number): number {
  const m = Math.max(u, v);
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

export interface BgNbdFitOptions {
  /** Fewest customers with x > 0 the fit accepts (default MIN_REPEAT_CUSTOMERS). */
  minRepeatCustomers?: number;
  maxIterations?: number;
}

/**
 * Maximum-likelihood fit of (r, alpha, a, b). Times are rescaled so that the longest T is 10 (alpha then
 * starts at the data's scale, as in the lifetimes package), the mean negative log-likelihood is minimised
 * over log-parameters (BFGS with the analytic gradient, Nelder-Mead if that fails), and alpha and ln L
 * are returned in the input's units.
 */
export function fitBgNbd(history: PurchaseHistory, options: BgNbdFitOptions = {}): FitResult<BgNbdParams> {
  return drain(fitBgNbdSteps(history, options));
}

/** `fitBgNbd` as steps: it pauses between evaluations of the likelihood, so a caller can stop it (steps.ts). */
export function* fitBgNbdSteps(
  history: PurchaseHistory,
  options: BgNbdFitOptions = {},
): Steps<FitResult<BgNbdParams>> {
  const rows = history.frequency.length;
  if (rows === 0) return fitFailure('no_customers', 'noCustomers');
  const invalid = invalidHistory(history);
  if (invalid) return fitFailure('invalid_input', invalid.reason, { customer: invalid.customer });
  // customers (a row may stand for several: history.weight)
  let n = 0;
  let repeat = 0;
  let maxAge = 0;
  let totalX = 0;
  for (let i = 0; i < rows; i++) {
    const w = history.weight ? history.weight[i] : 1;
    n += w;
    if (history.frequency[i] > 0) repeat += w;
    totalX += w * history.frequency[i];
    maxAge = Math.max(maxAge, history.age[i]);
  }
  const minRepeat = options.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  if (repeat < minRepeat) {
    return fitFailure('too_few_repeat_customers', 'tooFewRepeat', { count: repeat, min: minRepeat });
  }
  if (maxAge === 0) {
    // every customer made their first purchase on the calibration end
    return fitFailure('invalid_input', 'noTimeObserved');
  }
  const scale = 10 / maxAge;
  const groups = groupHistories(history, scale);
  const toParams = (theta: number[]) => {
    const [r, alpha, a, b] = theta.map(Math.exp);
    return { r, alpha, a, b };
  };
  const outside = (theta: number[]) => theta.some((t) => Math.abs(t) > 2 * LOG_PARAMETER_EDGE);
  const objective = (theta: number[]) =>
    outside(theta) ? Infinity : -groupedLogLikelihood(toParams(theta), groups) / n;
  const withGradient = (theta: number[]) => {
    if (outside(theta)) return { f: Infinity, g: [0, 0, 0, 0] };
    const params = toParams(theta);
    const gradient = new Float64Array(4);
    const f = -groupedLogLikelihood(params, groups, gradient) / n;
    // d/d ln(theta) = theta d/d theta
    const g = [params.r, params.alpha, params.a, params.b].map((v, i) => (-v * gradient[i]) / n);
    return { f, g };
  };
  const atEdge = (theta: number[]) =>
    theta.some((t) => Math.abs(t) > LOG_PARAMETER_EDGE) || dropOut(toParams(theta)) < MIN_DROP_OUT;
  const result = yield* minimizeSmoothSteps(objective, withGradient, [0, 0, 0, 0], {
    maxIterations: options.maxIterations,
    hopeless: atEdge,
  });
  // An optimum at an edge is reported as such, converged or not: the optimiser was heading there.
  const { r, alpha: alphaScaled, a, b } = toParams(result.x);
  if (dropOut({ a, b }) < MIN_DROP_OUT) {
    // the drop-out probability fits to about 0: the data may be too short to show customers leaving
    return fitFailure('degenerate', 'noDropOut');
  }
  const names = ['r', 'alpha', 'a', 'b'];
  const edge = result.x.findIndex((t) => Math.abs(t) > LOG_PARAMETER_EDGE);
  if (edge >= 0) {
    return fitFailure('degenerate', 'parameterEdge', {
      model: 'BG/NBD',
      parameter: names[edge],
      direction: result.x[edge] > 0 ? 'grows' : 'shrinks',
    });
  }
  if (!result.converged) {
    return fitFailure('not_converged', 'notConverged', { model: 'BG/NBD', iterations: result.iterations });
  }
  // ln L in scaled time differs from ln L in the input's units by -x ln(scale) per customer.
  return {
    ok: true,
    params: { r, alpha: alphaScaled / scale, a, b },
    logLikelihood: -result.fx * n + totalX * Math.log(scale),
    customers: n,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}

/**
 * P(alive | x, t_x, T), the probability that the customer has not dropped out by T:
 *   1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const lnOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/**
 * E[Y(t) | x, t_x, T], expected purchases in the next t time units (FHL 2005):
 *   (a + b + x - 1) / (a - 1) [1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x; a + b + x - 1; z)]
 *   / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)),   z = t / (alpha + T + t).
 * The denominator is 1 / P(alive). Euler's transformation 2F1(A, B; C; z) = (1 - z)^(C - A - B) 2F1(C - A,
 * C - B; C; z) turns the bracket into 1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z), whose
 * series neither overflows for large x (the untransformed 2F1 grows like (1 - z)^-(r + x - a + 1)) nor
 * needs the large power to cancel it. At a = 1 the formula is 0/0 with a finite limit: near it, the mean of
 * the values at a +- 1e-4 is used (error of order 1e-8 relative). It is P(alive) x expectedPurchasesIfAlive.
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  return probabilityAlive(params, x, tx, T) * expectedPurchasesIfAlive(params, t, x, T);
}

/**
 * E[Y(t) | alive at T, x]: the expected purchases in the next t time units of a customer still alive at T,
 * (a + b + x - 1) / (a - 1) [1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z)], which does
 * not depend on t_x (only P(alive) does).
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  if (Math.abs(params.a - 1) < A_NEAR_ONE) {
    const below = ifAliveAwayFromOne({ ...params, a: 1 - A_NEAR_ONE }, t, x, T);
    const above = ifAliveAwayFromOne({ ...params, a: 1 + A_NEAR_ONE }, t, x, T);
    return (below + above) / 2;
  }
  return ifAliveAwayFromOne(params, t, x, T);
}

const A_NEAR_ONE = 1e-4;

function ifAliveAwayFromOne(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const lnOneMinusZ = Math.log((alpha + T) / (alpha + T + t));
  const f = hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((a - 1) * lnOneMinusZ) * f);
}

/**
 * E[X(t)], expected purchases of a customer in their first t time units after the first purchase (FHL 2005):
 *   (a + b - 1) / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))], which
 * is the conditional expectation of a customer with x = 0 observed for T = 0.
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, t, 0, 0, 0);
}

export interface BgNbdPredictions {
  probabilityAlive: Float64Array;
  /** E[Y(horizon) | x, t_x, T] per customer. */
  expectedPurchases: Float64Array;
}

/** P(alive) and expected purchases over the horizon for every customer, computed once per distinct history. */
export function predictBgNbd(
  params: BgNbdParams,
  history: PurchaseHistory,
  horizon: number,
): BgNbdPredictions {
  const groups = groupHistories(history);
  const alive = new Float64Array(groups.count);
  const expected = new Float64Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const x = groups.xs[groups.xIndex[g]];
    const tx = groups.recencies[groups.recencyIndex[g]];
    const T = groups.ages[groups.ageIndex[g]];
    alive[g] = probabilityAlive(params, x, tx, T);
    expected[g] = conditionalExpectedPurchases(params, horizon, x, tx, T);
  }
  return {
    probabilityAlive: Float64Array.from(groups.groupOf, (g) => alive[g]),
    expectedPurchases: Float64Array.from(groups.groupOf, (g) => expected[g]),
  };
}
