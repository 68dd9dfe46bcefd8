// Churn reasons (docs/metrics.md#churn-reasons): why customers leave, from the cancellation reason of the
// subscriptions or from a cancellation survey joined by customer: churns, share and lost MRR by reason in a
// Pareto chart, the trend by quarter, reasons by tenure band and by segment, free text classified by
// editable keyword rules (English and Chinese shipped, the unclassified share always shown), each reason
// tagged controllable or not with the controllable share of churn and of lost MRR.
import { chartOptions, defineAnalysis, type ChartContext } from '../define';
import { date, type TextParam } from '../params';
import { bool, date as day, num, text } from '../rows';
import { splice, sqlParts } from '../bind';
import { isoDay } from '../cohorts';
import { currencyParam } from '../revenue/money';
import { SUBSCRIPTIONS_IF_MISSING } from '../linked';
import { reasonPareto, reasonShares } from '../../charts/reasons';
import { periodLabel } from '../../charts/common';
import { checkReasonRules, DEFAULT_REASON_RULES, encodeReasonRules } from './rules';
import { paretoBars, reasonLabel, reasonMark, shareBars } from './present';
import partsSql from './reasons_parts.sql?raw';
import subscriptionEvents from './events_subscriptions.sql?raw';
import cancellationEvents from './events_cancellations.sql?raw';
import reasonsSql from './reasons.sql?raw';
import summarySql from './reason_summary.sql?raw';
import trendSql from './reason_trend.sql?raw';
import tenureSql from './reason_tenure.sql?raw';
import churnsSql from './reason_churns.sql?raw';

const classified = sqlParts(partsSql).classified;
const events = {
  subscriptions: sqlParts(subscriptionEvents).events,
  cancellations: sqlParts(cancellationEvents).events,
};
/** A body with each source's events. */
const bySource = (body: string) => ({
  subscriptions: splice(body, { events: events.subscriptions, classified }),
  cancellations: splice(body, { events: events.cancellations, classified }),
});

export const BANDS = ['under3m', 'under1y', 'under2y', 'over2y', 'unknown'] as const;

/** The rules parameter, shared with the cancel funnel (its save rate by reason). */
export const reasonRulesParam: TextParam = {
  id: 'reason_rules',
  kind: 'rules',
  editor: 'reasonRules',
  default: encodeReasonRules(DEFAULT_REASON_RULES),
  check: checkReasonRules,
  maxLength: 40_000,
  docs: 'reason rules (one per line: name, `yes` or `no` for controllable, keywords separated by `|`, tab-separated)',
};

function reasonText(ctx: ChartContext): Record<string, string> {
  return {
    churns: ctx.t('reasons.churns'),
    cumulative: ctx.t('reasons.cumulative'),
    controllable: ctx.t('reasons.controllable'),
    uncontrollable: ctx.t('reasons.uncontrollable'),
    unknown: ctx.t('reasons.unknownControl'),
    share: ctx.t('reasons.share'),
  };
}

const groupRow = { classification: text, category: text.orNull, churns: num, share: num };

export const reasons = defineAnalysis({
  id: 'reasons',
  position: 37,
  sources: {
    subscriptions: { sql: bySource(reasonsSql).subscriptions, drill: bySource(churnsSql).subscriptions },
    cancellations: { sql: bySource(reasonsSql).cancellations, drill: bySource(churnsSql).cancellations },
  },
  params: [reasonRulesParam, currencyParam, date('as_of')],
  segment: 'breakdown',
  rows: {
    segment: text,
    classification: text,
    category: text.orNull,
    controllable: bool.orNull,
    churns: num,
    share: num,
    lost_mrr: num.orNull,
    mrr_share: num.orNull,
    cumulative_share: num,
  },
  views: {
    summary: {
      sql: bySource(summarySql),
      rows: {
        churns: num,
        classified: num,
        unclassified: num,
        no_reason: num,
        controllable: num,
        controllable_share: num.orNull,
        lost_mrr: num.orNull,
        controllable_mrr_share: num.orNull,
        other_currency: num,
        without_mrr: num,
        currency: text,
        first_churn: day.orNull,
        last_churn: day.orNull,
      },
    },
    trend: { sql: bySource(trendSql), rows: { quarter: day, ...groupRow } },
    tenure: { sql: bySource(tenureSql), rows: { tenure_band: text, ...groupRow } },
  },
  charts: [
    {
      id: 'reasonPareto',
      draw: ({ rows, params }, ctx) =>
        reasonPareto(paretoBars(rows, ctx.t), chartOptions(ctx, params, reasonText(ctx))),
      drill: ({ rows }, index) => {
        const row = rows.filter((r) => r.segment === 'All')[index];
        return row ? reasonMark(row, {}) : null;
      },
    },
    {
      id: 'reasonTrend',
      draw: ({ views, params }, ctx) => {
        const label = periodLabel('quarter', ctx.locale);
        const bars = shareBars(
          views.trend.map((r) => ({ ...r, group: label(r.quarter) })),
          ctx.t,
        );
        return reasonShares(bars, {
          ...chartOptions(ctx, params, reasonText(ctx)),
          groups: [...new Set(bars.map((b) => b.group))],
          reasons: [...new Set(bars.map((b) => b.label))],
        });
      },
      drill: ({ views }, index) => {
        const row = views.trend[index];
        return row ? reasonMark(row, { quarter: isoDay(row.quarter) }) : null;
      },
    },
    {
      id: 'reasonTenure',
      draw: ({ views, params }, ctx) => {
        const band = (b: string) => ctx.t(`reasons.bands.${b}`);
        const present = BANDS.filter((b) => views.tenure.some((r) => r.tenure_band === b));
        const bars = shareBars(
          views.tenure.map((r) => ({ ...r, group: band(r.tenure_band) })),
          ctx.t,
        );
        return reasonShares(bars, {
          ...chartOptions(ctx, params, reasonText(ctx)),
          groups: present.map(band),
          reasons: [...new Set(bars.map((b) => b.label))],
        });
      },
      drill: ({ views }, index) => {
        const row = views.tenure[index];
        return row ? reasonMark(row, { tenure_band: row.tenure_band }) : null;
      },
    },
    {
      id: 'reasonSegments',
      applies: ({ rows }) => rows.some((r) => r.segment !== 'All'),
      draw: ({ rows, params }, ctx) => {
        const bars = shareBars(
          rows.filter((r) => r.segment !== 'All').map((r) => ({ ...r, group: r.segment })),
          ctx.t,
        );
        return reasonShares(bars, {
          ...chartOptions(ctx, params, reasonText(ctx)),
          groups: [...new Set(bars.map((b) => b.group))],
          reasons: [...new Set(rows.filter((r) => r.segment === 'All').map((r) => reasonLabel(r, ctx.t)))],
        });
      },
      drill: ({ rows }, index) => {
        const row = rows.filter((r) => r.segment !== 'All')[index];
        return row ? reasonMark(row, { mark_segment: row.segment }) : null;
      },
    },
  ],
  panels: ({ views }) =>
    views.summary[0] ? [{ kind: 'reasonsSummary' as const, summary: views.summary[0] }] : [],
  // lost MRR and tenure come from the subscriptions when there are some; an empty table until then
  afterMapping: { cancellations: SUBSCRIPTIONS_IF_MISSING },
  linked: ['subscriptions'],
  docs: 'churn-reasons',
});

export default reasons;
