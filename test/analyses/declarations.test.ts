// What the declarations do with a result, on the real engine: the charts' drill-downs turn a mark into the
// drill query's values (and the drill query then lists exactly the customers hand-computed for that mark),
// the predictive CLV's parameters become its fit request, and result rows decode to typed values.
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC, type Table } from 'apache-arrow';
import type { EngineSession } from '../../src/engine/session';
import { ANALYSES, type Analysis } from '../../src/analyses';
import { cohorts } from '../../src/analyses/cohorts';
import { rfm } from '../../src/analyses/rfm';
import { clvRequest } from '../../src/analyses/predictive-clv';
import { analysisQuery, bindQuery, drillQuery, NO_SEGMENT } from '../../src/analyses/query';
import type { ParamValues } from '../../src/analyses/params';
import { bool, date, decodeRows, DecodeError, num, text } from '../../src/analyses/rows';
import { EMPTY_CUSTOMER_CLV } from '../../src/analyses/predictive-clv/customer-clv';
import { startEngine } from '../helpers/engine';
import { mapFixture } from '../helpers/analysis';
import { buildSummaries } from '../../src/analyses/summaries/build';
import type { SummaryStep } from '../../src/analyses/summaries/summaries';

// the cohort fixture of cohort.test.ts: Jan cohort A, B; Feb cohort C (k 0, 1), D (k 0, 2); data end May 1
const ORDERS = `order_id,customer,day,amount
1,A,2024-01-05,10
2,A,2024-02-10,5
3,A,2024-04-01,20
4,B,2024-01-20,30
5,C,2024-02-03,8
6,C,2024-03-15,12
7,D,2024-02-28,4
8,D,2024-02-29,6
9,D,2024-04-30,10
`;

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'order_id',
    segments: [],
  });
  engine.queryRows(EMPTY_CUSTOMER_CLV);
});

/** Runs SQL after making the summaries it reads (as the app's state does). */
async function table(
  sql: string,
  params: unknown[],
  summaries: SummaryStep[] = [],
  on = engine,
): Promise<Table> {
  await buildSummaries((text) => on.runRows(text), summaries);
  return tableFromIPC((await on.run(sql, { params: params as ParamValues[string][] })).ipc);
}

/** Runs an analysis on orders and binds its charts to the result, as the app's state does. */
async function present(analysis: Analysis, values: ParamValues = {}) {
  const all = { ...analysis.defaults(), ...values };
  const bound = analysisQuery(analysis, 'orders', all);
  const result = await table(bound.sql, bound.params, bound.summaries);
  const presented = analysis.present({
    table: result,
    views: {},
    fit: null,
    params: bound.values,
    source: 'orders',
    runnable: bound.runnable,
  });
  const rows = result.toArray().map((r) => r.toJSON() as Record<string, unknown>);
  const chart = (id: string) => presented.charts.find((c) => c.id === id)!;
  /** The customers the drill query lists for the mark at `index` of chart `id`. */
  const customers = async (id: string, index: number) => {
    const mark = chart(id).drill!(index)!;
    const drill = drillQuery(analysis, 'orders', bound.values, NO_SEGMENT, mark)!;
    return (await table(drill.sql, drill.params, drill.summaries))
      .toArray()
      .map((r) => String(r.customer_id));
  };
  return { rows, chart, customers };
}

const day = (ms: unknown) => (ms == null ? null : new Date(Number(ms)).toISOString().slice(0, 10));

describe('the list of analyses', () => {
  it('has every analysis folder once, in the order of the menu, with unique ids', () => {
    expect(ANALYSES.map((a) => a.id)).toEqual([
      'cohorts',
      'period',
      'churn',
      'revenue',
      'reasons',
      'funnel',
      'survival',
      'repeat',
      'gaps',
      'clvFormula',
      'clv',
      'rfm',
      'nps',
    ]);
    expect(new Set(ANALYSES.map((a) => a.position)).size).toBe(ANALYSES.length);
  });
});

describe('cohort heatmap drill-down', () => {
  it('opens the customers of the cell clicked: its cohort and its period', async () => {
    const { rows, chart, customers } = await present(cohorts, { horizon: 3 });
    const at = (cohort: string, k: number) =>
      rows.findIndex((r) => !r.is_average && day(r.cohort) === cohort && Number(r.k) === k);
    expect(chart('cohortHeatmap').drill!(at('2024-02-01', 2))).toEqual({ cohort: '2024-02-01', k: 2 });
    expect(await customers('cohortHeatmap', at('2024-02-01', 2))).toEqual(['D']);
    expect(await customers('cohortHeatmap', at('2024-02-01', 1))).toEqual(['C']);
    expect(await customers('cohortHeatmap', at('2024-01-01', 3))).toEqual(['A']);
    expect((await customers('cohortHeatmap', at('2024-01-01', 0))).sort()).toEqual(['A', 'B']);
  });

  it('has nothing to open on the average row', async () => {
    const { rows, chart } = await present(cohorts, { horizon: 3 });
    const average = rows.findIndex((r) => r.is_average);
    expect(average).toBeGreaterThanOrEqual(0);
    expect(chart('cohortHeatmap').drill!(average)).toBeNull();
    // the other charts open nothing
    expect(chart('cohortCurves').drill).toBeUndefined();
  });
});

describe('RFM drill-downs', () => {
  // recency/frequency/monetary by hand: A (R1 F1), B (R3 F4), C (R4 F1), D (R5 F5), E (R2 F1)
  const RFM_ORDERS = `id,customer,day,amount
1,A,2024-01-10,100
2,B,2024-03-01,50
3,B,2024-06-01,50
4,C,2024-06-20,10
5,D,2024-02-01,20
6,D,2024-04-01,20
7,D,2024-06-29,20
8,E,2024-05-01,500
`;
  let rfmEngine: EngineSession;
  beforeAll(async () => {
    rfmEngine = await startEngine();
    await mapFixture(rfmEngine, RFM_ORDERS, {
      kind: 'orders',
      customerId: 'customer',
      orderedAt: 'day',
      amount: 'amount',
      orderId: 'id',
      segments: [],
    });
    rfmEngine.queryRows(EMPTY_CUSTOMER_CLV);
  });

  it('opens a grid cell by its R and F scores, and a segment bar by its segment', async () => {
    const bound = analysisQuery(rfm, 'orders', rfm.defaults());
    const result = await table(bound.sql, bound.params, bound.summaries, rfmEngine);
    const view = bindQuery(rfm.views[0].sql, bound.values);
    const scores = await table(view.sql, view.params, view.summaries, rfmEngine);
    const presented = rfm.present({
      table: result,
      views: { scores },
      fit: null,
      params: bound.values,
      source: 'orders',
      runnable: '',
    });
    const rows = result.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const grid = presented.charts.find((c) => c.id === 'rfmGrid')!;
    const bars = presented.charts.find((c) => c.id === 'rfmSegments')!;
    const at = (r: number, f: number) => rows.findIndex((x) => x.r_score === r && x.f_score === f);
    expect(grid.drill!(at(3, 4))).toEqual({ segment: null, r_score: 3, f_score: 4 });
    expect(grid.drill!(at(4, 1))).toEqual({ segment: null, r_score: 4, f_score: 1 });
    expect(bars.drill!(at(3, 4))).toEqual({ segment: 'Loyal', r_score: null, f_score: null });
    const list = async (mark: ParamValues) => {
      const drill = drillQuery(rfm, 'orders', bound.values, NO_SEGMENT, mark)!;
      const t = await table(drill.sql, drill.params, drill.summaries, rfmEngine);
      return t.toArray().map((r) => String(r.customer_id));
    };
    expect(await list(grid.drill!(at(4, 1))!)).toEqual(['C']);
    expect(await list(bars.drill!(at(3, 4))!)).toEqual(['B']);
  });
});

describe('predictive CLV request', () => {
  it('carries every parameter the fit needs, the time unit included', () => {
    expect(
      clvRequest({
        holdout: 'off',
        calibration_end: '1997-09-30',
        time_unit: 'day',
        horizon: 30,
        margin: 0.25,
        discount_rate: 0.05,
        max_frequency: 7,
      }),
    ).toEqual({
      calibrationEnd: '1997-09-30',
      holdout: 'off',
      holdoutEnd: null,
      timeUnit: 'day',
      horizon: 30,
      margin: 0.25,
      discountRate: 0.05,
    });
    expect(
      clvRequest({ calibration_end: null, time_unit: 'week', horizon: 52, margin: 0.3, discount_rate: 0.1 }),
    ).toMatchObject({
      calibrationEnd: null,
      // the holdout check is on unless turned off
      holdout: 'auto',
      timeUnit: 'week',
    });
  });
});

describe('decoding result rows', () => {
  it('gives counts and dates as numbers, never BigInt, and refuses what the schema does not allow', async () => {
    const result = await table(
      "SELECT count(*) AS n, DATE '2024-02-01' AS d, TIMESTAMP '2024-02-01 12:00:00' AS t, 'x' AS s, true AS b, NULL::DOUBLE AS z",
      [],
    );
    const [row] = decodeRows(
      { n: num, d: date, t: date, s: text, b: bool, z: num.orNull, gone: num.optional },
      result,
    );
    expect(row).toEqual({
      n: 1,
      d: Date.UTC(2024, 1, 1),
      t: Date.UTC(2024, 1, 1, 12),
      s: 'x',
      b: true,
      z: null,
      gone: null,
    });
    expect(typeof row.n).toBe('number');
    expect(() => decodeRows({ z: num }, result)).toThrow(DecodeError);
    expect(() => decodeRows({ missing: num }, result)).toThrow(/no column "missing"/);
  });

  it('fails loudly when a result lacks a column its charts draw', async () => {
    const bound = analysisQuery(cohorts, 'orders', cohorts.defaults());
    const lacking = await table(
      `SELECT * EXCLUDE (customers) FROM (${bound.sql})`,
      bound.params,
      bound.summaries,
    );
    expect(lacking.getChild('customers')).toBeNull();
    expect(() =>
      cohorts.present({
        table: lacking,
        views: {},
        fit: null,
        params: bound.values,
        source: 'orders',
        runnable: '',
      }),
    ).toThrow(/no column "customers"/);
  });
});
