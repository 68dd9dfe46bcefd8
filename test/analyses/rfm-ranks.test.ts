// RFM's recency and frequency scores come from counts per value and running sums (rfm_scores.sql), not from
// percent_rank over every customer: checked here against percent_rank itself, computed independently on
// the canonical orders, for 1,500 customers with many ties (few distinct order counts and recencies),
// with and without an as-of date.
import { beforeAll, describe, expect, it } from 'vitest';
import { rfm } from '../../src/analyses/rfm';
import { DEFAULT_RFM_RULES, encodeRules } from '../../src/analyses/rfm/rules';
import { EMPTY_CUSTOMER_CLV } from '../../src/analyses/predictive-clv/customer-clv';
import { startEngine } from '../helpers/engine';
import { mapFixture, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

/** A deterministic pseudo-random sequence (a linear congruential generator), for the fixture. */
function lcg(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

function orders(): string {
  const next = lcg(7);
  const lines = ['id,customer,day,amount'];
  let id = 0;
  for (let c = 0; c < 1500; c++) {
    // 1 to 4 orders on days within 2024 (recencies repeat often), amounts with ties
    const count = 1 + next(4);
    for (let o = 0; o < count; o++) {
      const day = new Date(Date.UTC(2024, 0, 1 + next(360))).toISOString().slice(0, 10);
      lines.push(`${++id},C${c},${day},${5 * (1 + next(40))}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Customers per R x F cell by percent_rank over every customer (the definition in docs/metrics.md#rfm). */
const REFERENCE = `
WITH per_customer AS (
  SELECT customer_id,
    date_diff('day', max(ordered_at), coalesce($as_of::TIMESTAMP, (max(max(ordered_at)) OVER ())::DATE + 1)) AS recency_days,
    count(*) AS frequency
  FROM orders
  WHERE $as_of::DATE IS NULL OR ordered_at < $as_of::DATE
  GROUP BY customer_id
),
scored AS (
  SELECT
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC)))::INTEGER AS r_score,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency)))::INTEGER AS f_score
  FROM per_customer
)
SELECT r_score, f_score, count(*) AS customers FROM scored GROUP BY ALL ORDER BY ALL`;

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, orders(), {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'id',
    segments: [],
  });
  engine.queryRows(EMPTY_CUSTOMER_CLV);
});

/** Customers per R x F cell as the shipped analysis counts them. */
async function shipped(asOf: string | null) {
  const rows = await runSql(engine, rfm.sources.orders!.sql, {
    rules: encodeRules(DEFAULT_RFM_RULES),
    as_of: asOf,
  });
  const cells = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.r_score},${r.f_score}`;
    cells.set(key, (cells.get(key) ?? 0) + Number(r.customers));
  }
  return [...cells]
    .map(([key, customers]) => {
      const [r, f] = key.split(',').map(Number);
      return { r_score: r, f_score: f, customers };
    })
    .sort((a, b) => a.r_score - b.r_score || a.f_score - b.f_score);
}

describe('RFM recency and frequency scores', () => {
  it.each([null, '2024-09-01'])('equal percent_rank over every customer (as of %s)', async (asOf) => {
    const reference = (await runSql(engine, REFERENCE, { as_of: asOf })).map((r) => ({
      r_score: Number(r.r_score),
      f_score: Number(r.f_score),
      customers: Number(r.customers),
    }));
    // the fixture has ties enough to make the scores uneven, and every recency score
    expect(new Set(reference.map((r) => r.r_score)).size).toBe(5);
    expect(reference.reduce((s, r) => s + r.customers, 0)).toBeGreaterThan(asOf ? 1000 : 1499);
    expect(await shipped(asOf)).toEqual(reference);
  });
});
