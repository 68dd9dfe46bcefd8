// Days between purchases (docs/metrics.md#repeat-purchase): the distribution of gaps between a customer's
// purchase days, with the median.
import { defineAnalysis, chartOptions } from '../define';
import { integer } from '../params';
import { num } from '../rows';
import { histogram } from '../../charts/histogram';
import sql from './days_between.sql?raw';

export const gaps = defineAnalysis({
  id: 'gaps',
  position: 60,
  sources: { orders: { sql } },
  params: [integer('bin_days', 30, { min: 1, max: 365 })],
  segment: 'filter',
  rows: { from_days: num, to_days: num, gaps: num, share: num, median_gap: num },
  charts: [
    {
      id: 'daysBetween',
      draw: ({ rows, params }, ctx) =>
        histogram(
          rows,
          rows.length ? rows[0].median_gap : null,
          chartOptions(ctx, params, { x: ctx.t('chart.gapDays'), y: ctx.t('chart.gaps') }),
        ),
    },
  ],
  docs: 'repeat-purchase',
});

export default gaps;
