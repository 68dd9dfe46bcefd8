// Guessing a mapping from names and values, and saying why: prefixes and suffixes exports add, email as the
// customer when there is no id, no empty column, no id-like segment, money text as an amount, the day order
// of dates, refund/cancel/test statuses left out, and which kind of data a table holds.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/engine/api';
import { guess, guessKind, isExclusionValue, looksLikeAmounts, normalizeName } from '../../src/data/guess';
import { profileSql, readProfile, type TableProfile } from '../../src/data/profile';
import type { EngineSession } from '../../src/engine/session';
import { loadCsv } from '../../src/data/load';
import { registerText, startEngine } from '../helpers/engine';

/** A profile written by hand: column name -> [type, samples, filled?, distinct?]. */
function profile(spec: Record<string, [string, string[], number?, number?]>): {
  columns: ColumnInfo[];
  profile: TableProfile;
} {
  const columns = Object.entries(spec).map(([name, [type]]) => ({ name, type }));
  return {
    columns,
    profile: {
      table: 't',
      rows: 100,
      columns: Object.entries(spec).map(
        ([name, [type, samples, filled = 100, distinct = samples.length]]) => ({
          name,
          type,
          samples,
          filled,
          distinct,
        }),
      ),
    },
  };
}

describe('names', () => {
  it('reads past the brackets and prefixes exports add', () => {
    expect(normalizeName('Submit Date (UTC)')).toBe('Submit Date');
    expect(normalizeName('subscription.created')).toBe('created');
    expect(normalizeName('Amount (Billing)')).toBe('Amount');
    expect(normalizeName('Total [USD]')).toBe('Total');
    expect(normalizeName('下单时间（北京时间）')).toBe('下单时间');
  });
});

describe('guess', () => {
  it('takes an email as the customer when there is no id, and explains each role', () => {
    const { columns, profile: p } = profile({
      'Buyer E-mail': ['VARCHAR', ['a@x.com', 'b@y.org']],
      'Paid at': ['VARCHAR', ['2024-03-05 14:22:10 -0500']],
      Total: ['VARCHAR', ['$1,234.50', '$12.00']],
    });
    const g = guess('orders', 't', columns, p);
    expect(g.mapping.roles).toEqual({ customerId: 'Buyer E-mail', orderedAt: 'Paid at', amount: 'Total' });
    expect(g.why.customerId).toEqual({ code: 'email', values: { column: 'Buyer E-mail' } });
    expect(g.why.orderedAt.code).toBe('name');
    expect(g.mapping.readAs).toMatchObject({
      orderedAt: { kind: 'date', order: 'ymd' },
      amount: { kind: 'number', decimal: '.', minorUnits: false },
    });
  });

  it('leaves empty columns out, never proposes an id-like segment, and pre-ticks refunds', () => {
    const { columns, profile: p } = profile({
      customer_id: ['VARCHAR', ['C1', 'C2']],
      order_date: ['VARCHAR', ['13/01/2024', '02/02/2024']],
      amount: ['VARCHAR', ['1.234,50', '12,00']],
      region: ['VARCHAR', ['North', 'South'], 100, 2],
      store_code: ['VARCHAR', ['S1', 'S2'], 100, 90],
      channel: ['VARCHAR', [], 0, 0],
      Status: ['VARCHAR', ['Paid', 'REFUNDED', 'voided', 'Test order', '已退款', 'pending']],
    });
    const g = guess('orders', 't', columns, p);
    expect(g.mapping.segments).toEqual(['region']);
    expect(g.mapping.filter).toEqual({
      column: 'Status',
      exclude: ['REFUNDED', 'voided', 'Test order', '已退款'],
    });
    expect(g.mapping.readAs).toMatchObject({
      orderedAt: { kind: 'date', order: 'dmy' },
      amount: { kind: 'number', decimal: ',' },
    });
    expect(g.reading.orderedAt.why).toBe('dayFirst');
    expect(g.ambiguous).toEqual([]);
  });

  it('says when the day order cannot be told from the values', () => {
    const { columns, profile: p } = profile({
      customer: ['VARCHAR', ['A']],
      date: ['VARCHAR', ['05/03/2024', '06/03/2024']],
    });
    expect(guess('orders', 't', columns, p).ambiguous).toEqual(['orderedAt']);
  });

  it('recognises status values to leave out in five languages, whatever their case', () => {
    for (const v of [
      'Refunded',
      'CANCELLED',
      'void',
      'Payment failed',
      'test',
      '退款',
      '已取消',
      'Erstattet',
      'Storniert',
      'Remboursé',
      'Annulée',
      'Reembolsado',
      'Cancelado',
    ])
      expect(isExclusionValue(v), v).toBe(true);
    for (const v of ['paid', 'Completed', 'pending', '已完成', 'Bezahlt', 'Payé', 'Pagado'])
      expect(isExclusionValue(v), v).toBe(false);
    // a cancelled subscription is the churn being measured: only refunds, failures and tests are left out
    for (const v of ['canceled', 'Cancelled', '已取消', 'Storniert'])
      expect(isExclusionValue(v, 'subscriptions'), v).toBe(false);
    for (const v of ['refunded', 'Payment failed', 'test'])
      expect(isExclusionValue(v, 'subscriptions'), v).toBe(true);
  });

  it('takes money text only when every sampled value reads as an amount', () => {
    expect(looksLikeAmounts(['$1,234.50', '(12.00)', '€ 7', '1.234,50 €', 'USD 12'])).toBe(true);
    expect(looksLikeAmounts(['12', 'abc'])).toBe(false);
    expect(looksLikeAmounts([])).toBe(false);
  });
});

describe('the kind of data a table holds', () => {
  it.each([
    [
      'an Online Retail export',
      'InvoiceNo:VARCHAR,StockCode:VARCHAR,Quantity:BIGINT,InvoiceDate:TIMESTAMP,UnitPrice:DOUBLE,CustomerID:BIGINT,Country:VARCHAR',
      'orders',
    ],
    [
      'a Stripe-like subscriptions export',
      'id:VARCHAR,customer_id:VARCHAR,plan:VARCHAR,started_at:DATE,ended_at:DATE,mrr:DOUBLE,cancellation_reason:VARCHAR',
      'subscriptions',
    ],
    [
      'a Telco churn snapshot',
      'customerID:VARCHAR,gender:VARCHAR,tenure:BIGINT,Contract:VARCHAR,MonthlyCharges:DOUBLE,Churn:VARCHAR',
      'customers',
    ],
  ])('%s', (_, spec, kind) => {
    const columns = spec.split(',').map((p) => {
      const [name, type] = p.split(':');
      return { name, type };
    });
    expect(guessKind(columns).kind).toBe(kind);
  });

  it('knows survey answers by their 0-10 scores', () => {
    const { columns, profile: p } = profile({
      'Respondent ID': ['VARCHAR', ['r1', 'r2']],
      'Submit Date (UTC)': ['VARCHAR', ['2024-01-05 10:00:00']],
      'How likely are you to recommend us to a friend?': ['BIGINT', ['10', '7', '3']],
      'What is the main reason for your score?': ['VARCHAR', ['Great app', 'Too slow']],
    });
    expect(guessKind(columns, p).kind).toBe('survey');
  });
});

describe('profiles on the real engine', () => {
  let engine: EngineSession;
  beforeAll(async () => {
    engine = await startEngine();
  });

  it('counts values, distinct values and samples them, empty text not counted', async () => {
    const csv = 'id,day,note,empty\n1,13/01/2024,a,\n2,14/01/2024, ,\n3,15/01/2024,b,\n';
    const outcome = await loadCsv(engine, registerText(engine, 'p.csv', csv), 'p', {});
    if (!outcome.ok) throw new Error(outcome.code);
    const columns = outcome.table.columns;
    const [row] = engine.queryRows(profileSql('p', columns));
    const p = readProfile('p', columns, row);
    expect(p.rows).toBe(3);
    const byName = Object.fromEntries(p.columns.map((c) => [c.name, c]));
    expect(byName.note).toMatchObject({ filled: 2, distinct: 2 });
    expect(byName.note.samples.sort()).toEqual(['a', 'b']);
    expect(byName.empty.filled).toBe(0);
    // the engine's sniffer read the day-first dates itself: typed, they need no reading
    expect(byName.day).toMatchObject({ type: 'DATE', filled: 3 });
    expect(byName.day.samples).toContain('2024-01-13');
    expect(guess('orders', 'p', columns, p).reading.orderedAt).toMatchObject({ why: 'typed' });
  });
});
