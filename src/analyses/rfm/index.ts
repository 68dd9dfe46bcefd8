// RFM segments (docs/metrics.md#rfm): recency, frequency and monetary quintile scores per customer
// (rfm_scores.sql, shared by the cells and the customer lists), named segments from editable rules.
import { defineAnalysis, chartOptions } from '../define';
import { date, type TextParam } from '../params';
import { num, text } from '../rows';
import { splice } from '../bind';
import { rfmGrid, rfmSegments } from '../../charts/rfm';
import { checkRules, DEFAULT_RFM_RULES, encodeRules } from './rules';
import cellsSql from './rfm.sql?raw';
import scoresSql from './rfm_scores.sql?raw';
import customersSql from './rfm_customers.sql?raw';
import scoreCountsSql from './rfm_score_counts.sql?raw';
import { scoreGaps } from './gaps';
import { valueLabel } from '../labels';

const rules: TextParam = {
  id: 'rules',
  kind: 'rules',
  default: encodeRules(DEFAULT_RFM_RULES),
  check: checkRules,
  maxLength: 10_000,
  docs: 'segment rules (one per line: name, then min and max of R, F, M, tab-separated)',
};

/** The rows with the built-in segment names in the reader's language (the drill-downs read the rows as run). */
const labelled = <R extends { segment: string }>(rows: R[], t: (key: string) => string): R[] =>
  rows.map((r) => ({ ...r, segment: valueLabel('rfm', 'segment', r.segment, t) }));

export const rfm = defineAnalysis({
  id: 'rfm',
  position: 90,
  sources: {
    orders: {
      sql: splice(cellsSql, { scores: scoresSql }),
      drill: splice(customersSql, { scores: scoresSql }),
    },
  },
  params: [date('as_of'), rules],
  segment: 'none',
  rows: {
    segment: text,
    r_score: num,
    f_score: num,
    customers: num,
    customer_share: num,
    revenue: num,
    revenue_share: num.orNull,
    avg_clv: num.orNull,
  },
  views: {
    scores: {
      sql: splice(scoreCountsSql, { scores: scoresSql }),
      rows: { dimension: text, score: num, customers: num, low: num, high: num },
    },
  },
  // a score no customer got (an empty column of the grid) is explained, not left blank
  panels: ({ views }) => {
    const gaps = scoreGaps(views.scores);
    return gaps.length ? [{ kind: 'rfmGaps', gaps }] : [];
  },
  charts: [
    {
      id: 'rfmGrid',
      draw: ({ rows, params }, ctx) => rfmGrid(labelled(rows, ctx.t), chartOptions(ctx, params)),
      // a cell of the grid: every customer with these R and F scores, whatever their segment
      drill: ({ rows }, index) =>
        rows[index] ? { segment: null, r_score: rows[index].r_score, f_score: rows[index].f_score } : null,
    },
    {
      id: 'rfmSegments',
      draw: ({ rows, params }, ctx) => rfmSegments(labelled(rows, ctx.t), chartOptions(ctx, params)),
      // a bar: every customer of its segment
      drill: ({ rows }, index) =>
        rows[index] ? { segment: rows[index].segment, r_score: null, f_score: null } : null,
    },
  ],
  docs: 'rfm',
});

export default rfm;
