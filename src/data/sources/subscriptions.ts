// Subscriptions: who paid how much per month, from when to when, on which plan, and why they left. Two
// shapes of export are accepted (docs/metrics.md#the-column-mapping):
// - one row per subscription (or per stretch of one plan and price): a start, an end (empty: still
//   running), and either an MRR or an amount per billing period with its billing interval;
// - one row per invoice or billing period (an invoice id is mapped): an amount for the period, with the
//   period's end or its billing interval; a row covers its period only.
// Amounts per period are spread to monthly MRR (a yearly 1,200 is 100 a month). An amount read in minor
// units (cents, read-as.ts) is divided by the currency's own number of decimals. The currency stays a
// column: analyses that add MRR up pick one currency or convert (revenue retention), never mix silently.
import { defineSource, type MappingProblem } from './source';
import { AMOUNT_NAMES, customerIdRole } from './common';
import { double, raw, text, timestamp, trimmedText } from './expressions';
import { quoteUntrustedIdentifier as id } from '../../engine/sql';
import linesSql from './subscriptions_lines.sql?raw';

/**
 * Months in one billing interval written as text: month, quarter, half year, year, week, day in English and
 * Chinese (monthly, yearly, annual, 月付, 年付, 季度 ...), "3 months", "1 year", or a bare number of months.
 * Anything else is NULL: the row keeps its place, without MRR, and revenue retention counts it.
 */
function intervalMonths(column: string): string {
  const t = `lower(trim(${id(column)}::VARCHAR))`;
  const n = `TRY_CAST(regexp_extract(${t}, '^(\\d+)', 1) AS DOUBLE)`;
  return `CASE
      WHEN regexp_matches(${t}, '^(month|monthly|months|mo|mon|m|mth|月|月付|月度|每月|按月|包月)$') THEN 1
      WHEN regexp_matches(${t}, '^(quarter|quarterly|quarters|q|qtr|季|季度|季付|每季|按季|每季度)$') THEN 3
      WHEN regexp_matches(${t}, '^(half[ _-]?year(ly)?|semi[ _-]?annual(ly)?|biannual|半年|半年付|每半年)$') THEN 6
      WHEN regexp_matches(${t}, '^(year|yearly|years|annual|annually|yr|y|年|年付|年度|每年|按年|包年)$') THEN 12
      WHEN regexp_matches(${t}, '^(week|weekly|weeks|wk|w|周|周付|每周|按周)$') THEN 12 / 52
      WHEN regexp_matches(${t}, '^(day|daily|days|d|天|日|每天|按天)$') THEN 12 / 365
      WHEN regexp_matches(${t}, '^\\d+(\\.\\d+)?$') THEN TRY_CAST(${t} AS DOUBLE)
      WHEN regexp_matches(${t}, '^\\d+ ?(months?|mos?|个月|月)$') THEN ${n}
      WHEN regexp_matches(${t}, '^\\d+ ?(years?|yrs?|年)$') THEN 12 * ${n}
      WHEN regexp_matches(${t}, '^\\d+ ?(weeks?|wks?|周)$') THEN 12 / 52 * ${n}
    END`;
}

/** ISO 4217 currencies whose minor unit is not a hundredth (zero or three decimals). */
const ZERO_DECIMALS = 'JPY KRW VND CLP ISK UGX PYG XAF XOF XPF KMF GNF RWF VUV DJF BIF'.split(' ');
const THREE_DECIMALS = 'BHD KWD OMR JOD TND IQD LYD'.split(' ');
const list = (codes: string[]) => codes.map((c) => `'${c}'`).join(', ');

/**
 * Minor units are read as hundredths (read-as.ts); this puts back the currencies that have none (a yen
 * is its own minor unit) or a thousandth (Kuwaiti dinar).
 */
const decimalsCorrection = (currency: string) =>
  `CASE WHEN ${currency} IN (${list(ZERO_DECIMALS)}) THEN 100
      WHEN ${currency} IN (${list(THREE_DECIMALS)}) THEN 0.1 ELSE 1 END`;

export const subscriptions = defineSource({
  kind: 'subscriptions',
  roles: [
    customerIdRole,
    {
      id: 'startedAt',
      required: true,
      accepts: 'temporal',
      byType: true,
      names: [
        /^(start|started|subscription_start|begin|signup|created)[ _-]?(date|at|on)?$/i,
        /^(current[ _-]?|billing[ _-]?|service[ _-]?)?period[ _-]?start([ _-]?(date|at|on))?( \(utc\))?$/i,
        /开始(日期|时间)|订阅(日期|时间)|注册(日期|时间)|(账期|计费周期)开始/,
      ],
    },
    {
      id: 'endedAt',
      required: false,
      accepts: 'temporal',
      names: [
        /^(end|ended|cancel(l)?ed|churn(ed)?|stop(ped)?)[ _-]?(date|at|on)$/i,
        /^ended_at$/i,
        /^(current[ _-]?|billing[ _-]?|service[ _-]?)?period[ _-]?end([ _-]?(date|at|on))?( \(utc\))?$/i,
        /结束(日期|时间)|取消(日期|时间)|流失(日期|时间)|(账期|计费周期)结束/,
      ],
    },
    {
      id: 'mrr',
      required: false,
      accepts: 'numeric',
      names: [
        /^(mrr|monthly[ _-]?(revenue|charges?|fee|amount))$/i,
        /^monthlycharges$/i,
        /月(收入|费用|付费)|月度/,
      ],
    },
    {
      id: 'periodAmount',
      required: false,
      accepts: 'numeric',
      names: [
        /^(amount|amount[ _-]?(paid|due|billed|charged)|plan[ _-]?amount|invoice[ _-]?(amount|total)|subtotal|price)$/i,
        /^(amount|total)[ _-]?(in[ _-]?)?cents$/i,
        ...AMOUNT_NAMES,
      ],
    },
    {
      id: 'interval',
      required: false,
      accepts: 'any',
      names: [
        /^((billing|plan|payment)[ _-]?)?(interval|cycle|frequency|term)$/i,
        /^billing[ _-]?period$/i,
        /计费周期|付费周期|付款周期|账期$/,
      ],
    },
    {
      id: 'intervalCount',
      required: false,
      accepts: 'numeric',
      names: [/^((billing|plan)[ _-]?)?interval[ _-]?count$/i],
    },
    {
      id: 'currency',
      required: false,
      accepts: 'any',
      names: [/^(currency|currency[ _-]?code|ccy)$/i, /币种|货币/],
    },
    {
      id: 'invoiceId',
      required: false,
      accepts: 'any',
      names: [/^(invoice|bill|charge)[ _-]?(id|no|number|#)$/i, /^invoice$/i, /(账单|发票)(号|编号|id)/i],
    },
    {
      id: 'plan',
      required: false,
      accepts: 'any',
      names: [/^(plan|tier|product|package|contract)$/i, /套餐|方案|计划/],
    },
    {
      id: 'reason',
      required: false,
      accepts: 'any',
      names: [/(cancel(l)?ation|churn)[ _-]?reason|^reason$/i, /原因/],
    },
  ],
  stages({ roles, readAs = {} }) {
    const currency = roles.currency
      ? `NULLIF(upper(trim(${id(roles.currency)}::VARCHAR)), '')`
      : 'NULL::VARCHAR';
    const amountRead = readAs.periodAmount;
    const amount = roles.periodAmount
      ? amountRead?.kind === 'number' && amountRead.minorUnits && roles.currency
        ? `${double(roles.periodAmount, amountRead)} * ${decimalsCorrection(currency)}`
        : double(roles.periodAmount, amountRead)
      : 'NULL::DOUBLE';
    const months = roles.interval
      ? `(${intervalMonths(roles.interval)}) * ${roles.intervalCount ? `coalesce(${double(roles.intervalCount)}, 1)` : '1'}`
      : 'NULL::DOUBLE';
    return {
      lines: linesSql,
      select:
        'customer_id, started_at, period_end AS ended_at, monthly AS mrr, plan, cancellation_reason, ' +
        'currency, amount, billing_months, billing_interval, billing_period',
      fragments: {
        customer_id: trimmedText(roles.customerId),
        started_at: timestamp(roles.startedAt, readAs.startedAt),
        raw_start: raw(roles.startedAt),
        ended_at: timestamp(roles.endedAt, readAs.endedAt),
        raw_end: raw(roles.endedAt),
        mrr: double(roles.mrr, readAs.mrr),
        plan: text(roles.plan),
        reason: trimmedText(roles.reason),
        currency,
        amount,
        billing_months: months,
        billing_interval: roles.intervalCount
          ? `concat_ws(' x ', ${raw(roles.intervalCount)}, ${raw(roles.interval)})`
          : raw(roles.interval),
        billing_period: roles.invoiceId ? 'true' : 'false',
      },
    };
  },
  warnings: () => [
    {
      // without an end, nobody leaves: retention reads 100% and churn 0%
      code: 'nobodyEnds',
      sql: `SELECT count(*) > 0 AND count(ended_at) = 0 AS hit, count(*) AS subscriptions FROM subscriptions`,
    },
    {
      // revenue retention converts with the rates given; cohort revenue adds MRR as it is
      code: 'severalCurrencies',
      sql: `SELECT count(DISTINCT currency) > 1 AS hit, count(DISTINCT currency) AS count,
              string_agg(DISTINCT currency, ', ' ORDER BY currency) AS currencies
            FROM subscriptions`,
    },
    {
      code: 'futureStarts',
      sql: `SELECT count(*) > 0 AS hit, count(*) AS subscriptions, max(started_at)::DATE::VARCHAR AS latest
            FROM subscriptions WHERE started_at > now()::TIMESTAMP + INTERVAL 1 DAY`,
    },
  ],
  problems({ roles }) {
    const problems: MappingProblem[] = [];
    // one money column: an MRR, or an amount per billing period
    if (roles.mrr && roles.periodAmount) problems.push({ code: 'oneAmount', role: 'periodAmount' });
    // an amount per period needs the period's length: the interval, or (for invoice rows) the period's end
    const length = roles.interval || (roles.invoiceId && roles.endedAt);
    if ((roles.periodAmount && !roles.mrr && !length) || (roles.intervalCount && !roles.interval))
      problems.push({ code: 'needInterval', role: 'interval' });
    return problems;
  },
  refineGuess(mapping) {
    let { roles, segments } = mapping;
    // an MRR column wins over an amount; an amount with nothing to say its period is read as MRR, as it
    // was before billing intervals were read
    if (roles.mrr && roles.periodAmount) {
      const { periodAmount: _amount, ...rest } = roles;
      roles = rest;
    } else if (roles.periodAmount && !roles.interval && !(roles.invoiceId && roles.endedAt)) {
      const { periodAmount, ...rest } = roles;
      roles = { ...rest, mrr: periodAmount };
    }
    // the plan is the breakdown people ask for first
    const plan = roles.plan;
    if (plan) segments = [plan, ...segments.filter((s) => s !== plan)];
    return { ...mapping, roles, segments };
  },
  docs: 'the-column-mapping',
});
