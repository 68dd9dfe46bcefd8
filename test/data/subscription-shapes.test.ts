// The two shapes of subscriptions export Tenure accepts (one row per subscription with an MRR or an amount
// and its billing interval; one row per invoice or billing period), read into monthly MRR on the real
// engine: yearly and quarterly amounts spread over their months, minor units by the currency's decimals,
// invoice periods as coverage, and the mappings it refuses, with why.
import { beforeAll, describe, expect, it } from 'vitest';
import { guessMapping, mappingProblems } from '../../src/data/mapping';
import { mapSource } from '../../src/data/map-ops';
import type { Mapping, SourceKind } from '../../src/data/sources';
import type { ColumnInfo } from '../../src/engine/api';
import type { EngineSession } from '../../src/engine/session';
import { startEngine } from '../helpers/engine';
import { mapFixture } from '../helpers/analysis';

const cols = (spec: string): ColumnInfo[] =>
  spec.split(',').map((pair) => {
    const [name, type] = pair.split(':');
    return { name, type };
  });

type Row = Record<string, unknown>;
let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

const read = () =>
  engine
    .queryRows<Row>(
      `SELECT customer_id, strftime(started_at, '%Y-%m-%d') AS started, strftime(ended_at, '%Y-%m-%d') AS ended,
         round(mrr, 4) AS mrr, currency, billing_months, billing_period
       FROM subscriptions ORDER BY customer_id, started_at`,
    )
    .map((r): Row => ({ ...r, billing_months: r.billing_months == null ? null : Number(r.billing_months) }));

describe('one row per subscription, with an amount and a billing interval', () => {
  it('spreads yearly and quarterly amounts to monthly MRR and keeps unknown intervals without MRR', async () => {
    // A: 1,200 a year -> 100 a month; B: 90 a quarter -> 30; C: "3 months" of 60 -> 20; D: 月付 49 -> 49;
    // E: 2 x month of 50 (Stripe's interval and interval_count) -> 25; F: "fortnight" is not read: no MRR
    const csv = `customer,start,end,amount,interval,count,currency
A,2024-01-15,,1200,year,,usd
B,2024-02-01,2024-08-01,90,quarterly,,EUR
C,2024-03-01,,60,3 months,,EUR
D,2024-03-01,,49,月付,,CNY
E,2024-03-01,,50,month,2,USD
F,2024-03-01,,10,fortnight,,USD
`;
    await mapFixture(engine, csv, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      periodAmount: 'amount',
      interval: 'interval',
      intervalCount: 'count',
      currency: 'currency',
      segments: [],
    });
    expect(read()).toEqual([
      {
        customer_id: 'A',
        started: '2024-01-15',
        ended: null,
        mrr: 100,
        currency: 'USD',
        billing_months: 12,
        billing_period: false,
      },
      {
        customer_id: 'B',
        started: '2024-02-01',
        ended: '2024-08-01',
        mrr: 30,
        currency: 'EUR',
        billing_months: 3,
        billing_period: false,
      },
      {
        customer_id: 'C',
        started: '2024-03-01',
        ended: null,
        mrr: 20,
        currency: 'EUR',
        billing_months: 3,
        billing_period: false,
      },
      {
        customer_id: 'D',
        started: '2024-03-01',
        ended: null,
        mrr: 49,
        currency: 'CNY',
        billing_months: 1,
        billing_period: false,
      },
      {
        customer_id: 'E',
        started: '2024-03-01',
        ended: null,
        mrr: 25,
        currency: 'USD',
        billing_months: 2,
        billing_period: false,
      },
      {
        customer_id: 'F',
        started: '2024-03-01',
        ended: null,
        mrr: null,
        currency: 'USD',
        billing_months: null,
        billing_period: false,
      },
    ]);
  });

  it('reads amounts in minor units by the currency: cents, whole yen, thousandths of a dinar', async () => {
    const csv = `customer,start,amount_cents,interval,currency
A,2024-01-01,4900,month,USD
B,2024-01-01,120000,year,JPY
C,2024-01-01,12000,year,KWD
`;
    await mapFixture(engine, csv, {
      kind: 'subscriptions',
      table: 'cents',
      customerId: 'customer',
      startedAt: 'start',
      periodAmount: 'amount_cents',
      interval: 'interval',
      currency: 'currency',
      segments: [],
    });
    const mapping: Mapping<SourceKind> = {
      kind: 'subscriptions',
      table: 'cents',
      roles: {
        customerId: 'customer',
        startedAt: 'start',
        periodAmount: 'amount_cents',
        interval: 'interval',
        currency: 'currency',
      },
      segments: [],
      readAs: { periodAmount: { kind: 'number', decimal: '.', minorUnits: true } },
    };
    await mapSource(engine, mapping, engine.describe('cents'));
    // 4900 cents = 49.00 a month; 120000 yen a year = 10000 a month; 12000 fils = 12 KWD a year = 1 a month
    expect(read().map((r) => [r.customer_id, r.mrr])).toEqual([
      ['A', 49],
      ['B', 10000],
      ['C', 1],
    ]);
  });
});

describe('one row per invoice or billing period', () => {
  it('covers each period only, spreads its amount over its months, and fills a missing end from the interval', async () => {
    // A: monthly invoices Jan 10 - Feb 10 - Mar 10, then nothing: covered to Mar 10, MRR 30
    // B: one yearly invoice 2024-01-01 - 2025-01-01 of 1,200 -> 12 months, MRR 100
    // C: a quarterly invoice with no period end but an interval: covers Feb 1 - May 1, 300 -> 100
    // D: a 14-day period (a trial paid pro rata) of 14: 14 / (14 / 30.4375) = 30.4375 a month
    const csv = `invoice_id,customer,period_start,period_end,amount,interval
i1,A,2024-01-10,2024-02-10,30,month
i2,A,2024-02-10,2024-03-10,30,month
i3,B,2024-01-01,2025-01-01,1200,
i4,C,2024-02-01,,300,quarter
i5,D,2024-01-01,2024-01-15,14,
`;
    const report = await mapFixture(engine, csv, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'period_start',
      endedAt: 'period_end',
      periodAmount: 'amount',
      interval: 'interval',
      invoiceId: 'invoice_id',
      segments: [],
    });
    expect(report.rowsKept).toBe(5);
    expect(read()).toEqual([
      {
        customer_id: 'A',
        started: '2024-01-10',
        ended: '2024-02-10',
        mrr: 30,
        currency: null,
        billing_months: 1,
        billing_period: true,
      },
      {
        customer_id: 'A',
        started: '2024-02-10',
        ended: '2024-03-10',
        mrr: 30,
        currency: null,
        billing_months: 1,
        billing_period: true,
      },
      {
        customer_id: 'B',
        started: '2024-01-01',
        ended: '2025-01-01',
        mrr: 100,
        currency: null,
        billing_months: 12,
        billing_period: true,
      },
      {
        customer_id: 'C',
        started: '2024-02-01',
        ended: '2024-05-01',
        mrr: 100,
        currency: null,
        billing_months: 3,
        billing_period: true,
      },
      {
        customer_id: 'D',
        started: '2024-01-01',
        ended: '2024-01-15',
        mrr: 30.4375,
        currency: null,
        billing_months: 14 / 30.4375,
        billing_period: true,
      },
    ]);
  });
});

describe('which mappings are accepted', () => {
  const columns = cols(
    'customer:VARCHAR,start:DATE,end:DATE,mrr:DOUBLE,amount:DOUBLE,interval:VARCHAR,invoice:VARCHAR',
  );
  const problems = (roles: Record<string, string>) =>
    mappingProblems(
      {
        kind: 'subscriptions',
        table: 't',
        roles: { customerId: 'customer', startedAt: 'start', ...roles },
        segments: [],
      },
      columns,
    ).map((p) => [p.code, p.role]);

  it('takes an MRR; an amount with its interval; invoice rows with their period end or interval', () => {
    expect(problems({ mrr: 'mrr' })).toEqual([]);
    expect(problems({ periodAmount: 'amount', interval: 'interval' })).toEqual([]);
    expect(problems({ periodAmount: 'amount', invoiceId: 'invoice', endedAt: 'end' })).toEqual([]);
    expect(problems({ periodAmount: 'amount', invoiceId: 'invoice', interval: 'interval' })).toEqual([]);
  });

  it('refuses an amount whose period length is unknown, and two money columns at once', () => {
    expect(problems({ periodAmount: 'amount' })).toEqual([['needInterval', 'interval']]);
    expect(problems({ periodAmount: 'amount', endedAt: 'end' })).toEqual([['needInterval', 'interval']]);
    expect(problems({ mrr: 'mrr', periodAmount: 'amount', interval: 'interval' })).toEqual([
      ['oneAmount', 'periodAmount'],
    ]);
  });

  it('guesses an amount with a billing interval, an invoice export, and an amount alone as MRR', () => {
    expect(
      guessMapping(
        'subscriptions',
        's',
        cols(
          'customer_id:VARCHAR,started_at:DATE,ended_at:DATE,amount:DOUBLE,billing_interval:VARCHAR,currency:VARCHAR',
        ),
      ).roles,
    ).toMatchObject({ periodAmount: 'amount', interval: 'billing_interval', currency: 'currency' });
    expect(
      guessMapping(
        'subscriptions',
        'i',
        cols(
          'invoice_id:VARCHAR,customer_id:VARCHAR,Period Start (UTC):TIMESTAMP,Period End (UTC):TIMESTAMP,Amount Paid:DOUBLE,Currency:VARCHAR',
        ),
      ).roles,
    ).toEqual({
      customerId: 'customer_id',
      startedAt: 'Period Start (UTC)',
      endedAt: 'Period End (UTC)',
      periodAmount: 'Amount Paid',
      currency: 'Currency',
      invoiceId: 'invoice_id',
    });
    expect(
      guessMapping('subscriptions', 'a', cols('customer_id:VARCHAR,started_at:DATE,amount:DOUBLE')).roles,
    ).toEqual({
      customerId: 'customer_id',
      startedAt: 'started_at',
      mrr: 'amount',
    });
  });
});
