// What the churn-reason charts and panel draw, from the decoded rows: labels for the special reasons, the
// bars of each chart (shared with their drill-downs, so that a bar's index means the same to both).
import type { ParamValues } from '../params';
import type { ParetoBar, ShareBar } from '../../charts/reasons';

export interface ReasonRow {
  segment: string;
  classification: string;
  category: string | null;
  controllable: boolean | null;
  churns: number;
  share: number;
  lost_mrr: number | null;
  mrr_share: number | null;
  cumulative_share: number;
}

export interface ReasonGroupRow {
  group: string;
  classification: string;
  category: string | null;
  churns: number;
  share: number;
}

export interface ReasonSummary {
  churns: number;
  classified: number;
  unclassified: number;
  no_reason: number;
  controllable: number;
  controllable_share: number | null;
  lost_mrr: number | null;
  controllable_mrr_share: number | null;
  other_currency: number;
  without_mrr: number;
  currency: string;
  first_churn: number | null;
  last_churn: number | null;
}

/** The name a reason is shown with: its rule's, or the words for unclassified and no reason. */
export function reasonLabel(
  row: { classification: string; category: string | null },
  t: (key: string) => string,
): string {
  if (row.classification === 'rule' && row.category) return row.category;
  return t(row.classification === 'noReason' ? 'reasons.noReason' : 'reasons.unclassified');
}

export function paretoBars(rows: ReasonRow[], t: (key: string) => string): (ParetoBar & ReasonRow)[] {
  return rows.filter((r) => r.segment === 'All').map((r) => ({ ...r, label: reasonLabel(r, t) }));
}

export function shareBars(rows: ReasonGroupRow[], t: (key: string) => string): (ShareBar & ReasonGroupRow)[] {
  return rows.map((r) => ({ ...r, label: reasonLabel(r, t) }));
}

/** The drill values of a reason in a group. */
export function reasonMark(
  row: { classification: string; category: string | null },
  where: { quarter?: string; tenure_band?: string; mark_segment?: string },
): ParamValues {
  return {
    classification: row.classification,
    category: row.classification === 'rule' ? row.category : null,
    quarter: where.quarter ?? null,
    tenure_band: where.tenure_band ?? null,
    mark_segment: where.mark_segment ?? null,
  };
}
