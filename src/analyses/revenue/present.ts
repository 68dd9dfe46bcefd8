// What the revenue retention charts and panels draw, from its decoded rows: the movement bars, a waterfall
// over the last twelve months, the reconciliation check, the inputs read and the latest month's rates.
// Pure functions, shared by the charts and their drill-downs so that a bar's index means the same to both.
import type { MovementBar, Movement } from '../../charts/mrr-movements';
import type { WaterfallStep } from '../../charts/mrr-waterfall';

export interface RevenueMonth {
  month: number;
  start_mrr: number;
  new_mrr: number;
  reactivation_mrr: number;
  expansion_mrr: number;
  contraction_mrr: number;
  churned_mrr: number;
  fx_mrr: number;
  end_mrr: number;
  difference: number;
  start_customers: number;
  end_customers: number;
  nrr: number | null;
  grr: number | null;
  nrr_12m: number | null;
  grr_12m: number | null;
  quick_ratio: number | null;
  logo_churn: number | null;
  revenue_churn: number | null;
  arpa: number | null;
}

export interface RevenueInput {
  currency: string;
  reporting_currency: string;
  subscriptions: number;
  customers: number;
  without_mrr: number;
  unread_interval: string | null;
  rate: number | null;
  /** 'reporting', 'converted' or 'leftOut'. */
  status: string;
  first_month: number | null;
  last_month: number | null;
  months: number;
}

/** The signed value of a movement in a month (what went out is negative). */
export function movementValue(row: RevenueMonth, movement: Movement): number {
  switch (movement) {
    case 'new':
      return row.new_mrr;
    case 'reactivation':
      return row.reactivation_mrr;
    case 'expansion':
      return row.expansion_mrr;
    case 'contraction':
      return -row.contraction_mrr;
    case 'churned':
      return -row.churned_mrr;
    case 'fx':
      return row.fx_mrr;
  }
}

const ORDER: Movement[] = ['new', 'reactivation', 'expansion', 'contraction', 'churned', 'fx'];

/** A bar per month and movement that moved MRR (zero movements draw nothing, and have no customers). */
export function movementBars(rows: RevenueMonth[]): MovementBar[] {
  return rows.flatMap((row) =>
    ORDER.map((movement) => ({ month: row.month, movement, value: movementValue(row, movement) })).filter(
      (bar) => bar.value !== 0,
    ),
  );
}

/** The months the waterfall spans: the last twelve complete months (fewer when the data are shorter). */
export function waterfallSpan(rows: RevenueMonth[]): RevenueMonth[] {
  return rows.slice(-12);
}

/** Start MRR of the span's first month, each movement summed over the span, end MRR of its last month. */
export function waterfallSteps(rows: RevenueMonth[]): WaterfallStep[] {
  const span = waterfallSpan(rows);
  if (span.length === 0) return [];
  const sum = (movement: Movement) => span.reduce((total, row) => total + movementValue(row, movement), 0);
  const steps: WaterfallStep[] = [{ step: 'start', value: span[0].start_mrr }];
  for (const movement of ORDER) {
    const value = sum(movement);
    // no exchange-rate step when nothing was converted
    if (movement !== 'fx' || value !== 0) steps.push({ step: movement, value });
  }
  steps.push({ step: 'end', value: span[span.length - 1].end_mrr });
  return steps;
}

/** How far a month's movements may miss its end MRR before the check fails: float noise only. */
export const TOLERANCE = 1e-6;

export interface RevenueCheck {
  months: number;
  /** Months whose movements do not add up to their end MRR. */
  failing: number[];
  largestDifference: number;
  /** The latest month, whose sum is written out. */
  last: RevenueMonth | null;
  inputs: RevenueInput[];
}

export function revenueCheck(rows: RevenueMonth[], inputs: RevenueInput[]): RevenueCheck {
  const failing = rows
    .filter((r) => Math.abs(r.difference) > TOLERANCE * Math.max(1, Math.abs(r.end_mrr)))
    .map((r) => r.month);
  return {
    months: rows.length,
    failing,
    largestDifference: rows.reduce((max, r) => Math.max(max, Math.abs(r.difference)), 0),
    last: rows.at(-1) ?? null,
    inputs,
  };
}

/** The latest month that has a value for each rate (the trailing rates need twelve months of history). */
export function latest(rows: RevenueMonth[]): RevenueMonth | null {
  return rows.at(-1) ?? null;
}
