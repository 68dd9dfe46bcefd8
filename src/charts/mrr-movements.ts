// MRR movements per month as stacked bars: what came in (new, reactivation, expansion) above zero, what
// went out (contraction, churned) below, exchange-rate drift on its own, and the net change as a line.
// Every bar carries data-index (its position in `bars`), so a click lists the customers behind it.
import * as Plot from '@observablehq/plot';
import { monthLabel, numberFormat, OKABE_ITO, type ChartOptions } from './common';

export const MOVEMENTS = ['new', 'reactivation', 'expansion', 'contraction', 'churned', 'fx'] as const;
export type Movement = (typeof MOVEMENTS)[number];

/** One bar: a movement in a month, signed (contraction and churned are negative). */
export interface MovementBar {
  month: number;
  movement: Movement;
  value: number;
}

export const MOVEMENT_COLOURS: Record<Movement, string> = {
  new: OKABE_ITO[2],
  reactivation: OKABE_ITO[5],
  expansion: OKABE_ITO[0],
  contraction: OKABE_ITO[1],
  churned: OKABE_ITO[3],
  fx: '#999999',
};

/** Marks each drawn rect with the index of the datum it draws. */
export function indexedRects(index: number[], group: SVGGElement): SVGGElement {
  [...group.querySelectorAll('rect')].forEach((rect, i) => {
    rect.setAttribute('data-index', String(index[i]));
    rect.style.cursor = 'pointer';
  });
  return group;
}

export function mrrMovements(bars: MovementBar[], options: ChartOptions) {
  const label = (m: Movement) => options.text[`movement.${m}`] ?? m;
  const format = numberFormat(options.locale);
  const month = monthLabel(options.locale);
  const totals = new Map<number, number>();
  for (const b of bars) totals.set(b.month, (totals.get(b.month) ?? 0) + b.value);
  const net = [...totals].map(([m, value]) => ({ month: new Date(m), value }));
  const every = Math.max(1, Math.ceil(totals.size / Math.max(4, Math.floor(options.width / 60))));
  const data = bars.map((b) => ({ ...b, date: new Date(b.month), name: label(b.movement) }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 320,
    marginLeft: 64,
    // a label every few months, so that three years of months stay readable
    x: {
      label: null,
      type: 'band',
      tickFormat: (d: Date, i: number) => (i % every === 0 ? month(d) : ''),
      tickRotate: -45,
    },
    y: { label: options.text.mrr, grid: true, tickFormat: format },
    color: {
      legend: true,
      domain: MOVEMENTS.map(label),
      range: MOVEMENTS.map((m) => MOVEMENT_COLOURS[m]),
    },
    marks: [
      Plot.barY(data, {
        x: 'date',
        y: 'value',
        fill: 'name',
        order: MOVEMENTS.map(label),
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: { format: { x: (d: Date) => month(d), y: format } },
      }),
      Plot.ruleY([0]),
      // the net change of the month: a black tick across its bar
      Plot.tickY(net, {
        x: 'month',
        y: 'value',
        stroke: OKABE_ITO[7],
        strokeWidth: 2,
        pointerEvents: 'none',
      }),
    ],
  });
}
