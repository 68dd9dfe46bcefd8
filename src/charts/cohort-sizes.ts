// New customers per cohort.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, periodLabel, type ChartOptions } from './common';
import type { CohortCell } from './cohort-heatmap';

export function cohortSizes(cells: CohortCell[], options: ChartOptions) {
  const label = periodLabel(options.grain, options.locale);
  const sizes = cells
    .filter((c) => !c.is_average && c.k === 0)
    .map((c) => ({ cohort: label(c.cohort!), size: c.cohort_size }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 240,
    marginBottom: 60,
    x: { label: null, tickRotate: -45, domain: sizes.map((s) => s.cohort) },
    y: { label: options.text.size, grid: true },
    marks: [Plot.barY(sizes, { x: 'cohort', y: 'size', fill: OKABE_ITO[0], tip: true }), Plot.ruleY([0])],
  });
}
