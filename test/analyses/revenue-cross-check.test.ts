// A second, independent computation of revenue retention: plain TypeScript over random subscriptions
// (several per customer, gaps and returns, same-day plan changes, free plans, yearly and quarterly
// amounts, two currencies converted at dated rates and one left out) must agree with the SQL month by
// month, and start + movements = end must hold in every month of the SQL's result.
import { beforeAll, describe, expect, it } from 'vitest';
import { revenue } from '../../src/analyses/revenue';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

const DAY = 86_400_000;
const START = Date.UTC(2022, 0, 1);
const AS_OF = Date.UTC(2025, 0, 1);

/** mulberry32: a small seeded generator, independent of the app's sample generator. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sub {
  customer: string;
  start: number;
  end: number | null;
  amount: number;
  months: number;
  interval: string;
  currency: string;
}

const INTERVALS: [string, number][] = [
  ['month', 1],
  ['month', 1],
  ['quarter', 3],
  ['year', 12],
];

function makeSubscriptions(customers: number, seed: number): Sub[] {
  const next = random(seed);
  const subs: Sub[] = [];
  const day = (ms: number) => Math.floor(ms / DAY) * DAY;
  for (let c = 0; c < customers; c++) {
    const currency = next() < 0.7 ? 'USD' : next() < 0.8 ? 'EUR' : 'GBP';
    let at = day(START + next() * 1000 * DAY);
    const stints = 1 + Math.floor(next() * 3);
    for (let s = 0; s < stints && at < AS_OF; s++) {
      const [interval, months] = INTERVALS[Math.floor(next() * INTERVALS.length)];
      // each stint: one to three rows handing over on the same day (plan changes), the last may stay open
      const rows = 1 + Math.floor(next() * 3);
      for (let r = 0; r < rows; r++) {
        const free = next() < 0.08;
        const perMonth = free ? 0 : 10 * (1 + Math.floor(next() * 30));
        const length = day(next() * 400 * DAY) + DAY;
        const open = r === rows - 1 && s === stints - 1 && next() < 0.5;
        const end = open ? null : at + length;
        subs.push({
          customer: `c${c}`,
          start: at,
          end,
          amount: perMonth * months,
          months,
          interval,
          currency,
        });
        // an overlapping add-on now and then
        if (next() < 0.1)
          subs.push({
            customer: `c${c}`,
            start: at + 5 * DAY,
            end: at + 70 * DAY,
            amount: 25,
            months: 1,
            interval: 'month',
            currency,
          });
        if (end === null) break;
        at = end;
      }
      at += day(next() * 200 * DAY) + DAY; // a gap, then maybe a return
    }
  }
  return subs;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthIndex = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
const monthStart = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1);

const RATES = 'EUR 1.1\nEUR 2024-01 1.2\nEUR 2024-07 1.05';
/** The rate of a currency in a month, straight from the definition: latest dated rate, else the undated. */
function rate(currency: string, month: number): number | null {
  if (currency === 'USD') return 1;
  if (currency !== 'EUR') return null;
  if (month >= monthIndex(Date.UTC(2024, 6, 1))) return 1.05;
  if (month >= monthIndex(Date.UTC(2024, 0, 1))) return 1.2;
  return 1.1;
}

interface Month {
  month: number;
  start: number;
  new: number;
  reactivation: number;
  expansion: number;
  contraction: number;
  churned: number;
  fx: number;
  end: number;
  startCustomers: number;
  endCustomers: number;
  churnedCustomers: number;
  nrr12: number | null;
  grr12: number | null;
}

/** Revenue retention by the definition in docs/metrics.md, month by month. */
function reference(subs: Sub[]): Month[] {
  const first = Math.min(...subs.map((s) => monthIndex(s.start)));
  const last = monthIndex(AS_OF) - 1;
  // native MRR per customer, currency and month end
  const native = new Map<string, Map<string, number[]>>();
  for (const s of subs) {
    const byCurrency = native.get(s.customer) ?? new Map<string, number[]>();
    native.set(s.customer, byCurrency);
    const values = byCurrency.get(s.currency) ?? new Array(last + 1 - first).fill(0);
    byCurrency.set(s.currency, values);
    for (let m = first; m <= last; m++) {
      const end = monthStart(m + 1);
      if (s.start < end && (s.end === null || s.end >= end)) values[m - first] += s.amount / s.months;
    }
  }
  const at = (customer: string, m: number, rateMonth: number) => {
    let total = 0;
    for (const [currency, values] of native.get(customer)!) {
      const r = rate(currency, rateMonth);
      if (r !== null && m >= first) total += values[m - first] * r;
    }
    return total > 0 ? total : 0;
  };
  const customers = [...native.keys()];
  const out: Month[] = [];
  for (let m = first; m <= last; m++) {
    const row: Month = {
      month: monthStart(m),
      start: 0,
      new: 0,
      reactivation: 0,
      expansion: 0,
      contraction: 0,
      churned: 0,
      fx: 0,
      end: 0,
      startCustomers: 0,
      endCustomers: 0,
      churnedCustomers: 0,
      nrr12: null,
      grr12: null,
    };
    let base = 0;
    let now = 0;
    let capped = 0;
    for (const c of customers) {
      const start = m > first ? at(c, m - 1, m - 1) : 0;
      const end = at(c, m, m);
      row.start += start;
      row.end += end;
      if (start > 0) row.startCustomers++;
      if (end > 0) row.endCustomers++;
      if (start === 0 && end > 0) {
        let before = false;
        for (let p = first; p < m - 1; p++) if (at(c, p, p) > 0) before = true;
        if (before) row.reactivation += end;
        else row.new += end;
      } else if (start > 0 && end === 0) {
        row.churned += start;
        row.churnedCustomers++;
      } else if (start > 0) {
        const atStartRates = at(c, m, m - 1);
        const change = atStartRates - start;
        if (Math.round(change * 1e6) > 0) row.expansion += change;
        if (Math.round(change * 1e6) < 0) row.contraction -= change;
        row.fx += end - atStartRates;
      }
      if (m - 12 >= first) {
        const then = at(c, m - 12, m - 12);
        if (then > 0) {
          const value = at(c, m, m - 12);
          base += then;
          now += value;
          capped += Math.min(value, then);
        }
      }
    }
    if (base > 0) {
      row.nrr12 = now / base;
      row.grr12 = capped / base;
    }
    out.push(row);
  }
  return out;
}

let engine: EngineSession;
let subs: Sub[];
let rows: Row[];

beforeAll(async () => {
  engine = await startEngine();
  subs = makeSubscriptions(1500, 20261202);
  const csv =
    'customer,start,end,amount,interval,currency\n' +
    subs
      .map((s) =>
        [s.customer, iso(s.start), s.end === null ? '' : iso(s.end), s.amount, s.interval, s.currency].join(
          ',',
        ),
      )
      .join('\n') +
    '\n';
  await mapFixture(engine, csv, {
    kind: 'subscriptions',
    customerId: 'customer',
    startedAt: 'start',
    endedAt: 'end',
    periodAmount: 'amount',
    interval: 'interval',
    currency: 'currency',
    segments: [],
  });
  rows = await runSql(engine, revenue.sources.subscriptions!.sql, {
    as_of: iso(AS_OF),
    currency: 'USD',
    rates: RATES,
    horizon: 12,
    segment_value: null,
  });
}, 120_000);

const close = (actual: unknown, expected: number | null, what: string) => {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(
    Math.abs(Number(actual) - expected),
    `${what}: ${String(actual)} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
};

describe('revenue retention: a second computation on random subscriptions', () => {
  it('agrees with the SQL on every movement, count and rate of every month', () => {
    const expected = reference(subs);
    expect(rows.map((r) => isoDate(r.month))).toEqual(expected.map((e) => iso(e.month)));
    // the data exercise every kind of movement
    for (const key of ['new', 'reactivation', 'expansion', 'contraction', 'churned', 'fx'] as const)
      expect(
        expected.some((e) => e[key] !== 0),
        key,
      ).toBe(true);
    rows.forEach((r, i) => {
      const e = expected[i];
      const at = `${iso(e.month)}`;
      close(r.start_mrr, e.start, `${at} start`);
      close(r.new_mrr, e.new, `${at} new`);
      close(r.reactivation_mrr, e.reactivation, `${at} reactivation`);
      close(r.expansion_mrr, e.expansion, `${at} expansion`);
      close(r.contraction_mrr, e.contraction, `${at} contraction`);
      close(r.churned_mrr, e.churned, `${at} churned`);
      close(r.fx_mrr, e.fx, `${at} fx`);
      close(r.end_mrr, e.end, `${at} end`);
      expect([r.start_customers, r.end_customers], at).toEqual([e.startCustomers, e.endCustomers]);
      const lost = e.contraction + e.churned;
      close(
        r.nrr,
        e.start > 0 ? (e.start + e.expansion - e.contraction - e.churned) / e.start : null,
        `${at} nrr`,
      );
      close(r.grr, e.start > 0 ? (e.start - e.contraction - e.churned) / e.start : null, `${at} grr`);
      close(r.quick_ratio, lost > 0 ? (e.new + e.reactivation + e.expansion) / lost : null, `${at} quick`);
      close(r.logo_churn, e.startCustomers > 0 ? e.churnedCustomers / e.startCustomers : null, `${at} logo`);
      close(r.revenue_churn, e.start > 0 ? lost / e.start : null, `${at} revenue churn`);
      close(r.arpa, e.endCustomers > 0 ? e.end / e.endCustomers : null, `${at} arpa`);
      close(r.nrr_12m, e.nrr12, `${at} nrr 12m`);
      close(r.grr_12m, e.grr12, `${at} grr 12m`);
    });
  });

  it('reconciles every month: start + movements = end, and each start is the previous end', () => {
    expect(rows.length).toBeGreaterThan(30);
    rows.forEach((r, i) => {
      const sum =
        Number(r.start_mrr) +
        Number(r.new_mrr) +
        Number(r.reactivation_mrr) +
        Number(r.expansion_mrr) -
        Number(r.contraction_mrr) -
        Number(r.churned_mrr) +
        Number(r.fx_mrr);
      close(sum, Number(r.end_mrr), `${isoDate(r.month)} reconciliation`);
      close(r.difference, 0, `${isoDate(r.month)} difference`);
      if (i > 0) close(r.start_mrr, Number(rows[i - 1].end_mrr), `${isoDate(r.month)} start = last end`);
    });
  });
});
