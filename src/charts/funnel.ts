// Cancel-funnel charts: the stages of the flow (started, offer shown, accepted, saved, cancelled) as bars
// with their count and share of the flows started, and a rate per group (save rate by offer or by reason)
// as bars labelled with the rate and its base. Bars carry data-index (their position in the data given),
// so a click lists the flows behind them.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, percentFormat, type ChartOptions } from './common';

function indexedRects(index: number[], group: SVGGElement): SVGGElement {
  [...group.querySelectorAll('rect')].forEach((rect, i) => {
    rect.setAttribute('data-index', String(index[i]));
    rect.style.cursor = 'pointer';
  });
  return group;
}

export interface StageBar {
  label: string;
  count: number;
  /** Of the flows started. */
  share: number;
}

export function funnelStages(stages: StageBar[], options: ChartOptions) {
  const count = numberFormat(options.locale);
  const percent = percentFormat(options.locale);
  const top = Math.max(1, ...stages.map((s) => s.count));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: stages.length * 36 + 50,
    marginLeft: 140,
    marginRight: 90,
    x: { label: options.text.flows, domain: [0, top], tickFormat: count, grid: true },
    y: { label: null, domain: stages.map((s) => s.label) },
    marks: [
      Plot.barX(stages, {
        x: 'count',
        y: 'label',
        fill: OKABE_ITO[0],
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: true,
      }),
      Plot.text(stages, {
        x: 'count',
        y: 'label',
        text: (d: StageBar) => `${count(d.count)} (${percent(d.share)})`,
        dx: 4,
        textAnchor: 'start',
        pointerEvents: 'none',
      }),
      Plot.ruleX([0]),
    ],
  });
}

export interface RateBar {
  label: string;
  /** NULL when the base is empty. */
  value: number | null;
  /** The rate's base (flows judged). */
  base: number;
}

export function rateBars(rows: RateBar[], options: ChartOptions) {
  const percent = percentFormat(options.locale, 1);
  const data = rows.map((r) => ({ ...r, shown: r.value ?? 0 }));
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(120, rows.length * 28 + 50),
    marginLeft: 150,
    marginRight: 90,
    x: { label: options.text.rate, domain: [0, 1], tickFormat: percentFormat(options.locale), grid: true },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(data, {
        x: 'shown',
        y: 'label',
        fill: OKABE_ITO[2],
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: true,
      }),
      Plot.text(data, {
        x: 'shown',
        y: 'label',
        text: (d: RateBar) => (d.value === null ? '—' : `${percent(d.value)} (n=${d.base})`),
        dx: 4,
        textAnchor: 'start',
        pointerEvents: 'none',
      }),
      Plot.ruleX([0]),
    ],
  });
}
