// Repeat purchase and value (docs/metrics.md#repeat-purchase): AOV, frequency, repeat rate, revenue share
// of repeat customers, ARPU and margin, per segment.
import { defineAnalysis, chartOptions } from '../define';
import { num, text } from '../rows';
import { segmentBars } from '../../charts/segment-bars';
import { valueLabel } from '../labels';
import sql from './repeat_purchase.sql?raw';

export const repeat = defineAnalysis({
  id: 'repeat',
  position: 50,
  sources: { orders: { sql } },
  params: [],
  segment: 'breakdown',
  rows: { segment: text, repeat_rate: num },
  charts: [
    {
      id: 'repeatBySegment',
      draw: ({ rows, params }, ctx) =>
        segmentBars(
          rows.map((r) => ({
            segment: valueLabel('repeat', 'segment', r.segment, ctx.t),
            value: r.repeat_rate,
          })),
          chartOptions(ctx, params, { value: ctx.t('chart.repeatRate') }),
        ),
    },
  ],
  docs: 'repeat-purchase',
});

export default repeat;
