// A value per segment (churn rate, repeat rate, CLV...), as horizontal bars with labels: shares by default,
// amounts with `amount`.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, percentFormat, type ChartOptions } from './common';

export function segmentBars(
  rows: { segment: string; value: number }[],
  options: ChartOptions & { amount?: boolean },
) {
  const format = options.amount ? numberFormat(options.locale, 2) : percentFormat(options.locale, 1);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(120, rows.length * 28 + 50),
    marginLeft: 140,
    x: {
      label: options.text.value,
      domain: [0, Math.max(options.amount ? 1 : 0.05, ...rows.map((r) => r.value || 0)) * 1.15],
      tickFormat: options.amount ? numberFormat(options.locale) : percentFormat(options.locale),
    },
    y: { label: null, domain: rows.map((r) => r.segment) },
    marks: [
      Plot.barX(rows, {
        x: 'value',
        y: 'segment',
        fill: (d: { segment: string }) => (d.segment === 'All' ? OKABE_ITO[7] : OKABE_ITO[0]),
        tip: true,
      }),
      Plot.text(rows, {
        x: 'value',
        y: 'segment',
        text: (d: { value: number }) => format(d.value),
        dx: 4,
        textAnchor: 'start',
      }),
      Plot.ruleX([0]),
    ],
  });
}
