// Churn (docs/metrics.md#churn): non-contractual churn from orders (an inactivity window, with the
// customers whose window is still open kept apart), logo churn per period from subscriptions, and the
// churned share of a snapshot, each broken down by segment.
import { defineAnalysis, chartOptions } from '../define';
import { choice, date, integer } from '../params';
import { date as day, num, text } from '../rows';
import { segmentBars } from '../../charts/segment-bars';
import { valueLabel } from '../labels';
import { periodRetention } from '../../charts/period-retention';
import ordersSql from './churn_orders.sql?raw';
import subscriptionsSql from './churn_subscriptions.sql?raw';
import customersSql from './churn_customers.sql?raw';

export const churn = defineAnalysis({
  id: 'churn',
  position: 30,
  sources: {
    orders: { sql: ordersSql },
    subscriptions: { sql: subscriptionsSql },
    customers: { sql: customersSql },
  },
  params: [
    integer('window_days', 90, { min: 1, max: 3650 }, { sources: ['orders'] }),
    choice('grain', ['month', 'quarter', 'year'], 'month', { sources: ['subscriptions'] }),
    date('as_of', { sources: ['orders', 'subscriptions'] }),
  ],
  segment: 'breakdown',
  // the sources return different columns: only those the charts read are declared, optional where a
  // source lacks them (churn_rate: orders and snapshots; period and logo_churn: subscriptions)
  rows: {
    segment: text,
    churn_rate: num.optional,
    period: day.optional,
    logo_churn: num.optional,
  },
  charts: [
    {
      id: 'churnBySegment',
      applies: ({ source }) => source !== 'subscriptions',
      draw: ({ rows, params }, ctx) =>
        segmentBars(
          rows.map((r) => ({
            segment: valueLabel('churn', 'segment', r.segment, ctx.t),
            value: r.churn_rate ?? 0,
          })),
          chartOptions(ctx, params, { value: ctx.t('chart.churn') }),
        ),
    },
    {
      id: 'logoChurn',
      applies: ({ source }) => source === 'subscriptions',
      draw: ({ rows, params }, ctx) =>
        periodRetention(
          rows
            .filter((r) => r.segment === 'All' && r.period !== null)
            .map((r) => ({ period: r.period!, crr: null, churn_rate: r.logo_churn })),
          chartOptions(ctx, params),
        ),
    },
  ],
  docs: 'churn',
});

export default churn;
