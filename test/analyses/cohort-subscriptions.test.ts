// Cohort retention from subscriptions on a hand-computed fixture, on the real engine: a customer is active
// in a month when a subscription covers some instant of it; revenue is MRR x covered share of a month, and
// revenue retention is measured against period 0 pro-rated to the whole period.
import { beforeAll, describe, expect, it } from 'vitest';
import { cohorts } from '../../src/analyses/cohorts';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// A: Jan 1 -> Mar 1 (ends at the instant Mar 1: covers Jan, Feb), MRR 30  -> cohort Jan, k = 0, 1
//    again Apr 15 -> (running), MRR 60                                   -> k = 3, 4, ...
// B: Jan 20 -> Jan 20 (zero length: covers nothing), then Feb 10 -> running, MRR 10
//                                                                        -> cohort Feb, k = 0, 1, 2, ...
// C: Feb 1 -> Feb 15, MRR 20                                             -> cohort Feb, k = 0
// as_of = 2024-06-01: June has not started; months Jan..May are complete.
const SUBSCRIPTIONS = `id,customer,start,end,mrr,plan
1,A,2024-01-01,2024-03-01,30,Pro
2,A,2024-04-15,,60,Pro
3,B,2024-01-20,2024-01-20,10,Basic
4,B,2024-02-10,,10,Basic
5,C,2024-02-01,2024-02-15,20,Basic
`;

const sql = cohorts.sources.subscriptions!.sql;
const base = {
  grain: 'month',
  week_start: 'monday',
  horizon: 4,
  rule: 'on',
  as_of: '2024-06-01',
  segment_value: null,
};
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, SUBSCRIPTIONS, {
    kind: 'subscriptions',
    customerId: 'customer',
    startedAt: 'start',
    endedAt: 'end',
    mrr: 'mrr',
    segments: ['plan'],
  });
});

const cell = (rows: Record<string, unknown>[], cohort: string | null, k: number) =>
  rows.find((r) => isoDate(r.cohort) === cohort && r.k === k && r.is_average === (cohort === null));

describe('cohort retention from subscriptions', () => {
  it('counts customers whose subscriptions cover period k', async () => {
    const rows = round(await runSql(engine, sql, base), 4);
    // Jan cohort = {A}: k 0 Jan yes, 1 Feb yes, 2 Mar no (ended at the Mar 1 instant), 3 Apr yes, 4 May yes
    expect([0, 1, 2, 3, 4].map((k) => cell(rows, '2024-01-01', k)?.customers)).toEqual([1, 1, 0, 1, 1]);
    // Feb cohort = {B, C} (B's zero-length January subscription covers nothing):
    // k 0 Feb both, 1 Mar B, 2 Apr B, 3 May B, 4 June not started
    expect([0, 1, 2, 3, 4].map((k) => cell(rows, '2024-02-01', k)?.customers)).toEqual([
      2,
      1,
      1,
      1,
      undefined,
    ]);
    expect(cell(rows, '2024-02-01', 1)?.retention).toBe(0.5);
  });

  it('earns MRR for the covered share of each period', async () => {
    const rows = round(await runSql(engine, sql, base), 4);
    const month = 365.25 / 12; // 30.4375 days
    // A in Jan: 31 days x 30 / month; in Feb (29 days, leap year) 29 x 30 / month
    expect(cell(rows, '2024-01-01', 0)?.revenue).toBeCloseTo((31 * 30) / month, 3);
    expect(cell(rows, '2024-01-01', 1)?.revenue).toBeCloseTo((29 * 30) / month, 3);
    // A in Apr: Apr 15 -> May 1 = 16 days x 60
    expect(cell(rows, '2024-01-01', 3)?.revenue).toBeCloseTo((16 * 60) / month, 3);
    // Feb cohort, k 0: B Feb 10 -> Mar 1 = 20 days x 10; C Feb 1 -> Feb 15 = 14 days x 20
    expect(cell(rows, '2024-02-01', 0)?.revenue).toBeCloseTo((20 * 10 + 14 * 20) / month, 3);
  });

  it('measures revenue retention against period 0 pro-rated to the whole period, not a part month', async () => {
    const rows = await runSql(engine, sql, base);
    // Feb cohort's base: B started Feb 10 and covered all of its 20 days to Mar 1, so its whole February at
    // that rate: 10 x 29 days; C started Feb 1 and covered 14 of 29 days: 20 x 14 days (as earned).
    // March: B alone, 10 x 31 days. Retention = 310 / (290 + 280), where the earned Feb revenue (200 + 280)
    // would have said 310 / 480.
    expect(cell(rows, '2024-02-01', 1)?.revenue_retention).toBeCloseTo(310 / 570, 10);
    // a subscription that starts on the period start has no part period: Jan cohort k 1 = 29 / 31 days
    expect(cell(rows, '2024-01-01', 1)?.revenue_retention).toBeCloseTo(29 / 31, 10);
    // period 0 reads as earned over its base: C's and B's part month
    expect(cell(rows, '2024-02-01', 0)?.revenue_retention).toBeCloseTo(480 / 570, 10);
  });

  it('counts on or after, and weights the average by cohort size over complete cells', async () => {
    const rows = await runSql(engine, sql, { ...base, rule: 'on_or_after' });
    // A's last k = 4 (running): 1,1,1,1,1
    expect([0, 1, 2, 3, 4].map((k) => cell(rows, '2024-01-01', k)?.customers)).toEqual([1, 1, 1, 1, 1]);
    // k = 4: only the Jan cohort is complete -> 1 / 1
    expect(cell(rows, null, 4)?.retention).toBe(1);
    // k = 1: (1 + 1) / (1 + 2)
    expect(cell(rows, null, 1)?.retention).toBeCloseTo(2 / 3, 10);
  });

  it('lists the customers behind a cell', async () => {
    const rows = await runSql(engine, cohorts.sources.subscriptions!.drill!, {
      ...base,
      cohort: '2024-02-01',
      k: 1,
    });
    expect(rows.map((r) => r.customer_id)).toEqual(['B']);
    expect(rows[0].subscriptions).toBe(2);
    expect(rows[0].last_ended).toBeNull();
  });

  it('filters to a segment', async () => {
    const rows = await runSql(engine, sql, { ...base, segment_value: 'Basic' }, 'plan');
    expect(rows.filter((r) => !r.is_average && r.k === 0).map((r) => isoDate(r.cohort))).toEqual([
      '2024-02-01',
    ]);
  });
});
