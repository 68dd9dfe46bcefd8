// The analyses: each is readable SQL (one file per data source it supports) plus this declaration of its
// parameters, charts and drill-down. Adding an analysis = a .sql file and an entry here.
import type { CanonicalKind } from '../data/mapping';
import type { ParamValue, ParamValues } from './params';
import cohortSql from './sql/cohort_retention.sql?raw';
import cohortOrdersActivity from './sql/cohort_activity_orders.sql?raw';
import cohortSubscriptionsActivity from './sql/cohort_activity_subscriptions.sql?raw';
import cohortCustomersSql from './sql/cohort_customers.sql?raw';
import cohortCustomersSubscriptionsSql from './sql/cohort_customers_subscriptions.sql?raw';
import periodOrdersSql from './sql/period_retention_orders.sql?raw';
import periodSubscriptionsSql from './sql/period_retention_subscriptions.sql?raw';
import churnOrdersSql from './sql/churn_orders.sql?raw';
import churnSubscriptionsSql from './sql/churn_subscriptions.sql?raw';
import churnCustomersSql from './sql/churn_customers.sql?raw';
import survivalSubscriptionsSql from './sql/survival_subscriptions.sql?raw';
import survivalCustomersSql from './sql/survival_customers.sql?raw';
import repeatSql from './sql/repeat_purchase.sql?raw';
import daysBetweenSql from './sql/days_between.sql?raw';
import clvFormulaSql from './sql/clv_formula.sql?raw';
import rfmSql from './sql/rfm.sql?raw';
import clvCustomersSql from './sql/clv_customers.sql?raw';
import clvDecilesSql from './sql/clv_deciles.sql?raw';
import clvDistributionSql from './sql/clv_distribution.sql?raw';
import clvValidationSql from './sql/clv_validation.sql?raw';
import rfmScoresSql from './sql/rfm_scores.sql?raw';
import rfmCustomersSql from './sql/rfm_customers.sql?raw';
import { DEFAULT_RFM_RULES, encodeRules } from './rfm';

export type AnalysisId =
  'cohorts' | 'period' | 'churn' | 'survival' | 'repeat' | 'gaps' | 'clvFormula' | 'clv' | 'rfm';
export type ChartId =
  | 'cohortHeatmap'
  | 'cohortCurves'
  | 'cohortSizes'
  | 'periodRetention'
  | 'churnBySegment'
  | 'logoChurn'
  | 'survival'
  | 'repeatBySegment'
  | 'daysBetween'
  | 'clvBySegment'
  | 'rfmGrid'
  | 'rfmSegments'
  | 'clvDeciles'
  | 'clvDistribution'
  | 'clvValidation'
  | 'aliveMatrix';

export interface ParamDef {
  id: string;
  /** 'rules': RFM segment rules, edited in their own table (src/analyses/rfm.ts encodes them). */
  kind: 'choice' | 'number' | 'date' | 'rules';
  default: ParamValue;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Only shown for these sources. */
  sources?: CanonicalKind[];
}

export type Row = Record<string, unknown>;

export interface AnalysisDef {
  id: AnalysisId;
  /** The SQL per canonical source; the first available one is the default. */
  sql: Partial<Record<CanonicalKind, string>>;
  params: ParamDef[];
  /** How the segment column is used: to filter to one value, to break the result down, or not at all. */
  segment: 'filter' | 'breakdown' | 'none';
  charts: ChartId[];
  /** The customers behind a mark of a chart (one result row), per source. */
  drill?: {
    sql: Partial<Record<CanonicalKind, string>>;
    charts: ChartId[];
    params: (row: Row, chart: ChartId) => ParamValues | null;
  };
  /** Anchor in docs/metrics.md. */
  docs: string;
  /** A model fitted (in the worker) before the SQL runs: predictive CLV writes customer_clv. */
  fit?: 'clv';
  /** Further queries whose rows the charts draw (e.g. deciles), run after the main one. */
  views?: { id: string; sql: string }[];
  /** The main result can be very large (one row per customer): shown in the grid only. */
  largeResult?: boolean;
}

const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;

/** Puts a source's activity part (its first CTEs) into SQL that reads it through {{activity}}. */
export function withActivity(sql: string, activity: string): string {
  const slot = /WITH \{\{activity\}\}(,?)\n/;
  if (!slot.test(sql)) throw new Error('SQL has no WITH {{activity}} part');
  return sql.replace(slot, (_, comma: string) => `WITH\n${activity.trim()}${comma}\n`);
}

export const ANALYSES: AnalysisDef[] = [
  {
    id: 'cohorts',
    sql: {
      orders: withActivity(cohortSql, cohortOrdersActivity),
      subscriptions: withActivity(cohortSql, cohortSubscriptionsActivity),
    },
    params: [
      { id: 'grain', kind: 'choice', choices: GRAINS, default: 'month' },
      { id: 'week_start', kind: 'choice', choices: ['monday', 'sunday'], default: 'monday' },
      { id: 'horizon', kind: 'number', default: 12, min: 1, max: 120 },
      { id: 'rule', kind: 'choice', choices: ['on', 'on_or_after'], default: 'on' },
      {
        id: 'measure',
        kind: 'choice',
        choices: ['retention', 'revenue_retention', 'cumulative_revenue_per_customer'],
        default: 'retention',
      },
      { id: 'as_of', kind: 'date', default: null, sources: ['subscriptions'] },
    ],
    segment: 'filter',
    charts: ['cohortHeatmap', 'cohortCurves', 'cohortSizes'],
    drill: {
      sql: {
        orders: cohortCustomersSql,
        subscriptions: withActivity(cohortCustomersSubscriptionsSql, cohortSubscriptionsActivity),
      },
      charts: ['cohortHeatmap'],
      params: (row) =>
        row.is_average || row.cohort == null ? null : { cohort: isoDay(row.cohort), k: Number(row.k) },
    },
    docs: 'cohort-retention',
  },
  {
    id: 'period',
    sql: { orders: periodOrdersSql, subscriptions: periodSubscriptionsSql },
    params: [
      { id: 'grain', kind: 'choice', choices: ['week', 'month', 'quarter', 'year'], default: 'month' },
      { id: 'window_days', kind: 'number', default: 90, min: 1, max: 3650, sources: ['orders'] },
      { id: 'as_of', kind: 'date', default: null, sources: ['subscriptions'] },
    ],
    segment: 'filter',
    charts: ['periodRetention'],
    docs: 'period-retention',
  },
  {
    id: 'churn',
    sql: { orders: churnOrdersSql, subscriptions: churnSubscriptionsSql, customers: churnCustomersSql },
    params: [
      { id: 'window_days', kind: 'number', default: 90, min: 1, max: 3650, sources: ['orders'] },
      {
        id: 'grain',
        kind: 'choice',
        choices: ['month', 'quarter', 'year'],
        default: 'month',
        sources: ['subscriptions'],
      },
      { id: 'as_of', kind: 'date', default: null, sources: ['orders', 'subscriptions'] },
    ],
    segment: 'breakdown',
    charts: ['churnBySegment', 'logoChurn'],
    docs: 'churn',
  },
  {
    id: 'survival',
    sql: { subscriptions: survivalSubscriptionsSql, customers: survivalCustomersSql },
    params: [
      {
        id: 'unit',
        kind: 'choice',
        choices: ['day', 'week', 'month'],
        default: 'month',
        sources: ['subscriptions'],
      },
      { id: 'as_of', kind: 'date', default: null, sources: ['subscriptions'] },
    ],
    segment: 'breakdown',
    charts: ['survival'],
    docs: 'survival',
  },
  {
    id: 'repeat',
    sql: { orders: repeatSql },
    params: [],
    segment: 'breakdown',
    charts: ['repeatBySegment'],
    docs: 'repeat-purchase',
  },
  {
    id: 'gaps',
    sql: { orders: daysBetweenSql },
    params: [{ id: 'bin_days', kind: 'number', default: 30, min: 1, max: 365 }],
    segment: 'filter',
    charts: ['daysBetween'],
    docs: 'repeat-purchase',
  },
  {
    id: 'clvFormula',
    sql: { orders: clvFormulaSql },
    params: [
      { id: 'margin', kind: 'number', default: 0.3, min: 0, max: 1 },
      { id: 'churn_window_days', kind: 'number', default: 365, min: 30, max: 3650 },
    ],
    segment: 'breakdown',
    charts: ['clvBySegment'],
    docs: 'formula-clv',
  },
  {
    id: 'clv',
    sql: { orders: clvCustomersSql },
    params: [
      { id: 'calibration_end', kind: 'date', default: null },
      { id: 'time_unit', kind: 'choice', choices: ['week', 'day'], default: 'week' },
      { id: 'horizon', kind: 'number', default: 52, min: 1, max: 520 },
      { id: 'margin', kind: 'number', default: 0.3, min: 0, max: 1 },
      { id: 'discount_rate', kind: 'number', default: 0.1, min: 0, max: 1 },
      { id: 'max_frequency', kind: 'number', default: 7, min: 1, max: 50 },
    ],
    segment: 'none',
    fit: 'clv',
    views: [
      { id: 'deciles', sql: clvDecilesSql },
      { id: 'distribution', sql: clvDistributionSql },
      { id: 'validation', sql: clvValidationSql },
    ],
    largeResult: true,
    charts: ['clvValidation', 'aliveMatrix', 'clvDeciles', 'clvDistribution'],
    docs: 'predictive-clv',
  },
  {
    id: 'rfm',
    sql: { orders: withActivity(rfmSql, rfmScoresSql) },
    params: [
      { id: 'as_of', kind: 'date', default: null },
      { id: 'rules', kind: 'rules', default: encodeRules(DEFAULT_RFM_RULES) },
    ],
    segment: 'none',
    charts: ['rfmGrid', 'rfmSegments'],
    drill: {
      sql: { orders: withActivity(rfmCustomersSql, rfmScoresSql) },
      charts: ['rfmGrid', 'rfmSegments'],
      params: (row, chart) =>
        chart === 'rfmGrid'
          ? { segment: null, r_score: Number(row.r_score), f_score: Number(row.f_score) }
          : { segment: String(row.segment), r_score: null, f_score: null },
    },
    docs: 'rfm',
  },
];

function isoDay(value: unknown): string {
  return new Date(Number(value)).toISOString().slice(0, 10);
}

export function analysis(id: AnalysisId): AnalysisDef {
  const found = ANALYSES.find((a) => a.id === id);
  if (!found) throw new Error(`Unknown analysis ${id}`);
  return found;
}

/** The default value of every parameter of an analysis. */
export function defaults(def: AnalysisDef): ParamValues {
  return Object.fromEntries(def.params.map((p) => [p.id, p.default]));
}
