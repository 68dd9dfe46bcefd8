// Cohort retention on hand-computed fixtures (values derived in the comments), on the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { cohorts } from '../../src/analyses/cohorts';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

const cohortSql = cohorts.sources.orders!.sql;
const customersSql = cohorts.sources.orders!.drill!;

// A: Jan 5 (10), Feb 10 (5), Apr 1 (20)         -> cohort Jan, active k = 0, 1, 3
// B: Jan 20 (30)                                 -> cohort Jan, active k = 0
// C: Feb 3 (8), Mar 15 (12)                      -> cohort Feb, active k = 0, 1
// D: Feb 28 (4), Feb 29 (6), Apr 30 (10)         -> cohort Feb, active k = 0, 2
// Last order Apr 30 -> data end May 1: April is complete, May has not started.
const ORDERS = `order_id,customer,day,amount,country
1,A,2024-01-05,10,DE
2,A,2024-02-10,5,DE
3,A,2024-04-01,20,DE
4,B,2024-01-20,30,CN
5,C,2024-02-03,8,CN
6,C,2024-03-15,12,CN
7,D,2024-02-28,4,DE
8,D,2024-02-29,6,DE
9,D,2024-04-30,10,DE
`;

const base = { grain: 'month', week_start: 'monday', horizon: 3, rule: 'on', segment_value: null };
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'order_id',
    segments: ['country'],
  });
});

const cell = (rows: Record<string, unknown>[], cohort: string | null, k: number) =>
  rows.find((r) => isoDate(r.cohort) === cohort && r.k === k && r.is_average === (cohort === null));

describe('cohort retention', () => {
  it('counts customers active ON period k', async () => {
    const rows = round(await runSql(engine, cohortSql, base));
    const jan = [0, 1, 2, 3].map((k) => cell(rows, '2024-01-01', k)?.customers);
    const feb = [0, 1, 2, 3].map((k) => cell(rows, '2024-02-01', k)?.customers);
    expect(jan).toEqual([2, 1, 0, 1]);
    expect(feb).toEqual([2, 1, 1, undefined]); // May has not started: no cell
    expect(cell(rows, '2024-01-01', 1)?.retention).toBe(0.5);
  });

  it('counts customers active ON OR AFTER period k', async () => {
    const rows = await runSql(engine, cohortSql, { ...base, rule: 'on_or_after' });
    // Jan: A's last k = 3, B's = 0 -> 2,1,1,1. Feb: C's last k = 1, D's = 2 -> 2,2,1
    expect([0, 1, 2, 3].map((k) => cell(rows, '2024-01-01', k)?.customers)).toEqual([2, 1, 1, 1]);
    expect([0, 1, 2].map((k) => cell(rows, '2024-02-01', k)?.customers)).toEqual([2, 2, 1]);
  });

  it('computes revenue retention and cumulative revenue per cohort customer', async () => {
    const rows = round(await runSql(engine, cohortSql, base));
    // Jan period-0 revenue 10 + 30 = 40: k1 5/40, k3 20/40; cumulative per customer 20, 22.5, 22.5, 32.5
    expect([0, 1, 2, 3].map((k) => cell(rows, '2024-01-01', k)?.revenue_retention)).toEqual([
      1, 0.125, 0, 0.5,
    ]);
    expect([0, 1, 2, 3].map((k) => cell(rows, '2024-01-01', k)?.cumulative_revenue_per_customer)).toEqual([
      20, 22.5, 22.5, 32.5,
    ]);
    // Feb: D's two February orders are one period: period-0 revenue 8 + 4 + 6 = 18; k1 12/18, k2 10/18
    expect(cell(rows, '2024-02-01', 1)?.revenue_retention).toBeCloseTo(12 / 18, 6);
    expect(cell(rows, '2024-02-01', 2)?.revenue_retention).toBeCloseTo(10 / 18, 6);
  });

  it('averages complete cells weighted by cohort size', async () => {
    const rows = round(await runSql(engine, cohortSql, base));
    // k0 4/4, k1 (1+1)/4, k2 (0+1)/4, k3 only Jan: 1/2
    expect([0, 1, 2, 3].map((k) => cell(rows, null, k)?.retention)).toEqual([1, 0.5, 0.25, 0.5]);
    expect(rows.every((r) => r.complete)).toBe(true);
  });

  it('flags a period that has not ended and leaves it out of the average', async () => {
    const other = await startEngine();
    // one more order on May 10: the data end moves to May 11, so May is incomplete
    await mapFixture(other, `${ORDERS}10,B,2024-05-10,7,CN\n`, {
      kind: 'orders',
      customerId: 'customer',
      orderedAt: 'day',
      amount: 'amount',
      orderId: 'order_id',
      segments: [],
    });
    const rows = await runSql(other, cohortSql, { ...base, horizon: 4 });
    const mayJan = cell(rows, '2024-01-01', 4);
    expect(mayJan).toMatchObject({ customers: 1, complete: false });
    expect(cell(rows, '2024-02-01', 3)).toMatchObject({ customers: 0, complete: false });
    // k4's average has no complete cell at all; k3 only Jan's complete cell: A -> 1/2
    expect(cell(rows, null, 4)).toBeUndefined();
    expect(cell(rows, null, 3)?.retention).toBe(0.5);
  });

  it('starts weeks on Monday or on Sunday', async () => {
    const other = await startEngine();
    // Sunday 2024-01-07 and Monday 2024-01-08
    await mapFixture(other, 'customer,day,amount\nW,2024-01-07,1\nW,2024-01-08,1\n', {
      kind: 'orders',
      customerId: 'customer',
      orderedAt: 'day',
      amount: 'amount',
      segments: [],
    });
    const monday = await runSql(other, cohortSql, { ...base, grain: 'week', horizon: 1 });
    const sunday = await runSql(other, cohortSql, {
      ...base,
      grain: 'week',
      week_start: 'sunday',
      horizon: 1,
    });
    // Monday weeks: cohort Mon Jan 1 (the Sunday), back in week k = 1 (the Monday)
    expect(isoDate(monday.find((r) => !r.is_average)?.cohort)).toBe('2024-01-01');
    expect(cell(monday, '2024-01-01', 1)?.customers).toBe(1);
    // Sunday weeks: both days in the week of Sunday Jan 7; k = 1 has not ended and nobody is in it
    expect(isoDate(sunday.find((r) => !r.is_average)?.cohort)).toBe('2024-01-07');
    expect(cell(sunday, '2024-01-07', 1)?.customers ?? 0).toBe(0);
  });

  it('filters on a segment', async () => {
    const rows = await runSql(engine, cohortSql, { ...base, segment_value: 'DE' }, 'country');
    // DE: A (Jan) and D (Feb)
    expect(cell(rows, '2024-01-01', 0)?.cohort_size).toBe(1);
    expect(cell(rows, '2024-02-01', 2)?.customers).toBe(1);
  });

  it('lists the customers behind a cell', async () => {
    const rows = await runSql(engine, customersSql, { ...base, cohort: '2024-01-01', k: 3 });
    expect(rows.map((r) => r.customer_id)).toEqual(['A']);
    const after = await runSql(engine, customersSql, {
      ...base,
      rule: 'on_or_after',
      cohort: '2024-02-01',
      k: 1,
    });
    expect(after.map((r) => r.customer_id).sort()).toEqual(['C', 'D']);
  });
});
