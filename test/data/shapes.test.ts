// Known export shapes recognised by their headers, however the export spells them (case, spacing,
// underscores, dotted or bracketed prefixes, a "(UTC)" note), and never where the headers are merely
// generic; the mapping a shape proposes never uses an empty column and reads the layout's cents.
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/engine/api';
import type { TableProfile } from '../../src/data/profile';
import { SHAPES, headerKey, recognise, shapeGuess } from '../../src/data/shapes';
import { SOURCE_KINDS, sourceDef } from '../../src/data/sources';

const columns = (names: string, type = 'VARCHAR'): ColumnInfo[] =>
  names.split(',').map((name) => ({ name, type }));
const idOf = (names: string) => recognise(columns(names))?.shape.id ?? null;

describe('headerKey', () => {
  it('reads alike what exports write differently', () => {
    expect(headerKey('Created (UTC)')).toBe('created');
    expect(headerKey('subscription.customer_id')).toBe('subscription customer id');
    expect(headerKey('subscription[plan_id]')).toBe('subscription plan id');
    expect(headerKey('order-id')).toBe('order id');
    expect(headerKey('  Financial   Status ')).toBe('financial status');
    expect(headerKey('\ufeffName')).toBe('name');
    expect(headerKey('实付金额（元）')).toBe('实付金额');
    expect(headerKey('Memo/Description')).toBe('memo description');
  });
});

describe('recognise', () => {
  it.each([
    [
      'Shopify',
      'Name,Email,Financial Status,Paid at,Subtotal,Total,Created at,Lineitem quantity,Lineitem name',
      'shopify-orders',
    ],
    [
      'Shopify, snake case',
      'name,email,financial_status,paid_at,total,created_at,lineitem_quantity',
      'shopify-orders',
    ],
    [
      'Stripe subscriptions',
      'id,Customer ID,Plan,Interval,Amount,Status,Current Period Start (UTC),Current Period End (UTC),Cancel At Period End',
      'stripe-subscriptions',
    ],
    [
      'Stripe subscriptions from Sigma',
      'id,customer_id,status,start_date,ended_at,current_period_start,current_period_end,cancel_at_period_end',
      'stripe-subscriptions',
    ],
    [
      'Stripe subscriptions, prefixed',
      'subscription.id,subscription.customer,subscription.current_period_start,subscription.current_period_end,subscription.cancel_at_period_end',
      'stripe-subscriptions',
    ],
    [
      'Stripe payments (older export)',
      'id,Description,Created,Amount,Amount Refunded,Currency,Converted Amount,Fee,Mode,Status,Customer ID,Captured,Card Last4',
      'stripe-payments',
    ],
    [
      'Stripe invoices',
      'id,Number,Customer,Amount Due,Amount Paid,Amount Remaining,Date (UTC),Status',
      'stripe-invoices',
    ],
    [
      'WooCommerce (WebToffee)',
      'order_id,order_number,order_date,paid_date,status,shipping_total,order_total,order_currency,customer_email,billing_email,line_item_1',
      'woocommerce-orders',
    ],
    [
      'WooCommerce (Advanced Order Export)',
      'Order Number,Order Status,Order Date,First Name (Billing),Email (Billing),Payment Method Title,Cart Discount Amount,Order Total Amount,Item Name',
      'woocommerce-orders',
    ],
    [
      'Stripe subscriptions without Cancel At Period End',
      'id,Customer ID,Status,Current Period Start (UTC),Current Period End (UTC),Canceled At (UTC),Ended At (UTC)',
      'stripe-subscriptions',
    ],
    ['JD, a newer account column', '订单号,商品名称,下单时间,用户账号,应付金额,订单状态', 'jd-orders'],
    [
      'a shop in the Youzan style on another platform',
      '订单编号,订单状态,创建时间,买家账号,用户实付金额（元）',
      'youzan-orders',
    ],
    [
      'Chargebee, bracketed',
      'subscription[id],subscription[customer_id],subscription[status],subscription[current_term_start],subscription[plan_id]',
      'chargebee-subscriptions',
    ],
    [
      'Chargebee report',
      'Subscription Id,Customer Id,Status,Current Plan,Current Billing Term Start Date,Canceled On,MRR',
      'chargebee-subscriptions',
    ],
    [
      'Recurly',
      'uuid,account_code,plan_code,state,unit_amount,activated_at,current_period_ends_at',
      'recurly-subscriptions',
    ],
    [
      'Amazon, underscores',
      'amazon_order_id,order_item_id,purchase_date,buyer_email,item_price',
      'amazon-order-report',
    ],
    ['Taobao, full-width note', '订单编号,买家会员名,买家实际支付金额（元）,订单状态', 'taobao-orders'],
    [
      'Typeform',
      '#,How likely are you to recommend us?,Start Date (UTC),Submit Date (UTC),Network ID',
      'typeform-nps',
    ],
    [
      'SurveyMonkey',
      'Respondent ID,Collector ID,Start Date,End Date,How likely is it that you would recommend us?',
      'surveymonkey-nps',
    ],
  ])('%s', (_, names, id) => {
    expect(idOf(names)).toBe(id);
  });

  it.each([
    [
      'plain orders',
      'order_id,customer_id,ordered_at,product,category,quantity,unit_price,unit_cost,country,channel,status',
    ],
    [
      'plain subscriptions',
      'subscription_id,customer_id,plan,started_at,ended_at,amount,billing_interval,currency,cancellation_reason',
    ],
    [
      'an Online Retail export',
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    ],
    ['a CDNOW file', 'customer_id,sample_id,date,cds,amount'],
    ['a generic survey', '#,customer_id,How likely are you to recommend Acme?,Submit Date (UTC),plan'],
    ['Chinese orders without the platform columns', '订单号,客户ID,下单时间,金额,订单状态'],
    ['an order file that only looks like a shop export', 'order_id,order_date,order_total,email,status'],
  ])('recognises nothing in %s', (_, names) => {
    expect(idOf(names)).toBeNull();
  });

  it('prefers the shape with more of its headers present', () => {
    // both Square layouts need Gross Sales, Net Sales and Transaction ID; the items export also has Item and Qty
    const items = 'Date,Category,Item,Qty,Gross Sales,Net Sales,Transaction ID,Customer ID';
    expect(idOf(items)).toBe('square-item-sales');
    expect(idOf('Date,Time,Time Zone,Gross Sales,Net Sales,Total Collected,Transaction ID')).toBe(
      'square-transactions',
    );
  });
});

describe('the shape declarations', () => {
  it('name roles their kind has, with at least one header no generic export writes', () => {
    for (const shape of SHAPES) {
      expect(SOURCE_KINDS, shape.id).toContain(shape.kind);
      const roles = new Set(sourceDef(shape.kind).roles.map((r) => r.id));
      for (const role of Object.keys(shape.roles)) expect(roles.has(role), `${shape.id}: ${role}`).toBe(true);
      expect(shape.requires.length, shape.id).toBeGreaterThanOrEqual(3);
      expect(shape.docs, shape.id).toMatch(/^https:\/\//);
    }
  });

  it('have unique ids', () => {
    expect(new Set(SHAPES.map((s) => s.id)).size).toBe(SHAPES.length);
  });
});

describe('shapeGuess', () => {
  const profile = (spec: Record<string, [string, string[], number?]>): [ColumnInfo[], TableProfile] => {
    const cols = Object.entries(spec).map(([name, [type]]) => ({ name, type }));
    return [
      cols,
      {
        table: 't',
        rows: 10,
        columns: Object.entries(spec).map(([name, [type, samples, filled = 10]]) => ({
          name,
          type,
          samples,
          filled,
          distinct: samples.length,
        })),
      },
    ];
  };

  it('never maps an empty column: the next header the shape names, else the generic guess', () => {
    const [cols, p] = profile({
      Name: ['VARCHAR', ['#1001']],
      Email: ['VARCHAR', ['a@example.com']],
      'Financial Status': ['VARCHAR', ['paid', 'refunded']],
      Subtotal: ['DOUBLE', [], 0],
      Total: ['DOUBLE', ['12.5']],
      'Created at': ['VARCHAR', [], 0],
      'Paid at': ['VARCHAR', ['2024-03-05 14:22:10 -0500']],
      'Lineitem quantity': ['BIGINT', ['1']],
    });
    const shape = recognise(cols)!.shape;
    const g = shapeGuess(shape, 't', cols, p);
    expect(g.mapping.roles).toEqual({
      customerId: 'Email',
      orderedAt: 'Paid at',
      orderId: 'Name',
      amount: 'Total',
    });
    expect(g.mapping.filter).toEqual({ column: 'Financial Status', exclude: ['refunded'] });
    expect(g.reading.orderedAt.why).toBe('offset');
  });

  it('reads whole-number amounts of an API-style layout as cents, and says so', () => {
    const [cols, p] = profile({
      id: ['VARCHAR', ['sub_1']],
      customer: ['VARCHAR', ['cus_1']],
      status: ['VARCHAR', ['active', 'canceled']],
      start_date: ['BIGINT', ['1709648530']],
      ended_at: ['BIGINT', ['1712326930']],
      current_period_start: ['BIGINT', ['1709648530']],
      current_period_end: ['BIGINT', ['1712326930']],
      cancel_at_period_end: ['BOOLEAN', ['false']],
      plan_amount: ['BIGINT', ['4900']],
      plan_interval: ['VARCHAR', ['month']],
      currency: ['VARCHAR', ['usd']],
    });
    const g = shapeGuess(recognise(cols)!.shape, 't', cols, p);
    expect(g.shape.id).toBe('stripe-subscriptions');
    expect(g.mapping.roles).toMatchObject({
      customerId: 'customer',
      startedAt: 'start_date',
      endedAt: 'ended_at',
      periodAmount: 'plan_amount',
      interval: 'plan_interval',
      currency: 'currency',
    });
    expect(g.mapping.readAs).toMatchObject({
      periodAmount: { kind: 'number', decimal: '.', minorUnits: true },
      startedAt: { kind: 'epoch', unit: 's' },
    });
    expect(g.reading.periodAmount).toMatchObject({ why: 'layout', values: { example: '4900' } });
    // canceled is the churn, not a row to leave out
    expect(g.mapping.filter).toEqual({ column: 'status', exclude: [] });
  });
});
