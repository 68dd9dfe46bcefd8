// NPS charts: NPS over time and by segment, each point with its 95% interval (a period or segment with too
// few answers is marked as such, without a number), and the answers by score coloured by NPS group. Every
// point and bar carries data-index (its position in the data given), so a click lists its answers.
import * as Plot from '@observablehq/plot';
import { numberFormat, OKABE_ITO, periodLabel, timeAxis, type ChartOptions } from './common';

export interface NpsPoint {
  /** The period's first day (over time) or null (by segment). */
  period: number | null;
  segment: string;
  answers: number;
  nps: number | null;
  ci_low: number | null;
  ci_high: number | null;
  too_few: boolean;
  complete: boolean;
}

export const NPS_GROUPS = ['promoter', 'passive', 'detractor'] as const;
export const NPS_COLOURS = { promoter: OKABE_ITO[2], passive: '#999999', detractor: OKABE_ITO[3] };

function indexed(index: number[], group: SVGGElement, selector: string): SVGGElement {
  [...group.querySelectorAll(selector)].forEach((element, i) => {
    element.setAttribute('data-index', String(index[i]));
    (element as SVGElement).style.cursor = 'pointer';
  });
  return group;
}

/** NPS per period with its interval; periods with too few answers say so on the zero line. */
export function npsOverTime(points: NpsPoint[], options: ChartOptions) {
  const label = periodLabel(options.grain, options.locale);
  const data = points.map((p, i) => ({ ...p, i, date: new Date(p.period ?? 0) }));
  const shown = data.filter((d) => d.nps !== null);
  const few = data.filter((d) => d.too_few);
  return Plot.plot({
    document: options.document,
    width: options.width,
    // the last tick's label reaches past the plot
    marginRight: 32,
    height: 300,
    marginLeft: 44,
    x: timeAxis(
      data.map((d) => d.date),
      options.locale,
      options.width,
    ),
    y: { label: options.text.nps, domain: [-100, 100], grid: true },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(shown, { x: 'date', y1: 'ci_low', y2: 'ci_high', stroke: OKABE_ITO[0], strokeOpacity: 0.4 }),
      Plot.line(shown, { x: 'date', y: 'nps', stroke: OKABE_ITO[0], strokeWidth: 1.5 }),
      Plot.dot(shown, {
        x: 'date',
        y: 'nps',
        r: 4,
        fill: (d: NpsPoint) => (d.complete ? OKABE_ITO[0] : 'white'),
        stroke: OKABE_ITO[0],
        render(index, scales, values, dimensions, context, next) {
          const group = next!(index, scales, values, dimensions, context) as SVGGElement;
          return indexed(
            index.map((i) => shown[i].i),
            group,
            'circle',
          );
        },
        tip: true,
        channels: {
          [options.text.period]: {
            value: (d: { date: Date }) => label(d.date.getTime()),
            label: options.text.period,
          },
          [options.text.answers]: 'answers',
          [options.text.interval]: {
            value: (d: NpsPoint) => `${Math.round(d.ci_low ?? 0)} – ${Math.round(d.ci_high ?? 0)}`,
            label: options.text.interval,
          },
        },
      }),
      Plot.text(few, {
        x: 'date',
        y: 0,
        text: () => options.text.tooFew,
        rotate: -90,
        textAnchor: 'start',
        dx: -4,
        fill: '#777',
        fontSize: 9,
      }),
    ],
  });
}

/** NPS per segment value with its interval, as horizontal points; too few answers named instead. */
export function npsBySegment(points: NpsPoint[], options: ChartOptions) {
  const data = points.map((p, i) => ({ ...p, i }));
  const shown = data.filter((d) => d.nps !== null);
  const few = data.filter((d) => d.too_few);
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: Math.max(120, points.length * 28 + 50),
    marginLeft: 140,
    x: { label: options.text.nps, domain: [-100, 100], grid: true },
    y: { label: null, domain: points.map((p) => p.segment) },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(shown, {
        y: 'segment',
        x1: 'ci_low',
        x2: 'ci_high',
        stroke: OKABE_ITO[0],
        strokeWidth: 2,
        strokeOpacity: 0.4,
      }),
      Plot.dot(shown, {
        x: 'nps',
        y: 'segment',
        r: 5,
        fill: (d: { segment: string }) => (d.segment === 'All' ? OKABE_ITO[7] : OKABE_ITO[0]),
        render(index, scales, values, dimensions, context, next) {
          const group = next!(index, scales, values, dimensions, context) as SVGGElement;
          return indexed(
            index.map((i) => shown[i].i),
            group,
            'circle',
          );
        },
        tip: true,
        channels: { [options.text.answers]: 'answers' },
      }),
      Plot.text(shown, {
        x: 'nps',
        y: 'segment',
        text: (d: NpsPoint) => String(d.nps),
        dy: -10,
        fontSize: 10,
      }),
      Plot.text(few, {
        x: 0,
        y: 'segment',
        text: (d: NpsPoint) => `${options.text.tooFew} (${d.answers})`,
        fill: '#777',
        fontSize: 10,
      }),
    ],
  });
}

export interface ScoreBar {
  score: number;
  nps_group: string;
  answers: number;
}

/** Answers per score 0..10, coloured by NPS group. */
export function npsScores(bars: ScoreBar[], options: ChartOptions) {
  const count = numberFormat(options.locale);
  const name = (group: string) => options.text[`group.${group}`] ?? group;
  return Plot.plot({
    document: options.document,
    width: options.width,
    height: 260,
    marginLeft: 50,
    x: { label: options.text.score, domain: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], type: 'band' },
    y: { label: options.text.answers, grid: true, tickFormat: count },
    color: {
      legend: true,
      domain: NPS_GROUPS.map(name),
      range: NPS_GROUPS.map((g) => NPS_COLOURS[g]),
    },
    marks: [
      Plot.barY(bars, {
        x: 'score',
        y: 'answers',
        fill: (d: ScoreBar) => name(d.nps_group),
        render(index, scales, values, dimensions, context, next) {
          return indexed(index, next!(index, scales, values, dimensions, context) as SVGGElement, 'rect');
        },
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
}
