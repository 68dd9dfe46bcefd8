// Customer retention rate and churn rate per period; the warm-up periods (their start lacks the history the
// inactivity window needs) shaded, labelled and drawn faint, as they are left out of the average.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, percentFormat, timeAxis, type ChartOptions } from './common';

export interface PeriodRow {
  period: number;
  crr: number | null;
  churn_rate: number | null;
  warm_up?: boolean;
}

export function periodRetention(rows: PeriodRow[], options: ChartOptions) {
  const long = rows
    .flatMap((r) => [
      { period: new Date(r.period), rate: r.crr, series: options.text.crr, warm: r.warm_up ?? false },
      {
        period: new Date(r.period),
        rate: r.churn_rate,
        series: options.text.churn,
        warm: r.warm_up ?? false,
      },
    ])
    .filter((d) => d.rate != null);
  const warm = rows.filter((r) => r.warm_up);
  const steady = rows.find((r) => !r.warm_up);
  // the shaded span: from the first warm-up period to the first steady one (or the last period)
  const span = warm.length
    ? [{ x1: new Date(warm[0].period), x2: new Date((steady ?? warm[warm.length - 1]).period) }]
    : [];
  return Plot.plot({
    document: options.document,
    width: options.width,
    // the last tick's label reaches past the plot
    marginRight: 32,
    height: 300,
    x: timeAxis(
      rows.map((r) => r.period),
      options.locale,
      options.width,
    ),
    y: { label: null, grid: true, domain: [0, 1], tickFormat: percentFormat(options.locale) },
    color: {
      legend: true,
      domain: [options.text.crr, options.text.churn],
      range: [OKABE_ITO[0], OKABE_ITO[3]],
    },
    marks: [
      Plot.rect(span, { x1: 'x1', x2: 'x2', y1: 0, y2: 1, fill: 'currentColor', fillOpacity: 0.07 }),
      Plot.text(span, {
        x: 'x1',
        y: 1,
        text: () => options.text.warmUp,
        textAnchor: 'start',
        dx: 4,
        dy: 8,
        fillOpacity: 0.7,
      }),
      Plot.ruleY([0]),
      Plot.line(long, { x: 'period', y: 'rate', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(long, {
        x: 'period',
        y: 'rate',
        fill: 'series',
        fillOpacity: (d: { warm: boolean }) => (d.warm ? 0.35 : 1),
        r: 2.5,
        tip: { format: { y: percentFormat(options.locale, 1), fillOpacity: false } },
      }),
    ],
  });
}
