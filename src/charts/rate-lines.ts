// Rates over time as lines, one per series (NRR and GRR, monthly and trailing twelve months; logo and
// revenue churn; NPS by period): shares on the y axis, a reference line at 100% when a series can pass it.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, percentFormat, periodLabel, timeAxis, type ChartOptions } from './common';

export interface RatePoint {
  period: number;
  series: string;
  value: number | null;
}

export function rateLines(
  points: RatePoint[],
  options: ChartOptions & { series: string[]; reference?: number; dashed?: string[] },
) {
  const data = points.filter((p) => p.value != null).map((p) => ({ ...p, date: new Date(p.period) }));
  const label = periodLabel(options.grain ?? 'month', options.locale);
  const format = percentFormat(options.locale, 1);
  const dashed = new Set(options.dashed ?? []);
  return Plot.plot({
    document: options.document,
    width: options.width,
    // the last tick's label reaches past the plot
    marginRight: 32,
    height: 300,
    marginLeft: 52,
    x: timeAxis(
      data.map((d) => d.date),
      options.locale,
      options.width,
    ),
    y: {
      label: null,
      grid: true,
      tickFormat: percentFormat(options.locale),
      zero: options.reference === undefined,
    },
    color: { legend: true, domain: options.series, range: options.series.map((_, i) => OKABE_ITO[i]) },
    marks: [
      options.reference === undefined
        ? Plot.ruleY([0])
        : Plot.ruleY([options.reference], { strokeDasharray: '2,3' }),
      ...options.series.map((series) =>
        Plot.line(
          data.filter((d) => d.series === series),
          {
            x: 'date',
            y: 'value',
            stroke: 'series',
            strokeWidth: dashed.has(series) ? 1.2 : 2,
            strokeDasharray: dashed.has(series) ? '4,3' : undefined,
          },
        ),
      ),
      Plot.dot(data, {
        x: 'date',
        y: 'value',
        fill: 'series',
        r: 2,
        tip: { format: { x: (d: Date) => label(d.getTime()), y: format } },
      }),
    ],
  });
}
