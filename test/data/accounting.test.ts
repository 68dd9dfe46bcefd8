// The accounting of a mapping on the real engine: every row of the user's table is kept or left out for a
// reason, the reasons add up to the rows in, and the warnings fire where a result would mislead. Counts
// are worked out by hand from the fixtures.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileLoader, startEngine } from '../helpers/engine';
import { mapSource, type MappingReport } from '../../src/data/map-ops';
import type { Mapping, SourceKind } from '../../src/data/sources';
import type { EngineSession } from '../../src/engine/session';

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

async function mapText(table: string, csv: string, mapping: Omit<Mapping<SourceKind>, 'table'>) {
  const loaded = await fileLoader(engine).load(`${table}.csv`, csv, { table });
  if (!loaded.ok) throw new Error(loaded.code);
  return mapSource(engine, { ...mapping, table }, engine.describe(table));
}

const dropped = (report: MappingReport) =>
  Object.fromEntries(report.dropped.map((d) => [d.reason, [d.rows, d.entities]]));
const warned = (report: MappingReport) => report.warnings.map((w) => w.code);

// Line items grouped by order id; status and date on an order's first line only (as Shopify writes them).
//   1001 A: two lines, 10 + 5                       kept
//   1002 B: refunded, two lines                     excluded: 2 rows, 1 order
//   (no id) C                                       noKey: 1 row
//   1003: no customer                               noCustomer: 1 row, 1 order
//   1004 D: "not a date"                            badDate: 1 row, 1 order
//   1005 E: no date                                 noDate: 1 row, 1 order
//   1006 F: one line, then the same line again      duplicate: 1 row (when asked to leave them out)
//   Total                                           totalsRow: 1 row
// 11 rows in = 3 kept (1001 x 2, 1006) + 1 + 1 + 1 + 2 + 1 + 1 + 1.
const ORDERS = `order_id,customer,day,status,amount
1001,A,2024-01-05,paid,10
1001,A,,,5
1002,B,2024-01-06,refunded,20
1002,B,,,7
,C,2024-01-07,paid,9
1003,,2024-01-08,paid,4
1004,D,not a date,paid,3
1005,E,,paid,2
1006,F,2024-02-01,paid,8
1006,F,2024-02-01,paid,8
Total,,,,76
`;
const ordersMapping = {
  kind: 'orders' as const,
  roles: { orderId: 'order_id', customerId: 'customer', orderedAt: 'day', amount: 'amount' },
  segments: [],
  filter: { column: 'status', exclude: ['refunded'] },
};

describe('row accounting', () => {
  it('accounts for every line of an orders export, by reason, and counts whole orders', async () => {
    const report = await mapText('acct', ORDERS, { ...ordersMapping, dropDuplicates: true });
    expect(report).toMatchObject({ rowsIn: 11, rowsKept: 3, entities: 2, customers: 2 });
    expect(dropped(report)).toEqual({
      totalsRow: [1, null],
      duplicate: [1, null],
      noKey: [1, null],
      excluded: [2, 1],
      noCustomer: [1, 1],
      noDate: [1, 1],
      badDate: [1, 1],
    });
    expect(report.dropped.reduce((n, d) => n + d.rows, report.rowsKept)).toBe(report.rowsIn);
    // the date and status of a first line count for the whole order: 1001 is 10 + 5
    expect(engine.queryRows('SELECT customer_id, amount FROM orders ORDER BY 1')).toEqual([
      { customer_id: 'A', amount: 15 },
      { customer_id: 'F', amount: 8 },
    ]);
    // examples show why: the refunded status, the unreadable date
    expect(report.dropped.find((d) => d.reason === 'excluded')?.examples[0]?.value).toBe('refunded');
    expect(report.dropped.find((d) => d.reason === 'badDate')?.examples[0]?.value).toBe('not a date');
    // and the row itself where no one value says it (read back from the file by row number)
    expect(report.dropped.find((d) => d.reason === 'totalsRow')?.examples).toEqual([
      { row: 11, value: 'Total | 76' },
    ]);
    expect(report.dropped.find((d) => d.reason === 'noKey')?.examples).toEqual([
      { row: 5, value: 'C | 2024-01-07 | paid | 9' },
    ]);
  });

  it('keeps exact duplicates unless asked, and says how many there are', async () => {
    const report = await mapText('acct2', ORDERS, ordersMapping);
    expect(report.rowsKept).toBe(4);
    expect(report.warnings).toContainEqual({ code: 'duplicates', values: { rows: 1 } });
    // 1006 now has two lines of 8
    expect(engine.queryRows(`SELECT amount FROM orders WHERE customer_id = 'F'`)).toEqual([{ amount: 16 }]);
  });
});

describe('the lines stage read through a view (large tables)', () => {
  // A table of 2M rows or more is mapped through a view of its lines rather than a copy (map-ops.ts): the
  // accounting and the canonical table must be what the copy gives, on the hand-counted fixture above.
  const canonical = () =>
    engine.queryRows('SELECT * EXCLUDE (order_id) FROM orders ORDER BY customer_id, ordered_at');
  const same = (report: MappingReport) => ({ ...report, ms: 0 });

  it('gives the same accounting, examples and orders as a stage table, for grouped lines', async () => {
    for (const dropDuplicates of [true, false]) {
      const loaded = await fileLoader(engine).load('acct_view.csv', ORDERS, { table: 'acct_view' });
      if (!loaded.ok) throw new Error(loaded.code);
      const mapping = { ...ordersMapping, dropDuplicates, table: 'acct_view' };
      const columns = engine.describe('acct_view');
      const asTable = await mapSource(engine, mapping, columns, { linesView: false });
      const tableRows = canonical();
      const asView = await mapSource(engine, mapping, columns, { linesView: true });
      expect(same(asView)).toEqual(same(asTable));
      expect(canonical()).toEqual(tableRows);
      expect(asView.rowsIn).toBe(11);
    }
    // the view is gone with the report, as the table was
    expect(
      engine.queryRows(`SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'tenure_lines'`),
    ).toEqual([{ n: 0 }]);
  });

  it('gives the same for lines that are the entities themselves (orders without an order id)', async () => {
    const loaded = await fileLoader(engine).load('acct_view2.csv', ORDERS, { table: 'acct_view2' });
    if (!loaded.ok) throw new Error(loaded.code);
    const { orderId: _orderId, ...roles } = ordersMapping.roles;
    const mapping = { ...ordersMapping, roles, dropDuplicates: true, table: 'acct_view2' };
    const columns = engine.describe('acct_view2');
    const asTable = await mapSource(engine, mapping, columns, { linesView: false });
    const tableRows = engine.queryRows('SELECT * FROM orders ORDER BY ALL');
    const asView = await mapSource(engine, mapping, columns, { linesView: true });
    expect(same(asView)).toEqual(same(asTable));
    expect(engine.queryRows('SELECT * FROM orders ORDER BY ALL')).toEqual(tableRows);
    // every one of the 11 lines is kept or left out for a reason
    expect(asView.dropped.reduce((n, d) => n + d.rows, asView.rowsKept)).toBe(11);
  });
});

describe('progress and cancel', () => {
  it('reports its steps in order, and a cancel before the last leaves the canonical table as it was', async () => {
    const loaded = await fileLoader(engine).load('acct_cancel.csv', ORDERS, { table: 'acct_cancel' });
    if (!loaded.ok) throw new Error(loaded.code);
    const mapping = { ...ordersMapping, dropDuplicates: true, table: 'acct_cancel' };
    const columns = engine.describe('acct_cancel');
    const steps: string[] = [];
    await mapSource(engine, mapping, columns, {}, (p) => steps.push(`${p.step} ${p.done}/${p.total}`));
    expect(steps).toEqual(['stages 0/3', 'accounting 1/3', 'table 2/3']);
    const before = engine.queryRows('SELECT * FROM orders ORDER BY ALL');
    // the same file without the refund exclusion would keep 1002: cancelled while counting, it does not
    const wider = { ...mapping, filter: undefined };
    const cancelled = engine.work(() =>
      mapSource(engine, wider, columns, {}, (p) => {
        if (p.step === 'accounting') engine.cancel();
      }),
    );
    await expect(cancelled).rejects.toMatchObject({ error: { kind: 'cancelled' } });
    expect(engine.queryRows('SELECT * FROM orders ORDER BY ALL')).toEqual(before);
    expect(
      engine.queryRows(`SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name = 'tenure_lines'`),
    ).toEqual([{ n: 0 }]);
    // and the engine maps again at once
    const report = await mapSource(engine, wider, columns);
    expect(report.entities).toBe(3);
  });
});

describe('warnings where a result would mislead', () => {
  it('warns when every customer has one order, and when dates lie in the future', async () => {
    const report = await mapText(
      'once',
      'customer,day,amount\nA,2024-01-01,5\nB,2024-01-02,6\nC,2999-01-03,7\n',
      {
        kind: 'orders',
        roles: { customerId: 'customer', orderedAt: 'day', amount: 'amount' },
        segments: [],
      },
    );
    expect(warned(report)).toEqual(expect.arrayContaining(['oneOrderEach', 'futureDates']));
    expect(report.warnings.find((w) => w.code === 'futureDates')?.values).toMatchObject({
      orders: 1,
      latest: '2999-01-03',
    });
  });

  it('warns when amounts look like cents, and when no amount was read', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `C${i % 7},2024-01-${String((i % 28) + 1).padStart(2, '0')},${1999 + i * 100}`,
    );
    const cents = await mapText('cents', `customer,day,amount\n${rows.join('\n')}\n`, {
      kind: 'orders',
      roles: { customerId: 'customer', orderedAt: 'day', amount: 'amount' },
      segments: [],
    });
    expect(warned(cents)).toContain('looksLikeCents');
    const none = await mapText('noamount', 'customer,day\nA,2024-01-01\nA,2024-02-01\n', {
      kind: 'orders',
      roles: { customerId: 'customer', orderedAt: 'day' },
      segments: [],
    });
    expect(warned(none)).toContain('noAmount');
  });

  it('warns when no subscription ends (nobody can churn), and when nobody is flagged as churned', async () => {
    const subs = await mapText('subs', 'customer,start,mrr\nA,2024-01-01,10\nB,2024-02-01,20\n', {
      kind: 'subscriptions',
      roles: { customerId: 'customer', startedAt: 'start', mrr: 'mrr' },
      segments: [],
    });
    expect(subs.warnings).toContainEqual({ code: 'nobodyEnds', values: { subscriptions: 2 } });
    const ended = await mapText('subs2', 'customer,start,end,mrr\nA,2024-01-01,2024-03-01,10\n', {
      kind: 'subscriptions',
      roles: { customerId: 'customer', startedAt: 'start', endedAt: 'end', mrr: 'mrr' },
      segments: [],
    });
    expect(warned(ended)).not.toContain('nobodyEnds');
    const currencies = await mapText(
      'fx',
      'customer,start,mrr,currency\nA,2024-01-01,10,USD\nB,2024-02-01,20,EUR\n',
      {
        kind: 'subscriptions',
        roles: { customerId: 'customer', startedAt: 'start', mrr: 'mrr', currency: 'currency' },
        segments: [],
      },
    );
    expect(currencies.warnings).toContainEqual({
      code: 'severalCurrencies',
      values: { count: 2, currencies: 'EUR, USD' },
    });
    const snapshot = await mapText('snap', 'customer,tenure,churn\nA,3,No\nB,12,No\n', {
      kind: 'customers',
      roles: { customerId: 'customer', tenure: 'tenure', churned: 'churn' },
      segments: [],
    });
    expect(warned(snapshot)).toContain('nobodyChurned');
  });
});
