// The SQL an analysis runs, bound: the one path the app, the tests and the benchmark all take from a
// declaration and parameter values to SQL text with `$1`-style parameters and a runnable copy.
import { segmentColumn } from '../data/mapping';
import type { SourceKind } from '../data/sources';
import type { Analysis } from './define';
import { bindNamed, inlineParams, withSegment } from './bind';
import type { ParamValue, ParamValues } from './params';
import { summaryScript, withSummaries, type SummaryStep } from './summaries/summaries';

export interface BoundQuery {
  /** The SQL with `$1`, `$2`... */
  sql: string;
  params: ParamValue[];
  /**
   * The same SQL with literal values, after the statements that make the summaries it reads: runnable in
   * the SQL workspace or the DuckDB shell.
   */
  runnable: string;
  /** The SQL with literal values alone (what `runnable` ends with). */
  inlined: string;
  /** The values bound (the parameters and the segment value). */
  values: ParamValues;
  /** The summaries it reads, in the order they must be made (summaries/build.ts makes the missing ones). */
  summaries: SummaryStep[];
}

/** Which segment column (by the user's column name) and, for filters, which value. */
export interface SegmentChoice {
  column: string | null;
  value: string | null;
}

export const NO_SEGMENT: SegmentChoice = { column: null, value: null };

/**
 * Binds SQL that may use `{{segment}}`, `{{has_segment}}`, `{{summary:<name>}}`, `$segment_value` and the
 * values' names.
 */
export function bindQuery(sql: string, values: ParamValues, segment: SegmentChoice = NO_SEGMENT): BoundQuery {
  const all: ParamValues = { ...values, segment_value: segment.column ? segment.value : null };
  const { sql: reading, steps } = withSummaries(sql, values, segment);
  const text = withSegment(reading, segment.column ? segmentColumn(segment.column) : null);
  const bound = bindNamed(text, all);
  const inlined = inlineParams(text, all);
  return {
    ...bound,
    runnable: summaryScript(steps) + inlined,
    inlined,
    values: all,
    summaries: steps,
  };
}

/** The analysis's main query for a source. */
export function analysisQuery(
  analysis: Analysis,
  source: SourceKind,
  values: ParamValues,
  segment: SegmentChoice = NO_SEGMENT,
): BoundQuery {
  const sql = analysis.sources[source]?.sql;
  if (!sql) throw new Error(`${analysis.id} does not read ${source}`);
  return bindQuery(sql, values, segment);
}

/** The customers behind a chart mark: the drill SQL with the mark's own values. */
export function drillQuery(
  analysis: Analysis,
  source: SourceKind,
  values: ParamValues,
  segment: SegmentChoice,
  mark: ParamValues,
): BoundQuery | null {
  const sql = analysis.sources[source]?.drill;
  return sql ? bindQuery(sql, { ...values, ...mark }, segment) : null;
}

/** A view of the analysis for a source: its own SQL for the source, or the one for all. */
export function viewSql(view: Analysis['views'][number], source: SourceKind): string {
  return view.bySource[source] ?? view.sql;
}
