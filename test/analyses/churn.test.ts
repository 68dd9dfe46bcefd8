// Churn, survival and repeat purchase on hand-computed fixtures, on the real engine.
import { describe, expect, it } from 'vitest';
import { churn as churnAnalysis } from '../../src/analyses/churn';
import { survival } from '../../src/analyses/survival';
import { repeat } from '../../src/analyses/repeat';
import { gaps } from '../../src/analyses/gaps';

const churnOrdersSql = churnAnalysis.sources.orders!.sql;
const churnCustomersSql = churnAnalysis.sources.customers!.sql;
const churnSubsSql = churnAnalysis.sources.subscriptions!.sql;
const survivalCustomersSql = survival.sources.customers!.sql;
const survivalSubsSql = survival.sources.subscriptions!.sql;
const repeatSql = repeat.sources.orders!.sql;
const daysBetweenSql = gaps.sources.orders!.sql;
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql } from '../helpers/analysis';
import { kaplanMeier, medianLifetime, type LifetimeCount } from '../../src/models/kaplan-meier';

describe('non-contractual churn (orders)', () => {
  // As of 2024-04-01 with W = 30: last orders A Mar 2 (Mar 2 + 30 = Apr 1 <= Apr 1: churned, the boundary),
  // B Mar 3 (Apr 2 > Apr 1: not yet known), C Jan 10 (churned), D Mar 31 (not yet known).
  const ORDERS = `customer,day,amount,channel
A,2024-01-05,10,web
A,2024-03-02,20,web
B,2024-03-03,5,app
C,2024-01-10,7,app
D,2024-02-01,3,web
D,2024-03-31,9,web
`;
  it('counts churned and not-yet-known customers per segment, W at its boundary', async () => {
    const engine = await startEngine();
    await mapFixture(engine, ORDERS, {
      kind: 'orders',
      customerId: 'customer',
      orderedAt: 'day',
      amount: 'amount',
      segments: ['channel'],
    });
    const rows = await runSql(engine, churnOrdersSql, { window_days: 30, as_of: '2024-04-01' }, 'channel');
    expect(rows.map((r) => [r.segment, r.customers, r.churned, r.not_yet_known, r.churn_rate])).toEqual([
      ['All', 4, 2, 2, 0.5],
      ['web', 2, 1, 1, 0.5], // A churned, D not yet known
      ['app', 2, 1, 1, 0.5], // C churned, B not yet known
    ]);
    const shorter = await runSql(engine, churnOrdersSql, { window_days: 29, as_of: '2024-04-01' });
    expect(shorter).toHaveLength(1); // no breakdown: the 'All' row only
    expect(shorter[0]).toMatchObject({ churned: 3, not_yet_known: 1 }); // B (Apr 1) now churned too
  });
});

describe('churn and survival from a customer snapshot', () => {
  // the 6-MP lifetimes as a churn export: tenure in weeks, churned = the remission ended; two contracts
  const tenures = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35];
  const ended = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
  const csv =
    'id,tenure,Churn,Contract\n' +
    tenures
      .map((t, i) => `c${i},${t},${ended[i] ? 'Yes' : 'No'},${i % 3 === 0 ? 'Two year' : 'Month-to-month'}`)
      .join('\n');

  it('reproduces the textbook Kaplan-Meier curve from SQL lifetimes', async () => {
    const engine = await startEngine();
    await mapFixture(engine, csv, {
      kind: 'customers',
      customerId: 'id',
      tenure: 'tenure',
      churned: 'Churn',
      segments: ['Contract'],
    });
    const curve = await runSql(engine, survivalCustomersSql, {});
    const events = curve.filter((p) => Number(p.ended) > 0);
    expect(events.map((p) => Number(Number(p.survival).toFixed(3)))).toEqual([
      0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448,
    ]);
    expect(curve[0].median_lifetime).toBe(23);
    // the SQL estimator and the TypeScript one agree at every time
    const counts: LifetimeCount[] = tenures.map((t, i) => ({ t, ended: ended[i] === 1, customers: 1 }));
    const reference = kaplanMeier(counts);
    expect(curve.map((p) => [p.t, p.at_risk, p.ended, p.censored])).toEqual(
      reference.map((p) => [p.t, p.atRisk, p.ended, p.censored]),
    );
    curve.forEach((p, i) => expect(p.survival as number).toBeCloseTo(reference[i].survival, 12));
    expect(medianLifetime(reference)).toBe(23);

    const bySegment = await runSql(engine, churnCustomersSql, {}, 'Contract');
    // 9 churned of 21 (rows 0,1,2,4,6,9,10,14,15); "Two year" = rows 0,3,...,18: churned 0, 6, 9, 15 -> 4
    expect(round(bySegment).map((r) => [r.segment, r.customers, r.churned])).toEqual([
      ['All', 21, 9],
      ['Month-to-month', 14, 5],
      ['Two year', 7, 4],
    ]);
  });
});

describe('subscriptions: logo churn and lifetimes', () => {
  // as_of 2024-04-01; X Jan 15 - Mar 1; Y Jan 1 -; Z Feb 1 - Feb 20 and Mar 10 -; plan segments
  const SUBS = `customer,start,end,plan
X,2024-01-15,2024-03-01,Pro
Y,2024-01-01,,Starter
Z,2024-02-01,2024-02-20,Starter
Z,2024-03-10,,Starter
`;
  it('counts logo churn per month and censors active customers', async () => {
    const engine = await startEngine();
    await mapFixture(engine, SUBS, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      segments: ['plan'],
    });
    const churn = await runSql(engine, churnSubsSql, { grain: 'month', as_of: '2024-04-01' });
    // Feb: active at start X, Y, Z; at end only Y -> 2 of 3 lost. Jan: Y at start, still there. Mar: Y, kept.
    expect(
      churn.filter((r) => r.segment === 'All').map((r) => [isoDate(r.period), r.active_at_start, r.churned]),
    ).toEqual([
      ['2024-01-01', 1, 0],
      ['2024-02-01', 3, 2],
      ['2024-03-01', 1, 0],
    ]);
    // lifetimes in days: X 46 (ended), Y 91 (censored at Apr 1), Z 60 (Feb 1 to Apr 1, censored: active again)
    // S(46) = 1 - 1/3; no more endings; the median is not reached
    const curve = await runSql(engine, survivalSubsSql, { unit: 'day', as_of: '2024-04-01' });
    expect(curve.map((r) => [r.t, r.at_risk, r.ended, r.censored])).toEqual([
      [46, 3, 1, 0],
      [60, 2, 0, 1],
      [91, 1, 0, 1],
    ]);
    curve.forEach((r) => expect(r.survival as number).toBeCloseTo(2 / 3, 12));
    expect(curve[0].median_lifetime).toBeNull();
  });
});

describe('repeat purchase and value', () => {
  // 2024-01-01 .. 2024-12-30 = 365 days = 365/365.25 years. A: 3 orders (10, 20, 30), B: 1 order (40),
  // C: 2 orders (5, 15) with costs. Line items of order 1 are grouped.
  const LINES = `order,customer,day,qty,price,cost
1,A,2024-01-01,1,4,2
1,A,2024-01-01,2,3,1
2,A,2024-03-01,2,10,5
3,A,2024-06-01,1,30,10
4,B,2024-02-01,4,10,5
5,C,2024-05-05,1,5,1
6,C,2024-12-30,3,5,1
`;
  it('groups line items into orders and computes AOV, frequency, repeat rate, ARPU and margin', async () => {
    const engine = await startEngine();
    await mapFixture(engine, LINES, {
      kind: 'orders',
      customerId: 'customer',
      orderedAt: 'day',
      orderId: 'order',
      quantity: 'qty',
      unitPrice: 'price',
      cost: 'cost',
      segments: [],
    });
    const [all] = await runSql(engine, repeatSql, {});
    // orders: 6; revenue 10 + 20 + 30 + 40 + 5 + 15 = 120; cost 4 + 10 + 10 + 20 + 1 + 3 = 48
    expect(all).toMatchObject({ segment: 'All', customers: 3, orders: 6, revenue: 120 });
    expect(all.aov).toBeCloseTo(20, 12);
    expect(all.purchase_frequency).toBeCloseTo(6 / 3 / (365 / 365.25), 12);
    expect(all.repeat_rate).toBeCloseTo(2 / 3, 12);
    expect(all.repeat_revenue_share).toBeCloseTo(80 / 120, 12);
    expect(all.arpu).toBeCloseTo(40, 12);
    expect(all.gross_margin).toBeCloseTo((120 - 48) / 120, 12);
    // gaps: A 60 (Jan 1 -> Mar 1), 92 (Mar 1 -> Jun 1); C 239 (May 5 -> Dec 30); bins of 30 days
    const bins = await runSql(engine, daysBetweenSql, { bin_days: 30, segment_value: null });
    expect(bins.map((b) => [b.from_days, b.gaps])).toEqual([
      [60, 1],
      [90, 1],
      [210, 1],
    ]);
    expect(bins[0].median_gap).toBe(92);
  });
});
