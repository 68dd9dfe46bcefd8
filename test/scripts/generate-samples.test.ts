// The sample generator is deterministic (tests and the benchmark rely on it) and its data behave the way
// the README says. Checks are computed here from the rows, independently of the generator's code.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdnowCsv, generate, orderLines, rng, saasRows } from '../../scripts/generate-samples.mjs';

type Row = Record<string, string | number>;
const take = (rows: Iterable<Row>, n: number) => {
  const out: Row[] = [];
  for (const row of rows) {
    out.push(row);
    if (out.length === n) break;
  }
  return out;
};
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('generate-samples', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(take(orderLines({ seed: 7, orders: 500 }), 300));
    const b = JSON.stringify(take(orderLines({ seed: 7, orders: 500 }), 300));
    const c = JSON.stringify(take(orderLines({ seed: 8, orders: 500 }), 300));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const r = rng(1);
    expect([r.uniform(), r.uniform()]).toEqual([
      rng(1).uniform(),
      (() => {
        const s = rng(1);
        s.uniform();
        return s.uniform();
      })(),
    ]);
  });

  it('regenerates the committed sample files byte for byte', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tenure-samples-'));
    await generate({ out });
    for (const file of ['orders.csv', 'subscriptions.csv', 'nps.csv', 'cdnow.csv']) {
      expect(sha(readFileSync(join(out, file))), file).toBe(sha(readFileSync(join('sample-data', file))));
    }
  });

  it('makes orders that look like an e-commerce export', () => {
    const lines = [...orderLines({ seed: 42, orders: 20_000 })] as Row[];
    const orders = new Map<string, Row>();
    for (const l of lines) orders.set(String(l.order_id), l);
    expect(orders.size).toBeGreaterThan(17_000);
    expect(orders.size).toBeLessThan(23_000);
    const refunded = [...orders.values()].filter((o) => o.status === 'refunded').length / orders.size;
    expect(refunded).toBeGreaterThan(0.02);
    expect(refunded).toBeLessThan(0.06);
    expect(lines.every((l) => Number(l.quantity) >= 1 && Number(l.unit_price) > 0)).toBe(true);
    expect(
      lines.every((l) => String(l.ordered_at) >= '2023-01-01' && String(l.ordered_at) < '2025-01-01'),
    ).toBe(true);
    // Month-1 retention of 2023 cohorts: share of customers with an order in the month after their first.
    const months = new Map<string, Set<number>>();
    for (const o of orders.values()) {
      const at = String(o.ordered_at);
      const month = Number(at.slice(0, 4)) * 12 + Number(at.slice(5, 7)) - 1;
      const set = months.get(String(o.customer_id)) ?? new Set<number>();
      set.add(month);
      months.set(String(o.customer_id), set);
    }
    const cohort = [...months.values()].filter((m) => Math.min(...m) < 2024 * 12);
    const back = cohort.filter((m) => m.has(Math.min(...m) + 1)).length / cohort.length;
    expect(back).toBeGreaterThan(0.08);
    expect(back).toBeLessThan(0.4);
    // November and December are the busiest months.
    const byMonth = new Array(12).fill(0);
    for (const o of orders.values()) byMonth[Number(String(o.ordered_at).slice(5, 7)) - 1]++;
    expect(Math.min(byMonth[10], byMonth[11])).toBeGreaterThan(Math.max(...byMonth.slice(0, 10)));
  });

  it('makes subscriptions with plan changes, cancellations with reasons and reactivations', () => {
    const rows = [...saasRows({ seed: 42, customers: 800 })] as Row[];
    const subs = rows.filter((r) => r.kind === 'subscription');
    const nps = rows.filter((r) => r.kind === 'nps');
    expect(new Set(subs.map((r) => r.customer_id)).size).toBe(800);
    const cancelled = subs.filter((r) => r.cancellation_reason !== '');
    expect(cancelled.length).toBeGreaterThan(100);
    expect(cancelled.every((r) => r.ended_at !== '')).toBe(true);
    expect(subs.every((r) => r.ended_at === '' || String(r.ended_at) > String(r.started_at))).toBe(true);
    // a reactivation: a customer with a row that starts after one of their cancellations ended
    const reactivated = cancelled.some((c) =>
      subs.some((s) => s.customer_id === c.customer_id && String(s.started_at) > String(c.ended_at)),
    );
    expect(reactivated).toBe(true);
    expect(nps.every((r) => Number(r.score) >= 0 && Number(r.score) <= 10)).toBe(true);
    // detractors churn more than promoters (the latent satisfaction drives both)
    const churned = new Set(cancelled.map((r) => r.customer_id));
    const rate = (pred: (s: number) => boolean) => {
      const people = [...new Set(nps.filter((r) => pred(Number(r.score))).map((r) => r.customer_id))];
      return people.filter((p) => churned.has(p)).length / people.length;
    };
    expect(rate((s) => s <= 6)).toBeGreaterThan(rate((s) => s >= 9));
  });

  it('converts the real CDNOW sample with its published counts', () => {
    const csv = cdnowCsv();
    const rows = csv.trim().split('\n').slice(1);
    expect(rows.length).toBe(6919);
    expect(new Set(rows.map((r: string) => r.split(',')[0])).size).toBe(2357);
    expect(rows[0]).toBe('00004,0001,1997-01-01,2,29.33');
    expect(csv.startsWith('customer_id,sample_id,date,cds,amount\n')).toBe(true);
  });
});
