// Summaries: compact tables made from the canonical orders once per mapping, which the analyses read instead
// of the orders (docs/metrics.md#summaries). Analysis SQL names the summary it reads by a slot, and binding
// puts the table in its place and lists what must exist first:
//   {{summary:customers}}          one row per customer (orders_customers.sql)
//   {{summary:segment_customers}}  the same with the customer's value of the breakdown column, when one is chosen
//   {{summary:days}}               one row per customer and day with an order (orders_days.sql), per value of
//                                  the segment column when a segment filter is set
//   {{summary:cohort_cells}}       cohort x period counts at the analysis's grain and week start
//                                  (orders_cohort_cells.sql), in the same segment scope as days
// Sizes depend on customers and their active days, not on order lines. Each summary is built the first time
// an analysis needs it (build.ts), and is rebuilt when the orders are mapped again.
import { quoteUntrustedIdentifier } from '../../engine/sql';
import { segmentColumn } from '../../data/mapping';
import type { SourceKind } from '../../data/sources';
import { inlineParams, withSegment } from '../bind';
import type { ParamValues } from '../params';
import customersSql from './orders_customers.sql?raw';
import daysSql from './orders_days.sql?raw';
import cellsSql from './orders_cohort_cells.sql?raw';

/** The schema of the app's database that holds the summaries (not listed with the tables). */
export const SUMMARY_SCHEMA = 'summaries';

export type SummaryKind = 'customers' | 'days' | 'cohortCells';

export interface SummaryStep {
  /** The table's own name in SUMMARY_SCHEMA, as the catalogue lists it. */
  name: string;
  /** The table as SQL names it: `summaries.orders_days`. */
  table: string;
  /** The canonical table it is made from. */
  source: SourceKind;
  kind: SummaryKind;
  /** The canonical segment column it is broken down by (null: none). */
  segment: string | null;
  /** The grain of cohort cells (null for the others). */
  grain: string | null;
  /** The SELECT that fills it, with its values written out. */
  select: string;
}

/** The segment as binding sees it: the user's column and, for a filter, its value. */
interface SegmentScope {
  column: string | null;
  value: string | null;
}

const SLOT = /\{\{summary:(\w+)\}\}/g;

/** Plain names stay as they are (readable in Show SQL); any other is quoted. */
const qualified = (name: string) =>
  `${SUMMARY_SCHEMA}.${/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteUntrustedIdentifier(name)}`;
const scoped = (base: string, segment: string | null) => (segment ? `${base}_by_${segment}` : base);

function step(
  kind: SummaryKind,
  name: string,
  segment: string | null,
  grain: string | null,
  select: string,
): SummaryStep {
  return { name, table: qualified(name), source: 'orders', kind, segment, grain, select };
}

/** One row per customer; with a canonical segment column, the customer's value of it. */
function customers(segment: string | null): SummaryStep {
  return step(
    'customers',
    scoped('orders_customers', segment),
    segment,
    null,
    withSegment(customersSql, segment),
  );
}

/** Customer days, per value of the canonical segment column when one is given. */
function days(segment: string | null): SummaryStep {
  const select = withSegment(daysSql, segment).replaceAll('{{customers}}', customers(null).table);
  return step('days', scoped('orders_days', segment), segment, null, select);
}

const WEEK_STARTS = ['monday', 'sunday'];

/** Cohort cells at a grain (and week start, for weeks), in the scope of days(segment). */
function cohortCells(grain: string, weekStart: string, segment: string | null): SummaryStep {
  const week = grain === 'week' && weekStart === 'sunday' ? 'sunday' : 'monday';
  const name = scoped(`orders_cells_${grain}${week === 'sunday' ? '_sunday' : ''}`, segment);
  const select = inlineParams(
    cellsSql.replaceAll('{{days}}', days(segment).table).replaceAll('{{customers}}', customers(null).table),
    {
      grain,
      week_start: week,
    },
  );
  return step('cohortCells', name, segment, grain, select);
}

/** The steps a summary needs first, then itself. */
function withNeeds(summary: SummaryStep): SummaryStep[] {
  if (summary.kind === 'customers') return summary.segment ? [customers(null), summary] : [summary];
  if (summary.kind === 'days') return [customers(null), summary];
  return [customers(null), days(summary.segment), summary];
}

/**
 * Puts the summaries' tables into SQL that reads them through `{{summary:<name>}}` slots, and lists the
 * summaries to build first (those a summary reads come before it). A filter reads the summaries of its
 * segment column only when a value is chosen (without one it is everybody).
 */
export function withSummaries(
  sql: string,
  values: ParamValues,
  segment: SegmentScope,
): { sql: string; steps: SummaryStep[] } {
  const column = segment.column ? segmentColumn(segment.column) : null;
  const filter = column && segment.value !== null ? column : null;
  const grain = typeof values.grain === 'string' ? values.grain : 'month';
  const weekStart = typeof values.week_start === 'string' ? values.week_start : 'monday';
  const steps: SummaryStep[] = [];
  const text = sql.replace(SLOT, (_match, name: string) => {
    const summary =
      name === 'customers'
        ? customers(null)
        : name === 'segment_customers'
          ? customers(column)
          : name === 'days'
            ? days(filter)
            : name === 'cohort_cells'
              ? cohortCells(grain, WEEK_STARTS.includes(weekStart) ? weekStart : 'monday', filter)
              : null;
    if (!summary) throw new Error(`Unknown summary {{summary:${name}}}`);
    for (const s of withNeeds(summary)) if (!steps.some((known) => known.name === s.name)) steps.push(s);
    return summary.table;
  });
  return { sql: text, steps };
}

/** The summaries a person may want next after these: cohort cells at the other grains, in the same scope. */
export function relatedSummaries(steps: readonly SummaryStep[]): SummaryStep[] {
  const related: SummaryStep[] = [];
  for (const s of steps) {
    if (s.kind !== 'cohortCells') continue;
    for (const [grain, week] of NEXT_GRAINS) {
      const next = cohortCells(grain, week, s.segment);
      if (![...steps, ...related].some((known) => known.name === next.name)) related.push(next);
    }
  }
  return related;
}

/** The grains tried next, most likely first (the grain select's neighbours of the default, month). */
const NEXT_GRAINS: [string, string][] = [
  ['quarter', 'monday'],
  ['month', 'monday'],
  ['year', 'monday'],
  ['week', 'monday'],
  ['day', 'monday'],
  ['week', 'sunday'],
];

/** The statements that make the summaries as SQL a person runs (the workspace, the DuckDB shell). */
export function summaryScript(steps: readonly SummaryStep[]): string {
  if (!steps.length) return '';
  return [
    `-- The summaries this reads, made from the canonical table (Tenure makes them once per mapping)`,
    `CREATE SCHEMA IF NOT EXISTS ${SUMMARY_SCHEMA};`,
    ...steps.map((s) => `CREATE OR REPLACE TABLE ${s.table} AS\n${s.select.trim()};`),
    '',
  ].join('\n');
}
