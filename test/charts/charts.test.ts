// Golden-SVG snapshots of every chart (the Observable Plot way): drawn in jsdom with fixed data, width,
// locale and time zone; numbers rounded and generated class names renumbered so that a diff means a
// real change. Update on purpose with `npx vitest run test/charts -u`.
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { cohortHeatmap, type CohortCell } from '../../src/charts/cohort-heatmap';
import { cohortCurves } from '../../src/charts/cohort-curves';
import { cohortSizes } from '../../src/charts/cohort-sizes';
import { periodRetention } from '../../src/charts/period-retention';
import { survivalCurve } from '../../src/charts/survival-curve';
import { segmentBars } from '../../src/charts/segment-bars';
import { histogram } from '../../src/charts/histogram';
import { rfmGrid, rfmSegments, type RfmCell } from '../../src/charts/rfm';
import { aliveMatrix, clvDeciles, holdoutValidation } from '../../src/charts/clv';
import { aliveMatrix as aliveCells } from '../../src/models/alive-matrix';
import type { ChartOptions } from '../../src/charts/common';

const { document } = new JSDOM('<!doctype html><html><body></body></html>').window;
const TEXT = {
  warmUp: 'warm-up',
  average: 'Average',
  k: 'Periods since first order',
  measure: 'Retention',
  cohort: 'Cohort',
  customers: 'Customers',
  size: 'Cohort size',
  crr: 'Retention rate',
  churn: 'Churn rate',
  t: 'Months',
  survival: 'Still active',
  value: 'Churn rate',
  x: 'Days between purchases',
  y: 'Purchases',
  r: 'Recency score (R)',
  f: 'Frequency score (F)',
  revenue: 'revenue',
  revenueShare: 'Revenue share',
  actual: 'Actual',
  predicted: 'Predicted (BG/NBD)',
  frequency: 'Repeat purchases in calibration (x)',
  holdoutPurchases: 'Purchases per customer in the holdout',
  recency: 'Recency t_x',
  alive: 'P(alive)',
  decile: 'CLV decile',
  avgClv: 'Average CLV',
  share: 'Share of total CLV',
};

const rfmCells: RfmCell[] = [
  {
    segment: 'Champions',
    r_score: 5,
    f_score: 5,
    customers: 120,
    revenue: 9000,
    revenue_share: 0.45,
    customer_share: 0.12,
  },
  {
    segment: 'Loyal',
    r_score: 4,
    f_score: 4,
    customers: 200,
    revenue: 6000,
    revenue_share: 0.3,
    customer_share: 0.2,
  },
  {
    segment: 'Loyal',
    r_score: 3,
    f_score: 5,
    customers: 80,
    revenue: 2000,
    revenue_share: 0.1,
    customer_share: 0.08,
  },
  {
    segment: 'New',
    r_score: 5,
    f_score: 1,
    customers: 300,
    revenue: 1500,
    revenue_share: 0.075,
    customer_share: 0.3,
  },
  {
    segment: 'Lost',
    r_score: 1,
    f_score: 1,
    customers: 300,
    revenue: 1500,
    revenue_share: 0.075,
    customer_share: 0.3,
  },
];
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
const cells: CohortCell[] = [];
for (let c = 0; c < 4; c++) {
  for (let k = 0; k < 4 - c; k++) {
    const retention = k === 0 ? 1 : 0.4 / k;
    cells.push({
      cohort: month(c),
      k,
      cohort_size: 100 - c * 10,
      customers: Math.round((100 - c * 10) * retention),
      retention,
      revenue_retention: retention * 0.9,
      cumulative_revenue_per_customer: 30 * (k + 1),
      complete: k < 3 - c,
      is_average: false,
    });
  }
}
for (let k = 0; k < 3; k++)
  cells.push({
    cohort: null,
    k,
    cohort_size: 300,
    customers: 100,
    retention: k === 0 ? 1 : 0.4 / k,
    revenue_retention: 0.5,
    cumulative_revenue_per_customer: 30 * (k + 1),
    complete: true,
    is_average: true,
  });

describe('charts', () => {
  it('cohort heatmap', async () => {
    await expect(normalise(cohortHeatmap(cells, 'retention', options) as Element)).toMatchFileSnapshot(
      'golden/cohort-heatmap.svg',
    );
  });
  it('cohort curves', async () => {
    await expect(normalise(cohortCurves(cells, 'retention', options) as Element)).toMatchFileSnapshot(
      'golden/cohort-curves.svg',
    );
  });
  it('cohort sizes', async () => {
    await expect(normalise(cohortSizes(cells, options) as Element)).toMatchFileSnapshot(
      'golden/cohort-sizes.svg',
    );
  });
  it('period retention', async () => {
    const rows = [0, 1, 2, 3].map((m) => ({
      period: month(m),
      crr: 0.8 - m * 0.05,
      churn_rate: 0.2 + m * 0.05,
      warm_up: m === 0,
    }));
    await expect(normalise(periodRetention(rows, options) as Element)).toMatchFileSnapshot(
      'golden/period-retention.svg',
    );
  });
  it('survival curve', async () => {
    const rows = [
      { segment: 'Month-to-month', t: 1, survival: 0.8 },
      { segment: 'Month-to-month', t: 3, survival: 0.45 },
      { segment: 'Two year', t: 2, survival: 0.95 },
      { segment: 'Two year', t: 6, survival: 0.9 },
    ];
    await expect(normalise(survivalCurve(rows, options) as Element)).toMatchFileSnapshot(
      'golden/survival-curve.svg',
    );
  });
  it('segment bars', async () => {
    const rows = [
      { segment: 'All', value: 0.265 },
      { segment: 'Month-to-month', value: 0.427 },
      { segment: 'Two year', value: 0.028 },
    ];
    await expect(normalise(segmentBars(rows, options) as Element)).toMatchFileSnapshot(
      'golden/segment-bars.svg',
    );
  });
  it('histogram', async () => {
    const bins = [0, 30, 60, 90].map((from, i) => ({
      from_days: from,
      to_days: from + 30,
      gaps: 40 - i * 9,
    }));
    await expect(normalise(histogram(bins, 41, options) as Element)).toMatchFileSnapshot(
      'golden/histogram.svg',
    );
  });

  it('RFM grid', async () => {
    await expect(normalise(rfmGrid(rfmCells, options) as Element)).toMatchFileSnapshot('golden/rfm-grid.svg');
  });

  it('RFM segments', async () => {
    await expect(normalise(rfmSegments(rfmCells, options) as Element)).toMatchFileSnapshot(
      'golden/rfm-segments.svg',
    );
  });

  it('segment bars with amounts (CLV)', async () => {
    const rows = [
      { segment: 'All', value: 64.49 },
      { segment: 'web', value: 71.2 },
      { segment: 'app', value: 52.05 },
    ];
    await expect(
      normalise(segmentBars(rows, { ...options, amount: true, text: { ...TEXT, value: 'CLV' } }) as Element),
    ).toMatchFileSnapshot('golden/segment-bars-amount.svg');
  });

  it('CLV holdout validation', async () => {
    const rows = [0, 1, 2, 3].map((x) => ({
      frequency: x,
      customers: 100 - 20 * x,
      actual: 0.2 + x * 0.8,
      predicted: 0.25 + x * 0.75,
    }));
    await expect(
      normalise(holdoutValidation(rows, { ...options, topLabel: '+' }) as Element),
    ).toMatchFileSnapshot('golden/clv-validation.svg');
  });

  it('P(alive) matrix', async () => {
    const cells = aliveCells({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 4, 4);
    await expect(normalise(aliveMatrix(cells, options) as Element)).toMatchFileSnapshot(
      'golden/alive-matrix.svg',
    );
  });

  it('CLV deciles', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      decile: i + 1,
      customers: 100,
      avg_clv: 100 / (i + 1),
      share: 0.34 / (i + 1),
    }));
    await expect(normalise(clvDeciles(rows, options) as Element)).toMatchFileSnapshot(
      'golden/clv-deciles.svg',
    );
  });
});
