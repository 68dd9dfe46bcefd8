// The JavaScript peer: Arquero 7 (what a web developer would otherwise pick) computing the same canonical
// orders table, cohort retention (both grains), period retention and repeat purchase on the same files,
// with the same definitions as the shipped SQL (the fingerprints are compared with native DuckDB's).
// Runs in its own Node process: `node bench/arquero.mjs '<json options>'` prints a JSON result.
import { readFileSync } from 'node:fs';
import * as aq from 'arquero';
import { readParquet } from 'parquet-wasm';
import { fingerprint } from './native.mjs';
import { median, timeRuns } from './stats.mjs';

const { op } = aq;
const DAY = 86_400_000;

/** 'YYYY-MM-DD HH:MM:SS' (naive, as DuckDB's TIMESTAMP) to epoch ms. */
const parseTimestamp = (text) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : null);

/** Period index (months or quarters since year 0) and its first instant, for month and quarter grains. */
const GRAINS = {
  month: {
    index: (ms) => {
      const d = new Date(ms);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    },
    start: (index) => Date.UTC(Math.floor(index / 12), index % 12, 1),
  },
  quarter: {
    index: (ms) => {
      const d = new Date(ms);
      return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    },
    start: (index) => Date.UTC(Math.floor(index / 4), (index % 4) * 3, 1),
  },
};

/** Midnight after the last order (the data end of the SQL). */
function dataEnd(orders) {
  const last = orders.rollup({ t: op.max('ordered_at') }).get('t', 0);
  return Math.floor(last / DAY) * DAY + DAY;
}

/** src/data/mapping.ts canonicalSql for this file: line items grouped into orders, refunds left out. */
export function canonicalOrders(lines) {
  return lines
    .filter((d) => d.status !== 'refunded')
    .derive({ revenue: (d) => d.quantity * d.unit_price, line_cost: (d) => d.quantity * d.unit_cost })
    .groupby('order_id')
    .rollup({
      customer_id: op.any('customer_id'),
      ordered_at: op.min('ordered_at'),
      amount: op.sum('revenue'),
      cost: op.sum('line_cost'),
      lines: op.count(),
      segment_category: op.any('category'),
      segment_country: op.any('country'),
      segment_channel: op.any('channel'),
    })
    .filter((d) => d.customer_id != null && d.ordered_at != null);
}

/** cohort_retention.sql with the orders activity: every column, the zero cells and the average rows. */
export function cohortRetention(orders, { grain, horizon }) {
  const { index, start } = GRAINS[grain];
  const end = dataEnd(orders);
  const periods = orders
    .derive({ period: aq.escape((d) => index(d.ordered_at)) })
    .groupby('customer_id', 'period')
    .rollup({ revenue: op.sum('amount') });
  const cohorts = periods.groupby('customer_id').rollup({ cohort: op.min('period') });
  const activity = periods.join(cohorts, 'customer_id').derive({ k: (d) => d.period - d.cohort });
  const sizes = activity
    .filter((d) => d.k === 0)
    .groupby('cohort')
    .rollup({ cohort_size: op.count(), revenue0: op.sum('revenue') });
  const activeOn = activity
    .groupby('cohort', 'k')
    .rollup({ customers: op.count(), revenue: op.sum('revenue') });
  const lastPeriod = activity
    .groupby('cohort', 'customer_id')
    .rollup({ last_k: op.max('k') })
    .groupby('cohort', 'last_k')
    .count({ as: 'n' });
  const grid = [];
  for (const s of sizes.objects()) {
    for (let k = 0; k <= horizon; k++) {
      if (start(s.cohort + k) >= end) break;
      grid.push({ ...s, k, complete: start(s.cohort + k + 1) <= end });
    }
  }
  const after = aq
    .from(grid)
    .select('cohort', 'k')
    .join(lastPeriod, (a, b) => a.cohort === b.cohort && b.last_k >= a.k, [['cohort', 'k'], ['n']])
    .groupby('cohort', 'k')
    .rollup({ after: op.sum('n') });
  const cells = aq
    .from(grid)
    .join_left(activeOn, [
      ['cohort', 'k'],
      ['cohort', 'k'],
    ])
    .join_left(after, [
      ['cohort', 'k'],
      ['cohort', 'k'],
    ])
    .derive({
      customers: (d) => d.customers || 0,
      revenue: (d) => d.revenue || 0,
      after: (d) => d.after || 0,
    })
    .groupby('cohort')
    .orderby('k')
    .derive({ cumulative_revenue: aq.rolling((d) => op.sum(d.revenue)) })
    .ungroup()
    .derive({
      retention: (d) => d.customers / d.cohort_size,
      revenue_retention: (d) => (d.revenue0 !== 0 ? d.revenue / d.revenue0 : null),
      cumulative_revenue_per_customer: (d) => d.cumulative_revenue / d.cohort_size,
      is_average: () => false,
    });
  const averages = cells
    .filter((d) => d.complete)
    .groupby('k')
    .rollup({
      cohort_size: op.sum('cohort_size'),
      customers: op.sum('customers'),
      revenue: op.sum('revenue'),
      revenue0: op.sum('revenue0'),
      cumulative_revenue: op.sum('cumulative_revenue'),
    })
    .derive({
      retention: (d) => d.customers / d.cohort_size,
      revenue_retention: (d) => (d.revenue0 !== 0 ? d.revenue / d.revenue0 : null),
      cumulative_revenue_per_customer: (d) => d.cumulative_revenue / d.cohort_size,
      complete: () => true,
      is_average: () => true,
    });
  return cells.concat(averages).orderby('is_average', 'cohort', 'k');
}

/** period_retention_orders.sql: S, E, N, new, reactivated, retained per complete month. */
export function periodRetention(orders, { grain, windowDays }) {
  const { index, start } = GRAINS[grain];
  const end = dataEnd(orders);
  const first = index(orders.rollup({ t: op.min('ordered_at') }).get('t', 0));
  const bounds = [start(first)];
  while (start(first + bounds.length) <= end) bounds.push(start(first + bounds.length));
  const periods = bounds.length - 1;
  const window = windowDays * DAY;
  // each order makes its customer active at the instants in (ordered_at, ordered_at + W]
  const covered = (t) => {
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    const out = [];
    for (let i = lo; i < bounds.length && bounds[i] <= t + window; i++) out.push(i);
    return out;
  };
  const active = orders
    .select('customer_id', 'ordered_at')
    .derive({ i: aq.escape((d) => covered(d.ordered_at)) })
    .unroll('i')
    .select('i', 'customer_id')
    .dedupe('i', 'customer_id');
  const firstAt = orders.groupby('customer_id').rollup({ first_at: op.min('ordered_at') });
  const atStart = active
    .params({ periods })
    .filter((d, $) => d.i < $.periods)
    .rename({ i: 'p' });
  const atEnd = active
    .filter((d) => d.i >= 1)
    .derive({ p: (d) => d.i - 1 })
    .select('p', 'customer_id');
  const count = (table) =>
    new Map(
      table
        .groupby('p')
        .count()
        .objects()
        .map((r) => [r.p, r.count]),
    );
  const S = count(atStart);
  const E = count(atEnd);
  const retained = count(
    atStart.semijoin(atEnd, [
      ['p', 'customer_id'],
      ['p', 'customer_id'],
    ]),
  );
  const newcomers = atEnd
    .antijoin(atStart, [
      ['p', 'customer_id'],
      ['p', 'customer_id'],
    ])
    .join(firstAt, 'customer_id')
    .params({ bounds })
    .filter((d, $) => d.first_at >= $.bounds[d.p]);
  const fresh = count(newcomers);
  const rows = [];
  for (let p = 0; p < periods; p++) {
    const s = S.get(p) ?? 0;
    const e = E.get(p) ?? 0;
    const r = retained.get(p) ?? 0;
    const n = e - r;
    const nw = fresh.get(p) ?? 0;
    rows.push({
      period: bounds[p],
      S: s,
      E: e,
      N: n,
      new: nw,
      reactivated: n - nw,
      retained: r,
      lost: s - r,
      crr: s > 0 ? r / s : null,
      churn_rate: s > 0 ? 1 - r / s : null,
    });
  }
  return aq.from(rows);
}

/** repeat_purchase.sql without a breakdown: the 'All' row. */
export function repeatPurchase(orders) {
  const span = orders.rollup({ a: op.min('ordered_at'), b: op.max('ordered_at') }).object();
  const years = Math.max(Math.floor(span.b / DAY) - Math.floor(span.a / DAY) + 1, 1) / 365.25;
  return orders
    .groupby('customer_id')
    .rollup({ orders: op.count(), revenue: op.sum('amount'), cost: op.sum('cost'), costs: op.valid('cost') })
    .derive({ repeat: (d) => d.orders >= 2 })
    .rollup({
      customers: op.count(),
      orders: op.sum('orders'),
      revenue: op.sum('revenue'),
      cost: op.sum('cost'),
      costs: op.sum('costs'),
      repeaters: op.sum('repeat'),
      repeat_revenue: (d) => op.sum(d.repeat ? d.revenue : 0),
    })
    .params({ years })
    .derive({
      segment: () => 'All',
      aov: (d) => d.revenue / d.orders,
      purchase_frequency: (d, $) => d.orders / d.customers / $.years,
      repeat_rate: (d) => d.repeaters / d.customers,
      repeat_revenue_share: (d) => d.repeat_revenue / d.revenue,
      arpu: (d) => d.revenue / d.customers,
      gross_margin: (d) => (d.costs > 0 ? (d.revenue - d.cost) / d.revenue : null),
    });
}

/**
 * @param {{ csv: string, parquet: string, runs: number, cohorts: { grain: string, horizon: number },
 *   period: { grain: string, windowDays: number } }} options
 */
export async function runArquero({ csv, parquet, runs, cohorts, period }) {
  const steps = {};
  const results = {};
  const record = (id, times, result) => {
    steps[id] = { runs: times, median: median(times) };
    if (result) results[id] = fingerprint(id, result.objects());
    process.stderr.write(`  arquero ${id}: ${median(times).toFixed(0)} ms\n`);
  };
  let lines;
  record(
    'load.csv',
    await timeRuns(runs, {
      run: async () => (lines = await aq.loadCSV(csv, { parse: { ordered_at: parseTimestamp } })),
    }),
  );
  record(
    'load.parquet',
    await timeRuns(runs, {
      run: () => aq.fromArrow(readParquet(readFileSync(parquet)).intoIPCStream()),
    }),
  );
  let orders;
  record('mapping', await timeRuns(runs, { run: () => (orders = canonicalOrders(lines)) }));
  const step = async (id, compute) => {
    let result;
    const times = await timeRuns(runs, { run: () => (result = compute()) });
    record(id, times, result);
  };
  await step('analysis.cohorts', () => cohortRetention(orders, cohorts));
  await step('analysis.period', () => periodRetention(orders, period));
  await step('analysis.repeat', () => repeatPurchase(orders));
  await step('param.cohorts', () => cohortRetention(orders, { ...cohorts, grain: 'quarter' }));
  const { version } = JSON.parse(
    readFileSync(new URL('../node_modules/arquero/package.json', import.meta.url), 'utf8'),
  );
  return { version, steps, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runArquero(JSON.parse(process.argv[2]));
  process.stdout.write(JSON.stringify(result));
}
