// Customer retention rate and churn rate per period.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, percentFormat, type ChartOptions } from './common';

export interface PeriodRow {
  period: number;
  crr: number | null;
  churn_rate: number | null;
}

export function periodRetention(rows: PeriodRow[], options: ChartOptions) {
  const long = rows
    .flatMap((r) => [
      { period: new Date(r.period), rate: r.crr, series: options.text.crr },
      { period: new Date(r.period), rate: r.churn_rate, series: options.text.churn },
    ])
    .filter((d) => d.rate != null);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    x: { label: null, type: 'utc' },
    y: { label: null, grid: true, domain: [0, 1], tickFormat: percentFormat(options.locale) },
    color: {
      legend: true,
      domain: [options.text.crr, options.text.churn],
      range: [OKABE_ITO[0], OKABE_ITO[3]],
    },
    marks: [
      Plot.ruleY([0]),
      Plot.line(long, { x: 'period', y: 'rate', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(long, {
        x: 'period',
        y: 'rate',
        fill: 'series',
        r: 2.5,
        tip: { format: { y: percentFormat(options.locale, 1) } },
      }),
    ],
  });
}
