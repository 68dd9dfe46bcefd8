// Churn-reason charts: a Pareto chart (churns per reason, most first, with the cumulative share as a line;
// controllable reasons in one colour, the others in another, unclassified in grey) and stacked shares of
// reasons per group (a quarter, a tenure band, a segment value). Bars carry data-index (their position
// in the data given), so a click lists the churns behind them.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, percentFormat, type ChartOptions } from './common';

export interface ParetoBar {
  label: string;
  churns: number;
  cumulative_share: number;
  /** true, false, or null when not known (unclassified, no reason). */
  controllable: boolean | null;
}

function indexedRects(index: number[], group: SVGGElement): SVGGElement {
  [...group.querySelectorAll('rect')].forEach((rect, i) => {
    rect.setAttribute('data-index', String(index[i]));
    rect.style.cursor = 'pointer';
  });
  return group;
}

export function reasonPareto(bars: ParetoBar[], options: ChartOptions) {
  const top = Math.max(1, ...bars.map((b) => b.churns));
  const percent = percentFormat(options.locale);
  const kind = (b: ParetoBar) =>
    b.controllable === null
      ? options.text.unknown
      : b.controllable
        ? options.text.controllable
        : options.text.uncontrollable;
  const data = bars.map((b) => ({ ...b, kind: kind(b), line: b.cumulative_share * top }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 320,
    marginLeft: 50,
    marginRight: 46,
    marginBottom: 90,
    x: { label: null, domain: bars.map((b) => b.label), tickRotate: -35 },
    y: { label: options.text.churns, grid: true, domain: [0, top], tickFormat: numberFormat(options.locale) },
    color: {
      legend: true,
      domain: [options.text.controllable, options.text.uncontrollable, options.text.unknown],
      range: [OKABE_ITO[3], OKABE_ITO[0], '#aaaaaa'],
    },
    marks: [
      Plot.barY(data, {
        x: 'label',
        y: 'churns',
        fill: 'kind',
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: true,
      }),
      // the cumulative share on the same scale (100% = the tallest bar), labelled on the right
      Plot.lineY(data, {
        x: 'label',
        y: 'line',
        stroke: OKABE_ITO[7],
        strokeWidth: 1.5,
        pointerEvents: 'none',
      }),
      Plot.dot(data, { x: 'label', y: 'line', fill: OKABE_ITO[7], r: 2.5, pointerEvents: 'none' }),
      Plot.axisY({
        anchor: 'right',
        label: options.text.cumulative,
        ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * top),
        tickFormat: (y: number) => percent(y / top),
      }),
      Plot.ruleY([0]),
    ],
  });
}

export interface ShareBar {
  group: string;
  label: string;
  churns: number;
  share: number;
}

/** Stacked shares of reasons per group, one horizontal bar per group (groups in the order given). */
export function reasonShares(
  bars: ShareBar[],
  options: ChartOptions & { groups: string[]; reasons: string[] },
) {
  const range = options.reasons.map((_, i) =>
    i < 7 ? OKABE_ITO[i] : `hsl(0 0% ${40 + (((i - 7) * 9) % 45)}%)`,
  );
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(140, options.groups.length * 30 + 80),
    marginLeft: 110,
    x: { label: options.text.share, domain: [0, 1], tickFormat: percentFormat(options.locale) },
    y: { label: null, domain: options.groups },
    color: { legend: true, domain: options.reasons, range },
    marks: [
      Plot.barX(bars, {
        x: 'share',
        y: 'group',
        fill: 'label',
        order: options.reasons,
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: { format: { x: percentFormat(options.locale, 1) } },
        channels: { [options.text.churns]: 'churns' },
      }),
      Plot.ruleX([0]),
    ],
  });
}
