// A share per segment (churn rate, repeat rate...), as horizontal bars with labels.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, percentFormat, type ChartOptions } from './common';

export function segmentBars(rows: { segment: string; value: number }[], options: ChartOptions) {
  const format = percentFormat(options.locale, 1);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(120, rows.length * 28 + 50),
    marginLeft: 140,
    x: {
      label: options.text.value,
      domain: [0, Math.max(0.05, ...rows.map((r) => r.value)) * 1.15],
      tickFormat: percentFormat(options.locale),
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
