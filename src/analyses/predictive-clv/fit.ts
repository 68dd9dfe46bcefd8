// Predictive CLV, run where the engine is (the worker; the tests run it on the Node engine): the customer
// summary in SQL (clv_summary.sql, read from the orders' summaries, made here when missing), the BG/NBD
// and Gamma-Gamma fits in TypeScript (src/models/), then one row per customer written back into the engine
// as customer_clv, which the CLV views and RFM read with SQL.
// The fit reports its stages as progress and stops on a cancel: between stages, inside the optimisers'
// loops (they pause between evaluations; models/steps.ts) and in the loops over customers, it lets the
// worker's event loop run every CHECK_MS so that the cancel message can arrive, then looks at the flag.
import { Float64, makeData, makeVector, tableFromIPC, tableToIPC, Table, Vector } from 'apache-arrow';
import { yieldToEventLoop, type EngineSession, type Yield } from '../../engine/session';
import { EngineFailure } from '../../engine/errors';
import type { Handlers, Op } from '../../engine/protocol';
import { bindQuery } from '../query';
import { buildSummaries } from '../summaries/build';
import summarySql from './clv_summary.sql?raw';
import { EMPTY_CUSTOMER_CLV } from './customer-clv';
import { conditionalExpectedPurchases, fitBgNbdSteps, type BgNbdParams } from '../../models/bgnbd';
import { fitGammaGammaSteps, type GammaGammaParams } from '../../models/gamma-gamma';
import { driveSteps } from '../../models/steps';
import { customerLifetimeValuesSteps, periodDiscountRate } from '../../models/clv';
import type { FitFailureCode, FitReason, FitSuccess } from '../../models/fit-result';

export interface ClvRequest {
  /**
   * Last day of the calibration period of the holdout check (YYYY-MM-DD); null: chosen by `holdout`.
   * The values are always fitted on every order; the check is a second fit on the orders up to this day,
   * judged on the purchases after it.
   */
  calibrationEnd: string | null;
  /** 'auto': a check on the last third of the data (at most a year) unless a calibration end is given. */
  holdout: 'auto' | 'off';
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

/** The holdout check: a fit on the orders up to the calibration end, judged on what came after. */
export interface ClvCheck {
  customers: number;
  repeatCustomers: number;
  bgnbd: { params: BgNbdParams; logLikelihood: number; iterations: number };
  gammaGamma: { params: GammaGammaParams; customers: number } | null;
}

export interface ClvFit {
  ok: true;
  /** The day the values are as of: the last order day (every order is in the values fit). */
  asOf: string;
  /** The check's calibration end; null when there is no check. */
  calibrationEnd: string | null;
  /** Why the check was not made, when it was asked for: too little data, or the check fit failed. */
  noCheck: {
    reason: 'off' | 'tooShort' | FitReason | 'noOrders';
    values: Record<string, string | number>;
  } | null;
  check: ClvCheck | null;
  holdoutEnd: string | null;
  /** Holdout length in time units (0: no holdout). */
  holdoutLength: number;
  customers: number;
  repeatCustomers: number;
  /** The oldest customer's age T at the data end (time units): the P(alive) matrix is drawn for it. */
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

/**
 * The stages of a fit, in order: the customer summary in SQL, the BG/NBD fit, the Gamma-Gamma fit (for the
 * values fit, then again for the holdout check: `check`), each customer's values, writing customer_clv.
 * Stages whose results are reused from the previous run are not reported.
 */
export const CLV_STAGES = ['summary', 'bgnbd', 'gammaGamma', 'values', 'write'] as const;
export type ClvStage = (typeof CLV_STAGES)[number];
export interface ClvProgress {
  stage: ClvStage;
  /** The stage belongs to the holdout check's fit (on the orders up to the calibration end). */
  check: boolean;
}

export interface ClvHooks {
  onProgress?: (progress: ClvProgress) => void;
  /** How the fit lets other messages in (a cancel); the event loop by default. */
  pause?: Yield;
  /** How long it computes at most before it pauses (CHECK_MS by default; the tests pause at every step). */
  checkMs?: number;
  /** Rows of customer_clv written at a time (WRITE_BATCH by default). */
  writeBatch?: number;
}

/** customer_clv is written this many rows at a time, with a cancel check in between. */
const WRITE_BATCH = 131_072;

/** How long the fit computes at most before it lets a cancel in. */
const CHECK_MS = 50;

/** Progress (each stage once) and the places where a cancel stops the fit. */
class Stages {
  readonly #session: EngineSession;
  readonly #hooks: ClvHooks;
  #last = performance.now();
  #reported = '';

  constructor(session: EngineSession, hooks: ClvHooks) {
    this.#session = session;
    this.#hooks = hooks;
  }

  /** A new stage: reported, and a cancel asked for before it stops the fit here. */
  async enter(stage: ClvStage, check: boolean): Promise<void> {
    const key = `${stage}|${check}`;
    if (key !== this.#reported) {
      this.#reported = key;
      this.#hooks.onProgress?.({ stage, check });
    }
    await this.#pause();
  }

  /** Inside a long computation: lets a cancel in every CHECK_MS, and stops if one came. */
  step = (): Promise<void> | void => {
    this.#stopIfCancelled();
    if (performance.now() - this.#last >= (this.#hooks.checkMs ?? CHECK_MS)) return this.#pause();
  };

  async #pause(): Promise<void> {
    await (this.#hooks.pause ?? yieldToEventLoop)();
    this.#last = performance.now();
    this.#stopIfCancelled();
  }

  #stopIfCancelled(): void {
    if (this.#session.cancelRequested) throw new EngineFailure({ kind: 'cancelled' });
  }
}

const UNIT_DAYS = { week: 7, day: 1 } as const;

interface Fitted {
  summary: Table;
  history: { frequency: Float64Array; recency: Float64Array; age: Float64Array };
  monetary: Float64Array;
  bgnbd: FitSuccess<BgNbdParams>;
  gammaGamma: FitSuccess<GammaGammaParams>;
  bgnbdMs: number;
  ggMs: number;
}

/** The last summaries and fits per engine session, by what they depend on (the values fit and the check). */
const cache = new WeakMap<EngineSession, Map<'values' | 'check', { key: string; fitted: Fitted }>>();

/** The check's calibration end by default: the last third of the data, at most a year, at least 4 weeks. */
export function autoCalibrationEnd(firstDay: string, lastDay: string): string | null {
  const day = 86_400_000;
  const first = Date.parse(firstDay);
  const last = Date.parse(lastDay);
  const holdout = Math.min(365, Math.round((last - first) / day / 3));
  if (holdout < 28) return null;
  return new Date(last - holdout * day).toISOString().slice(0, 10);
}

type FitAttempt = ({ ok: true } & Fitted) | (Omit<ClvFailure, 'stage'> & { stage: ClvFailure['stage'] });

/** The customer summary at a calibration end and the two models fitted on it (cached per engine). */
async function fitAt(
  session: EngineSession,
  key: string,
  calibrationEnd: string,
  holdoutEnd: string | null,
  unit: number,
  stages: Stages,
  check: boolean,
): Promise<FitAttempt & { reused?: boolean }> {
  let slots = cache.get(session);
  if (!slots) cache.set(session, (slots = new Map()));
  // one slot for the values fit and one for the check: a new check never pushes out the values fit
  const slot = check ? 'check' : 'values';
  const hit = slots.get(slot);
  if (hit?.key === key) return { ok: true, ...hit.fitted, reused: true };
  await stages.enter('summary', check);
  const bound = bindQuery(summarySql, {
    calibration_end: calibrationEnd,
    holdout_end: holdoutEnd,
    time_unit_days: unit,
  });
  // the customer days and customers it reads (made once per mapping; here when no analysis made them yet)
  await buildSummaries((sql) => session.runRows(sql), bound.summaries);
  const summary = tableFromIPC((await session.run(bound.sql, { params: bound.params })).ipc);
  const history = {
    frequency: column(summary, 'frequency'),
    recency: column(summary, 'recency'),
    age: column(summary, 'age'),
  };
  const monetary = column(summary, 'monetary_value');
  await stages.enter('bgnbd', check);
  let t = performance.now();
  const bgnbdFit = await driveSteps(fitBgNbdSteps(history), stages.step);
  if (!bgnbdFit.ok) return { ...bgnbdFit, stage: 'bgnbd' };
  const bgnbdMs = performance.now() - t;
  await stages.enter('gammaGamma', check);
  t = performance.now();
  const ggFit = await driveSteps(fitGammaGammaSteps({ frequency: history.frequency, monetary }), stages.step);
  if (!ggFit.ok) {
    const { ok, code, reason, values } = ggFit;
    return { ok, code, reason, values, stage: 'gammaGamma' };
  }
  const fitted: Fitted = {
    summary,
    history,
    monetary,
    bgnbd: bgnbdFit,
    gammaGamma: ggFit,
    bgnbdMs,
    ggMs: performance.now() - t,
  };
  slots.set(slot, { key, fitted });
  return { ok: true, ...fitted, reused: false };
}

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

/**
 * A numeric column as doubles, NULL as NaN. Read from the column's buffers (a value at a time through
 * `Vector.get` took seconds at millions of customers).
 */
function column(table: Table, name: string): Float64Array {
  const vector = table.getChild(name)!;
  const out = new Float64Array(table.numRows);
  let at = 0;
  for (const data of vector.data) {
    const values: unknown = data.values;
    const plain =
      ArrayBuffer.isView(values) &&
      !(values instanceof DataView || values instanceof BigInt64Array || values instanceof BigUint64Array);
    if (!plain || data.stride !== 1) {
      // other types (decimals, 64-bit integers): one value at a time
      for (let i = 0; i < data.length; i++) {
        const v = vector.get(at + i);
        out[at + i] = v == null ? NaN : Number(v);
      }
    } else {
      const offset = data.offset;
      const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
      for (let i = 0; i < data.length; i++) {
        const j = offset + i;
        out[at + i] = bitmap && !(bitmap[j >> 3] & (1 << (j & 7))) ? NaN : (values as Float64Array)[j];
      }
    }
    at += data.length;
  }
  return out;
}

export async function fitClv(
  session: EngineSession,
  request: ClvRequest,
  hooks: ClvHooks = {},
): Promise<ClvOutcome> {
  const started = performance.now();
  const stages = new Stages(session, hooks);
  await stages.enter('summary', false);
  // cancellable (a pass over every order takes a while at 10M lines). The orders are told apart by their
  // table's catalogue id, which a new mapping changes (as the summaries are: summaries/build.ts)
  const [bounds] = await session.runRows<{
    first: number | null;
    last: number | null;
    margin: number | null;
    fingerprint: string;
  }>(
    `SELECT min(ordered_at)::DATE AS first, max(ordered_at)::DATE AS last,
       CASE WHEN count(cost) > 0 THEN (sum(amount) - sum(cost)) / sum(amount) END AS margin,
       (SELECT concat('orders@', max(table_oid)) FROM duckdb_tables()
         WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'orders')
         AS fingerprint
     FROM orders`,
  );
  if (bounds.last == null || bounds.first == null) {
    return { ok: false, stage: 'summary', code: 'no_orders', reason: 'noOrders', values: {} };
  }
  const iso = (ms: number) => new Date(Number(ms)).toISOString().slice(0, 10);
  const lastDay = iso(bounds.last);
  const unit = UNIT_DAYS[request.timeUnit];
  // the summaries and fits depend on the orders, the calibration end and the unit only: a new horizon,
  // margin or discount rate reuses them and only values the customers again
  const main = await fitAt(
    session,
    `${bounds.fingerprint}|${lastDay}|-|${unit}`,
    lastDay,
    null,
    unit,
    stages,
    false,
  );
  if (!main.ok) return main;
  const split =
    request.calibrationEnd ??
    (request.holdout === 'auto' ? autoCalibrationEnd(iso(bounds.first), lastDay) : null);
  let check: Awaited<ReturnType<typeof fitAt>> | null = null;
  let noCheck: ClvFit['noCheck'] = null;
  if (split && split < lastDay) {
    check = await fitAt(
      session,
      `${bounds.fingerprint}|${split}|${request.holdoutEnd}|${unit}`,
      split,
      request.holdoutEnd,
      unit,
      stages,
      true,
    );
    if (!check.ok) {
      noCheck = { reason: check.reason, values: check.values };
      check = null;
    }
  } else
    noCheck = {
      reason: request.holdout === 'off' && !request.calibrationEnd ? 'off' : 'tooShort',
      values: {},
    };
  const fitted = main;
  const reused = Boolean(main.reused) && (check ? Boolean(check.reused) : true);
  const { summary, history, monetary, bgnbd, gammaGamma, bgnbdMs, ggMs } = fitted;

  const margin =
    bounds.margin != null
      ? { value: bounds.margin, from: 'data' as const }
      : request.margin != null
        ? { value: request.margin, from: 'parameter' as const }
        : { value: 1, from: 'none' as const };
  await stages.enter('values', false);
  const values = await driveSteps(
    customerLifetimeValuesSteps(
      bgnbd.params,
      gammaGamma.params,
      { ...history, monetary },
      {
        horizon: request.horizon,
        margin: margin.value,
        discountRatePerPeriod: periodDiscountRate(request.discountRate, unit),
      },
    ),
    stages.step,
  );

  // customers the spend model cannot use: repeat buyers without a positive mean spend, named and not valued
  const ids = summary.getChild('customer_id')!;
  const excludedExamples: string[] = [];
  let excludedCount = 0;
  const n = summary.numRows;
  const clv = values.clv;
  const spend = values.expectedSpend;
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) await stages.step();
    if (history.frequency[i] > 0 && !(monetary[i] > 0)) {
      excludedCount++;
      if (excludedExamples.length < 20) excludedExamples.push(String(ids.get(i)));
      clv[i] = NaN;
      spend[i] = NaN;
    }
  }

  // the check, per customer of the values fit: their calibration frequency, holdout purchases and the
  // purchases the check's model predicted for the holdout (NULL for customers who came after its end)
  const checkFit = check?.ok ? check : null;
  const holdoutLength = checkFit?.summary.numRows ? column(checkFit.summary, 'holdout_length')[0] : 0;
  const calibrationFrequency = new Float64Array(n).fill(NaN);
  const holdoutActual = new Float64Array(n).fill(NaN);
  const predicted = new Float64Array(n).fill(NaN);
  let actualSum = 0;
  let predictedSum = 0;
  if (checkFit && holdoutLength > 0) {
    // both summaries number customers with the same keys (the customer summary's): a customer's row in
    // the check, by key (-1: not in it)
    const keys = column(summary, 'customer_key');
    const checkKeys = column(checkFit.summary, 'customer_key');
    const maxKey = keys.reduce((m, k) => Math.max(m, k), 0);
    const at = new Int32Array(maxKey + 1).fill(-1);
    for (let j = 0; j < checkKeys.length; j++) at[checkKeys[j]] = j;
    const actual = column(checkFit.summary, 'holdout_purchases');
    const h = checkFit.history;
    for (let i = 0; i < n; i++) {
      if ((i & 0xffff) === 0) await stages.step();
      const j = at[keys[i]];
      if (j < 0) continue;
      calibrationFrequency[i] = h.frequency[j];
      holdoutActual[i] = actual[j];
      predicted[i] = conditionalExpectedPurchases(
        checkFit.bgnbd.params,
        holdoutLength,
        h.frequency[j],
        h.recency[j],
        h.age[j],
      );
      predictedSum += predicted[i];
      actualSum += actual[j];
    }
  }

  let totalClv = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(clv[i])) totalClv += clv[i];

  // write customer_clv (NaN becomes NULL), a batch of rows at a time: a cancel stops it between two
  await stages.enter('write', false);
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
    calibration_frequency: nullable(calibrationFrequency),
    holdout_purchases: nullable(holdoutActual),
    predicted_holdout: nullable(predicted),
  });
  session.queryRows(EMPTY_CUSTOMER_CLV);
  const batch = hooks.writeBatch ?? WRITE_BATCH;
  try {
    for (let start = 0; start < n; start += batch) {
      if (start > 0) await stages.step();
      const rows = start === 0 && n <= batch ? table : table.slice(start, Math.min(n, start + batch));
      session.bindings.insertArrowFromIPCStream(session.connectionId, tableToIPC(rows, 'stream'), {
        name: 'customer_clv',
        create: false,
      });
    }
  } catch (error) {
    // cancelled while writing: no half-written table is left behind
    session.queryRows(EMPTY_CUSTOMER_CLV);
    throw error;
  }

  return {
    ok: true,
    asOf: lastDay,
    calibrationEnd: checkFit ? split : null,
    noCheck,
    check: checkFit
      ? {
          customers: checkFit.summary.numRows,
          repeatCustomers: checkFit.history.frequency.reduce((c, x) => c + (x > 0 ? 1 : 0), 0),
          bgnbd: {
            params: checkFit.bgnbd.params,
            logLikelihood: checkFit.bgnbd.logLikelihood,
            iterations: checkFit.bgnbd.iterations,
          },
          gammaGamma: { params: checkFit.gammaGamma.params, customers: checkFit.gammaGamma.customers },
        }
      : null,
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
  /** Fits the predictive CLV models on the mapped orders and writes customer_clv; reports its stages. */
  fitClv: Op<ClvRequest, ClvOutcome, ClvProgress>;
};

export const clvHandlers: Handlers<ClvOps> = {
  fitClv: ({ session, progress }, request) => fitClv(session, request, { onProgress: progress }),
};
