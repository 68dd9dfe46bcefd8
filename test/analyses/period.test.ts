// Period retention (S, E, N, CRR) on hand-computed fixtures, orders and subscriptions, on the real engine.
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { period } from '../../src/analyses/period';
import { bindQuery } from '../../src/analyses/query';

const ordersSql = period.sources.orders!.sql;
const subsSql = period.sources.subscriptions!.sql;
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, runSql } from '../helpers/analysis';

// W = 30 days, months. Data end: the day after Mar 25 = Mar 26, so Nov..Feb are complete, March is not.
// Active at an instant t = an order in [t - 30 days, t):
//   Nov 1: -   Dec 1: R (Nov 20)   Jan 1: -   Feb 1: A, B, D (Jan 10, 15, 31)
//   Mar 1 (window from Jan 31): A (Feb 20), C (Feb 5), D (Jan 31: exactly on the window's edge), R (Feb 10)
const ORDERS = `customer,day
R,2023-11-20
A,2024-01-10
B,2024-01-15
D,2024-01-31
C,2024-02-05
R,2024-02-10
A,2024-02-20
D,2024-03-02
A,2024-03-25
`;

async function ordersEngine() {
  const engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    segments: [],
  });
  return engine;
}

const pick = (rows: Record<string, unknown>[]) =>
  rows.map((r) => [isoDate(r.period), r.S, r.E, r.N, r.new, r.reactivated, r.retained, r.lost]);

describe('period retention from orders', () => {
  it('counts S, E, N (new and reactivated), retained and lost per complete month', async () => {
    const engine = await ordersEngine();
    const rows = await runSql(engine, ordersSql, { grain: 'month', window_days: 30, segment_value: null });
    expect(pick(rows)).toEqual([
      ['2023-11-01', 0, 1, 1, 1, 0, 0, 0],
      ['2023-12-01', 1, 0, 0, 0, 0, 0, 1],
      ['2024-01-01', 0, 3, 3, 3, 0, 0, 0],
      ['2024-02-01', 3, 4, 2, 1, 1, 2, 1],
    ]);
    const feb = rows[3];
    expect(feb.crr).toBeCloseTo(2 / 3, 12);
    expect(feb.churn_rate).toBeCloseTo(1 / 3, 12);
    expect(rows[0].crr).toBeNull(); // nobody at the start: no rate
    for (const r of rows) expect(Number(r.E) - Number(r.N)).toBe(r.retained);
  });

  it('flags the warm-up periods and leaves them out of the average', async () => {
    const engine = await ordersEngine();
    // first order Nov 20; W = 30: a period start needs Dec 20 or later for its window to lie in the data.
    // Nov 1 and Dec 1 are the warm-up; Jan 1 and Feb 1 are steady.
    const values = { grain: 'month', window_days: 30, segment_value: null };
    const rows = await runSql(engine, ordersSql, values);
    expect(rows.map((r) => [isoDate(r.period), r.warm_up])).toEqual([
      ['2023-11-01', true],
      ['2023-12-01', true],
      ['2024-01-01', false],
      ['2024-02-01', false],
    ]);
    // pooled over the steady periods with customers at the start: Feb (S 3, retained 2): 2/3 (Jan has
    // S 0 and no rate), whatever Dec said (0 of 1)
    const bound = bindQuery(ordersSql, values, { column: null, value: null });
    const raw = await engine.run(bound.sql, { params: bound.params });
    const { panels } = period.present({
      table: tableFromIPC(raw.ipc),
      views: {},
      fit: null,
      params: { ...period.defaults(), ...values },
      source: 'orders',
      runnable: '',
    });
    expect(panels).toHaveLength(1);
    const summary = panels[0].kind === 'periodSummary' ? panels[0].summary : null;
    expect(summary).toMatchObject({ periods: 1, warmUp: 2, windowDays: 30 });
    expect(summary?.crr).toBeCloseTo(2 / 3, 12);
    expect(summary?.churn).toBeCloseTo(1 / 3, 12);
  });

  it('puts the inactivity window boundary where it says: one day shorter drops D', async () => {
    const engine = await ordersEngine();
    // W = 29: Mar 1 - 29 days = Feb 1, so D's Jan 31 order no longer makes D active at Mar 1
    const rows = await runSql(engine, ordersSql, { grain: 'month', window_days: 29, segment_value: null });
    expect(pick(rows)[3]).toEqual(['2024-02-01', 3, 3, 2, 1, 1, 1, 2]);
  });
});

// as_of Apr 1. Active at t = started_at <= t < ended_at:
//   Dec 1: -   Jan 1: Y   Feb 1: X, Y, Z   Mar 1: Y (X ended Mar 1, Z between its two rows)   Apr 1: Y, Z
// V (Dec 15 - Jan 1) covers no instant and is not counted (see docs/metrics.md).
const SUBSCRIPTIONS = `customer,start,end
X,2024-01-15,2024-03-01
Y,2024-01-01,
Z,2024-02-01,2024-02-20
Z,2024-03-10,
V,2023-12-15,2024-01-01
`;

describe('period retention from subscriptions', () => {
  it('counts customers covered at each period boundary, with reactivation', async () => {
    const engine = await startEngine();
    await mapFixture(engine, SUBSCRIPTIONS, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      segments: [],
    });
    const rows = await runSql(engine, subsSql, { grain: 'month', as_of: '2024-04-01', segment_value: null });
    expect(pick(rows)).toEqual([
      ['2023-12-01', 0, 1, 1, 1, 0, 0, 0],
      ['2024-01-01', 1, 3, 2, 2, 0, 1, 0],
      ['2024-02-01', 3, 1, 0, 0, 0, 1, 2],
      ['2024-03-01', 1, 2, 1, 0, 1, 1, 0],
    ]);
    expect(rows[2].crr).toBeCloseTo(1 / 3, 12);
  });
});
