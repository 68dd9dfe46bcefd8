// Period retention and churn rate (docs/metrics.md#period-retention): S, E, N per period, from orders
// (an inactivity window, counted from the customers' order days: period_orders.sql) or subscriptions
// (coverage: the body period_retention.sql with the subscriptions' parts).
import { defineAnalysis, chartOptions } from '../define';
import { choice, date, integer } from '../params';
import { bool, date as day, num } from '../rows';
import { splice, sqlParts } from '../bind';
import { periodRetention } from '../../charts/period-retention';
import body from './period_retention.sql?raw';
import ordersSql from './period_orders.sql?raw';
import subscriptionsParts from './parts_subscriptions.sql?raw';

export const period = defineAnalysis({
  id: 'period',
  position: 20,
  sources: {
    orders: { sql: ordersSql },
    subscriptions: { sql: splice(body, sqlParts(subscriptionsParts)) },
  },
  params: [
    choice('grain', ['week', 'month', 'quarter', 'year'], 'month'),
    integer('window_days', 90, { min: 1, max: 3650 }, { sources: ['orders'] }),
    date('as_of', { sources: ['subscriptions'] }),
  ],
  prefetch: { param: 'grain', values: ['quarter', 'month', 'week', 'year'] },
  segment: 'filter',
  rows: {
    period: day,
    S: num,
    E: num,
    N: num,
    new: num,
    reactivated: num,
    retained: num,
    lost: num,
    crr: num.orNull,
    churn_rate: num.orNull,
    warm_up: bool,
  },
  charts: [
    {
      id: 'periodRetention',
      draw: ({ rows, params }, ctx) => periodRetention(rows, chartOptions(ctx, params)),
    },
  ],
  // the average over the periods past the warm-up, pooled (lost over S summed): each customer-period counts
  // once, so a small early period does not weigh as much as a large late one
  panels: ({ rows, params }) => {
    const steady = rows.filter((r) => !r.warm_up && r.S > 0);
    const S = steady.reduce((n, r) => n + r.S, 0);
    const retained = steady.reduce((n, r) => n + r.retained, 0);
    return [
      {
        kind: 'periodSummary',
        summary: {
          periods: steady.length,
          warmUp: rows.filter((r) => r.warm_up).length,
          crr: S > 0 ? retained / S : null,
          churn: S > 0 ? 1 - retained / S : null,
          windowDays: typeof params.window_days === 'number' ? params.window_days : null,
        },
      },
    ];
  },
  docs: 'period-retention',
});

export default period;
