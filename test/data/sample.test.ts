// The customer sample of a mapping, on the real engine: a customer is kept when DuckDB's hash of their id
// (the canonical, trimmed text) % 10000 is below share x 10000, with every one of their rows; the others'
// rows are left out as `notSampled`, counted like any other reason. Which customers are kept is worked out
// here with a query of its own on the ids (not through the app's SQL), then compared with what the
// mapping kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileLoader, startEngine } from '../helpers/engine';
import { mapSource, type MappingReport } from '../../src/data/map-ops';
import { mappingStatements, sampleThreshold } from '../../src/data/mapping';
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

const CUSTOMERS = Array.from({ length: 20 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);

/** The customers whose hash(id) % 10000 is below `threshold`: a query of its own, on the ids alone. */
function keptBy(threshold: number): string[] {
  const values = CUSTOMERS.map((c) => `('${c}')`).join(', ');
  return engine
    .queryRows<{ id: string }>(
      `SELECT id FROM (VALUES ${values}) AS t(id) WHERE hash(id) % 10000 < ${threshold} ORDER BY id`,
    )
    .map((r) => r.id);
}

// Customer Cnn (n = 1..20) has n % 3 + 1 lines, one order each line; then a line without a customer and a
// line of C01 whose date does not read. The ids are written with spaces around some of them: the sample
// reads the canonical (trimmed) id.
const linesOf = (c: string) => (Number(c.slice(1)) % 3) + 1;
const ORDER_LINES = [
  'customer,day,amount',
  ...CUSTOMERS.flatMap((c, i) =>
    Array.from({ length: linesOf(c) }, (_, k) => `${i % 4 === 0 ? ` ${c} ` : c},2024-0${k + 1}-10,${i + k}`),
  ),
  ',2024-01-01,5',
  'C01,not a date,5',
].join('\n');
const linesMapping = {
  kind: 'orders' as const,
  roles: { customerId: 'customer', orderedAt: 'day', amount: 'amount' },
  segments: [],
};

describe('a deterministic sample of customers', () => {
  it('keeps every line of the customers whose hash is below the share, and counts the others', async () => {
    const kept = keptBy(5000);
    // the fixture is worth something only if the sample keeps some customers and leaves out others
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(CUSTOMERS.length);
    const all = CUSTOMERS.reduce((n, c) => n + linesOf(c), 0);
    const keptLines = kept.reduce((n, c) => n + linesOf(c), 0);

    const report = await mapText('sampled', ORDER_LINES, { ...linesMapping, sample: 0.5 });
    expect(report).toMatchObject({ rowsIn: all + 2, rowsKept: keptLines, customers: kept.length });
    // the other reasons count as without a sample; the sample is checked last
    expect(dropped(report)).toEqual({
      noCustomer: [1, null],
      badDate: [1, null],
      notSampled: [all - keptLines, null],
    });
    expect(report.dropped.reduce((n, d) => n + d.rows, report.rowsKept)).toBe(report.rowsIn);
    const lines = engine.queryRows<{ customer_id: string; n: bigint }>(
      'SELECT customer_id, count(*) AS n FROM orders GROUP BY ALL ORDER BY 1',
    );
    expect(lines.map((r) => r.customer_id)).toEqual(kept);
    for (const r of lines) expect(Number(r.n)).toBe(linesOf(r.customer_id));
  });

  it('keeps the same customers every time, and a smaller share keeps a subset', async () => {
    await mapText('again1', ORDER_LINES, { ...linesMapping, sample: 0.25 });
    const first = engine.queryRows('SELECT * FROM orders ORDER BY ALL');
    await mapText('again2', ORDER_LINES, { ...linesMapping, sample: 0.25 });
    expect(engine.queryRows('SELECT * FROM orders ORDER BY ALL')).toEqual(first);
    const ids = engine.queryRows<{ c: string }>('SELECT DISTINCT customer_id AS c FROM orders ORDER BY 1');
    expect(ids.map((r) => r.c)).toEqual(keptBy(2500));
    expect(keptBy(2500).every((c) => keptBy(5000).includes(c))).toBe(true);
  });

  it('samples whole orders when lines are grouped, the customer written on the first line only', async () => {
    // one order per customer, of two lines: the second line has no customer (as Shopify writes it)
    const csv = [
      'order_id,customer,day,amount',
      ...CUSTOMERS.flatMap((c, i) => [`${1000 + i},${c},2024-03-01,10`, `${1000 + i},,,5`]),
    ].join('\n');
    const kept = keptBy(5000);
    const report = await mapText('grouped', csv, {
      kind: 'orders',
      roles: { orderId: 'order_id', customerId: 'customer', orderedAt: 'day', amount: 'amount' },
      segments: [],
      sample: 0.5,
    });
    const out = CUSTOMERS.length - kept.length;
    expect(report).toMatchObject({ rowsIn: 40, rowsKept: 2 * kept.length, entities: kept.length });
    expect(dropped(report)).toEqual({ notSampled: [2 * out, out] });
    // every kept order has both its lines
    expect(
      engine.queryRows<{ c: string; amount: number; lines: bigint }>(
        'SELECT customer_id AS c, amount, lines FROM orders ORDER BY 1',
      ),
    ).toEqual(kept.map((c) => ({ c, amount: 15, lines: 2n })));
  });

  it('leaves the lines out before grouping when every line names its customer, with the same orders', async () => {
    // the same orders, the customer on both lines, and a totals row (which names no customer either)
    const csv = [
      'order_id,customer,day,amount',
      ...CUSTOMERS.flatMap((c, i) => [`${1000 + i},${c},2024-03-01,10`, `${1000 + i},${c},,5`]),
      'Total,,,300',
    ].join('\n');
    const kept = keptBy(5000);
    const out = CUSTOMERS.length - kept.length;
    const report = await mapText('grouped_lines', csv, {
      kind: 'orders',
      roles: { orderId: 'order_id', customerId: 'customer', orderedAt: 'day', amount: 'amount' },
      segments: [],
      sample: 0.5,
    });
    expect(report).toMatchObject({ rowsIn: 41, rowsKept: 2 * kept.length, entities: kept.length });
    // left out as lines (no order count: they never became orders)
    expect(dropped(report)).toEqual({ totalsRow: [1, null], notSampled: [2 * out, null] });
    expect(
      engine.queryRows<{ c: string; amount: number; lines: bigint }>(
        'SELECT customer_id AS c, amount, lines FROM orders ORDER BY 1',
      ),
    ).toEqual(kept.map((c) => ({ c, amount: 15, lines: 2n })));
  });

  it('samples subscriptions by customer, and keeps anonymous survey answers', async () => {
    const subs = [
      'customer,start,mrr',
      ...CUSTOMERS.flatMap((c) => [`${c},2024-01-01,10`, `${c},2024-06-01,20`]),
    ].join('\n');
    const kept = keptBy(1000);
    const report = await mapText('subs_sampled', subs, {
      kind: 'subscriptions',
      roles: { customerId: 'customer', startedAt: 'start', mrr: 'mrr' },
      segments: [],
      sample: 0.1,
    });
    expect(report).toMatchObject({ rowsIn: 40, rowsKept: 2 * kept.length, customers: kept.length });
    expect(report.dropped.find((d) => d.reason === 'notSampled')?.rows ?? 0).toBe(2 * (20 - kept.length));

    const survey = [
      'customer,answered,score',
      ...CUSTOMERS.map((c) => `${c},2024-02-01,9`),
      ',2024-02-02,3',
      ',2024-02-03,10',
    ].join('\n');
    const answers = await mapText('survey_sampled', survey, {
      kind: 'survey',
      roles: { customerId: 'customer', answeredAt: 'answered', score: 'score' },
      segments: [],
      sample: 0.1,
    });
    expect(answers).toMatchObject({ rowsIn: 22, rowsKept: kept.length + 2 });
    expect(engine.queryRows('SELECT count(*)::INTEGER AS n FROM survey WHERE customer_id IS NULL')).toEqual([
      { n: 2 },
    ]);
  });

  it('rests on hash values that stay the same: a link keeps the same customers in every copy of Tenure', () => {
    // DuckDB's hash of these ids, as the engine Tenure ships computes them. An engine upgrade that changed
    // its hash would change which customers a shared link's sample keeps: this test would say so.
    expect(
      engine.queryRows(
        `SELECT id, (hash(id) % 10000)::INTEGER AS h
           FROM (VALUES ('C01'), ('C0000001'), ('alice@example.com'), ('客户1')) AS t(id)`,
      ),
    ).toEqual([
      { id: 'C01', h: 9656 },
      { id: 'C0000001', h: 8578 },
      { id: 'alice@example.com', h: 3092 },
      { id: '客户1', h: 7632 },
    ]);
  });

  it('samples nothing at 100%: the same SQL as no sample, and no row left out for it', async () => {
    const columns = [
      { name: 'customer', type: 'VARCHAR' },
      { name: 'day', type: 'DATE' },
      { name: 'amount', type: 'DOUBLE' },
    ];
    const plain = { ...linesMapping, table: 't' };
    expect(mappingStatements({ ...plain, sample: 1 }, columns)).toEqual(mappingStatements(plain, columns));
    expect(sampleThreshold(1)).toBeNull();
    expect(sampleThreshold(undefined)).toBeNull();
    expect(sampleThreshold(0.1)).toBe(1000);
    expect(sampleThreshold(0.05)).toBe(500);
    expect(sampleThreshold(0.01)).toBe(100);
    const report = await mapText('full', ORDER_LINES, { ...linesMapping, sample: 1 });
    expect(report.dropped.map((d) => d.reason)).not.toContain('notSampled');
    expect(report.customers).toBe(20);
  });
});
