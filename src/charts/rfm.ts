// RFM charts: the R x F grid (each cell coloured by its segment, labelled with its customers) and the
// customers per segment. Every mark carries data-index (its result row), so a click lists its customers.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, percentFormat, type ChartOptions } from './common';

export interface RfmCell {
  segment: string;
  r_score: number;
  f_score: number;
  customers: number;
  revenue: number;
  revenue_share: number | null;
  customer_share: number;
}

/** A stable colour per segment name: the Okabe-Ito palette, then greys, in order of first appearance. */
function segmentColours(cells: RfmCell[]) {
  const names = [...new Set(cells.map((c) => c.segment))].sort();
  const range = names.map((_, i) => (i < 7 ? OKABE_ITO[i] : `hsl(0 0% ${35 + (((i - 7) * 12) % 50)}%)`));
  return { domain: names, range };
}

/** Marks each drawn element with the index of the row it draws. */
function indexed(index: number[], group: SVGGElement): SVGGElement {
  [...group.querySelectorAll('rect')].forEach((rect, i) => {
    rect.setAttribute('data-index', String(index[i]));
    rect.style.cursor = 'pointer';
  });
  return group;
}

export function rfmGrid(cells: RfmCell[], options: ChartOptions) {
  const count = numberFormat(options.locale);
  return Plot.plot({
    document: options.document,
    width: Math.min(options.width, 560),
    height: Math.min(options.width, 560) * 0.8,
    marginLeft: 50,
    padding: 0.05,
    x: { label: options.text.f, domain: [1, 2, 3, 4, 5], type: 'band' },
    y: { label: options.text.r, domain: [5, 4, 3, 2, 1], type: 'band' },
    color: { type: 'ordinal', ...segmentColours(cells), legend: true },
    marks: [
      Plot.cell(cells, {
        x: 'f_score',
        y: 'r_score',
        fill: 'segment',
        fillOpacity: 0.85,
        render(index, scales, values, dimensions, context, next) {
          return indexed(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: true,
        channels: {
          [options.text.customers]: 'customers',
          [options.text.revenueShare]: { value: 'revenue_share', label: options.text.revenueShare },
        },
      }),
      Plot.text(cells, {
        x: 'f_score',
        y: 'r_score',
        text: (d: RfmCell) => `${count(d.customers)}`,
        fill: 'black',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fontSize: 11,
        pointerEvents: 'none',
      }),
    ],
  });
}

export function rfmSegments(cells: RfmCell[], options: ChartOptions) {
  const share = percentFormat(options.locale, 1);
  const totals = new Map<string, { customers: number; revenue: number }>();
  for (const c of cells) {
    const t = totals.get(c.segment) ?? { customers: 0, revenue: 0 };
    t.customers += c.customers;
    t.revenue += c.revenue_share ?? 0;
    totals.set(c.segment, t);
  }
  const order = [...totals.entries()].sort((a, b) => b[1].customers - a[1].customers).map(([n]) => n);
  const all = cells.reduce((n, c) => n + c.customers, 0) || 1;
  const labels = order.map((segment) => ({
    segment,
    customers: totals.get(segment)!.customers,
    text: `${share(totals.get(segment)!.customers / all)} · ${options.text.revenue} ${share(totals.get(segment)!.revenue)}`,
  }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(140, order.length * 28 + 50),
    marginLeft: 120,
    marginRight: 150,
    x: { label: options.text.customers, grid: true },
    y: { label: null, domain: order },
    color: { type: 'ordinal', ...segmentColours(cells) },
    marks: [
      Plot.barX(cells, {
        x: 'customers',
        y: 'segment',
        fill: 'segment',
        render(index, scales, values, dimensions, context, next) {
          return indexed(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: true,
      }),
      Plot.text(labels, {
        x: 'customers',
        y: 'segment',
        text: 'text',
        dx: 4,
        textAnchor: 'start',
        pointerEvents: 'none',
      }),
      Plot.ruleX([0]),
    ],
  });
}
