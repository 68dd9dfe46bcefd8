// Golden-SVG snapshots of the revenue retention, NPS and churn-reason charts, drawn as charts.test.ts
// draws the others (jsdom, fixed data, width, locale and time zone; numbers rounded, class names
// renumbered). Update on purpose with `npx vitest run test/charts -u`.
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { mrrMovements, type MovementBar } from '../../src/charts/mrr-movements';
import { mrrWaterfall } from '../../src/charts/mrr-waterfall';
import { rateLines } from '../../src/charts/rate-lines';
import { npsBySegment, npsOverTime, npsScores, type NpsPoint } from '../../src/charts/nps';
import { reasonPareto, reasonShares } from '../../src/charts/reasons';
import { funnelStages, rateBars } from '../../src/charts/funnel';
import type { ChartOptions } from '../../src/charts/common';

const { document } = new JSDOM('<!doctype html><html><body></body></html>').window;
const TEXT: Record<string, string> = {
  mrr: 'MRR',
  'movement.start': 'Start',
  'movement.end': 'End',
  'movement.new': 'New',
  'movement.reactivation': 'Reactivation',
  'movement.expansion': 'Expansion',
  'movement.contraction': 'Contraction',
  'movement.churned': 'Churned',
  'movement.fx': 'Exchange-rate drift',
  nps: 'NPS',
  answers: 'Answers',
  interval: '95% interval',
  tooFew: 'too few answers',
  period: 'Period',
  score: 'Score (0–10)',
  'group.promoter': 'Promoters',
  'group.passive': 'Passives',
  'group.detractor': 'Detractors',
  churns: 'Churns',
  cumulative: 'Cumulative share',
  controllable: 'Controllable',
  uncontrollable: 'Not controllable',
  unknown: 'Not known',
  share: 'Share of churns',
  flows: 'Flows',
  rate: 'Save rate',
};
const options: ChartOptions = {
  width: 640,
  locale: 'en-US',
  text: TEXT,
  grain: 'month',
  document: document as unknown as Document,
};

/** Stable text for an SVG: rounded numbers, renumbered plot-xxxx class names. */
function normalise(node: Element): string {
  const names = new Map<string, string>();
  return node.outerHTML
    .replace(/plot-[0-9a-f]{6}/g, (m) => {
      if (!names.has(m)) names.set(m, `plot-${names.size}`);
      return names.get(m)!;
    })
    .replace(/\d+\.\d{3,}/g, (m) => String(Number(Number(m).toFixed(2))))
    .replace(/></g, '>\n<');
}

const month = (m: number) => Date.UTC(2024, m, 1);

describe('revenue charts', () => {
  it('MRR movements', async () => {
    const bars: MovementBar[] = [0, 1, 2, 3].flatMap((m) => [
      { month: month(m), movement: 'new' as const, value: 500 - m * 50 },
      { month: month(m), movement: 'expansion' as const, value: 120 + m * 10 },
      { month: month(m), movement: 'reactivation' as const, value: 40 },
      { month: month(m), movement: 'contraction' as const, value: -60 },
      { month: month(m), movement: 'churned' as const, value: -200 - m * 20 },
      ...(m === 2 ? [{ month: month(m), movement: 'fx' as const, value: 15 }] : []),
    ]);
    const svg = mrrMovements(bars, options) as Element;
    // every bar says which datum it draws, for the drill-down
    expect(
      [...svg.querySelectorAll('rect[data-index]')].map((r) => r.getAttribute('data-index')).sort(),
    ).toEqual(bars.map((_, i) => String(i)).sort());
    await expect(normalise(svg)).toMatchFileSnapshot('golden/mrr-movements.svg');
  });

  it('MRR waterfall', async () => {
    const steps = [
      { step: 'start' as const, value: 10_000 },
      { step: 'new' as const, value: 2_500 },
      { step: 'reactivation' as const, value: 300 },
      { step: 'expansion' as const, value: 900 },
      { step: 'contraction' as const, value: -400 },
      { step: 'churned' as const, value: -1_800 },
      { step: 'end' as const, value: 11_500 },
    ];
    await expect(normalise(mrrWaterfall(steps, options) as Element)).toMatchFileSnapshot(
      'golden/mrr-waterfall.svg',
    );
  });

  it('rate lines (NRR and GRR)', async () => {
    const series = ['NRR (trailing 12 months)', 'GRR (trailing 12 months)', 'NRR (month)', 'GRR (month)'];
    const points = [0, 1, 2, 3, 4, 5].flatMap((m) => [
      { period: month(m), series: series[0], value: m < 2 ? null : 1.02 + m * 0.01 },
      { period: month(m), series: series[1], value: m < 2 ? null : 0.9 - m * 0.005 },
      { period: month(m), series: series[2], value: 1 + ((m % 3) - 1) * 0.02 },
      { period: month(m), series: series[3], value: 0.97 - (m % 2) * 0.01 },
    ]);
    await expect(
      normalise(rateLines(points, { ...options, series, dashed: series.slice(2), reference: 1 }) as Element),
    ).toMatchFileSnapshot('golden/rate-lines.svg');
  });
});

const npsPoint = (period: number | null, segment: string, nps: number | null, answers: number): NpsPoint => ({
  period,
  segment,
  answers,
  nps,
  ci_low: nps === null ? null : Math.max(-100, nps - 15),
  ci_high: nps === null ? null : Math.min(100, nps + 15),
  too_few: nps === null,
  complete: period === null || period < month(5),
});

describe('NPS charts', () => {
  it('NPS over time, a period with too few answers, an incomplete last period', async () => {
    const points = [0, 1, 2, 3, 4, 5].map((m) =>
      npsPoint(month(m), 'All', m === 3 ? null : 10 + m * 4, m === 3 ? 12 : 120),
    );
    const svg = npsOverTime(points, options) as Element;
    expect([...svg.querySelectorAll('circle[data-index]')].map((c) => c.getAttribute('data-index'))).toEqual([
      '0',
      '1',
      '2',
      '4',
      '5',
    ]);
    await expect(normalise(svg)).toMatchFileSnapshot('golden/nps-over-time.svg');
  });

  it('NPS by segment', async () => {
    const points = [
      npsPoint(null, 'All', 12, 400),
      npsPoint(null, 'Europe', -8, 150),
      npsPoint(null, 'North America', 30, 200),
      npsPoint(null, 'LATAM', null, 9),
    ];
    await expect(normalise(npsBySegment(points, options) as Element)).toMatchFileSnapshot(
      'golden/nps-by-segment.svg',
    );
  });

  it('answers by score', async () => {
    const bars = Array.from({ length: 11 }, (_, score) => ({
      score,
      nps_group: score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor',
      answers: 5 + score * 3,
    }));
    await expect(normalise(npsScores(bars, options) as Element)).toMatchFileSnapshot('golden/nps-scores.svg');
  });
});

describe('churn reason charts', () => {
  it('Pareto', async () => {
    const bars = [
      { label: 'Price', churns: 120, cumulative_share: 0.4, controllable: true },
      { label: 'Missing feature', churns: 80, cumulative_share: 0.667, controllable: true },
      { label: 'No longer needed', churns: 50, cumulative_share: 0.833, controllable: false },
      { label: 'Unclassified', churns: 30, cumulative_share: 0.933, controllable: null },
      { label: 'No reason given', churns: 20, cumulative_share: 1, controllable: null },
    ];
    const svg = reasonPareto(bars, options) as Element;
    expect(svg.querySelectorAll('rect[data-index]').length).toBe(5);
    await expect(normalise(svg)).toMatchFileSnapshot('golden/reason-pareto.svg');
  });

  it('shares by group', async () => {
    const reasons = ['Price', 'Missing feature', 'Unclassified'];
    const groups = ['2024 Q1', '2024 Q2'];
    const bars = groups.flatMap((group, g) =>
      reasons.map((label, r) => ({ group, label, churns: 10 + g + r, share: [0.5, 0.3, 0.2][r] })),
    );
    await expect(
      normalise(reasonShares(bars, { ...options, groups, reasons }) as Element),
    ).toMatchFileSnapshot('golden/reason-shares.svg');
  });
});

describe('cancel funnel charts', () => {
  it('stages', async () => {
    const stages = [
      { label: 'Flows started', count: 200, share: 1 },
      { label: 'Offer shown', count: 150, share: 0.75 },
      { label: 'Offer accepted', count: 60, share: 0.3 },
      { label: 'Saved', count: 48, share: 0.24 },
      { label: 'Cancelled', count: 140, share: 0.7 },
    ];
    await expect(normalise(funnelStages(stages, options) as Element)).toMatchFileSnapshot(
      'golden/cancel-funnel.svg',
    );
  });

  it('rates', async () => {
    const rows = [
      { label: 'Discount', value: 0.42, base: 60 },
      { label: 'Pause', value: 0.3, base: 40 },
      { label: 'No offer', value: 0.05, base: 50 },
      { label: 'Downgrade', value: null, base: 0 },
    ];
    await expect(normalise(rateBars(rows, options) as Element)).toMatchFileSnapshot('golden/save-rates.svg');
  });
});
