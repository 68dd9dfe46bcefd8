// Kaplan-Meier survival curves per segment, as steps, with the 50% line for the median.
import * as Plot from '@observablehq/plot';
import { OKABE_ITO, percentFormat, type ChartOptions } from './common';

export interface SurvivalRow {
  segment: string;
  t: number;
  survival: number;
}

export function survivalCurve(rows: SurvivalRow[], options: ChartOptions) {
  const segments = [...new Set(rows.map((r) => r.segment))];
  // every curve starts at 1 at t = 0
  const data = [...segments.map((segment) => ({ segment, t: 0, survival: 1 })), ...rows].sort(
    (a, b) => a.segment.localeCompare(b.segment) || a.t - b.t,
  );
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    x: { label: options.text.t },
    y: {
      label: options.text.survival,
      domain: [0, 1],
      grid: true,
      tickFormat: percentFormat(options.locale),
    },
    color: { legend: segments.length > 1, domain: segments, range: OKABE_ITO },
    marks: [
      Plot.ruleY([0.5], { stroke: '#999', strokeDasharray: '4,3' }),
      Plot.line(data, {
        x: 't',
        y: 'survival',
        stroke: 'segment',
        curve: 'step-after',
        strokeWidth: 2,
        tip: true,
      }),
    ],
  });
}
