// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value
// Curves for Customer Base Analysis", Journal of Marketing Research 42(4); Fader & Hardie, "The Gamma-Gamma
// Model of Monetary Value", 2013 note, brucehardie.com/notes/025): a customer's transactions are
// Gamma(p, nu) (mean p / nu), and nu ~ Gamma(q, gamma) across customers. Given x transactions with mean
// zbar, zbar | nu ~ Gamma(px, nu x); integrating nu out gives the density below. The model assumes spend
// is independent of purchase frequency, and is fitted on customers with a repeat purchase (x > 0), x and
// zbar counting repeat transactions only.
import { fitFailure, LOG_PARAMETER_EDGE, MIN_REPEAT_CUSTOMERS, type FitResult } from './fit-result';
import { minimizeSmoothSteps } from './optimize';
import { drain, type Steps } from './steps';
import { digamma, lnGamma } from './special';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendHistory {
  /** x: repeat transactions in the calibration period. */
  frequency: ArrayLike<number>;
  /** zbar: mean spend of the repeat transactions; NaN or any value when x = 0. */
  monetary: ArrayLike<number>;
  /** Customers with this (x, zbar) (1 each when absent): distinct pairs with counts are the same data. */
  weight?: ArrayLike<number>;
}

/**
 * ln f(zbar | p, q, gamma, x) with
 *   f = Gamma(px + q) / (Gamma(px) Gamma(q)) gamma^q zbar^(px - 1) x^(px) / (gamma + x zbar)^(px + q)
 * (FHL 2005 JMR; the full density, with the ln zbar terms the paper leaves out of its -4659).
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(zbar) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + x * zbar)
  );
}

/** Sum of ln f over the customers the model applies to (x > 0, zbar > 0). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, history: SpendHistory): number {
  const data = spenders(history);
  return spendLogLikelihood(params, data, 1);
}

interface Spenders {
  x: Float64Array;
  zbar: Float64Array;
  /** Customers per (x, zbar) row. */
  weight: Float64Array;
  /** Customers the model applies to (the sum of the weights). */
  customers: number;
  /** Distinct x values, and the index of each customer's x among them. */
  xs: Float64Array;
  xIndex: Int32Array;
  /** Sums that do not depend on the parameters. */
  sumLnZbar: Float64Array; // per distinct x: sum of ln zbar
  count: Float64Array; // per distinct x: customers
  lnX: Float64Array; // per distinct x
  excluded: number;
  repeatCustomers: number;
}

function spenders(history: SpendHistory): Spenders {
  const x: number[] = [];
  const zbar: number[] = [];
  const weight: number[] = [];
  let repeatCustomers = 0;
  let customers = 0;
  for (let i = 0; i < history.frequency.length; i++) {
    const xi = history.frequency[i];
    if (!(xi > 0)) continue;
    const w = history.weight ? history.weight[i] : 1;
    repeatCustomers += w;
    const zi = history.monetary[i];
    if (Number.isFinite(zi) && zi > 0) {
      x.push(xi);
      zbar.push(zi);
      weight.push(w);
      customers += w;
    }
  }
  const indexOf = new Map<number, number>();
  const xIndex = Int32Array.from(x, (xi) => {
    let k = indexOf.get(xi);
    if (k === undefined) indexOf.set(xi, (k = indexOf.size));
    return k;
  });
  const xs = Float64Array.from(indexOf.keys());
  const sumLnZbar = new Float64Array(xs.length);
  const count = new Float64Array(xs.length);
  for (let i = 0; i < x.length; i++) {
    sumLnZbar[xIndex[i]] += weight[i] * Math.log(zbar[i]);
    count[xIndex[i]] += weight[i];
  }
  return {
    x: Float64Array.from(x),
    zbar: Float64Array.from(zbar),
    weight: Float64Array.from(weight),
    customers,
    xs,
    xIndex,
    sumLnZbar,
    count,
    lnX: xs.map(Math.log),
    excluded: repeatCustomers - customers,
    repeatCustomers,
  };
}

/**
 * ln L with spend divided by `scale` (gamma then in the same scaled units); one log per customer. With
 * `gradient`, also d ln L / d(p, q, gamma), from
 *   d/dp     = x (psi(px + q) - psi(px) + ln zbar + ln x - ln(gamma + x zbar))
 *   d/dq     = psi(px + q) - psi(q) + ln gamma - ln(gamma + x zbar)
 *   d/dgamma = q / gamma - (px + q) / (gamma + x zbar).
 */
function spendLogLikelihood(
  params: GammaGammaParams,
  data: Spenders,
  scale: number,
  gradient?: Float64Array,
): number {
  const { p, q, gamma } = params;
  const { xs, count, sumLnZbar, lnX, x, zbar, xIndex, weight } = data;
  const lnScale = Math.log(scale);
  const lnGammaParam = Math.log(gamma);
  let sum = 0;
  let dp = 0;
  let dq = 0;
  let dGamma = 0;
  const qLnGamma = q * lnGammaParam - lnGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  for (let k = 0; k < xs.length; k++) {
    const px = p * xs[k];
    const lnZbar = sumLnZbar[k] - count[k] * lnScale;
    sum += count[k] * (lnGamma(px + q) - lnGamma(px) + qLnGamma + px * lnX[k]) + (px - 1) * lnZbar;
    if (gradient) {
      const psiPxQ = digamma(px + q);
      dp += xs[k] * (count[k] * (psiPxQ - digamma(px) + lnX[k]) + lnZbar);
      dq += count[k] * (psiPxQ - psiQ + lnGammaParam);
      dGamma += (count[k] * q) / gamma;
    }
  }
  for (let i = 0; i < x.length; i++) {
    const xi = xs[xIndex[i]];
    const w = weight[i];
    const denominator = gamma + (x[i] * zbar[i]) / scale;
    const lnDenominator = Math.log(denominator);
    sum -= w * (p * xi + q) * lnDenominator;
    if (gradient) {
      dp -= w * xi * lnDenominator;
      dq -= w * lnDenominator;
      dGamma -= (w * (p * xi + q)) / denominator;
    }
  }
  gradient?.set([dp, dq, dGamma]);
  return sum;
}

/** d ln L / d(p, q, gamma), summed over the customers the model applies to. */
export function gammaGammaLogLikelihoodGradient(
  params: GammaGammaParams,
  history: SpendHistory,
): Float64Array {
  const gradient = new Float64Array(3);
  spendLogLikelihood(params, spenders(history), 1, gradient);
  return gradient;
}

export interface GammaGammaFit {
  /** Customers with x > 0 left out because their mean repeat spend is not positive (or missing). */
  excluded: number;
}

export interface GammaGammaFitOptions {
  minRepeatCustomers?: number;
  maxIterations?: number;
}

/**
 * Maximum-likelihood fit of (p, q, gamma) on the customers with x > 0 and zbar > 0. Spend is divided by
 * its mean for the search (so gamma starts at the data's scale; BFGS with the analytic gradient, Nelder-Mead
 * if that fails) and gamma is returned in currency units.
 * A fit with q <= 1 is refused: the population mean spend p gamma / (q - 1) would be infinite.
 */
export function fitGammaGamma(
  history: SpendHistory,
  options: GammaGammaFitOptions = {},
): FitResult<GammaGammaParams> & GammaGammaFit {
  return drain(fitGammaGammaSteps(history, options));
}

/** `fitGammaGamma` as steps: it pauses between evaluations of the likelihood, so a caller can stop it. */
export function* fitGammaGammaSteps(
  history: SpendHistory,
  options: GammaGammaFitOptions = {},
): Steps<FitResult<GammaGammaParams> & GammaGammaFit> {
  const data = spenders(history);
  // customers the model applies to (a row may stand for several: history.weight)
  const n = data.customers;
  const excluded = data.excluded;
  const minRepeat = options.minRepeatCustomers ?? MIN_REPEAT_CUSTOMERS;
  if (data.repeatCustomers > 0 && n === 0) {
    return {
      ...fitFailure('no_positive_spend', 'noPositiveSpend'),
      excluded,
    };
  }
  if (n < minRepeat) {
    return {
      ...fitFailure('too_few_repeat_customers', 'tooFewSpenders', { count: n, min: minRepeat }),
      excluded,
    };
  }
  let mean = 0;
  for (let i = 0; i < data.x.length; i++) mean += (data.weight[i] * data.zbar[i]) / n;
  const toParams = (theta: number[]) => {
    const [p, q, gamma] = theta.map(Math.exp);
    return { p, q, gamma };
  };
  const outside = (theta: number[]) => theta.some((t) => Math.abs(t) > 2 * LOG_PARAMETER_EDGE);
  const objective = (theta: number[]) =>
    outside(theta) ? Infinity : -spendLogLikelihood(toParams(theta), data, mean) / n;
  const withGradient = (theta: number[]) => {
    if (outside(theta)) return { f: Infinity, g: [0, 0, 0] };
    const params = toParams(theta);
    const gradient = new Float64Array(3);
    const f = -spendLogLikelihood(params, data, mean, gradient) / n;
    const g = [params.p, params.q, params.gamma].map((v, i) => (-v * gradient[i]) / n);
    return { f, g };
  };
  const atEdge = (theta: number[]) => theta.some((t) => Math.abs(t) > LOG_PARAMETER_EDGE);
  const result = yield* minimizeSmoothSteps(objective, withGradient, [0, 0, 0], {
    maxIterations: options.maxIterations,
    hopeless: atEdge,
  });
  // An optimum at an edge is reported as such, converged or not: the optimiser was heading there.
  const names = ['p', 'q', 'gamma'];
  const edge = result.x.findIndex((t) => Math.abs(t) > LOG_PARAMETER_EDGE);
  const { p, q, gamma: gammaScaled } = toParams(result.x);
  if (edge >= 0 || (result.converged && q <= 1)) {
    return {
      ...(edge >= 0
        ? fitFailure('degenerate', 'parameterEdge', {
            model: 'Gamma-Gamma',
            parameter: names[edge],
            direction: result.x[edge] > 0 ? 'grows' : 'shrinks',
          })
        : // q <= 1: a few very large spends dominate
          fitFailure('degenerate', 'infiniteMean')),
      excluded,
    };
  }
  if (!result.converged) {
    return {
      ...fitFailure('not_converged', 'notConverged', { model: 'Gamma-Gamma', iterations: result.iterations }),
      excluded,
    };
  }
  const params = { p, q, gamma: gammaScaled * mean };
  return {
    ok: true,
    params,
    logLikelihood: spendLogLikelihood(params, data, 1),
    customers: n,
    iterations: result.iterations,
    evaluations: result.evaluations,
    excluded,
  };
}

/**
 * E[Z | p, q, gamma, x, zbar], a customer's expected spend per transaction (FHL 2005 JMR):
 *   (gamma + x zbar) p / (px + q - 1),
 * a weighted mean of the population mean p gamma / (q - 1) and the customer's zbar, with weight
 * px / (px + q - 1) on zbar. For x = 0 (or no valid zbar) it is the population mean.
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  if (!(x > 0) || !(Number.isFinite(zbar) && zbar > 0)) return (p * gamma) / (q - 1);
  return ((gamma + x * zbar) * p) / (p * x + q - 1);
}
