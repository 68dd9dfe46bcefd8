// Revenue retention (docs/metrics.md#revenue-retention): monthly MRR per customer from subscriptions, the
// MRR movements of every month (new, expansion, contraction, churned, reactivation, exchange-rate drift)
// with the check that they add up, NRR and GRR (monthly and trailing twelve months), quick ratio, logo and
// revenue churn, ARPA, and revenue cohorts. The parts every query shares are in mrr_parts.sql.
import { chartOptions, defineAnalysis, type ChartContext } from '../define';
import { date, integer } from '../params';
import { bool, date as day, num, text } from '../rows';
import { splice, sqlParts } from '../bind';
import { isoDay } from '../cohorts';
import { mrrMovements, MOVEMENTS } from '../../charts/mrr-movements';
import { mrrWaterfall } from '../../charts/mrr-waterfall';
import { rateLines } from '../../charts/rate-lines';
import { cohortHeatmap } from '../../charts/cohort-heatmap';
import { currencyParam, ratesParam } from './money';
import { movementBars, revenueCheck, waterfallSpan, waterfallSteps } from './present';
import partsSql from './mrr_parts.sql?raw';
import retentionSql from './revenue_retention.sql?raw';
import cohortsSql from './revenue_cohorts.sql?raw';
import inputsSql from './revenue_inputs.sql?raw';
import customersSql from './revenue_customers.sql?raw';

const parts = sqlParts(partsSql);

/** The texts the revenue charts show, from the catalogue. */
export function revenueText(ctx: ChartContext): Record<string, string> {
  return {
    mrr: ctx.t('revenue.mrr'),
    ...Object.fromEntries(
      [...MOVEMENTS, 'start', 'end'].map((m) => [`movement.${m}`, ctx.t(`revenue.movements.${m}`)]),
    ),
  };
}

export const revenue = defineAnalysis({
  id: 'revenue',
  position: 35,
  sources: {
    subscriptions: {
      sql: splice(retentionSql, parts),
      drill: splice(customersSql, parts),
    },
  },
  params: [date('as_of'), currencyParam, ratesParam, integer('horizon', 12, { min: 1, max: 120 })],
  segment: 'filter',
  rows: {
    month: day,
    start_mrr: num,
    new_mrr: num,
    reactivation_mrr: num,
    expansion_mrr: num,
    contraction_mrr: num,
    churned_mrr: num,
    fx_mrr: num,
    end_mrr: num,
    difference: num,
    start_customers: num,
    end_customers: num,
    nrr: num.orNull,
    grr: num.orNull,
    nrr_12m: num.orNull,
    grr_12m: num.orNull,
    quick_ratio: num.orNull,
    logo_churn: num.orNull,
    revenue_churn: num.orNull,
    arpa: num.orNull,
  },
  views: {
    cohorts: {
      sql: splice(cohortsSql, { monthly_mrr: parts.monthly_mrr }),
      rows: {
        cohort: day.orNull,
        k: num,
        cohort_size: num,
        customers: num,
        retention: num,
        revenue_retention: num.orNull,
        mrr_per_customer: num,
        complete: bool,
        is_average: bool,
      },
    },
    inputs: {
      sql: splice(inputsSql, { monthly_mrr: parts.monthly_mrr }),
      rows: {
        currency: text,
        reporting_currency: text,
        subscriptions: num,
        customers: num,
        without_mrr: num,
        unread_interval: text.orNull,
        rate: num.orNull,
        status: text,
        first_month: day.orNull,
        last_month: day.orNull,
        months: num,
      },
    },
  },
  charts: [
    {
      id: 'mrrMovements',
      draw: ({ rows, params }, ctx) =>
        mrrMovements(movementBars(rows), chartOptions(ctx, params, revenueText(ctx))),
      drill: ({ rows }, index) => {
        const bar = movementBars(rows)[index];
        if (!bar) return null;
        return { from_month: isoDay(bar.month), to_month: isoDay(bar.month), movement: bar.movement };
      },
    },
    {
      id: 'mrrWaterfall',
      draw: ({ rows, params }, ctx) =>
        mrrWaterfall(waterfallSteps(rows), chartOptions(ctx, params, revenueText(ctx))),
      // a movement's bar: its customers over the span; the start and end totals have none to list
      drill: ({ rows }, index) => {
        const step = waterfallSteps(rows)[index];
        const span = waterfallSpan(rows);
        if (!step || step.step === 'start' || step.step === 'end' || span.length === 0) return null;
        return {
          from_month: isoDay(span[0].month),
          to_month: isoDay(span.at(-1)!.month),
          movement: step.step,
        };
      },
    },
    {
      id: 'nrrGrr',
      draw: ({ rows, params }, ctx) => {
        const series = {
          nrr_12m: ctx.t('revenue.nrr12'),
          grr_12m: ctx.t('revenue.grr12'),
          nrr: ctx.t('revenue.nrr'),
          grr: ctx.t('revenue.grr'),
        };
        const points = rows.flatMap((r) =>
          (Object.keys(series) as (keyof typeof series)[]).map((key) => ({
            period: r.month,
            series: series[key],
            value: r[key],
          })),
        );
        return rateLines(points, {
          ...chartOptions(ctx, params),
          series: Object.values(series),
          dashed: [series.nrr, series.grr],
          reference: 1,
        });
      },
    },
    {
      id: 'logoRevenueChurn',
      draw: ({ rows, params }, ctx) => {
        const logo = ctx.t('revenue.logoChurn');
        const revenueChurn = ctx.t('revenue.revenueChurn');
        const points = rows.flatMap((r) => [
          { period: r.month, series: logo, value: r.logo_churn },
          { period: r.month, series: revenueChurn, value: r.revenue_churn },
        ]);
        return rateLines(points, { ...chartOptions(ctx, params), series: [logo, revenueChurn] });
      },
    },
    {
      id: 'revenueCohorts',
      draw: ({ views, params }, ctx) =>
        cohortHeatmap(
          views.cohorts.map((c) => ({ ...c, cumulative_revenue_per_customer: c.mrr_per_customer })),
          'revenue_retention',
          chartOptions(
            ctx,
            { ...params, grain: 'month' },
            { k: ctx.t('revenue.monthsSince'), measure: ctx.t('revenue.revenueRetention') },
          ),
        ),
    },
  ],
  panels: ({ rows, views }) => {
    const last = rows.at(-1);
    return [
      ...(last ? [{ kind: 'revenueSummary' as const, month: last }] : []),
      { kind: 'revenueCheck' as const, check: revenueCheck(rows, views.inputs) },
    ];
  },
  docs: 'revenue-retention',
});

export default revenue;
