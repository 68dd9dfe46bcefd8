// Cohort retention (docs/metrics.md#cohort-retention): a triangle of cohorts by periods since the first,
// from orders or from subscriptions; the body (cohort_retention.sql) is shared, each source brings its
// activity part.
import { defineAnalysis, chartOptions } from '../define';
import { choice, date, integer } from '../params';
import { bool, date as day, num } from '../rows';
import { splice } from '../bind';
import { cohortHeatmap, type CohortMeasure } from '../../charts/cohort-heatmap';
import { cohortCurves } from '../../charts/cohort-curves';
import { cohortSizes } from '../../charts/cohort-sizes';
import body from './cohort_retention.sql?raw';
import ordersActivity from './activity_orders.sql?raw';
import subscriptionsActivity from './activity_subscriptions.sql?raw';
import ordersCustomers from './customers_orders.sql?raw';
import subscriptionsCustomers from './customers_subscriptions.sql?raw';

export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
const MEASURES = ['retention', 'revenue_retention', 'cumulative_revenue_per_customer'] as const;

const measureOf = (value: unknown): CohortMeasure => MEASURES.find((m) => m === value) ?? 'retention';

/** A cohort's first day, as the drill query's $cohort. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const cohorts = defineAnalysis({
  id: 'cohorts',
  position: 10,
  sources: {
    orders: { sql: splice(body, { activity: ordersActivity }), drill: ordersCustomers },
    subscriptions: {
      sql: splice(body, { activity: subscriptionsActivity }),
      drill: splice(subscriptionsCustomers, { activity: subscriptionsActivity }),
    },
  },
  params: [
    choice('grain', GRAINS, 'month'),
    choice('week_start', ['monday', 'sunday'], 'monday', { shownWhen: { param: 'grain', is: ['week'] } }),
    integer('horizon', 12, { min: 1, max: 120 }),
    choice('rule', ['on', 'on_or_after'], 'on'),
    choice('measure', MEASURES, 'retention'),
    date('as_of', { sources: ['subscriptions'] }),
  ],
  // the grain select's neighbours of the default first (their cohort cells are made in the background too:
  // summaries.ts, relatedSummaries)
  prefetch: { param: 'grain', values: ['quarter', 'month', 'year', 'week'] },
  segment: 'filter',
  rows: {
    cohort: day.orNull,
    k: num,
    cohort_size: num,
    customers: num,
    retention: num,
    revenue: num,
    revenue_retention: num.orNull,
    cumulative_revenue_per_customer: num,
    complete: bool,
    is_average: bool,
  },
  charts: [
    {
      id: 'cohortHeatmap',
      draw: ({ rows, params }, ctx) => {
        const measure = measureOf(params.measure);
        return cohortHeatmap(
          rows,
          measure,
          chartOptions(ctx, params, { measure: ctx.t(`params.measure.${measure}`) }),
        );
      },
      // the heatmap draws every row, in order: a mark's index is its row
      drill: ({ rows }, index) => {
        const row = rows[index];
        if (!row || row.is_average || row.cohort === null) return null;
        return { cohort: isoDay(row.cohort), k: row.k };
      },
    },
    {
      id: 'cohortCurves',
      draw: ({ rows, params }, ctx) => {
        const measure = measureOf(params.measure);
        return cohortCurves(
          rows,
          measure,
          chartOptions(ctx, params, { measure: ctx.t(`params.measure.${measure}`) }),
        );
      },
    },
    { id: 'cohortSizes', draw: ({ rows, params }, ctx) => cohortSizes(rows, chartOptions(ctx, params)) },
  ],
  docs: 'cohort-retention',
});

export default cohorts;
