// Predictive CLV, run where the engine is (the worker; the tests run it on the Node engine): the customer
// summary in SQL (clv_summary.sql), the BG/NBD and Gamma-Gamma fits in TypeScript (src/models/), then one
// row per customer written back into the engine as customer_clv, which the CLV views and RFM read with SQL.
import { Float64, makeData, makeVector, tableFromIPC, tableToIPC, Table, Vector } from 'apache-arrow';
import type { EngineSession } from '../../engine/session';
import type { Handlers, Op } from '../../engine/protocol';
import { bindNamed } from '../bind';
import summarySql from './clv_summary.sql?raw';
import { EMPTY_CUSTOMER_CLV } from './customer-clv';
import { conditionalExpectedPurchases, fitBgNbd, type BgNbdParams } from '../../models/bgnbd';
import { fitGammaGamma, type GammaGammaParams } from '../../models/gamma-gamma';
import { customerLifetimeValues, periodDiscountRate } from '../../models/clv';
import type { FitFailureCode, FitReason, FitSuccess } from '../../models/fit-result';

export interface ClvRequest {
  /** Last day of calibration (YYYY-MM-DD); null: the last order day (no holdout). */
  calibrationEnd: string | null;
  /** Last day of the holdout (null: the last order day). */
  holdoutEnd: string | null;
  timeUnit: 'week' | 'day';
  /** Horizon of the CLV, in time units. */
  horizon: number;
  /** Gross margin used when no cost is mapped (a mapped cost wins); null: none (CLV of revenue). */
  margin: number | null;
  /** Annual discount rate (0.1 = 10%). */
  discountRate: number;
}

/** Why no CLV: the stage that failed and the reason, translated from `clv.reasons` and `clv.hints`. */
export interface ClvFailure {
  ok: false;
  stage: 'summary' | 'bgnbd' | 'gammaGamma';
  code: FitFailureCode | 'no_orders';
  reason: FitReason | 'noOrders';
  values: Record<string, string | number>;
}

export interface ClvFit {
  ok: true;
  calibrationEnd: string;
  holdoutEnd: string | null;
  /** Holdout length in time units (0: no holdout). */
  holdoutLength: number;
  customers: number;
  repeatCustomers: number;
  /** The oldest customer's age T at the calibration end (time units): the P(alive) matrix is drawn for it. */
  maxAge: number;
  bgnbd: { params: BgNbdParams; logLikelihood: number; iterations: number; ms: number };
  gammaGamma: {
    params: GammaGammaParams;
    logLikelihood: number;
    customers: number;
    iterations: number;
    ms: number;
  };
  /** Customers with repeat purchases whose spend the spend model cannot use (zero or negative). */
  excluded: { count: number; examples: string[] };
  margin: { value: number; from: 'data' | 'parameter' | 'none' };
  holdout: { actual: number; predicted: number } | null;
  totalClv: number;
  /** The summary and fits of the previous run were reused (only horizon, margin or discount changed). */
  reused: boolean;
  ms: number;
}

export type ClvOutcome = ClvFit | ClvFailure;

const UNIT_DAYS = { week: 7, day: 1 } as const;

interface Fitted {
  key: string;
  summary: Table;
  history: { frequency: Float64Array; recency: Float64Array; age: Float64Array };
  monetary: Float64Array;
  bgnbd: FitSuccess<BgNbdParams>;
  gammaGamma: FitSuccess<GammaGammaParams>;
  bgnbdMs: number;
  ggMs: number;
}

/** The last summary and fits per engine session. */
const cache = new WeakMap<EngineSession, Fitted>();

/** A DOUBLE column whose non-finite values are NULL (built directly: no Arrow builders in the worker). */
function nullable(values: Float64Array): Vector<Float64> {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return new Vector([
    makeData({
      type: new Float64(),
      length: values.length,
      nullCount: nulls,
      data: values,
      nullBitmap: bitmap,
    }),
  ]);
}

function column(table: Table, name: string): Float64Array {
  const vector = table.getChild(name)!;
  const out = new Float64Array(table.numRows);
  for (let i = 0; i < out.length; i++) {
    const v = vector.get(i);
    out[i] = v == null ? NaN : Number(v);
  }
  return out;
}

export async function fitClv(session: EngineSession, request: ClvRequest): Promise<ClvOutcome> {
  const started = performance.now();
  const [bounds] = session.queryRows<{ last: number | null; margin: number | null; fingerprint: string }>(
    `SELECT max(ordered_at)::DATE AS last,
       CASE WHEN count(cost) > 0 THEN (sum(amount) - sum(cost)) / sum(amount) END AS margin,
       concat_ws('|', count(*), min(ordered_at), max(ordered_at), sum(amount), count(DISTINCT customer_id))
         AS fingerprint
     FROM orders`,
  );
  if (bounds.last == null) {
    return { ok: false, stage: 'summary', code: 'no_orders', reason: 'noOrders', values: {} };
  }
  const lastDay = new Date(Number(bounds.last)).toISOString().slice(0, 10);
  const calibrationEnd = request.calibrationEnd ?? lastDay;
  const unit = UNIT_DAYS[request.timeUnit];
  // the summary and the fits depend on the orders and on these three only: a new horizon, margin or discount
  // rate reuses them and only values the customers again
  const key = `${bounds.fingerprint}|${calibrationEnd}|${request.holdoutEnd}|${unit}`;
  let fitted = cache.get(session);
  const reused = fitted?.key === key;
  if (!fitted || !reused) {
    cache.delete(session);
    const bound = bindNamed(summarySql, {
      calibration_end: calibrationEnd,
      holdout_end: request.holdoutEnd,
      time_unit_days: unit,
    });
    const summary = tableFromIPC((await session.run(bound.sql, { params: bound.params })).ipc);
    const history = {
      frequency: column(summary, 'frequency'),
      recency: column(summary, 'recency'),
      age: column(summary, 'age'),
    };
    const monetary = column(summary, 'monetary_value');
    let t = performance.now();
    const bgnbdFit = fitBgNbd(history);
    if (!bgnbdFit.ok) return { ...bgnbdFit, stage: 'bgnbd' };
    const bgnbdMs = performance.now() - t;
    t = performance.now();
    const ggFit = fitGammaGamma({ frequency: history.frequency, monetary });
    if (!ggFit.ok) {
      const { ok, code, reason, values } = ggFit;
      return { ok, code, reason, values, stage: 'gammaGamma' };
    }
    fitted = {
      key,
      summary,
      history,
      monetary,
      bgnbd: bgnbdFit,
      gammaGamma: ggFit,
      bgnbdMs,
      ggMs: performance.now() - t,
    };
    cache.set(session, fitted);
  }
  const { summary, history, monetary, bgnbd, gammaGamma, bgnbdMs, ggMs } = fitted;

  const margin =
    bounds.margin != null
      ? { value: bounds.margin, from: 'data' as const }
      : request.margin != null
        ? { value: request.margin, from: 'parameter' as const }
        : { value: 1, from: 'none' as const };
  const values = customerLifetimeValues(
    bgnbd.params,
    gammaGamma.params,
    { ...history, monetary },
    {
      horizon: request.horizon,
      margin: margin.value,
      discountRatePerPeriod: periodDiscountRate(request.discountRate, unit),
    },
  );

  // customers the spend model cannot use: repeat buyers without a positive mean spend, named and not valued
  const ids = summary.getChild('customer_id')!;
  const excludedExamples: string[] = [];
  let excludedCount = 0;
  const n = summary.numRows;
  const clv = values.clv;
  const spend = values.expectedSpend;
  for (let i = 0; i < n; i++) {
    if (history.frequency[i] > 0 && !(monetary[i] > 0)) {
      excludedCount++;
      if (excludedExamples.length < 20) excludedExamples.push(String(ids.get(i)));
      clv[i] = NaN;
      spend[i] = NaN;
    }
  }

  const holdoutLength = n ? column(summary, 'holdout_length')[0] : 0;
  const holdoutActual = column(summary, 'holdout_purchases');
  const predicted = new Float64Array(n);
  let actualSum = 0;
  let predictedSum = 0;
  if (holdoutLength > 0) {
    for (let i = 0; i < n; i++) {
      predicted[i] = conditionalExpectedPurchases(
        bgnbd.params,
        holdoutLength,
        history.frequency[i],
        history.recency[i],
        history.age[i],
      );
      predictedSum += predicted[i];
      actualSum += holdoutActual[i];
    }
  } else predicted.fill(NaN);

  let totalClv = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(clv[i])) totalClv += clv[i];

  // write customer_clv (NaN becomes NULL)
  const table = new Table({
    customer_id: ids as Vector,
    frequency: makeVector(Int32Array.from(history.frequency)),
    recency: makeVector(history.recency),
    age: makeVector(history.age),
    monetary_value: nullable(monetary),
    p_alive: makeVector(values.probabilityAlive),
    expected_purchases: makeVector(values.expectedPurchases),
    expected_spend: nullable(spend),
    clv: nullable(clv),
    holdout_purchases: makeVector(Int32Array.from(holdoutActual)),
    predicted_holdout: nullable(predicted),
  });
  session.queryRows(EMPTY_CUSTOMER_CLV);
  if (n > 0) {
    session.bindings.insertArrowFromIPCStream(session.connectionId, tableToIPC(table, 'stream'), {
      name: 'customer_clv',
      create: false,
    });
  }

  return {
    ok: true,
    calibrationEnd,
    holdoutEnd: holdoutLength > 0 ? (request.holdoutEnd ?? lastDay) : null,
    holdoutLength,
    customers: n,
    repeatCustomers: history.frequency.reduce((c, x) => c + (x > 0 ? 1 : 0), 0),
    maxAge: history.age.reduce((m, T) => Math.max(m, T), 0),
    bgnbd: {
      params: bgnbd.params,
      logLikelihood: bgnbd.logLikelihood,
      iterations: bgnbd.iterations,
      ms: bgnbdMs,
    },
    gammaGamma: {
      params: gammaGamma.params,
      logLikelihood: gammaGamma.logLikelihood,
      customers: gammaGamma.customers,
      iterations: gammaGamma.iterations,
      ms: ggMs,
    },
    excluded: { count: excludedCount, examples: excludedExamples },
    margin,
    holdout: holdoutLength > 0 ? { actual: actualSum, predicted: predictedSum } : null,
    totalClv,
    reused,
    ms: performance.now() - started,
  };
}

export type ClvOps = {
  /** Fits the predictive CLV models on the mapped orders and writes customer_clv. */
  fitClv: Op<ClvRequest, ClvOutcome>;
};

export const clvHandlers: Handlers<ClvOps> = {
  fitClv: ({ session }, request) => fitClv(session, request),
};
