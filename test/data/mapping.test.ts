// Column mapping: guesses from names and types (English and Chinese, Online-Retail style line items),
// problems reported, and the canonical tables built on the real engine (refunds filtered, lines grouped).
import { describe, expect, it } from 'vitest';
import { canonicalSql, guessMapping, mappingProblems, shapeKey } from '../../src/data/mapping';
import type { Mapping, SourceKind } from '../../src/data/sources';
import { startEngine } from '../helpers/engine';
import { mapFixture } from '../helpers/analysis';
import type { ColumnInfo } from '../../src/engine/api';

const cols = (spec: string): ColumnInfo[] =>
  spec.split(',').map((pair) => {
    const [name, type] = pair.split(':');
    return { name, type };
  });

describe('guessMapping', () => {
  it('reads an Online Retail export: quantity x unit price, invoices group lines', () => {
    const columns = cols(
      'InvoiceNo:VARCHAR,StockCode:VARCHAR,Description:VARCHAR,Quantity:BIGINT,InvoiceDate:TIMESTAMP,UnitPrice:DOUBLE,CustomerID:BIGINT,Country:VARCHAR',
    );
    expect(guessMapping('orders', 'retail', columns)).toEqual({
      kind: 'orders',
      table: 'retail',
      roles: {
        customerId: 'CustomerID',
        orderedAt: 'InvoiceDate',
        orderId: 'InvoiceNo',
        quantity: 'Quantity',
        unitPrice: 'UnitPrice',
      },
      segments: ['Country'],
    });
  });

  it('reads Chinese column names', () => {
    const columns = cols(
      '订单号:VARCHAR,客户ID:VARCHAR,下单时间:TIMESTAMP,金额:DOUBLE,渠道:VARCHAR,订单状态:VARCHAR',
    );
    const mapping = guessMapping('orders', '订单', columns);
    expect(mapping).toMatchObject({
      roles: { customerId: '客户ID', orderedAt: '下单时间', orderId: '订单号', amount: '金额' },
      segments: ['渠道'],
      filter: { column: '订单状态', exclude: [] },
    });
  });

  it('reads a Stripe-like subscriptions export and a Telco-like churn snapshot', () => {
    const subs = guessMapping(
      'subscriptions',
      's',
      cols(
        'id:VARCHAR,customer_id:VARCHAR,plan:VARCHAR,started_at:DATE,ended_at:DATE,mrr:DOUBLE,cancellation_reason:VARCHAR,region:VARCHAR',
      ),
    );
    expect(subs).toMatchObject({
      roles: {
        customerId: 'customer_id',
        startedAt: 'started_at',
        endedAt: 'ended_at',
        mrr: 'mrr',
        plan: 'plan',
        reason: 'cancellation_reason',
      },
      segments: ['plan', 'region'],
    });
    const telco = guessMapping(
      'customers',
      't',
      cols(
        'customerID:VARCHAR,gender:VARCHAR,tenure:BIGINT,Contract:VARCHAR,MonthlyCharges:DOUBLE,Churn:VARCHAR',
      ),
    );
    expect(telco).toMatchObject({
      roles: { customerId: 'customerID', tenure: 'tenure', churned: 'Churn', monthlyValue: 'MonthlyCharges' },
      segments: ['gender', 'Contract'],
    });
  });

  it('reports what is missing', () => {
    const mapping = guessMapping('orders', 'x', cols('a:VARCHAR,b:VARCHAR'));
    expect(mappingProblems(mapping, cols('a:VARCHAR,b:VARCHAR')).map((p) => [p.code, p.role])).toEqual([
      ['missing', 'customerId'],
      ['missing', 'orderedAt'],
    ]);
    const half: Mapping<SourceKind> = {
      ...mapping,
      roles: { customerId: 'a', orderedAt: 'b', quantity: 'a' },
    };
    expect(mappingProblems(half, cols('a:VARCHAR,b:VARCHAR'))).toEqual([
      { code: 'needBoth', role: 'unitPrice' },
    ]);
  });

  it('keys a remembered mapping by the columns and their types', () => {
    expect(shapeKey('orders', cols('a:VARCHAR,b:DATE'))).not.toBe(
      shapeKey('orders', cols('a:VARCHAR,b:VARCHAR')),
    );
  });
});

describe('canonical orders', () => {
  it('groups line items into orders, filters refunds, and quotes hostile column names', async () => {
    const engine = await startEngine();
    const csv = `"order id","cust""omer",when,qty,price,status,"x; DROP TABLE y"
1,A,2024-01-01 10:00,2,5,paid,DE
1,A,2024-01-01 10:00,1,10,paid,DE
2,A,2024-01-03 09:00,1,7,refunded,DE
3,B,not a date,1,4,paid,CN
4,,2024-01-04,1,4,paid,CN
`;
    const report = await mapFixture(engine, csv, {
      kind: 'orders',
      customerId: 'cust"omer',
      orderedAt: 'when',
      orderId: 'order id',
      quantity: 'qty',
      unitPrice: 'price',
      segments: ['x; DROP TABLE y'],
      filter: { column: 'status', exclude: ['refunded'] },
    });
    // order 1: 2 x 5 + 1 x 10 = 20 over two lines; order 2 is a refund; order 3 has no date, order 4 no customer
    expect(
      engine.queryRows(
        'SELECT order_id, customer_id, amount, lines, "segment_x; DROP TABLE y" AS s FROM orders',
      ),
    ).toEqual([{ order_id: '1', customer_id: 'A', amount: 20, lines: 2n, s: 'DE' }]);
    // every line is accounted for: 5 in, 2 kept (order 1), one order for each reason
    expect(report).toMatchObject({ rowsIn: 5, rowsKept: 2, entities: 1, customers: 1 });
    expect(report.dropped.map((d) => [d.reason, d.rows, d.entities, d.examples[0]?.value])).toEqual([
      ['excluded', 1, 1, 'refunded'],
      ['noCustomer', 1, 1, '4'],
      ['badDate', 1, 1, 'not a date'],
    ]);
  });

  it('builds a SQL text that names its source only through quoted identifiers', () => {
    const sql = canonicalSql(
      {
        kind: 'orders',
        table: 't"x',
        roles: { customerId: 'c', orderedAt: 'd' },
        segments: [],
        filter: { column: 's', exclude: ["it's"] },
      },
      cols('c:VARCHAR,d:DATE,s:VARCHAR'),
    );
    expect(sql).toContain('FROM "t""x"');
    expect(sql).toContain(`"s"::VARCHAR IN ('it''s')`);
  });
});
