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
import { SUMMARY_SCHEMA } from '../summaries/summaries';
import { quoteUntrustedLiteral } from '../../engine/sql';
import { buildSummaries } from '../summaries/build';
import summarySql from './clv_summary.sql?raw';
import { EMPTY_CUSTOMER_CLV } from './customer-clv';
import {
  expectedPurchasesIfAlive,
  fitBgNbdSteps,
  probabilityAlive,
  type BgNbdParams,
} from '../../models/bgnbd';
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
  /** Milliseconds per stage (`summary`, `bgnbd (check)`...): where a long fit spent its time. */
  stageMs: Record<string, number>;
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
}

/** How long the fit computes at most before it lets a cancel in. */
const CHECK_MS = 50;

/** Progress (each stage once) and the places where a cancel stops the fit. */
class Stages {
  readonly #session: EngineSession;
  readonly #hooks: ClvHooks;
  #last = performance.now();
  #reported = '';
  #since = performance.now();
  /** Milliseconds spent in each stage so far, by `stage` or `stage (check)`. */
  readonly ms: Record<string, number> = {};

  constructor(session: EngineSession, hooks: ClvHooks) {
    this.#session = session;
    this.#hooks = hooks;
  }

  /** A new stage: reported, and a cancel asked for before it stops the fit here. */
  async enter(stage: ClvStage, check: boolean): Promise<void> {
    const key = check ? `${stage} (check)` : stage;
    if (key !== this.#reported) {
      this.#lap();
      this.#reported = key;
      this.#hooks.onProgress?.({ stage, check });
    }
    await this.#pause();
  }

  /** The time since the last stage began, counted to it; the times per stage. */
  finish(): Record<string, number> {
    this.#lap();
    return this.ms;
  }

  #lap(): void {
    const now = performance.now();
    if (this.#reported) this.ms[this.#reported] = (this.ms[this.#reported] ?? 0) + now - this.#since;
    this.#since = now;
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

/**
 * Where a fit keeps its customer summary in the engine (one row per customer, clv_summary.sql), beside the
 * summaries it is made from and stamped like them with the orders table it was made from, so that a new
 * mapping drops it (summaries/build.ts); and the values per distinct history that customer_clv joins.
 */
const TABLES = {
  values: { summary: `${SUMMARY_SCHEMA}.clv_values`, histories: `${SUMMARY_SCHEMA}.clv_values_histories` },
  check: { summary: `${SUMMARY_SCHEMA}.clv_check`, histories: `${SUMMARY_SCHEMA}.clv_check_histories` },
} as const;

interface Fitted {
  /** The engine table with the customer summary. */
  table: string;
  /** One row per distinct (x, t_x, T), `weight` customers each. */
  history: { frequency: Float64Array; recency: Float64Array; age: Float64Array; weight: Float64Array };
  customers: number;
  repeatCustomers: number;
  maxAge: number;
  holdoutLength: number;
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

/**
 * The customer summary at a calibration end, made in the engine, and the two models fitted on it (cached
 * per engine). What crosses into JavaScript is numbers only: the distinct histories (x, t_x, T) with their
 * counts of customers (the purchase model's data), and the distinct (x, mean spend) of repeat customers
 * with theirs (the spend model's; real spend repeats price points).
 */
async function fitAt(
  session: EngineSession,
  key: string,
  stamp: string,
  tables: Set<string>,
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
  const table = TABLES[slot].summary;
  const hit = slots.get(slot);
  if (hit?.key === key && tables.has(table)) return { ok: true, ...hit.fitted, reused: true };
  await stages.enter('summary', check);
  const bound = bindQuery(summarySql, {
    calibration_end: calibrationEnd,
    holdout_end: holdoutEnd,
    time_unit_days: unit,
  });
  // the customer days and customers it reads (made once per mapping; here when no analysis made them yet)
  await buildSummaries((sql) => session.runRows(sql), bound.summaries);
  // the columns the fit and customer_clv read (the check's customers are found by key)
  const kept = `customer_key, ${check ? '' : 'customer_id, '}frequency, recency, age, monetary_value,
    holdout_purchases, holdout_length`;
  await session.run(`CREATE OR REPLACE TABLE ${table} AS SELECT ${kept} FROM (\n${bound.inlined}\n)`);
  await session.run(`COMMENT ON TABLE ${table} IS ${quoteUntrustedLiteral(stamp)}`);
  await stages.step();
  const histories = tableFromIPC(
    (
      await session.run(
        `SELECT frequency::DOUBLE AS frequency, recency, age, count(*)::DOUBLE AS customers,
           any_value(holdout_length) AS holdout_length
         FROM ${table} GROUP BY frequency, recency, age ORDER BY frequency, recency, age`,
      )
    ).ipc,
  );
  const spenders = tableFromIPC(
    (
      await session.run(
        `SELECT frequency::DOUBLE AS frequency, monetary_value, count(*)::DOUBLE AS customers FROM ${table}
         WHERE frequency > 0 GROUP BY frequency, monetary_value ORDER BY frequency, monetary_value`,
      )
    ).ipc,
  );
  const history = {
    frequency: column(histories, 'frequency'),
    recency: column(histories, 'recency'),
    age: column(histories, 'age'),
    weight: column(histories, 'customers'),
  };
  await stages.enter('bgnbd', check);
  let t = performance.now();
  const bgnbdFit = await driveSteps(fitBgNbdSteps(history), stages.step);
  if (!bgnbdFit.ok) return { ...bgnbdFit, stage: 'bgnbd' };
  const bgnbdMs = performance.now() - t;
  await stages.enter('gammaGamma', check);
  t = performance.now();
  const spenderWeight = column(spenders, 'customers');
  const ggFit = await driveSteps(
    fitGammaGammaSteps({
      frequency: column(spenders, 'frequency'),
      monetary: column(spenders, 'monetary_value'),
      weight: spenderWeight,
    }),
    stages.step,
  );
  if (!ggFit.ok) {
    const { ok, code, reason, values } = ggFit;
    return { ok, code, reason, values, stage: 'gammaGamma' };
  }
  let customers = 0;
  let maxAge = 0;
  for (let g = 0; g < history.weight.length; g++) {
    customers += history.weight[g];
    maxAge = Math.max(maxAge, history.age[g]);
  }
  const fitted: Fitted = {
    table,
    history,
    customers,
    repeatCustomers: spenderWeight.reduce((sum, w) => sum + w, 0),
    maxAge,
    holdoutLength: histories.numRows ? column(histories, 'holdout_length')[0] : 0,
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

/** Writes a small table of distinct histories and their values into the engine (replacing it). */
function writeHistories(session: EngineSession, name: string, columns: Record<string, Vector>): void {
  session.queryRows(`DROP TABLE IF EXISTS ${name}`);
  const [schema, table] = name.split('.');
  session.bindings.insertArrowFromIPCStream(session.connectionId, tableToIPC(new Table(columns), 'stream'), {
    schema,
    name: table,
    create: true,
  });
}

/** A number as an exact DOUBLE literal (the shortest text that reads back as the same double). */
const double = (value: number) => `'${String(value)}'::DOUBLE`;

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
    tables: string[] | null;
  }>(
    `SELECT min(ordered_at)::DATE AS first, max(ordered_at)::DATE AS last,
       CASE WHEN count(cost) > 0 THEN (sum(amount) - sum(cost)) / sum(amount) END AS margin,
       (SELECT concat('orders@', max(table_oid)) FROM duckdb_tables()
         WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'orders')
         AS fingerprint,
       (SELECT list(concat(schema_name, '.', table_name)) FROM duckdb_tables()
         WHERE database_name = current_database() AND schema_name = '${SUMMARY_SCHEMA}')
         AS tables
     FROM orders`,
  );
  if (bounds.last == null || bounds.first == null) {
    return { ok: false, stage: 'summary', code: 'no_orders', reason: 'noOrders', values: {} };
  }
  const tables = new Set(bounds.tables ? Array.from(bounds.tables) : []);
  const iso = (ms: number) => new Date(Number(ms)).toISOString().slice(0, 10);
  const lastDay = iso(bounds.last);
  const unit = UNIT_DAYS[request.timeUnit];
  // the summaries and fits depend on the orders, the calibration end and the unit only: a new horizon,
  // margin or discount rate reuses them and only values the customers again
  const main = await fitAt(
    session,
    `${bounds.fingerprint}|${lastDay}|-|${unit}`,
    bounds.fingerprint,
    tables,
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
      bounds.fingerprint,
      tables,
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
  const { history, bgnbd, gammaGamma, bgnbdMs, ggMs } = fitted;

  const margin =
    bounds.margin != null
      ? { value: bounds.margin, from: 'data' as const }
      : request.margin != null
        ? { value: request.margin, from: 'parameter' as const }
        : { value: 1, from: 'none' as const };
  // the purchase model's values once per distinct history (x, t_x, T); the spend model's per customer in
  // SQL below (it depends on each customer's mean spend)
  await stages.enter('values', false);
  const values = await driveSteps(
    customerLifetimeValuesSteps(
      bgnbd.params,
      gammaGamma.params,
      { ...history, monetary: new Float64Array(history.frequency.length).fill(NaN) },
      {
        horizon: request.horizon,
        margin: margin.value,
        discountRatePerPeriod: periodDiscountRate(request.discountRate, unit),
      },
    ),
    stages.step,
  );
  // the check: the purchases its model predicts for the holdout, per distinct history of the check
  const checkFit = check?.ok ? check : null;
  const holdoutLength = checkFit ? checkFit.holdoutLength : 0;
  const withCheck = checkFit != null && holdoutLength > 0;
  let predicted: Float64Array | null = null;
  if (withCheck) {
    // conditionalExpectedPurchases = P(alive | x, t_x, T) x E[Y(t) | alive, x, T]: the second factor (a
    // hypergeometric series) once per distinct (x, T)
    const h = checkFit.history;
    const params = checkFit.bgnbd.params;
    const ifAlive = new Map<number, Map<number, number>>();
    predicted = new Float64Array(h.frequency.length);
    for (let g = 0; g < predicted.length; g++) {
      if ((g & 0xffff) === 0) await stages.step();
      const [x, tx, T] = [h.frequency[g], h.recency[g], h.age[g]];
      let byAge = ifAlive.get(x);
      if (!byAge) ifAlive.set(x, (byAge = new Map()));
      let expected = byAge.get(T);
      if (expected === undefined)
        byAge.set(T, (expected = expectedPurchasesIfAlive(params, holdoutLength, x, T)));
      predicted[g] = probabilityAlive(params, x, tx, T) * expected;
    }
  }

  // customer_clv: each customer's summary joined with its history's values, the spend model applied in SQL
  // (conditionalExpectedSpend's formula; repeat customers without a positive mean spend are not valued),
  // and the check's columns (NULL for customers who came after its calibration end)
  await stages.enter('write', false);
  // emptied first: a cancel from here on leaves no customer_clv of another fit behind
  session.queryRows(EMPTY_CUSTOMER_CLV);
  const histories = (h: Fitted['history']) => ({
    frequency: makeVector(Int32Array.from(h.frequency)),
    recency: makeVector(h.recency),
    age: makeVector(h.age),
  });
  writeHistories(session, TABLES.values.histories, {
    ...histories(history),
    p_alive: makeVector(values.probabilityAlive),
    expected_purchases: makeVector(values.expectedPurchases),
    discounted_purchases: makeVector(values.discountedPurchases),
  });
  if (withCheck) {
    writeHistories(session, TABLES.check.histories, {
      ...histories(checkFit.history),
      predicted: nullable(predicted!),
    });
  }
  await stages.step();
  const { p, q, gamma } = gammaGamma.params;
  const spend = `CASE
      WHEN s.frequency = 0 THEN ${double((p * gamma) / (q - 1))}
      WHEN s.monetary_value > 0
        THEN (${double(gamma)} + s.frequency * s.monetary_value) * ${double(p)}
          / (${double(p)} * s.frequency + ${double(q - 1)})
    END`;
  const filled = `CREATE OR REPLACE TABLE customer_clv AS
    WITH valued AS (
      SELECT s.customer_key, s.customer_id, s.frequency, s.recency, s.age, s.monetary_value, h.p_alive,
        h.expected_purchases, h.discounted_purchases, ${spend} AS expected_spend
      FROM ${fitted.table} s JOIN ${TABLES.values.histories} h USING (frequency, recency, age)
    )
    SELECT v.customer_id, v.frequency, v.recency, v.age, v.monetary_value, v.p_alive, v.expected_purchases,
      v.expected_spend, ${double(margin.value)} * v.expected_spend * v.discounted_purchases AS clv,
      ${
        withCheck
          ? `c.frequency::DOUBLE AS calibration_frequency, c.holdout_purchases::DOUBLE AS holdout_purchases,
      ch.predicted AS predicted_holdout
    FROM valued v
    LEFT JOIN ${checkFit.table} c ON c.customer_key = v.customer_key
    LEFT JOIN ${TABLES.check.histories} ch
      ON ch.frequency = c.frequency AND ch.recency = c.recency AND ch.age = c.age`
          : `NULL::DOUBLE AS calibration_frequency, NULL::DOUBLE AS holdout_purchases,
      NULL::DOUBLE AS predicted_holdout
    FROM valued v`
      }
`;
  try {
    await session.run(filled);
  } catch (error) {
    // cancelled while writing: no half-written table is left behind
    session.queryRows(EMPTY_CUSTOMER_CLV);
    throw error;
  }
  const [totals] = await session.runRows<{
    total: number | null;
    excluded: number;
    actual: number | null;
    predicted: number | null;
  }>(
    `SELECT sum(clv) AS total,
       count(*) FILTER (WHERE frequency > 0 AND clv IS NULL)::INTEGER AS excluded,
       sum(holdout_purchases) FILTER (WHERE predicted_holdout IS NOT NULL) AS actual,
       sum(predicted_holdout) AS predicted
     FROM customer_clv`,
  );
  // the repeat customers the spend model cannot use, named (the first ones, in the customers' order)
  const examples = totals.excluded
    ? (
        await session.runRows<{ id: string }>(
          `SELECT customer_id::VARCHAR AS id FROM ${fitted.table}
           WHERE frequency > 0 AND NOT coalesce(monetary_value > 0, false)
           ORDER BY customer_key LIMIT 20`,
        )
      ).map((r) => r.id)
    : [];

  return {
    ok: true,
    asOf: lastDay,
    calibrationEnd: checkFit ? split : null,
    noCheck,
    check: checkFit
      ? {
          customers: checkFit.customers,
          repeatCustomers: checkFit.repeatCustomers,
          bgnbd: {
            params: checkFit.bgnbd.params,
            logLikelihood: checkFit.bgnbd.logLikelihood,
            iterations: checkFit.bgnbd.iterations,
          },
          gammaGamma: { params: checkFit.gammaGamma.params, customers: checkFit.gammaGamma.customers },
        }
      : null,
    holdoutEnd: withCheck ? (request.holdoutEnd ?? lastDay) : null,
    holdoutLength,
    customers: fitted.customers,
    repeatCustomers: fitted.repeatCustomers,
    maxAge: fitted.maxAge,
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
    excluded: { count: totals.excluded, examples },
    margin,
    holdout: withCheck
      ? { actual: Number(totals.actual ?? 0), predicted: Number(totals.predicted ?? 0) }
      : null,
    totalClv: Number(totals.total ?? 0),
    reused,
    ms: performance.now() - started,
    stageMs: stages.finish(),
  };
}

export type ClvOps = {
  /** Fits the predictive CLV models on the mapped orders and writes customer_clv; reports its stages. */
  fitClv: Op<ClvRequest, ClvOutcome, ClvProgress>;
};

export const clvHandlers: Handlers<ClvOps> = {
  fitClv: ({ session, progress }, request) => fitClv(session, request, { onProgress: progress }),
};
