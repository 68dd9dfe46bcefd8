// Survival (docs/metrics.md#survival): Kaplan-Meier curves of customer lifetime with right-censoring,
// from subscriptions or a snapshot; the estimator (survival.sql) is shared, each source brings its
// lifetimes.
import { defineAnalysis, chartOptions } from '../define';
import { choice, date } from '../params';
import { num, text } from '../rows';
import { splice } from '../bind';
import { survivalCurve } from '../../charts/survival-curve';
import body from './survival.sql?raw';
import subscriptionsLifetimes from './lifetimes_subscriptions.sql?raw';
import customersLifetimes from './lifetimes_customers.sql?raw';

export const survival = defineAnalysis({
  id: 'survival',
  position: 40,
  sources: {
    subscriptions: { sql: splice(body, { lifetimes: subscriptionsLifetimes }) },
    customers: { sql: splice(body, { lifetimes: customersLifetimes }) },
  },
  params: [
    choice('unit', ['day', 'week', 'month'], 'month', { sources: ['subscriptions'] }),
    date('as_of', { sources: ['subscriptions'] }),
  ],
  segment: 'breakdown',
  rows: {
    segment: text,
    t: num,
    at_risk: num,
    ended: num,
    censored: num,
    survival: num,
    median_lifetime: num.orNull,
  },
  charts: [
    {
      id: 'survival',
      draw: ({ rows, params }, ctx) =>
        survivalCurve(
          rows,
          chartOptions(ctx, params, { t: ctx.t(`params.unit.${String(params.unit ?? 'month')}`) }),
        ),
    },
  ],
  docs: 'survival',
});

export default survival;
