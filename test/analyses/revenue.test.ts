// Revenue retention on hand-computed fixtures, on the real engine: every kind of MRR movement, the
// reconciliation, NRR, GRR (monthly and trailing twelve months), quick ratio, logo and revenue churn and
// ARPA, exchange rates and their drift, revenue cohorts, and the customers behind a movement.
import { beforeAll, describe, expect, it } from 'vitest';
import { revenue } from '../../src/analyses/revenue';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// Monthly MRR at each month's last instant (a subscription covers it when it started before the month's
// end and ended at or after it), Jan..Jun 2024:
//   A monthly 100, Jan 10 -> Mar 20, back May 5 (running)   100 100   0   0 100 100  churns and returns
//   B yearly 1,200 from Jan 15 (running)                      100 100 100 100 100 100  an annual plan
//   C 50 from Feb 1 (running) + 30 Mar 15 -> May 15             0  50  80  80  50  50  two subscriptions
//   D Pro 40 Jan 1 -> Apr 1, then Free 0 from Apr 1            40  40  40   0   0   0  downgrade to free
//   E 20 Jan 20 -> Apr 20, then 60 from Apr 20 (running)       20  20  20  60  60  60  upgrade at renewal
//   end MRR                                                   260 310 240 240 310 310
const SUBSCRIPTIONS = `customer,plan,start,end,amount,interval
A,Basic,2024-01-10,2024-03-20,100,month
A,Basic,2024-05-05,,100,month
B,Annual,2024-01-15,,1200,year
C,Basic,2024-02-01,,50,month
C,Add-on,2024-03-15,2024-05-15,30,month
D,Pro,2024-01-01,2024-04-01,40,month
D,Free,2024-04-01,,0,month
E,Basic,2024-01-20,2024-04-20,20,month
E,Pro,2024-04-20,,60,month
`;

const base = { as_of: '2024-07-01', currency: '', rates: '', horizon: 12, segment_value: null };
let engine: EngineSession;
const sql = revenue.sources.subscriptions!.sql;
const drill = revenue.sources.subscriptions!.drill!;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, SUBSCRIPTIONS, {
    kind: 'subscriptions',
    customerId: 'customer',
    startedAt: 'start',
    endedAt: 'end',
    periodAmount: 'amount',
    interval: 'interval',
    plan: 'plan',
    segments: ['plan'],
  });
});

const byMonth = (rows: Row[]) => Object.fromEntries(rows.map((r) => [isoDate(r.month)!.slice(0, 7), r]));

describe('MRR movements on a hand-computed fixture', () => {
  it('classifies every movement, netted per customer and month', async () => {
    const rows = byMonth(round(await runSql(engine, sql, base), 6));
    expect(Object.keys(rows)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    const pick = (r: Row) => [
      r.start_mrr,
      r.new_mrr,
      r.reactivation_mrr,
      r.expansion_mrr,
      r.contraction_mrr,
      r.churned_mrr,
      r.fx_mrr,
      r.end_mrr,
    ];
    //                              start new react expand contract churned fx  end
    // Jan: A, B, D, E new (100 + 100 + 40 + 20)
    expect(pick(rows['2024-01'])).toEqual([0, 260, 0, 0, 0, 0, 0, 260]);
    // Feb: C new (50)
    expect(pick(rows['2024-02'])).toEqual([260, 50, 0, 0, 0, 0, 0, 310]);
    // Mar: C's second subscription +30; A churned 100
    expect(pick(rows['2024-03'])).toEqual([310, 0, 0, 30, 0, 100, 0, 240]);
    // Apr: E upgrades on its renewal day (one expansion of 40, not a churn and a new); D to free = churned 40
    expect(pick(rows['2024-04'])).toEqual([240, 0, 0, 40, 0, 40, 0, 240]);
    // May: A back after April at zero = reactivation 100; C's add-on ends = contraction 30
    expect(pick(rows['2024-05'])).toEqual([240, 0, 100, 0, 30, 0, 0, 310]);
    expect(pick(rows['2024-06'])).toEqual([310, 0, 0, 0, 0, 0, 0, 310]);
    // start + movements = end, every month
    for (const r of Object.values(rows)) expect(r.difference).toBe(0);
  });

  it('counts customers at the start and end of each month', async () => {
    const rows = byMonth(await runSql(engine, sql, base));
    // D's free plan is zero MRR: not a paying customer from April
    expect(Object.values(rows).map((r) => [r.start_customers, r.end_customers])).toEqual([
      [0, 4],
      [4, 5],
      [5, 4],
      [4, 3],
      [3, 4],
      [4, 4],
    ]);
  });

  it('computes NRR, GRR, quick ratio, logo and revenue churn and ARPA', async () => {
    const rows = byMonth(round(await runSql(engine, sql, base), 6));
    const rates = (r: Row) => [r.nrr, r.grr, r.quick_ratio, r.logo_churn, r.revenue_churn, r.arpa];
    // Mar: NRR (310 + 30 - 0 - 100) / 310 = 240/310; GRR (310 - 100) / 310 = 210/310;
    //      quick (0 + 0 + 30) / (0 + 100) = 0.3; logo churn 1 of 5; revenue churn 100/310; ARPA 240/4
    expect(rates(rows['2024-03'])).toEqual([0.774194, 0.677419, 0.3, 0.2, 0.322581, 60]);
    // Apr: NRR (240 + 40 - 40) / 240 = 1; GRR (240 - 40) / 240; quick 40/40; logo 1 of 4; revenue 40/240;
    //      ARPA 240/3
    expect(rates(rows['2024-04'])).toEqual([1, 0.833333, 1, 0.25, 0.166667, 80]);
    // May: the reactivation is not in NRR (A started May at zero): (240 - 30) / 240 both; quick
    //      (100 + 0 + 0) / 30; nobody lost; revenue churn 30/240; ARPA 310/4
    expect(rates(rows['2024-05'])).toEqual([0.875, 0.875, 3.333333, 0, 0.125, 77.5]);
    // Jun: nothing lost, so no quick ratio (undefined, not 0)
    expect(rates(rows['2024-06'])).toEqual([1, 1, null, 0, 0, 77.5]);
    // Jan: nothing at the start: no NRR, GRR or churn
    expect(rates(rows['2024-01'])).toEqual([null, null, null, null, null, 65]);
  });

  it('computes trailing-twelve-month NRR and GRR by the cohort method', async () => {
    const rows = byMonth(round(await runSql(engine, sql, { ...base, as_of: '2025-02-01' }), 6));
    expect(rows['2024-12'].nrr_12m).toBeNull(); // no month twelve months before
    // Jan 2025: the customers paying at the end of Jan 2024 are A 100, B 100, D 40, E 20 (260). A year later:
    // A 100, B 100, D 0, E 60 = 260 -> NRR 1; capped at their old MRR: 100 + 100 + 0 + 20 = 220 -> GRR 220/260
    expect([rows['2025-01'].nrr_12m, rows['2025-01'].grr_12m]).toEqual([1, 0.846154]);
  });

  it('reads only complete months: the default data end is the day after the last start or end', async () => {
    const rows = await runSql(engine, sql, { ...base, as_of: null });
    // the last event is C's add-on ending on May 15: data end May 16, so April is the last complete month
    expect(rows.map((r) => isoDate(r.month))).toEqual([
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
      '2024-04-01',
    ]);
  });

  it('filters to the subscriptions of one segment value', async () => {
    const rows = byMonth(await runSql(engine, sql, { ...base, segment_value: 'Pro' }, 'plan'));
    // plan Pro: D's 40 Jan..Mar, E's 60 from April (E's move to Pro is new MRR in this segment)
    expect(Object.values(rows).map((r) => r.end_mrr)).toEqual([40, 40, 40, 60, 60, 60]);
    expect([rows['2024-04'].new_mrr, rows['2024-04'].churned_mrr]).toEqual([60, 40]);
  });
});

describe('the customers behind a movement', () => {
  const customers = async (from: string, to: string, movement: string) =>
    (await runSql(engine, drill, { ...base, from_month: from, to_month: to, movement })).map((r) => [
      r.customer_id,
      isoDate(r.month),
      r.start_mrr,
      r.end_mrr,
      r.change,
    ]);

  it('lists the customers of one month and movement, with their MRR before and after', async () => {
    expect(await customers('2024-04-01', '2024-04-01', 'expansion')).toEqual([
      ['E', '2024-04-01', 20, 60, 40],
    ]);
    expect(await customers('2024-04-01', '2024-04-01', 'churned')).toEqual([['D', '2024-04-01', 40, 0, -40]]);
    expect(await customers('2024-05-01', '2024-05-01', 'reactivation')).toEqual([
      ['A', '2024-05-01', 0, 100, 100],
    ]);
  });

  it('lists a movement over a span of months (the waterfall)', async () => {
    expect(await customers('2024-01-01', '2024-06-01', 'churned')).toEqual([
      ['A', '2024-03-01', 100, 0, -100],
      ['D', '2024-04-01', 40, 0, -40],
    ]);
  });
});

describe('revenue cohorts', () => {
  it('measures each cohort in MRR at month ends, against its first month', async () => {
    const view = revenue.views.find((v) => v.id === 'cohorts')!.sql;
    const rows = round(await runSql(engine, view, base), 6);
    const cell = (cohort: string | null, k: number) =>
      rows.find((r) => isoDate(r.cohort) === cohort && r.k === k && r.is_average === (cohort === null));
    // January's cohort: A, B, D, E with 260; at k = 2 (March) B 100 + D 40 + E 20 = 160 from 3 customers
    expect([0, 1, 2, 3, 4, 5].map((k) => cell('2024-01-01', k)?.revenue_retention)).toEqual([
      1, 1, 0.615385, 0.615385, 1, 1,
    ]);
    expect(cell('2024-01-01', 2)?.retention).toBe(0.75);
    // February's cohort: C's 50 grows to 80 with the add-on (160%), then back; July is not complete
    expect([0, 1, 2, 3, 4, 5].map((k) => cell('2024-02-01', k)?.revenue_retention)).toEqual([
      1,
      1.6,
      1.6,
      1,
      1,
      undefined,
    ]);
    // the average at k = 1 weighs by MRR: (260 + 80) / (260 + 50)
    expect(cell(null, 1)?.revenue_retention).toBe(1.096774);
  });
});

describe('currencies and exchange rates', () => {
  // F pays EUR 100, G USD 50 (two rows: a renewal on March 1), H GBP 80, all from January 1 (running)
  const CSV = `customer,start,end,mrr,currency
F,2024-01-01,,100,EUR
G,2024-01-01,2024-03-01,50,usd
G,2024-03-01,,50,USD
H,2024-01-01,,80,GBP
`;
  let fx: EngineSession;
  beforeAll(async () => {
    fx = await startEngine();
    await mapFixture(fx, CSV, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      mrr: 'mrr',
      currency: 'currency',
      segments: [],
    });
  });
  const rates = 'EUR 1.10\n# from April\nEUR 2024-04 1.20';

  it('reports in the currency of the most subscriptions, converts at the rates given, leaves out the rest', async () => {
    const rows = byMonth(round(await runSql(fx, sql, { ...base, rates }), 6));
    // Jan: F 100 x 1.10 + G 50 = 160 (H's pounds have no rate: left out, not added as dollars)
    expect([rows['2024-01'].new_mrr, rows['2024-01'].end_mrr]).toEqual([160, 160]);
    // Apr: the euro goes to 1.20: F is worth 120, and the 10 is exchange-rate drift, not an expansion;
    // NRR leaves it out: (160 + 0 - 0 - 0) / 160
    const april = rows['2024-04'];
    expect([april.start_mrr, april.expansion_mrr, april.fx_mrr, april.end_mrr, april.nrr]).toEqual([
      160, 0, 10, 170, 1,
    ]);
    expect(april.difference).toBe(0);
    const inputs = await runSql(fx, revenue.views.find((v) => v.id === 'inputs')!.sql, { ...base, rates });
    expect(inputs.map((r) => [r.currency, r.reporting_currency, r.subscriptions, r.rate, r.status])).toEqual([
      ['USD', 'USD', 2, 1, 'reporting'],
      ['EUR', 'USD', 1, 1.2, 'converted'],
      ['GBP', 'USD', 1, null, 'leftOut'],
    ]);
  });

  it('reports in the currency chosen', async () => {
    const rows = byMonth(round(await runSql(fx, sql, { ...base, currency: 'eur', rates: 'USD 0.9' }), 6));
    // F 100 + G 50 x 0.9 = 145; H still left out
    expect(rows['2024-06'].end_mrr).toBe(145);
  });

  it('lists the customers behind the exchange-rate drift', async () => {
    const rows = await runSql(fx, drill, {
      ...base,
      rates,
      from_month: '2024-04-01',
      to_month: '2024-04-01',
      movement: 'fx',
    });
    expect(round(rows, 6).map((r) => [r.customer_id, r.movement, r.change, r.fx])).toEqual([
      ['F', 'unchanged', 0, 10],
    ]);
  });
});
