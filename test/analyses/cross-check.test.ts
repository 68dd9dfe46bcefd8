// A second, independent computation: plain TypeScript over random orders must agree with the SQL of the
// cohort matrix and of period retention, cell by cell, on thousands of customers.
import { beforeAll, describe, expect, it } from 'vitest';
import { cohorts } from '../../src/analyses/cohorts';
import { period } from '../../src/analyses/period';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

const cohortSql = cohorts.sources.orders!.sql;
const periodSql = period.sources.orders!.sql;

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);

/** A small seeded generator (mulberry32), independent of the app's sample generator. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Order {
  customer: string;
  at: number;
}

function makeOrders(customers: number, seed: number): Order[] {
  const next = random(seed);
  const orders: Order[] = [];
  for (let c = 0; c < customers; c++) {
    let at = START + Math.floor(next() * 500) * DAY + Math.floor(next() * DAY);
    const n = 1 + Math.floor(-Math.log(1 - next()) * 2);
    for (let i = 0; i < n && at < START + 560 * DAY; i++) {
      orders.push({ customer: `c${c}`, at });
      at += Math.floor(-Math.log(1 - next()) * 60 * DAY);
    }
  }
  return orders;
}

const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
const monthStart = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1);
const dataEnd = (orders: Order[]) => Math.floor(Math.max(...orders.map((o) => o.at)) / DAY) * DAY + DAY;

/** Cohort matrix by months, straight from the definition in docs/metrics.md. */
function referenceCohorts(orders: Order[], horizon: number, rule: 'on' | 'on_or_after') {
  const months = new Map<string, Set<number>>();
  for (const o of orders) {
    const set = months.get(o.customer) ?? new Set<number>();
    set.add(monthIndex(o.at));
    months.set(o.customer, set);
  }
  const end = dataEnd(orders);
  const cells = new Map<string, { size: number; customers: number; complete: boolean }>();
  for (const set of months.values()) {
    const cohort = Math.min(...set);
    const last = Math.max(...set);
    for (let k = 0; k <= horizon; k++) {
      if (monthStart(cohort + k) >= end) break;
      const key = `${new Date(monthStart(cohort)).toISOString().slice(0, 10)}|${k}`;
      const cell = cells.get(key) ?? { size: 0, customers: 0, complete: monthStart(cohort + k + 1) <= end };
      cell.size++;
      if (rule === 'on' ? set.has(cohort + k) : last >= cohort + k) cell.customers++;
      cells.set(key, cell);
    }
  }
  return cells;
}

/** S, E, N, new, reactivated per complete month with inactivity window W, by brute force. */
function referencePeriods(orders: Order[], windowDays: number) {
  const end = dataEnd(orders);
  const first = new Map<string, number>();
  for (const o of orders) first.set(o.customer, Math.min(first.get(o.customer) ?? Infinity, o.at));
  const activeAt = (t: number) =>
    new Set(orders.filter((o) => o.at >= t - windowDays * DAY && o.at < t).map((o) => o.customer));
  const rows: [string, number, number, number, number, number][] = [];
  for (let m = monthIndex(Math.min(...orders.map((o) => o.at))); monthStart(m + 1) <= end; m++) {
    const S = activeAt(monthStart(m));
    const E = activeAt(monthStart(m + 1));
    const N = [...E].filter((c) => !S.has(c));
    const fresh = N.filter((c) => first.get(c)! >= monthStart(m)).length;
    rows.push([
      new Date(monthStart(m)).toISOString().slice(0, 10),
      S.size,
      E.size,
      N.length,
      fresh,
      N.length - fresh,
    ]);
  }
  return rows;
}

let engine: EngineSession;
let orders: Order[];

beforeAll(async () => {
  engine = await startEngine();
  orders = makeOrders(3000, 20261122);
  const csv =
    'customer,at\n' +
    orders
      .map((o) => `${o.customer},${new Date(o.at).toISOString().slice(0, 19).replace('T', ' ')}`)
      .join('\n');
  await mapFixture(engine, csv, { kind: 'orders', customerId: 'customer', orderedAt: 'at', segments: [] });
});

describe('SQL agrees with an independent TypeScript computation on random data', () => {
  it.each(['on', 'on_or_after'] as const)('cohort matrix, rule %s', async (rule) => {
    const horizon = 12;
    const expected = referenceCohorts(orders, horizon, rule);
    const rows = await runSql(engine, cohortSql, {
      grain: 'month',
      week_start: 'monday',
      horizon,
      rule,
      segment_value: null,
    });
    const cells = rows.filter((r) => !r.is_average);
    expect(cells.length).toBe(expected.size);
    for (const r of cells) {
      const ref = expected.get(`${isoDate(r.cohort)}|${r.k}`);
      expect(ref, `${isoDate(r.cohort)} k=${r.k}`).toBeDefined();
      expect([r.cohort_size, r.customers, r.complete]).toEqual([ref!.size, ref!.customers, ref!.complete]);
    }
    // the average row: complete cells only, weighted by cohort size
    for (const avg of rows.filter((r) => r.is_average)) {
      const complete = [...expected]
        .filter(([key, c]) => key.endsWith(`|${avg.k}`) && c.complete)
        .map(([, c]) => c);
      const ratio = complete.reduce((n, c) => n + c.customers, 0) / complete.reduce((n, c) => n + c.size, 0);
      expect(avg.retention as number).toBeCloseTo(ratio, 12);
    }
  });

  it.each([30, 90])('period retention, W = %i days', async (windowDays) => {
    const rows = await runSql(engine, periodSql, {
      grain: 'month',
      window_days: windowDays,
      segment_value: null,
    });
    expect(rows.map((r) => [isoDate(r.period), r.S, r.E, r.N, r.new, r.reactivated])).toEqual(
      referencePeriods(orders, windowDays),
    );
  });
});
