// Formula CLV (docs/metrics.md#formula-clv): AOV x purchase frequency x gross margin x expected lifespan,
// each factor its own CTE of clv_formula.sql, shown as a product with its value and SQL (the factors panel).
import { defineAnalysis, chartOptions } from '../define';
import { integer, number } from '../params';
import { bool, num, text } from '../rows';
import { segmentBars } from '../../charts/segment-bars';
import { valueLabel } from '../labels';
import sql from './clv_formula.sql?raw';

export const clvFormula = defineAnalysis({
  id: 'clvFormula',
  position: 70,
  sources: { orders: { sql } },
  params: [
    number('margin', 0.3, { min: 0, max: 1 }),
    integer('churn_window_days', 365, { min: 30, max: 3650 }),
  ],
  segment: 'breakdown',
  rows: {
    segment: text,
    aov: num.orNull,
    purchase_frequency: num.orNull,
    gross_margin: num.orNull,
    margin_from: text,
    annual_churn_rate: num.orNull,
    churn_window_complete: bool.orNull,
    expected_lifespan_years: num.orNull,
    clv: num.orNull,
  },
  charts: [
    {
      id: 'clvBySegment',
      draw: ({ rows, params }, ctx) =>
        segmentBars(
          rows.map((r) => ({
            segment: valueLabel('clvFormula', 'segment', r.segment, ctx.t),
            value: r.clv ?? NaN,
          })),
          {
            ...chartOptions(ctx, params, { value: ctx.t('chart.clv') }),
            amount: true,
          },
        ),
    },
  ],
  panels: ({ rows }, runnable) => [{ kind: 'factors', rows, sql: runnable }],
  docs: 'formula-clv',
});

export default clvFormula;
