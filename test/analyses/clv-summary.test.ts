// The per-customer summary behind predictive CLV, on a hand-computed fixture, on the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import summarySql from '../../src/analyses/predictive-clv/clv_summary.sql?raw';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// Calibration ends 2024-01-31 (inclusive).
// A: Jan 1 (10 + 5, one day), Jan 15 (20), Jan 29 (30) | Feb 20 (7)
//    -> x = 2, t_x = 28 days, T = 30 days, monetary (20 + 30) / 2 = 25, first spend 15; holdout 1 day, 7
// B: Jan 10 (8) | Mar 1 (12 + 3, one day), Mar 5 (4)
//    -> x = 0, t_x = 0, T = 21 days, monetary NULL; holdout 2 days, 19 (1 day, 15 up to Mar 1)
// C: first purchase Feb 2: not in the calibration sample
// D: Jan 31 10:00 (1) and 23:59 (9): one day -> x = 0, T = 0, first spend 10; no holdout purchase
// Last order Mar 5: holdout length 34 days (30 up to Mar 1).
// Customer keys number the customers in id order (A 1, B 2, C 3, D 4): C's key is skipped, not reused.
const ORDERS = `customer,at,amount
A,2024-01-01 09:00:00,10
A,2024-01-01 18:00:00,5
A,2024-01-15 12:00:00,20
A,2024-01-29 12:00:00,30
A,2024-02-20 12:00:00,7
B,2024-01-10 12:00:00,8
B,2024-03-01 08:00:00,12
B,2024-03-01 20:00:00,3
B,2024-03-05 12:00:00,4
C,2024-02-02 12:00:00,50
D,2024-01-31 10:00:00,1
D,2024-01-31 23:59:00,9
`;

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'at',
    amount: 'amount',
    segments: [],
  });
});

const summary = async (unit: number, holdoutEnd: string | null = null) =>
  round(
    await runSql(engine, summarySql, {
      calibration_end: '2024-01-31',
      holdout_end: holdoutEnd,
      time_unit_days: unit,
    }),
  )
    .sort((a, b) => Number(a.customer_key) - Number(b.customer_key))
    .map((r): Row => ({
      ...r,
      first_purchase: isoDate(r.first_purchase),
      last_purchase: isoDate(r.last_purchase),
    }));

describe('CLV customer summary', () => {
  it('merges same-day orders and measures recency and age in days', async () => {
    expect(await summary(1)).toEqual([
      {
        customer_id: 'A',
        first_purchase: '2024-01-01',
        last_purchase: '2024-01-29',
        frequency: 2,
        recency: 28,
        age: 30,
        monetary_value: 25,
        first_spend: 15,
        holdout_purchases: 1,
        holdout_spend: 7,
        holdout_length: 34,
        customer_key: 1,
      },
      {
        customer_id: 'B',
        first_purchase: '2024-01-10',
        last_purchase: '2024-01-10',
        frequency: 0,
        recency: 0,
        age: 21,
        monetary_value: null,
        first_spend: 8,
        holdout_purchases: 2,
        holdout_spend: 19,
        holdout_length: 34,
        customer_key: 2,
      },
      {
        customer_id: 'D',
        first_purchase: '2024-01-31',
        last_purchase: '2024-01-31',
        frequency: 0,
        recency: 0,
        age: 0,
        monetary_value: null,
        first_spend: 10,
        holdout_purchases: 0,
        holdout_spend: 0,
        holdout_length: 34,
        customer_key: 4,
      },
    ]);
  });

  it('measures in weeks and stops the holdout at $holdout_end', async () => {
    const rows = await summary(7, '2024-03-01');
    expect(rows.map((r) => [r.customer_id, r.recency, r.age, r.holdout_purchases, r.holdout_spend])).toEqual([
      ['A', 4, Number((30 / 7).toFixed(6)), 1, 7],
      ['B', 0, 3, 1, 15],
      ['D', 0, 0, 0, 0],
    ]);
    expect(rows[0].holdout_length).toBeCloseTo(30 / 7, 6);
  });
});
