// Retention curves: one thin line per cohort and the weighted average as a thick line.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, periodLabel, percentFormat, type ChartOptions } from './common';
import type { CohortCell, CohortMeasure } from './cohort-heatmap';

export function cohortCurves(cells: CohortCell[], measure: CohortMeasure, options: ChartOptions) {
  const label = periodLabel(options.grain, options.locale);
  const isShare = measure !== 'cumulative_revenue_per_customer';
  const cohorts = cells
    .filter((c) => !c.is_average && c.complete)
    .map((c) => ({ ...c, name: label(c.cohort!) }));
  const average = cells.filter((c) => c.is_average);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    marginRight: 60,
    x: { label: options.text.k, tickFormat: 'd' },
    y: {
      label: options.text.measure,
      grid: true,
      tickFormat: isShare ? percentFormat(options.locale) : undefined,
    },
    marks: [
      Plot.ruleY([0]),
      Plot.line(cohorts, {
        x: 'k',
        y: measure,
        z: 'name',
        stroke: OKABE_ITO[5],
        strokeOpacity: 0.45,
        strokeWidth: 1,
      }),
      Plot.line(average, { x: 'k', y: measure, stroke: OKABE_ITO[0], strokeWidth: 3 }),
      Plot.dot(average, { x: 'k', y: measure, fill: OKABE_ITO[0], r: 3, tip: true }),
      Plot.text(average.slice(-1), {
        x: 'k',
        y: measure,
        text: () => options.text.average,
        dx: 6,
        textAnchor: 'start',
        fill: OKABE_ITO[0],
      }),
    ],
  });
}
