// Predictive CLV charts: predicted vs actual repeat purchases in the holdout by calibration frequency
// (the model's validation), the P(alive) matrix by frequency and recency, and CLV by decile.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, percentFormat, type ChartOptions } from './common';

export interface ValidationRow {
  /** Repeat purchases in calibration (the last group holds that many or more). */
  frequency: number;
  customers: number;
  actual: number;
  predicted: number;
}

export function holdoutValidation(rows: ValidationRow[], options: ChartOptions & { topLabel?: string }) {
  const label = (x: number) =>
    x === Math.max(...rows.map((r) => r.frequency)) && options.topLabel ? `${x}+` : String(x);
  const long = rows.flatMap((r) => [
    { frequency: label(r.frequency), value: r.actual, series: options.text.actual, customers: r.customers },
    {
      frequency: label(r.frequency),
      value: r.predicted,
      series: options.text.predicted,
      customers: r.customers,
    },
  ]);
  const format = numberFormat(options.locale, 2);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    x: { label: options.text.frequency, domain: rows.map((r) => label(r.frequency)), type: 'point' },
    y: { label: options.text.holdoutPurchases, grid: true, zero: true },
    color: {
      legend: true,
      domain: [options.text.actual, options.text.predicted],
      range: [OKABE_ITO[7], OKABE_ITO[0]],
    },
    marks: [
      Plot.ruleY([0]),
      Plot.line(
        long.filter((d) => d.series === options.text.actual),
        { x: 'frequency', y: 'value', stroke: 'series', strokeWidth: 2 },
      ),
      Plot.line(
        long.filter((d) => d.series === options.text.predicted),
        { x: 'frequency', y: 'value', stroke: 'series', strokeWidth: 2, strokeDasharray: '5,3' },
      ),
      Plot.dot(long, {
        x: 'frequency',
        y: 'value',
        fill: 'series',
        r: 3,
        tip: { format: { y: format } },
        channels: { [options.text.customers]: 'customers' },
      }),
    ],
  });
}

/** A cell of the P(alive) matrix (src/models/alive-matrix.ts makes them). */
export interface AliveCell {
  frequency: number;
  recency: number;
  p_alive: number;
}

/** P(alive) for customers of a given age T, by repeat purchases (x) and recency (t_x). */
export function aliveMatrix(cells: AliveCell[], options: ChartOptions) {
  const format = percentFormat(options.locale);
  const narrow = options.width < 560;
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(200, new Set(cells.map((c) => c.frequency)).size * 24 + 70),
    padding: 0.03,
    x: {
      label: options.text.recency,
      type: 'band',
      tickFormat: (d: number) => numberFormat(options.locale, 0)(d),
    },
    y: { label: options.text.frequency, type: 'band', reverse: true },
    // five steps: a discrete legend (a continuous ramp needs a canvas, which the golden tests lack)
    color: {
      type: 'quantize',
      n: 5,
      scheme: 'viridis',
      domain: [0, 1],
      legend: true,
      label: options.text.alive,
      tickFormat: format,
    },
    marks: [
      Plot.cell(cells, { x: 'recency', y: 'frequency', fill: 'p_alive', tip: { format: { fill: format } } }),
      ...(narrow
        ? []
        : [
            Plot.text(cells, {
              x: 'recency',
              y: 'frequency',
              text: (d: AliveCell) => format(d.p_alive),
              fill: (d: AliveCell) => (d.p_alive > 0.6 ? 'black' : 'white'),
              fontSize: 9,
              pointerEvents: 'none',
            }),
          ]),
    ],
  });
}

export interface DecileRow {
  decile: number;
  customers: number;
  avg_clv: number;
  share: number;
}

/** Average CLV per decile (1 = the most valuable tenth), labelled with its share of total CLV. */
export function clvDeciles(rows: DecileRow[], options: ChartOptions) {
  const amount = numberFormat(options.locale, 2);
  const share = percentFormat(options.locale, 1);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    x: { label: options.text.decile, type: 'band' },
    y: { label: options.text.avgClv, grid: true },
    marks: [
      Plot.barY(rows, {
        x: 'decile',
        y: 'avg_clv',
        fill: OKABE_ITO[0],
        tip: { format: { y: amount } },
        channels: { [options.text.share]: { value: 'share', label: options.text.share } },
      }),
      Plot.text(rows, {
        x: 'decile',
        y: 'avg_clv',
        text: (d: DecileRow) => share(d.share),
        dy: -6,
        fontSize: 10,
      }),
      Plot.ruleY([0]),
    ],
  });
}
