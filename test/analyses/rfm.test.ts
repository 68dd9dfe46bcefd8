// RFM scores and segments on a hand-computed fixture, on the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { rfm } from '../../src/analyses/rfm';
import { DEFAULT_RFM_RULES, decodeRules, encodeRules, segmentOf } from '../../src/analyses/rfm/rules';
import { EMPTY_CUSTOMER_CLV } from '../../src/analyses/predictive-clv/customer-clv';
import { startEngine } from '../helpers/engine';
import { mapFixture, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';
import { scoreGaps, type ScoreCount } from '../../src/analyses/rfm/gaps';

// Last order 2024-06-29 -> data end 2024-06-30.
//            orders                                   recency  F  M
// A: 2024-01-10 100                                    172     1  100
// B: 2024-03-01 50, 2024-06-01 50                       29     2  100
// C: 2024-06-20 10                                      10     1  10
// D: 2024-02-01 20, 2024-04-01 20, 2024-06-29 20        1      3  60
// E: 2024-05-01 500                                     60     1  500
// score = least(5, 1 + floor(5 x percent_rank)), percent_rank = (rank - 1) / 4:
//   R (recency descending): A 172 -> 1, E 60 -> 2, B 29 -> 3, C 10 -> 4, D 1 -> 5
//   F: A, C, E tie at rank 1 -> 1; B rank 4 -> 4; D rank 5 -> 5
//   M: C -> 1, D -> 2, A and B tie at rank 3 -> 3, E -> 5
// Default rules: A (1,1) Lost; E (2,1) Hibernating; B (3,4) Loyal; C (4,1) Promising; D (5,5) Champions.
const ORDERS = `id,customer,day,amount
1,A,2024-01-10,100
2,B,2024-03-01,50
3,B,2024-06-01,50
4,C,2024-06-20,10
5,D,2024-02-01,20
6,D,2024-04-01,20
7,D,2024-06-29,20
8,E,2024-05-01,500
`;

const sql = rfm.sources.orders!.sql;
const base = { rules: encodeRules(DEFAULT_RFM_RULES), as_of: null };
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'id',
    segments: [],
  });
  engine.queryRows(EMPTY_CUSTOMER_CLV);
  engine.queryRows(`INSERT INTO customer_clv (customer_id, clv) VALUES ('A', 10), ('B', 30)`);
});

describe('RFM', () => {
  it('scores by quintile of rank and names segments by the first matching rule', async () => {
    const rows = await runSql(engine, sql, base);
    const cells = Object.fromEntries(rows.map((r) => [`${r.r_score}${r.f_score}`, r]));
    expect(Object.keys(cells).sort()).toEqual(['11', '21', '34', '41', '55']);
    expect(cells['11'].segment).toBe('Lost');
    expect(cells['21'].segment).toBe('Hibernating');
    expect(cells['34'].segment).toBe('Loyal');
    expect(cells['41'].segment).toBe('Promising');
    expect(cells['55'].segment).toBe('Champions');
    expect(cells['21'].revenue_share).toBeCloseTo(500 / 770, 10);
    expect(cells['11'].customer_share).toBe(0.2);
    expect(cells['11'].avg_recency_days).toBe(172);
    // average CLV from the fitted model's table, NULL where no customer has one
    expect(cells['11'].avg_clv).toBe(10);
    expect(cells['34'].avg_clv).toBe(30);
    expect(cells['55'].avg_clv).toBeNull();
  });

  it('applies edited rules, monetary ranges included, and calls the rest Other', async () => {
    const rules = encodeRules([{ name: 'Big\tspender', r: [1, 5], f: [1, 5], m: [5, 5] }]);
    expect(rules).toBe('Big spender\t1\t5\t1\t5\t5\t5');
    const rows = await runSql(engine, sql, { ...base, rules });
    const count = (name: string) =>
      rows.filter((r) => r.segment === name).reduce((n, r) => n + Number(r.customers), 0);
    expect([count('Big spender'), count('Other')]).toEqual([1, 4]);
    expect(rows.find((r) => r.segment === 'Big spender')?.revenue).toBe(500);
  });

  it('lists the customers of a segment and of a cell', async () => {
    const drill = rfm.sources.orders!.drill!;
    const loyal = await runSql(engine, drill, { ...base, segment: 'Loyal', r_score: null, f_score: null });
    expect(loyal.map((r) => [r.customer_id, r.m_score, r.clv])).toEqual([['B', 3, 30]]);
    const cell = await runSql(engine, drill, { ...base, segment: null, r_score: 5, f_score: 5 });
    expect(cell.map((r) => r.customer_id)).toEqual(['D']);
  });

  it('gives every R x F cell a default segment, the same in TypeScript and in the encoded rules', () => {
    const decoded = decodeRules(encodeRules(DEFAULT_RFM_RULES));
    expect(decoded).toEqual(DEFAULT_RFM_RULES);
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        expect(segmentOf(DEFAULT_RFM_RULES, r, f, 3), `${r}${f}`).not.toBe('Other');
  });
});

describe('RFM empty scores', () => {
  it('says which scores no customer got and which tie took them', async () => {
    const counts = await runSql(engine, rfm.views.find((v) => v.id === 'scores')!.sql, base);
    // from the fixture above: F has 1, 4, 5 (A, C, E tie at one order); M has 1, 2, 3, 5 (A and B tie at
    // 100); R has every score
    const typed: ScoreCount[] = counts.map((c) => ({
      dimension: String(c.dimension),
      score: Number(c.score),
      customers: Number(c.customers),
      low: Number(c.low),
      high: Number(c.high),
    }));
    expect(scoreGaps(typed)).toEqual([
      { dimension: 'f', missing: [2, 3], tied: { score: 1, share: 3 / 5, low: 1, high: 1 } },
      { dimension: 'm', missing: [4], tied: { score: 3, share: 2 / 5, low: 100, high: 100 } },
    ]);
  });
});
