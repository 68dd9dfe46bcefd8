// The semantic layer: which column of the user's table plays which role, and the SQL that turns
// the table into a canonical one (`orders`, `subscriptions`, `customers`). Analyses read only those.
// Every identifier goes through quoteUntrustedIdentifier; filter values are quoted literals (they become
// part of a table definition, where no parameter can be bound).
import type { ColumnInfo } from '../engine/api';
import { quoteUntrustedIdentifier as id, quoteUntrustedLiteral as literal } from '../engine/sql';

export type CanonicalKind = 'orders' | 'subscriptions' | 'customers';

export interface RowFilter {
  column: string;
  /** Keep rows whose value is NOT one of these (e.g. exclude refunded / cancelled). */
  exclude: string[];
}

export interface OrdersMapping {
  kind: 'orders';
  table: string;
  customerId: string;
  orderedAt: string;
  /** Revenue per row; or quantity x unitPrice. */
  amount?: string;
  quantity?: string;
  unitPrice?: string;
  /** Line items sharing an order id become one order. */
  orderId?: string;
  /** Cost per unit (with quantity) or per row. */
  cost?: string;
  segments: string[];
  filter?: RowFilter;
}

export interface SubscriptionsMapping {
  kind: 'subscriptions';
  table: string;
  customerId: string;
  startedAt: string;
  endedAt?: string;
  mrr?: string;
  plan?: string;
  reason?: string;
  segments: string[];
  filter?: RowFilter;
}

export interface CustomersMapping {
  kind: 'customers';
  table: string;
  customerId: string;
  /** Tenure in periods (e.g. months). */
  tenure: string;
  /** Churned flag: boolean, 1/0, Yes/No. */
  churned: string;
  monthlyValue?: string;
  segments: string[];
  filter?: RowFilter;
}

export type Mapping = OrdersMapping | SubscriptionsMapping | CustomersMapping;

/** The roles a mapping form shows, per kind, and which are required. */
export const ROLES: Record<CanonicalKind, { role: string; required: boolean }[]> = {
  orders: [
    { role: 'customerId', required: true },
    { role: 'orderedAt', required: true },
    { role: 'orderId', required: false },
    { role: 'amount', required: false },
    { role: 'quantity', required: false },
    { role: 'unitPrice', required: false },
    { role: 'cost', required: false },
  ],
  subscriptions: [
    { role: 'customerId', required: true },
    { role: 'startedAt', required: true },
    { role: 'endedAt', required: false },
    { role: 'mrr', required: false },
    { role: 'plan', required: false },
    { role: 'reason', required: false },
  ],
  customers: [
    { role: 'customerId', required: true },
    { role: 'tenure', required: true },
    { role: 'churned', required: true },
    { role: 'monthlyValue', required: false },
  ],
};

// Name patterns per role, English and Chinese; the first pattern that matches wins, so order matters.
const NAMES: Record<string, RegExp[]> = {
  customerId: [
    /^(customer|client|user|member|buyer|account|subscriber)[ _-]?(id|no|number|key)$/i,
    /^customerid$|^cust_?id$|^uid$|^user$/i,
    /客户(id|编号|号)?$|用户(id|编号)?$|会员(id|编号)?$|买家(id)?$/i,
    /^(customer|client|email)$/i,
  ],
  orderedAt: [
    /^(order|invoice|purchase|transaction|created|payment)[ _-]?(date|time|at|datetime|timestamp)$/i,
    /^(ordered|purchased|created|paid)[ _-]?(at|on)$/i,
    /^invoicedate$|^date$|^datetime$|^timestamp$/i,
    /(下单|订单|购买|交易|支付)(日期|时间)|^日期$|^时间$/,
  ],
  orderId: [
    /^(order|invoice|transaction|receipt)[ _-]?(id|no|number)$/i,
    /^invoiceno$/i,
    /订单(号|编号|id)|交易(号|编号)/i,
  ],
  amount: [
    /^(amount|revenue|total|sales|price_total|order_total|gmv|net_sales|value|spend)$/i,
    /(amount|revenue|total)$/i,
    /金额|销售额|实付|收入|总价|消费/,
  ],
  quantity: [/^(quantity|qty|units|count)$/i, /数量|件数/],
  unitPrice: [/^(unit[ _-]?price|price|unitprice|item_price)$/i, /单价|价格/],
  cost: [/^(unit[ _-]?cost|cost|cogs)$/i, /成本/],
  startedAt: [
    /^(start|started|subscription_start|begin|signup|created)[ _-]?(date|at|on)?$/i,
    /开始(日期|时间)|订阅(日期|时间)|注册(日期|时间)/,
  ],
  endedAt: [
    /^(end|ended|cancel(l)?ed|churn(ed)?|stop(ped)?)[ _-]?(date|at|on)$/i,
    /^ended_at$/i,
    /结束(日期|时间)|取消(日期|时间)|流失(日期|时间)/,
  ],
  mrr: [
    /^(mrr|monthly[ _-]?(revenue|charges?|fee|amount))$/i,
    /^monthlycharges$/i,
    /月(收入|费用|付费)|月度/,
  ],
  plan: [/^(plan|tier|product|package|contract)$/i, /套餐|方案|计划/],
  reason: [/(cancel(l)?ation|churn)[ _-]?reason|^reason$/i, /原因/],
  tenure: [/^tenure([ _-]?(months|periods))?$/i, /在网时长|时长|月数/],
  churned: [/^(churn(ed)?|is[ _-]?churned|exited|left|cancel(l)?ed)$/i, /流失|是否流失/],
  monthlyValue: [/^(monthly[ _-]?(charges?|value|revenue)|mrr|arpu)$/i, /月(费|消费)/],
};

const isTemporal = (type: string) => /^(DATE|TIMESTAMP)/.test(type);
const isNumeric = (type: string) =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
    type,
  );

/** Which types a role accepts (a text column can still be cast: dates stored as text are common). */
function fits(role: string, type: string): boolean {
  switch (role) {
    case 'orderedAt':
    case 'startedAt':
    case 'endedAt':
      return isTemporal(type) || type === 'VARCHAR';
    case 'amount':
    case 'quantity':
    case 'unitPrice':
    case 'cost':
    case 'mrr':
    case 'tenure':
    case 'monthlyValue':
      return isNumeric(type);
    default:
      return true;
  }
}

/** Proposes a mapping of `columns` for `kind`; the user confirms or changes it. */
export function guessMapping(kind: CanonicalKind, table: string, columns: ColumnInfo[]): Mapping {
  const used = new Set<string>();
  const pick = (role: string): string | undefined => {
    for (const pattern of NAMES[role] ?? []) {
      const hit = columns.find((c) => !used.has(c.name) && pattern.test(c.name.trim()) && fits(role, c.type));
      if (hit) {
        used.add(hit.name);
        return hit.name;
      }
    }
    return undefined;
  };
  const firstOfType = (test: (type: string) => boolean) => {
    const hit = columns.find((c) => !used.has(c.name) && test(c.type));
    if (hit) used.add(hit.name);
    return hit?.name;
  };
  let mapping: Mapping;
  if (kind === 'orders') {
    const customerId = pick('customerId') ?? '';
    const orderId = pick('orderId');
    const orderedAt = pick('orderedAt') ?? firstOfType(isTemporal) ?? '';
    const quantity = pick('quantity');
    const unitPrice = pick('unitPrice');
    const amount = pick('amount');
    const cost = pick('cost');
    mapping = {
      kind,
      table,
      customerId,
      orderedAt,
      orderId,
      amount,
      quantity,
      unitPrice,
      cost,
      segments: [],
    };
    if (amount) {
      // a line total and a unit price: the total wins; quantity stays for cost
      if (unitPrice) mapping.unitPrice = undefined;
    }
  } else if (kind === 'subscriptions') {
    mapping = {
      kind,
      table,
      customerId: pick('customerId') ?? '',
      startedAt: pick('startedAt') ?? firstOfType(isTemporal) ?? '',
      endedAt: pick('endedAt'),
      mrr: pick('mrr') ?? pick('amount'),
      plan: pick('plan'),
      reason: pick('reason'),
      segments: [],
    };
  } else {
    mapping = {
      kind,
      table,
      customerId: pick('customerId') ?? '',
      tenure: pick('tenure') ?? '',
      churned: pick('churned') ?? '',
      monthlyValue: pick('monthlyValue'),
      segments: [],
    };
  }
  // Segments: the remaining text columns with few distinct values are likely candidates; we propose the
  // ones whose names say so.
  mapping.segments = columns
    .filter((c) => !used.has(c.name) && c.type === 'VARCHAR' && SEGMENT_NAMES.test(c.name))
    .map((c) => c.name);
  // the plan is the breakdown people ask for first
  if (mapping.kind === 'subscriptions' && mapping.plan) mapping.segments.unshift(mapping.plan);
  const status = columns.find(
    (c) => !used.has(c.name) && /^(status|state|order_status|订单状态|状态)$/i.test(c.name),
  );
  if (kind === 'orders' && status) mapping.filter = { column: status.name, exclude: [] };
  return mapping;
}

const SEGMENT_NAMES =
  /country|region|channel|segment|plan|tier|category|source|city|state|gender|contract|payment|size|market|store|国家|地区|渠道|城市|省|分类|类别|性别|会员等级/i;

/** Problems that make a mapping unusable, as message keys with the role they concern. */
export function mappingProblems(mapping: Mapping, columns: ColumnInfo[]): { code: string; role?: string }[] {
  const names = new Set(columns.map((c) => c.name));
  const problems: { code: string; role?: string }[] = [];
  for (const { role, required } of ROLES[mapping.kind]) {
    const column = (mapping as unknown as Record<string, string | undefined>)[role];
    if (!column) {
      if (required) problems.push({ code: 'missing', role });
    } else if (!names.has(column)) problems.push({ code: 'unknownColumn', role });
  }
  if (
    mapping.kind === 'orders' &&
    !mapping.amount &&
    Boolean(mapping.quantity) !== Boolean(mapping.unitPrice)
  )
    problems.push({ code: 'needBoth', role: mapping.quantity ? 'unitPrice' : 'quantity' });
  for (const s of mapping.segments) if (!names.has(s)) problems.push({ code: 'unknownColumn', role: s });
  return problems;
}

/** A column as a timestamp, whether it is stored as a date, a timestamp or text. */
function asTimestamp(column: string): string {
  return `TRY_CAST(${id(column)} AS TIMESTAMP)`;
}

function whereClause(filter: RowFilter | undefined): string {
  if (!filter || filter.exclude.length === 0) return '';
  const values = filter.exclude.map(literal).join(', ');
  return `WHERE ${id(filter.column)}::VARCHAR IS NULL OR ${id(filter.column)}::VARCHAR NOT IN (${values})`;
}

function segmentList(segments: string[], aggregate: boolean): string {
  return segments
    .map((s) => `,\n  ${aggregate ? `any_value(${id(s)})` : id(s)}::VARCHAR AS ${id(`segment_${s}`)}`)
    .join('');
}

/**
 * SQL that (re)creates the canonical table for a mapping. Materialised once per mapping so that every
 * analysis afterwards reads a compact table (docs/engine.md: work once per mapping, cheap per interaction).
 */
export function canonicalSql(mapping: Mapping): string {
  const source = id(mapping.table);
  const where = whereClause(mapping.filter);
  if (mapping.kind === 'orders') {
    const revenue = mapping.amount
      ? `TRY_CAST(${id(mapping.amount)} AS DOUBLE)`
      : mapping.quantity && mapping.unitPrice
        ? `TRY_CAST(${id(mapping.quantity)} AS DOUBLE) * TRY_CAST(${id(mapping.unitPrice)} AS DOUBLE)`
        : 'NULL::DOUBLE';
    const cost = mapping.cost
      ? mapping.quantity
        ? `TRY_CAST(${id(mapping.quantity)} AS DOUBLE) * TRY_CAST(${id(mapping.cost)} AS DOUBLE)`
        : `TRY_CAST(${id(mapping.cost)} AS DOUBLE)`
      : 'NULL::DOUBLE';
    const customer = `${id(mapping.customerId)}::VARCHAR`;
    if (mapping.orderId) {
      return `CREATE OR REPLACE TABLE orders AS
SELECT
  ${id(mapping.orderId)}::VARCHAR AS order_id,
  any_value(${customer}) AS customer_id,
  min(${asTimestamp(mapping.orderedAt)}) AS ordered_at,
  sum(${revenue}) AS amount,
  sum(${cost}) AS cost,
  count(*) AS lines${segmentList(mapping.segments, true)}
FROM ${source}
${where}
GROUP BY ${id(mapping.orderId)}
HAVING any_value(${customer}) IS NOT NULL AND min(${asTimestamp(mapping.orderedAt)}) IS NOT NULL`;
    }
    return `CREATE OR REPLACE TABLE orders AS
SELECT * FROM (
  SELECT
    row_number() OVER ()::VARCHAR AS order_id,
    ${customer} AS customer_id,
    ${asTimestamp(mapping.orderedAt)} AS ordered_at,
    ${revenue} AS amount,
    ${cost} AS cost,
    1 AS lines${segmentList(mapping.segments, false)}
  FROM ${source}
  ${where}
)
WHERE customer_id IS NOT NULL AND ordered_at IS NOT NULL`;
  }
  if (mapping.kind === 'subscriptions') {
    return `CREATE OR REPLACE TABLE subscriptions AS
SELECT * FROM (
  SELECT
    ${id(mapping.customerId)}::VARCHAR AS customer_id,
    ${asTimestamp(mapping.startedAt)} AS started_at,
    ${mapping.endedAt ? asTimestamp(mapping.endedAt) : 'NULL::TIMESTAMP'} AS ended_at,
    ${mapping.mrr ? `TRY_CAST(${id(mapping.mrr)} AS DOUBLE)` : 'NULL::DOUBLE'} AS mrr,
    ${mapping.plan ? `${id(mapping.plan)}::VARCHAR` : 'NULL::VARCHAR'} AS plan,
    ${mapping.reason ? `NULLIF(trim(${id(mapping.reason)}::VARCHAR), '')` : 'NULL::VARCHAR'} AS cancellation_reason${segmentList(mapping.segments, false)}
  FROM ${source}
  ${where}
)
WHERE customer_id IS NOT NULL AND started_at IS NOT NULL`;
  }
  return `CREATE OR REPLACE TABLE customers AS
SELECT * FROM (
  SELECT
    ${id(mapping.customerId)}::VARCHAR AS customer_id,
    TRY_CAST(${id(mapping.tenure)} AS DOUBLE) AS tenure,
    ${churnedFlag(id(mapping.churned))} AS churned,
    ${mapping.monthlyValue ? `TRY_CAST(${id(mapping.monthlyValue)} AS DOUBLE)` : 'NULL::DOUBLE'} AS monthly_value${segmentList(mapping.segments, false)}
  FROM ${source}
  ${where}
)
WHERE customer_id IS NOT NULL AND tenure IS NOT NULL AND churned IS NOT NULL`;
}

/** Yes/No, True/False, 1/0, 是/否 -> BOOLEAN. */
function churnedFlag(column: string): string {
  return `CASE
      WHEN lower(trim(${column}::VARCHAR)) IN ('yes', 'y', 'true', 't', '1', '是', 'churned', 'exited') THEN true
      WHEN lower(trim(${column}::VARCHAR)) IN ('no', 'n', 'false', 'f', '0', '否', 'active', 'stayed') THEN false
    END`;
}

/** The segment columns of a canonical table, by the user's column name. */
export function segmentColumn(name: string): string {
  return `segment_${name}`;
}

/** A key for "this file shape": the same columns get the same mapping back next time. */
export function shapeKey(kind: CanonicalKind, columns: ColumnInfo[]): string {
  return `${kind}:${columns.map((c) => `${c.name}:${c.type}`).join('|')}`;
}
