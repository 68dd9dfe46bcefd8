// Exports as the tools write them (test/fixtures/exports, synthetic files in the public layouts), each
// loaded the way the app loads it (the worker's loadFile operation), profiled, recognised by its headers
// (or guessed, for files no tool writes alike), mapped as the form proposes and applied with the app's
// mapping operation: the rows loaded, the column types, the shape and kind, every role, the status values
// left out, how amounts are read, and the accounting of every row. The Shopify- and WooCommerce-shaped
// files also get their cohorts and revenue checked against figures worked out by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileLoader, startEngine } from '../helpers/engine';
import { runAnalysis, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';
import type { ColumnInfo } from '../../src/engine/api';
import type { LoadRequest } from '../../src/data/files';
import { profileSql, readProfile } from '../../src/data/profile';
import { guess, guessKind, type MappingGuess } from '../../src/data/guess';
import { recognise, shapeGuess } from '../../src/data/shapes';
import { mapSource, type MappingReport } from '../../src/data/map-ops';
import type { ReadAs } from '../../src/data/read-as';
import type { SourceKind } from '../../src/data/sources';
import { cohorts } from '../../src/analyses/cohorts';

interface Case {
  file: string;
  /** How the file is read: as a browser in the US would (month first where the values allow both). */
  load?: Omit<LoadRequest, 'file'>;
  rows: number;
  /** Some of the column types the file loads with. */
  types: Record<string, string>;
  shape: string | null;
  kind: SourceKind;
  roles: Record<string, string>;
  segments?: string[];
  /** The status column and the values it leaves out (null: no row filter). */
  exclude: { column: string; values: string[] } | null;
  readAs?: Record<string, ReadAs>;
  amountPerOrder?: boolean;
  report: Pick<MappingReport, 'rowsIn' | 'rowsKept' | 'entities' | 'customers'> & {
    /** Reason, rows, and orders when lines are grouped into orders. */
    dropped: [string, number, number | null][];
  };
}

const CENTS: ReadAs = { kind: 'number', decimal: '.', minorUnits: true };
const MONEY_TEXT: ReadAs = { kind: 'number', decimal: '.', minorUnits: false };
const OFFSET: ReadAs = {
  kind: 'date',
  order: 'ymd',
  formats: [
    '%Y-%m-%d %H:%M:%S %z',
    '%Y-%m-%d %H:%M:%S%z',
    '%Y-%m-%dT%H:%M:%S%z',
    '%Y-%m-%dT%H:%M:%S.%f%z',
    '%Y-%m-%d %H:%M %z',
  ],
};

const CASES: Case[] = [
  {
    // 10 orders on 15 lines; #1005 refunded (2 lines) and #1006 voided (1) left out whole, #1003 partially
    // refunded kept; #1009 a POS sale without an email; totals on first lines only
    file: 'shopify-orders.csv',
    rows: 15,
    types: {
      Name: 'VARCHAR',
      'Created at': 'VARCHAR',
      'Paid at': 'VARCHAR',
      Subtotal: 'DOUBLE',
      Total: 'DOUBLE',
    },
    shape: 'shopify-orders',
    kind: 'orders',
    roles: { customerId: 'Email', orderedAt: 'Created at', orderId: 'Name', amount: 'Subtotal' },
    segments: ['Billing Country', 'Source'],
    exclude: { column: 'Financial Status', values: ['refunded', 'voided'] },
    readAs: { orderedAt: OFFSET },
    amountPerOrder: false,
    report: {
      rowsIn: 15,
      rowsKept: 11,
      entities: 7,
      customers: 3,
      dropped: [
        ['excluded', 3, 2],
        ['noCustomer', 1, 1],
      ],
    },
  },
  {
    // 10 orders on 15 item lines, order_total on each; cancelled 104 (2 lines), refunded 106, pending 108
    // and failed 110 left out; three of the four customers are guests (customer_id 0)
    file: 'woocommerce-orders.csv',
    rows: 15,
    types: { order_id: 'BIGINT', order_date: 'TIMESTAMP', order_total: 'DOUBLE', customer_id: 'BIGINT' },
    shape: 'woocommerce-orders',
    kind: 'orders',
    roles: {
      customerId: 'billing_email',
      orderedAt: 'order_date',
      orderId: 'order_id',
      amount: 'order_total',
    },
    segments: ['billing_country'],
    exclude: { column: 'status', values: ['cancelled', 'failed', 'pending', 'refunded'] },
    amountPerOrder: true,
    report: { rowsIn: 15, rowsKept: 10, entities: 6, customers: 4, dropped: [['excluded', 5, 4]] },
  },
  {
    file: 'woocommerce-analytics-orders.csv',
    rows: 7,
    types: { Date: 'DATE', 'Order #': 'BIGINT', 'Net Sales': 'DOUBLE' },
    shape: 'woocommerce-analytics-orders',
    kind: 'orders',
    roles: { customerId: 'Customer', orderedAt: 'Date', orderId: 'Order #', amount: 'Net Sales' },
    exclude: { column: 'Status', values: ['Refunded'] },
    report: { rowsIn: 7, rowsKept: 6, entities: 6, customers: 4, dropped: [['excluded', 1, 1]] },
  },
  {
    // one subscription incomplete_expired (never started) left out; the canceled ones are churn and stay
    file: 'stripe-subscriptions.csv',
    rows: 8,
    types: { 'Start Date (UTC)': 'TIMESTAMP', 'Ended At (UTC)': 'TIMESTAMP', Amount: 'DOUBLE' },
    shape: 'stripe-subscriptions',
    kind: 'subscriptions',
    roles: {
      customerId: 'Customer ID',
      startedAt: 'Start Date (UTC)',
      endedAt: 'Ended At (UTC)',
      periodAmount: 'Amount',
      interval: 'Interval',
      currency: 'Currency',
      plan: 'Plan',
      reason: 'Cancellation Reason',
    },
    segments: ['Plan', 'Product'],
    exclude: { column: 'Status', values: ['incomplete_expired'] },
    report: { rowsIn: 8, rowsKept: 7, entities: 7, customers: 6, dropped: [['excluded', 1, null]] },
  },
  {
    // the failed and the refunded charge left out; a guest charge without a Customer ID counted apart
    file: 'stripe-payments.csv',
    rows: 10,
    types: { 'Created (UTC)': 'TIMESTAMP', 'Converted Amount': 'DOUBLE', Captured: 'BOOLEAN' },
    shape: 'stripe-payments',
    kind: 'orders',
    roles: {
      customerId: 'Customer ID',
      orderedAt: 'Created (UTC)',
      orderId: 'id',
      amount: 'Converted Amount',
    },
    segments: ['Currency', 'Card Issue Country'],
    exclude: { column: 'Status', values: ['Failed', 'Refunded'] },
    report: {
      rowsIn: 10,
      rowsKept: 7,
      entities: 7,
      customers: 4,
      dropped: [
        ['excluded', 2, 2],
        ['noCustomer', 1, 1],
      ],
    },
  },
  {
    // void, open and draft invoices left out (the draft has no number yet: the id groups)
    file: 'stripe-invoices.csv',
    rows: 9,
    types: { 'Date (UTC)': 'TIMESTAMP', 'Amount Paid': 'DOUBLE' },
    shape: 'stripe-invoices',
    kind: 'orders',
    roles: { customerId: 'Customer', orderedAt: 'Date (UTC)', orderId: 'id', amount: 'Amount Paid' },
    segments: ['Currency'],
    exclude: { column: 'Status', values: ['draft', 'open', 'void'] },
    report: { rowsIn: 9, rowsKept: 6, entities: 6, customers: 4, dropped: [['excluded', 3, 3]] },
  },
  {
    // MRR in cents; the future subscription left out, the cancelled one kept
    file: 'chargebee-subscriptions.csv',
    rows: 7,
    types: {
      'subscription.mrr': 'BIGINT',
      'subscription.started_at': 'TIMESTAMP WITH TIME ZONE',
      'subscription.billing_period': 'BIGINT',
    },
    shape: 'chargebee-subscriptions',
    kind: 'subscriptions',
    roles: {
      customerId: 'subscription.customer_id',
      startedAt: 'subscription.started_at',
      endedAt: 'subscription.cancelled_at',
      mrr: 'subscription.mrr',
      interval: 'subscription.billing_period_unit',
      intervalCount: 'subscription.billing_period',
      currency: 'subscription.currency_code',
      plan: 'subscription.plan_id',
      reason: 'subscription.cancel_reason',
    },
    segments: ['subscription.plan_id', 'customer.billing_address.country'],
    exclude: { column: 'subscription.status', values: ['future'] },
    readAs: { mrr: CENTS },
    report: { rowsIn: 7, rowsKept: 6, entities: 6, customers: 5, dropped: [['excluded', 1, null]] },
  },
  {
    // failed and future subscriptions never ran; canceled (still live until it expires) and expired stay
    file: 'recurly-subscriptions.csv',
    rows: 7,
    types: {
      activated_at: 'TIMESTAMP WITH TIME ZONE',
      unit_amount: 'DOUBLE',
      plan_interval_length: 'BIGINT',
    },
    shape: 'recurly-subscriptions',
    kind: 'subscriptions',
    roles: {
      customerId: 'account_code',
      startedAt: 'activated_at',
      endedAt: 'expires_at',
      periodAmount: 'unit_amount',
      interval: 'plan_interval_unit',
      intervalCount: 'plan_interval_length',
      currency: 'currency',
      plan: 'plan_name',
    },
    segments: ['plan_name'],
    exclude: { column: 'state', values: ['failed', 'future'] },
    report: { rowsIn: 7, rowsKept: 5, entities: 5, customers: 5, dropped: [['excluded', 2, null]] },
  },
  {
    // money in cents; past_due, canceled and draft transactions left out
    file: 'paddle-transactions.csv',
    rows: 9,
    types: { billed_at: 'TIMESTAMP WITH TIME ZONE', 'details.totals.grand_total': 'BIGINT' },
    shape: 'paddle-transactions',
    kind: 'orders',
    roles: {
      customerId: 'customer_id',
      orderedAt: 'billed_at',
      orderId: 'id',
      amount: 'details.totals.grand_total',
    },
    segments: ['origin', 'currency_code'],
    exclude: { column: 'status', values: ['canceled', 'draft', 'past_due'] },
    readAs: { amount: CENTS },
    report: { rowsIn: 9, rowsKept: 6, entities: 6, customers: 3, dropped: [['excluded', 3, 3]] },
  },
  {
    // money as text ($1,250.00); the refund row left out, two walk-in sales without a customer
    file: 'square-transactions.csv',
    rows: 9,
    types: { Date: 'DATE', 'Net Sales': 'VARCHAR', 'Transaction ID': 'VARCHAR' },
    shape: 'square-transactions',
    kind: 'orders',
    roles: { customerId: 'Customer ID', orderedAt: 'Date', orderId: 'Transaction ID', amount: 'Net Sales' },
    segments: ['Source', 'Location', 'Dining Option'],
    exclude: { column: 'Event Type', values: ['Refund'] },
    readAs: { amount: MONEY_TEXT },
    report: {
      rowsIn: 9,
      rowsKept: 6,
      entities: 6,
      customers: 3,
      dropped: [
        ['excluded', 1, 1],
        ['noCustomer', 2, 2],
      ],
    },
  },
  {
    // item lines grouped by Transaction ID (SQI0001 and SQI0003 have two); a refund, a sale without a
    // customer
    file: 'square-item-sales.csv',
    rows: 8,
    types: { Date: 'DATE', Qty: 'BIGINT', 'Net Sales': 'VARCHAR' },
    shape: 'square-item-sales',
    kind: 'orders',
    roles: {
      customerId: 'Customer ID',
      orderedAt: 'Date',
      orderId: 'Transaction ID',
      amount: 'Net Sales',
      quantity: 'Qty',
    },
    segments: ['Location'],
    exclude: { column: 'Event Type', values: ['Refund'] },
    readAs: { amount: MONEY_TEXT },
    report: {
      rowsIn: 8,
      rowsKept: 6,
      entities: 4,
      customers: 3,
      dropped: [
        ['excluded', 1, 1],
        ['noCustomer', 1, 1],
      ],
    },
  },
  {
    // tab-separated; five orders on eight item lines, times with offsets read by the engine
    file: 'amazon-order-report.txt',
    rows: 8,
    types: { 'order-id': 'VARCHAR', 'purchase-date': 'TIMESTAMP WITH TIME ZONE', 'item-price': 'DOUBLE' },
    shape: 'amazon-order-report',
    kind: 'orders',
    roles: {
      customerId: 'buyer-email',
      orderedAt: 'purchase-date',
      orderId: 'order-id',
      amount: 'item-price',
    },
    segments: ['ship-country', 'sales-channel'],
    exclude: null,
    report: { rowsIn: 8, rowsKept: 8, entities: 5, customers: 3, dropped: [] },
  },
  {
    // GB18030 bytes; 交易关闭 and 等待买家付款 left out
    file: 'taobao-orders-gb18030.csv',
    rows: 8,
    types: {
      订单编号: 'BIGINT',
      买家会员名: 'VARCHAR',
      买家实际支付金额: 'DOUBLE',
      订单创建时间: 'TIMESTAMP',
    },
    shape: 'taobao-orders',
    kind: 'orders',
    roles: {
      customerId: '买家会员名',
      orderedAt: '订单创建时间',
      orderId: '订单编号',
      amount: '买家实际支付金额',
      quantity: '宝贝总数量',
    },
    segments: ['店铺名称'],
    exclude: { column: '订单状态', values: ['交易关闭', '等待买家付款'] },
    report: { rowsIn: 8, rowsKept: 6, entities: 6, customers: 4, dropped: [['excluded', 2, 2]] },
  },
  {
    // UTF-8 with a byte order mark; 应付金额 repeated on each product row; 已取消 and 锁定 left out
    file: 'jd-orders.csv',
    rows: 9,
    types: { 订单号: 'BIGINT', 下单时间: 'TIMESTAMP', 应付金额: 'DOUBLE' },
    shape: 'jd-orders',
    kind: 'orders',
    roles: {
      customerId: '下单帐号',
      orderedAt: '下单时间',
      orderId: '订单号',
      amount: '应付金额',
      quantity: '订购数量',
    },
    segments: ['支付方式', '订单类型'],
    exclude: { column: '订单状态', values: ['已取消', '锁定'] },
    amountPerOrder: true,
    report: { rowsIn: 9, rowsKept: 7, entities: 3, customers: 2, dropped: [['excluded', 2, 2]] },
  },
  {
    // 已关闭, 待付款 and 退款成功 left out
    file: 'youzan-orders.csv',
    rows: 8,
    types: { 订单号: 'VARCHAR', 下单时间: 'TIMESTAMP', 实付金额: 'DOUBLE' },
    shape: 'youzan-orders',
    kind: 'orders',
    roles: {
      customerId: '买家',
      orderedAt: '下单时间',
      orderId: '订单号',
      amount: '实付金额',
      quantity: '商品数量',
    },
    segments: ['收货省份', '支付方式'],
    exclude: { column: '订单状态', values: ['已关闭', '待付款', '退款成功'] },
    report: { rowsIn: 8, rowsKept: 5, entities: 5, customers: 3, dropped: [['excluded', 3, 3]] },
  },
  {
    // no known tool: guessed from German names; Windows-1252, semicolons, 1.249,00, 04.01.2024;
    // Storniert and Erstattet left out
    file: 'german-excel-orders.csv',
    rows: 8,
    types: { Bestellnummer: 'VARCHAR', Bestelldatum: 'DATE', Betrag: 'VARCHAR' },
    shape: null,
    kind: 'orders',
    roles: { customerId: 'Kunde', orderedAt: 'Bestelldatum', orderId: 'Bestellnummer', amount: 'Betrag' },
    segments: ['Land'],
    exclude: { column: 'Status', values: ['Erstattet', 'Storniert'] },
    readAs: { amount: { kind: 'number', decimal: ',', minorUnits: false } },
    report: { rowsIn: 8, rowsKept: 6, entities: 6, customers: 4, dropped: [['excluded', 2, 2]] },
  },
  {
    // no known tool: pipe-separated, a totals line at the end, VOID and REFUND transactions, a sale to
    // somebody without a member number
    file: 'pos-dump.txt',
    rows: 10,
    types: { TXN_ID: 'VARCHAR', TXN_TS: 'TIMESTAMP', LINE_TOTAL: 'DOUBLE' },
    shape: null,
    kind: 'orders',
    roles: {
      customerId: 'MEMBER_NO',
      orderedAt: 'TXN_TS',
      orderId: 'TXN_ID',
      amount: 'LINE_TOTAL',
      quantity: 'QTY',
    },
    segments: ['STORE_ID'],
    exclude: { column: 'TXN_TYPE', values: ['REFUND', 'VOID'] },
    report: {
      rowsIn: 10,
      rowsKept: 6,
      entities: 5,
      customers: 3,
      dropped: [
        ['totalsRow', 1, null],
        ['excluded', 2, 2],
        ['noCustomer', 1, 1],
      ],
    },
  },
  {
    // a title block above the header and a TOTAL line below; the credit memo and the estimate left out
    file: 'quickbooks-sales-by-customer.csv',
    rows: 9,
    types: { Date: 'DATE', Num: 'BIGINT', Amount: 'VARCHAR' },
    shape: 'quickbooks-sales-by-customer',
    kind: 'orders',
    roles: { customerId: 'Customer', orderedAt: 'Date', orderId: 'Num', amount: 'Amount', quantity: 'Qty' },
    segments: [],
    exclude: { column: 'Transaction Type', values: ['Credit Memo', 'Estimate'] },
    readAs: { amount: MONEY_TEXT },
    report: {
      rowsIn: 9,
      rowsKept: 6,
      entities: 5,
      customers: 3,
      dropped: [
        ['totalsRow', 1, null],
        ['excluded', 2, 2],
      ],
    },
  },
  {
    // every answer kept (one without a score: the NPS analysis counts it)
    file: 'typeform-nps.csv',
    rows: 10,
    types: {
      'Submit Date (UTC)': 'TIMESTAMP',
      'How likely are you to recommend Acme to a friend or colleague?': 'BIGINT',
    },
    shape: 'typeform-nps',
    kind: 'survey',
    roles: {
      customerId: 'email',
      answeredAt: 'Submit Date (UTC)',
      score: 'How likely are you to recommend Acme to a friend or colleague?',
      comment: "What's the main reason for your score?",
    },
    segments: ['plan'],
    exclude: null,
    report: { rowsIn: 10, rowsKept: 10, entities: 10, customers: 10, dropped: [] },
  },
  {
    // two header rows merged; dates month first (a day above 12 says so); two anonymous answers kept
    file: 'surveymonkey-nps.csv',
    rows: 9,
    types: {
      'End Date': 'TIMESTAMP',
      'How likely is it that you would recommend Acme to a friend or colleague?': 'BIGINT',
    },
    shape: 'surveymonkey-nps',
    kind: 'survey',
    roles: {
      customerId: 'Email Address',
      answeredAt: 'End Date',
      score: 'How likely is it that you would recommend Acme to a friend or colleague?',
      comment: 'What is the primary reason for your score?',
    },
    segments: ['Which plan are you on?'],
    exclude: null,
    report: { rowsIn: 9, rowsKept: 9, entities: 9, customers: 7, dropped: [] },
  },
  {
    // the session run in test mode left out
    file: 'cancel-flow-sessions.csv',
    rows: 8,
    types: { 'Created At': 'TIMESTAMP WITH TIME ZONE', 'Offer Accepted': 'BOOLEAN', MRR: 'BIGINT' },
    shape: 'cancel-flow',
    kind: 'cancellations',
    roles: {
      customerId: 'Customer ID',
      cancelledAt: 'Created At',
      reason: 'Survey Response',
      comment: 'Feedback',
      offer: 'Offer Type',
      offerAccepted: 'Offer Accepted',
      outcome: 'Result',
      mrr: 'MRR',
    },
    segments: ['Plan', 'Billing Interval'],
    exclude: { column: 'Mode', values: ['TEST'] },
    report: { rowsIn: 8, rowsKept: 7, entities: 7, customers: 6, dropped: [['excluded', 1, null]] },
  },
  {
    // a customer snapshot; Churn Yes/No read as a flag, TotalCharges blank for a new customer (text)
    file: 'telco-customer-churn.csv',
    rows: 10,
    types: { tenure: 'BIGINT', Churn: 'BOOLEAN', MonthlyCharges: 'DOUBLE', TotalCharges: 'VARCHAR' },
    shape: 'telco-customer-churn',
    kind: 'customers',
    roles: { customerId: 'customerID', tenure: 'tenure', churned: 'Churn', monthlyValue: 'MonthlyCharges' },
    segments: ['InternetService', 'Contract', 'PaymentMethod'],
    exclude: null,
    report: { rowsIn: 10, rowsKept: 10, entities: 10, customers: 10, dropped: [] },
  },
];

/** Files the load layer does not read right yet: their test says so by failing until it does. */
/** Fixtures a known loader bug keeps from loading (none now: the German file's was fixed in inspect.ts). */
const LOAD_BUGS: Record<string, string> = {};

let engine: EngineSession;
let files: ReturnType<typeof fileLoader>;
beforeAll(async () => {
  engine = await startEngine();
  files = fileLoader(engine);
});

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url)));

/** Loads a fixture as the app does, then proposes its mapping as the mapping form does. */
async function loadAndGuess(file: string, table: string, load: Case['load'] = {}) {
  const outcome = await files.load(file, fixture(file), { table, dateOrder: 'mdy', ...load });
  if (!outcome.ok) throw new Error(`${file}: ${outcome.code} ${outcome.detail ?? ''}`);
  const columns: ColumnInfo[] = outcome.table.columns;
  const [row] = engine.queryRows(profileSql(table, columns));
  const profile = readProfile(table, columns, row);
  const recognised = recognise(columns);
  const proposed: MappingGuess = recognised
    ? shapeGuess(recognised.shape, table, columns, profile, { preferMonthFirst: true })
    : guess(guessKind(columns, profile).kind, table, columns, profile, { preferMonthFirst: true });
  return { outcome, columns, recognised, proposed };
}

describe('exports in the layouts tools write', () => {
  it('has a fixture for every known shape', () => {
    const shapes = new Set(CASES.map((c) => c.shape).filter(Boolean));
    expect(shapes.size).toBeGreaterThanOrEqual(20);
  });

  for (const c of CASES) {
    const test = LOAD_BUGS[c.file] ? it.fails : it;
    test(`${c.file}: loads, is recognised, maps and accounts for every row`, async () => {
      const table = c.file.replace(/\W/g, '_');
      const { outcome, columns, recognised, proposed } = await loadAndGuess(c.file, table, c.load);
      expect(outcome.table.rows).toBe(c.rows);
      const types = Object.fromEntries(columns.map((col) => [col.name, col.type]));
      expect(types).toMatchObject(c.types);
      expect(recognised?.shape.id ?? null).toBe(c.shape);
      const mapping = proposed.mapping;
      expect(mapping.kind).toBe(c.kind);
      expect(mapping.roles).toEqual(c.roles);
      if (c.segments) expect(mapping.segments).toEqual(c.segments);
      expect(
        mapping.filter ? { column: mapping.filter.column, values: [...mapping.filter.exclude].sort() } : null,
      ).toEqual(c.exclude && { ...c.exclude, values: [...c.exclude.values].sort() });
      for (const [role, readAs] of Object.entries(c.readAs ?? {}))
        expect(mapping.readAs?.[role]).toEqual(readAs);
      expect(mapping.amountPerOrder).toBe(c.amountPerOrder);
      // nothing needs a choice but a day order the values leave open
      expect(proposed.ambiguous).toEqual([]);

      const report = await mapSource(engine, mapping, columns);
      expect(report).toMatchObject({
        rowsIn: c.report.rowsIn,
        rowsKept: c.report.rowsKept,
        entities: c.report.entities,
        customers: c.report.customers,
      });
      expect(report.dropped.map((d) => [d.reason, d.rows, d.entities])).toEqual(c.report.dropped);
      // every row is accounted for
      expect(report.rowsKept + report.dropped.reduce((n, d) => n + d.rows, 0)).toBe(report.rowsIn);
    });
  }
});

/** The cohort rows (not the average) as [cohort month, k, cohort size, customers, revenue]. */
async function cohortCells(): Promise<[string, number, number, number, number][]> {
  const rows: Row[] = await runAnalysis(engine, cohorts, 'orders', { grain: 'month', horizon: 3 });
  return rows
    .filter((r) => !r.is_average)
    .map((r) => [
      new Date(Number(r.cohort)).toISOString().slice(0, 7),
      Number(r.k),
      Number(r.cohort_size),
      Number(r.customers),
      Number(Number(r.revenue).toFixed(2)),
    ]);
}

describe('cohorts and revenue worked out by hand', () => {
  it('Shopify: each order counted once, at its first line, with its subtotal', async () => {
    const { columns, proposed } = await loadAndGuess('shopify-orders.csv', 'shopify_hand');
    await mapSource(engine, proposed.mapping, columns);
    // Kept orders (Subtotal, items after discounts, written on the first line only; Created at read as UTC,
    // no order near midnight, so every date stays on its day):
    //   ann: #1001 2024-01-05 50.00, #1003 2024-02-14 49.50 (55.00 of items less 5.50 WELCOME10;
    //        partially refunded, kept), #1007 2024-03-09 45.00
    //   bob: #1002 2024-01-20 40.00, #1010 2024-04-18 20.00 (#1005 refunded: left out)
    //   cy:  #1004 2024-02-10 30.00, #1008 2024-04-03 30.00 (pending: kept)
    //   dee: #1006 voided, her only order: she is no customer here; #1009 has no email
    // Revenue: 50 + 49.50 + 45 + 40 + 20 + 30 + 30 = 264.50 over 7 orders.
    expect(
      engine.queryRows<{ order_id: string; amount: number; lines: bigint }>(
        'SELECT order_id, amount, lines FROM orders ORDER BY order_id',
      ),
    ).toEqual([
      { order_id: '#1001', amount: 50, lines: 2n },
      { order_id: '#1002', amount: 40, lines: 1n },
      { order_id: '#1003', amount: 49.5, lines: 3n },
      { order_id: '#1004', amount: 30, lines: 1n },
      { order_id: '#1007', amount: 45, lines: 2n },
      { order_id: '#1008', amount: 30, lines: 1n },
      { order_id: '#1010', amount: 20, lines: 1n },
    ]);
    expect(engine.queryRows<{ r: number }>('SELECT sum(amount) AS r FROM orders')[0].r).toBeCloseTo(264.5, 6);
    // Monthly cohorts by first order: January = ann, bob (2); February = cy (1).
    //   January  k0 (Jan): ann, bob      2, revenue 50 + 40 = 90
    //            k1 (Feb): ann           1, 49.50
    //            k2 (Mar): ann           1, 45
    //            k3 (Apr): bob           1, 20
    //   February k0 (Feb): cy            1, 30
    //            k1 (Mar): nobody        0, 0
    //            k2 (Apr): cy            1, 30
    expect(await cohortCells()).toEqual([
      ['2024-01', 0, 2, 2, 90],
      ['2024-01', 1, 2, 1, 49.5],
      ['2024-01', 2, 2, 1, 45],
      ['2024-01', 3, 2, 1, 20],
      ['2024-02', 0, 1, 1, 30],
      ['2024-02', 1, 1, 0, 0],
      ['2024-02', 2, 1, 1, 30],
    ]);
  });

  it('WooCommerce: the order total repeated on every line counted once, guests told apart by email', async () => {
    const { columns, proposed } = await loadAndGuess('woocommerce-orders.csv', 'woo_hand');
    await mapSource(engine, proposed.mapping, columns);
    // Kept orders (order_total, written on each of the order's lines, once):
    //   alice (guest): 101 2024-01-08 80.00 (3 lines), 103 2024-02-03 60.00 (2 lines); 108 pending: out
    //   ben:           102 2024-01-15 25.00, 107 2024-03-12 50.00 (on-hold: kept); 104 cancelled: out
    //   carla (guest): 105 2024-02-20 30.00; 106 refunded and 110 failed: out
    //   dana (guest):  109 2024-04-02 40.00
    // Revenue: 80 + 60 + 25 + 50 + 30 + 40 = 285; adding order_total over the lines would say
    // 240 + 120 + 25 + 100 + 30 + 40 = 555. With customer_id as the customer the three guests would be one.
    expect(
      engine.queryRows<{ customer_id: string; orders: bigint; revenue: number }>(
        'SELECT customer_id, count(*) AS orders, sum(amount) AS revenue FROM orders GROUP BY ALL ORDER BY customer_id',
      ),
    ).toEqual([
      { customer_id: 'alice@example.org', orders: 2n, revenue: 140 },
      { customer_id: 'ben@example.org', orders: 2n, revenue: 75 },
      { customer_id: 'carla@example.org', orders: 1n, revenue: 30 },
      { customer_id: 'dana@example.org', orders: 1n, revenue: 40 },
    ]);
    // Monthly cohorts: January = alice, ben (2); February = carla (1); April = dana (1).
    //   January  k0 (Jan): alice, ben    2, 80 + 25 = 105
    //            k1 (Feb): alice         1, 60
    //            k2 (Mar): ben           1, 50
    //            k3 (Apr): nobody        0, 0
    //   February k0 (Feb): carla         1, 30
    //            k1 (Mar), k2 (Apr): nobody
    //   April    k0 (Apr): dana          1, 40
    expect(await cohortCells()).toEqual([
      ['2024-01', 0, 2, 2, 105],
      ['2024-01', 1, 2, 1, 60],
      ['2024-01', 2, 2, 1, 50],
      ['2024-01', 3, 2, 0, 0],
      ['2024-02', 0, 1, 1, 30],
      ['2024-02', 1, 1, 0, 0],
      ['2024-02', 2, 1, 0, 0],
      ['2024-04', 0, 1, 1, 40],
    ]);
  });
});
