// The cohort triangle: one row per cohort, one column per period since the first, coloured and labelled
// by the chosen measure. Incomplete cells are drawn faded and marked; the average row sits at the bottom.
import * as Plot from '@observablehq/plot';
import { periodLabel, isNarrow, numberFormat, percentFormat, type ChartOptions } from './common';

export interface CohortCell {
  cohort: number | null;
  k: number;
  cohort_size: number;
  customers: number;
  retention: number;
  revenue_retention: number | null;
  cumulative_revenue_per_customer: number;
  complete: boolean;
  is_average: boolean;
}

export type CohortMeasure = 'retention' | 'revenue_retention' | 'cumulative_revenue_per_customer';

export function cohortHeatmap(
  cells: CohortCell[],
  measure: CohortMeasure,
  options: ChartOptions,
): SVGSVGElement | HTMLElement {
  const label = periodLabel(options.grain, options.locale);
  const rowName = (c: CohortCell) => (c.is_average ? options.text.average : label(c.cohort!));
  const cohorts = [...new Set(cells.filter((c) => !c.is_average).map((c) => c.cohort!))].sort(
    (a, b) => a - b,
  );
  const domain = [...cohorts.map((c) => label(c)), options.text.average];
  const isShare = measure !== 'cumulative_revenue_per_customer';
  const format = isShare ? percentFormat(options.locale) : numberFormat(options.locale, 0);
  const data = cells.map((c) => ({ ...c, row: rowName(c), value: c[measure] }));
  const top = isShare
    ? Math.min(1, Math.max(0.2, ...data.filter((d) => d.k > 0).map((d) => d.value ?? 0)))
    : Math.max(...data.map((d) => d.value ?? 0));
  const narrow = isNarrow(options.width);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(160, 22 * domain.length + 60),
    marginLeft: narrow ? 78 : 96,
    padding: 0.04,
    x: { label: options.text.k, axis: 'top', type: 'band' },
    y: { label: null, domain },
    color: {
      scheme: 'blues',
      type: 'linear',
      domain: [0, top],
      // no colour ramp: every cell carries its value as a label (and a ramp needs a canvas)
      label: options.text.measure,
      tickFormat: format,
    },
    marks: [
      Plot.cell(data, {
        x: 'k',
        y: 'row',
        fill: 'value',
        fillOpacity: (d: CohortCell) => (d.complete ? 1 : 0.35),
        inset: 0.5,
        // each cell says which datum it draws, so a click can open the customers behind it
        render(index, scales, values, dimensions, context, next) {
          const group = next!(index, scales, values, dimensions, context) as SVGGElement;
          [...group.querySelectorAll('rect')].forEach((rect, i) => {
            rect.setAttribute('data-index', String(index[i]));
            rect.style.cursor = 'pointer';
          });
          return group;
        },
        tip: {
          format: { fill: false, fillOpacity: false },
        },
        channels: {
          [options.text.cohort]: 'row',
          [options.text.customers]: 'customers',
          [options.text.size]: 'cohort_size',
          [options.text.measure]: { value: 'value', label: options.text.measure },
        },
      }),
      Plot.text(data, {
        x: 'k',
        y: 'row',
        text: (d: { value: number | null; complete: boolean }) =>
          `${format(d.value ?? NaN)}${d.complete ? '' : '*'}`,
        fill: (d: { value: number | null }) => ((d.value ?? 0) > top * 0.55 ? 'white' : 'black'),
        fontSize: narrow ? 8 : 10,
        pointerEvents: 'none', // clicks go to the cell underneath
      }),
    ],
  });
}
