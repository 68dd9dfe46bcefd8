// An MRR waterfall over a span of months: the MRR at its start, each movement as a floating bar (up for
// what came in, down for what went out), and the MRR at its end. Movement bars carry data-index (their
// position in `steps`), so a click lists the customers behind them.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, type ChartOptions } from './common';
import { indexedRects, MOVEMENT_COLOURS, type Movement } from './mrr-movements';

export interface WaterfallStep {
  /** 'start' and 'end' are totals; the others are movements. */
  step: 'start' | Movement | 'end';
  value: number;
}

export function mrrWaterfall(steps: WaterfallStep[], options: ChartOptions) {
  const format = numberFormat(options.locale);
  const label = (s: WaterfallStep['step']) => options.text[`movement.${s}`] ?? s;
  let running = 0;
  const bars = steps.map((s) => {
    const total = s.step === 'start' || s.step === 'end';
    const from = total ? 0 : running;
    const to = total ? s.value : running + s.value;
    running = to;
    return {
      name: label(s.step),
      y1: from,
      y2: to,
      value: s.value,
      fill: total ? OKABE_ITO[7] : MOVEMENT_COLOURS[s.step as Movement],
    };
  });
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 300,
    marginLeft: 64,
    x: { label: null, domain: bars.map((b) => b.name), padding: 0.2 },
    y: { label: options.text.mrr, grid: true, tickFormat: format },
    marks: [
      Plot.barY(bars, {
        x: 'name',
        y1: 'y1',
        y2: 'y2',
        fill: 'fill',
        render(index, scales, values, dimensions, context, next) {
          return indexedRects(index, next!(index, scales, values, dimensions, context) as SVGGElement);
        },
        tip: { format: { y1: false, y2: false, fill: false } },
        channels: { [options.text.mrr]: { value: 'value', label: options.text.mrr } },
      }),
      Plot.text(bars, {
        x: 'name',
        y: 'y2',
        text: (d: { value: number }) => format(d.value),
        dy: -6,
        fontSize: 10,
        pointerEvents: 'none',
      }),
      Plot.ruleY([0]),
    ],
  });
}
