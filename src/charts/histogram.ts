// A distribution given as bins (from, to, count), e.g. days between purchases, with the median marked.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, type ChartOptions } from './common';

export function histogram(
  bins: { from_days: number; to_days: number; gaps: number }[],
  median: number | null,
  options: ChartOptions,
) {
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 260,
    x: { label: options.text.x },
    y: { label: options.text.y, grid: true },
    marks: [
      Plot.rectY(bins, {
        x1: 'from_days',
        x2: 'to_days',
        y: 'gaps',
        fill: OKABE_ITO[0],
        inset: 0.5,
        tip: true,
      }),
      Plot.ruleY([0]),
      ...(median == null ? [] : [Plot.ruleX([median], { stroke: OKABE_ITO[3], strokeWidth: 2 })]),
    ],
  });
}
