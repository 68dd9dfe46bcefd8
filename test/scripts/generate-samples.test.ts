// The sample generator is deterministic (tests and the benchmark rely on it) and its data behave the way
// sample-data/README.md says. The checks are computed here from the rows and files, independently of the
// generator's code.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdnowCsv, csvField, generate, orderLines, rng, saasRows } from '../../scripts/generate-samples.mjs';

type Row = Record<string, string | number>;
const take = <T>(rows: Iterable<T>, n: number) => {
  const out: T[] = [];
  for (const row of rows) {
    if (out.length === n) break;
    out.push(row);
  }
  return out;
};
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const tempDir = () => mkdtempSync(join(tmpdir(), 'tenure-samples-'));
const FILES = ['orders.csv', 'subscriptions.csv', 'nps.csv', 'cancellations.csv', 'cdnow.csv'];

/** A small RFC 4180 reader (quoted fields may hold commas, quotes and line breaks); records as arrays. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n') {
      endField();
      records.push(record);
      record = [];
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length) {
    endField();
    records.push(record);
  }
  return records;
}
const readTable = (file: string) => {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  expect(rows.filter((r) => r.length !== header.length).slice(0, 3), `${file}: ragged records`).toEqual([]);
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
};
const SCORE = 'How likely are you to recommend Acme Analytics to a friend or colleague?';
const COMMENT = 'What is the main reason for your score?';
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

describe('generate-samples: determinism', () => {
  it('gives the same rows for a seed and different rows for another seed', () => {
    const a = JSON.stringify(take(orderLines({ seed: 7, orders: 500 }), 300));
    const b = JSON.stringify(take(orderLines({ seed: 7, orders: 500 }), 300));
    const c = JSON.stringify(take(orderLines({ seed: 8, orders: 500 }), 300));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const s7 = JSON.stringify(take(saasRows({ seed: 7, customers: 50 }), 100));
    expect(JSON.stringify(take(saasRows({ seed: 7, customers: 50 }), 100))).toBe(s7);
    expect(JSON.stringify(take(saasRows({ seed: 8, customers: 50 }), 100))).not.toBe(s7);
    const first = (seed: number) => {
      const r = rng(seed);
      return Array.from({ length: 5 }, () => r.uniform());
    };
    expect(first(1)).toEqual(first(1));
    expect(first(1)).not.toEqual(first(2));
  });

  it('writes byte-identical files for a seed, different ones for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    try {
      await generate({ out: a, seed: 7, orders: 2_000 });
      await generate({ out: b, seed: 7, orders: 2_000 });
      await generate({ out: c, seed: 8, orders: 2_000 });
      for (const file of FILES) {
        const hash = sha(readFileSync(join(a, file)));
        expect(sha(readFileSync(join(b, file))), file).toBe(hash);
        if (file !== 'cdnow.csv') expect(sha(readFileSync(join(c, file))), file).not.toBe(hash);
      }
      // --only writes just that file, identical to the full run's
      const d = tempDir();
      const report = await generate({ out: d, seed: 7, orders: 2_000, only: 'nps' });
      expect(report.map((r) => r.file)).toEqual([join(d, 'nps.csv')]);
      expect(readFileSync(join(d, 'nps.csv'), 'utf8')).toBe(readFileSync(join(a, 'nps.csv'), 'utf8'));
      rmSync(d, { recursive: true });
    } finally {
      for (const dir of [a, b, c]) rmSync(dir, { recursive: true });
    }
  });

  it('regenerates the committed sample files byte for byte', async () => {
    const out = tempDir();
    try {
      const report = await generate({ out });
      for (const file of FILES) {
        expect(sha(readFileSync(join(out, file))), file).toBe(sha(readFileSync(join('sample-data', file))));
      }
      const orders = report.find((r) => r.file.endsWith('orders.csv'));
      expect(orders?.bytes).toBeLessThan(8_000_000);
    } finally {
      rmSync(out, { recursive: true });
    }
  });
});

describe('generate-samples: CSV files', () => {
  it('quotes fields the RFC 4180 way', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('writes the committed files with \\n line endings, a header and a constant number of fields', () => {
    const headers: Record<string, string> = {
      'orders.csv':
        'order_id,customer_id,ordered_at,product,category,quantity,unit_price,unit_cost,country,channel,status',
      'subscriptions.csv':
        'subscription_id,customer_id,plan,started_at,ended_at,amount,billing_interval,currency,cancellation_reason,company_size,region',
      // as Typeform exports a survey: the questions as headers, the submit time in UTC
      'nps.csv':
        '#,customer_id,How likely are you to recommend Acme Analytics to a friend or colleague?,What is the main reason for your score?,plan,region,Submit Date (UTC)',
      'cancellations.csv':
        'flow_id,customer_id,requested_at,reason,comment,offer_shown,offer_accepted,outcome,plan,region',
      'cdnow.csv': 'customer_id,sample_id,date,cds,amount',
    };
    for (const file of FILES) {
      const text = readFileSync(join('sample-data', file), 'utf8');
      expect(text.includes('\r'), file).toBe(false);
      expect(text.endsWith('\n'), file).toBe(true);
      expect(text.slice(0, text.indexOf('\n')), file).toBe(headers[file]);
      readTable(join('sample-data', file)); // every record has as many fields as the header
    }
    const comments = readTable('sample-data/nps.csv').rows.map((r) => r[COMMENT]);
    expect(comments.some((c) => c.includes(','))).toBe(true);
    expect(comments.some((c) => c.includes('"'))).toBe(true);
    expect(comments.some((c) => /[\u4e00-\u9fff]/.test(c))).toBe(true);
    expect(comments.some((c) => c === '')).toBe(true);
  });
});

describe('generate-samples: orders', () => {
  it('look like an e-commerce export with cohorts that decay', () => {
    const lines = [...orderLines({ seed: 42, orders: 20_000 })] as Row[];
    const orders = new Map<string, Row>();
    const statuses = new Map<string, Set<string>>();
    for (const l of lines) {
      orders.set(String(l.order_id), l);
      const set = statuses.get(String(l.order_id)) ?? new Set<string>();
      set.add(String(l.status));
      statuses.set(String(l.order_id), set);
    }
    expect(orders.size).toBeGreaterThan(17_000);
    expect(orders.size).toBeLessThan(23_000);
    // 1 to 4 lines per order; a refund is the whole order
    const perOrder = new Map<string, number>();
    for (const l of lines) perOrder.set(String(l.order_id), (perOrder.get(String(l.order_id)) ?? 0) + 1);
    expect(Math.max(...perOrder.values())).toBeLessThanOrEqual(4);
    expect([...statuses.values()].every((s) => s.size === 1)).toBe(true);
    const refunded = [...orders.values()].filter((o) => o.status === 'refunded').length / orders.size;
    expect(refunded).toBeGreaterThan(0.02);
    expect(refunded).toBeLessThan(0.06);
    expect(
      lines.every(
        (l) =>
          Number.isInteger(Number(l.quantity)) &&
          Number(l.quantity) >= 1 &&
          Number(l.unit_price) > 0 &&
          Number(l.unit_cost) > 0 &&
          /^\d+\.\d\d$/.test(String(l.unit_price)) &&
          (l.status === 'completed' || l.status === 'refunded'),
      ),
    ).toBe(true);
    expect(
      lines.every(
        (l) =>
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(l.ordered_at)) &&
          !Number.isNaN(Date.parse(String(l.ordered_at).replace(' ', 'T') + 'Z')) &&
          String(l.ordered_at) >= '2023-01-01 00:00:00' &&
          String(l.ordered_at) <= '2024-12-31 23:59:59',
      ),
    ).toBe(true);
    expect(new Set(lines.map((l) => l.country))).toEqual(new Set(['US', 'CN', 'DE', 'GB', 'JP', 'FR', 'BR']));
    expect(new Set(lines.map((l) => l.channel))).toEqual(new Set(['web', 'app', 'marketplace']));
    // Retention of 2023's first-time customers: share with an order k calendar months after their first.
    const months = new Map<string, Set<number>>();
    for (const o of orders.values()) {
      const set = months.get(String(o.customer_id)) ?? new Set<number>();
      set.add(monthIndex(String(o.ordered_at)));
      months.set(String(o.customer_id), set);
    }
    const cohort = [...months.values()]
      .map((m) => ({ first: Math.min(...m), m }))
      .filter((c) => c.first < 2024 * 12);
    const retention = (k: number) => cohort.filter((c) => c.m.has(c.first + k)).length / cohort.length;
    expect(retention(1)).toBeGreaterThan(0.1);
    expect(retention(1)).toBeLessThan(0.4);
    expect(retention(12)).toBeGreaterThan(0.03);
    expect(retention(12)).toBeLessThan(retention(6));
    expect(retention(6)).toBeLessThan(retention(1));
    // November and December are the busiest months; weekends are busier than weekdays.
    const byMonth = new Array(12).fill(0);
    const byWeekday = new Array(7).fill(0);
    for (const o of orders.values()) {
      const at = String(o.ordered_at);
      byMonth[Number(at.slice(5, 7)) - 1]++;
      byWeekday[new Date(at.slice(0, 10) + 'T00:00:00Z').getUTCDay()]++;
    }
    expect(Math.min(byMonth[10], byMonth[11])).toBeGreaterThan(Math.max(...byMonth.slice(0, 10)));
    expect(Math.min(byWeekday[0], byWeekday[6])).toBeGreaterThan(Math.max(...byWeekday.slice(1, 6)));
  });
});

describe('generate-samples: subscriptions and NPS', () => {
  const { rows: subs } = readTable('sample-data/subscriptions.csv');
  const { rows: answers } = readTable('sample-data/nps.csv');
  // the Typeform headers, read under plain names
  const nps = answers.map((r) => ({
    customer_id: r.customer_id,
    score: r[SCORE],
    comment: r[COMMENT],
    answered_at: r['Submit Date (UTC)'].slice(0, 10),
    plan: r.plan,
  }));
  const { rows: flows } = readTable('sample-data/cancellations.csv');
  const REASONS = [
    'Too expensive',
    'Missing features',
    'Switched to competitor',
    'No longer needed',
    'Poor support',
    'Technical issues',
    'Business closed',
  ];

  it('have one row per segment: plan changes the same day, cancellations with reasons, reactivations', () => {
    const byCustomer = new Map<string, Record<string, string>[]>();
    for (const s of subs) byCustomer.set(s.customer_id, [...(byCustomer.get(s.customer_id) ?? []), s]);
    expect(byCustomer.size).toBe(3000);
    expect(new Set(subs.map((s) => s.subscription_id)).size).toBe(subs.length);
    let handoffs = 0;
    let planChanges = 0;
    let reactivations = 0;
    for (const rows of byCustomer.values()) {
      rows.sort((x, y) => x.started_at.localeCompare(y.started_at));
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        expect(r.started_at >= '2022-01-01' && r.started_at <= '2024-12-31').toBe(true);
        if (r.ended_at !== '') expect(r.ended_at > r.started_at && r.ended_at <= '2024-12-31').toBe(true);
        if (r.cancellation_reason !== '') {
          expect(REASONS).toContain(r.cancellation_reason);
          expect(r.ended_at).not.toBe('');
        }
        const next = rows[i + 1];
        if (!next) continue;
        expect(r.ended_at, 'only the last row may be open').not.toBe('');
        expect(next.started_at >= r.ended_at, 'rows do not overlap').toBe(true);
        if (next.started_at === r.ended_at) {
          handoffs++;
          expect(r.cancellation_reason, 'a change is not a cancellation').toBe('');
          if (next.plan !== r.plan) planChanges++;
        } else {
          expect(r.cancellation_reason, 'a gap follows a cancellation').not.toBe('');
          reactivations++;
        }
      }
    }
    expect(planChanges).toBeGreaterThan(100);
    expect(handoffs).toBeGreaterThan(planChanges);
    expect(reactivations).toBeGreaterThan(20);
    const cancelled = subs.filter((s) => s.cancellation_reason !== '');
    expect(cancelled.length).toBeGreaterThan(300);
    expect(new Set(cancelled.map((s) => s.cancellation_reason))).toEqual(new Set(REASONS));
    expect(new Set(subs.map((s) => s.plan))).toEqual(new Set(['Starter', 'Growth', 'Pro', 'Enterprise']));
    expect(new Set(subs.map((s) => s.billing_interval))).toEqual(new Set(['month', 'quarter', 'year']));
    expect(subs.every((s) => /^\d+\.\d\d$/.test(s.amount))).toBe(true);
    // a paused subscription is a row at zero, after a pause accepted in a cancel flow
    const zero = subs.filter((s) => Number(s.amount) === 0);
    expect(zero.length).toBeGreaterThan(20);
    for (const z of zero) {
      const pause = flows.find(
        (f) => f.customer_id === z.customer_id && f.outcome === 'paused' && f.requested_at <= z.started_at,
      );
      expect(pause, `${z.subscription_id} at zero follows a pause`).toBeDefined();
    }
    // the amount is the bill of the interval: a year of Starter at 49 a seat is a multiple of 12 x 49
    const yearlyStarter = subs.filter(
      (s) => s.plan === 'Starter' && s.billing_interval === 'year' && s.currency === 'USD',
    );
    expect(yearlyStarter.length).toBeGreaterThan(10);
    expect(
      yearlyStarter.every(
        (s) =>
          Math.round(Number(s.amount) * 100) % (12 * 49 * 20) === 0 ||
          Math.round(Number(s.amount) * 100) % (12 * 4900) === 0,
      ),
    ).toBe(true);
    // Europe pays in euros, everyone else in dollars
    expect(subs.every((s) => s.currency === (s.region === 'Europe' ? 'EUR' : 'USD'))).toBe(true);
  });

  it('link NPS answers to subscribed customers, and detractors churn more than promoters', () => {
    expect(nps.length).toBeGreaterThan(3_000);
    expect(nps.length).toBeLessThan(5_000);
    const customers = new Set(subs.map((s) => s.customer_id));
    expect(nps.every((r) => customers.has(r.customer_id))).toBe(true);
    expect(nps.every((r) => /^(10|[0-9])$/.test(r.score))).toBe(true);
    expect(nps.every((r) => r.answered_at >= '2022-01-01' && r.answered_at <= '2024-12-31')).toBe(true);
    // an answer falls inside one of the customer's subscription rows, on that row's plan
    const rowsOf = new Map<string, Record<string, string>[]>();
    for (const s of subs) rowsOf.set(s.customer_id, [...(rowsOf.get(s.customer_id) ?? []), s]);
    for (const r of nps) {
      const during = rowsOf
        .get(r.customer_id)!
        .filter((s) => s.started_at <= r.answered_at && (s.ended_at === '' || r.answered_at <= s.ended_at));
      expect(
        during.map((s) => s.plan),
        JSON.stringify(r),
      ).toContain(r.plan);
    }
    // churn after the answer, by the answer's group
    const churnedAfter = (r: Record<string, string>) =>
      rowsOf.get(r.customer_id)!.some((s) => s.cancellation_reason !== '' && s.ended_at >= r.answered_at);
    const rate = (pred: (score: number) => boolean) => {
      const group = nps.filter((r) => pred(Number(r.score)));
      return group.filter(churnedAfter).length / group.length;
    };
    expect(rate((s) => s <= 6)).toBeGreaterThan(1.5 * rate((s) => s >= 9));
  });
});

describe('generate-samples: cancellation flows', () => {
  const { rows: subs } = readTable('sample-data/subscriptions.csv');
  const { rows: flows } = readTable('sample-data/cancellations.csv');

  it('have offers, answers in English and Chinese, and outcomes that match the subscriptions', () => {
    expect(flows.length).toBeGreaterThan(500);
    const customers = new Set(subs.map((s) => s.customer_id));
    expect(flows.every((f) => customers.has(f.customer_id))).toBe(true);
    const offered = flows.filter((f) => f.offer_shown !== '');
    expect(offered.length / flows.length).toBeGreaterThan(0.6);
    expect(offered.length / flows.length).toBeLessThan(0.8);
    for (const word of ['Pause', 'discount', 'Downgrade'])
      expect(
        offered.some((f) => f.offer_shown.includes(word)),
        word,
      ).toBe(true);
    expect(
      flows
        .filter((f) => f.offer_shown === '')
        .every((f) => f.offer_accepted === '' && f.outcome === 'cancelled'),
    ).toBe(true);
    expect(flows.filter((f) => f.offer_accepted === 'no').every((f) => f.outcome === 'cancelled')).toBe(true);
    expect(new Set(flows.filter((f) => f.offer_accepted === 'yes').map((f) => f.outcome))).toEqual(
      new Set(['paused', 'discounted', 'downgraded']),
    );
    // a cancelled flow ends the customer's subscription with the same reason (or "Other" written)
    for (const f of flows.filter((x) => x.outcome === 'cancelled').slice(0, 200)) {
      const ended = subs.find(
        (s) =>
          s.customer_id === f.customer_id && s.cancellation_reason !== '' && s.ended_at >= f.requested_at,
      );
      expect(ended, f.flow_id).toBeDefined();
      if (f.reason !== 'Other') expect(ended!.cancellation_reason).toBe(f.reason);
    }
    const comments = flows.map((f) => f.comment);
    expect(comments.some((c) => /[\u4e00-\u9fff]/.test(c))).toBe(true);
    expect(comments.some((c) => /^[A-Za-z]/.test(c))).toBe(true);
    expect(comments.some((c) => c === '')).toBe(true);
    expect(flows.some((f) => f.reason === 'Other')).toBe(true);
  });
});

describe('generate-samples: CDNOW', () => {
  const source = readFileSync(new URL('../../sample-data/source/CDNOW_sample.txt', import.meta.url));

  it('converts the real CDNOW sample without changing a value', () => {
    expect(sha(source)).toBe('6fae10155c0b0ba363c2c386e30f77990d22328220efd862a5edd1443420d94a');
    const csv = cdnowCsv();
    expect(readFileSync('sample-data/cdnow.csv', 'utf8')).toBe(csv);
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe('customer_id,sample_id,date,cds,amount');
    expect(rows.length).toBe(6919);
    expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(2357);
    expect(rows.slice(0, 3)).toEqual([
      '00004,0001,1997-01-01,2,29.33',
      '00004,0001,1997-01-18,2,29.73',
      '00004,0001,1997-08-02,1,14.96',
    ]);
    // every row equals its source line, field by field, as text
    const lines = source.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines.length).toBe(6919);
    lines.forEach((line, i) => {
      const [id, sample, date, cds, amount] = line.trim().split(/\s+/);
      const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
      expect(rows[i]).toBe([id, sample, iso, cds, amount].join(','));
    });
  });
});
