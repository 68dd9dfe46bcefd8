// Runs analysis SQL on the real engine through the app's own path (src/analyses/query.ts binds it exactly
// as the app does), and maps fixtures with the app's mapping SQL.
import { tableFromIPC } from 'apache-arrow';
import type { EngineSession } from '../../src/engine/session';
import type { CsvOptions } from '../../src/data/files';
import type { ParamValues } from '../../src/analyses/params';
import { analysisQuery, bindQuery, type BoundQuery } from '../../src/analyses/query';
import { buildSummaries } from '../../src/analyses/summaries/build';
import type { Analysis } from '../../src/analyses';
import { rolesOf } from '../../src/data/mapping';
import { mapSource } from '../../src/data/map-ops';
import type { Mapping, RowFilter, SourceKind } from '../../src/data/sources';
import { loadCsv } from '../../src/data/load';
import { registerText } from './engine';

export type Row = Record<string, unknown>;

function plain(ipc: Uint8Array): Row[] {
  return tableFromIPC(ipc)
    .toArray()
    .map((r) => {
      const row = r.toJSON() as Row;
      for (const [key, value] of Object.entries(row)) if (typeof value === 'bigint') row[key] = Number(value);
      return row;
    });
}

/** Makes the summaries a bound query reads (the app's builder: missing or stale ones only), then runs it. */
export async function runBound(engine: EngineSession, bound: BoundQuery) {
  await buildSummaries((sql) => engine.runRows(sql), bound.summaries);
  return plain((await engine.run(bound.sql, { params: bound.params })).ipc);
}

/**
 * Runs SQL bound as the app binds it. `segment` is the user's segment column (filters read its value from
 * `values.segment_value`; breakdowns group by it).
 */
export async function runSql(
  engine: EngineSession,
  sql: string,
  values: ParamValues,
  segment: string | null = null,
) {
  const { segment_value: value = null, ...rest } = values;
  const bound = bindQuery(sql, rest, { column: segment, value: typeof value === 'string' ? value : null });
  return runBound(engine, bound);
}

/** Runs an analysis's query for a source, with its default values overridden by `values`. */
export async function runAnalysis(
  engine: EngineSession,
  analysis: Analysis,
  source: SourceKind,
  values: ParamValues = {},
  segment: { column: string | null; value: string | null } = { column: null, value: null },
) {
  const bound = analysisQuery(analysis, source, { ...analysis.defaults(), ...values }, segment);
  return runBound(engine, bound);
}

/** A mapping as tests write it: the roles as fields (as links carry them), the table optional. */
export type FlatFixtureMapping = {
  kind: SourceKind;
  table?: string;
  segments: string[];
  filter?: RowFilter;
} & Record<string, unknown>;

export function fixtureMapping(flat: FlatFixtureMapping, table: string): Mapping<SourceKind> {
  const mapping: Mapping<SourceKind> = {
    kind: flat.kind,
    table,
    roles: rolesOf(flat.kind, flat),
    segments: flat.segments,
  };
  if (flat.filter) mapping.filter = flat.filter;
  return mapping;
}

/** Loads CSV text as a table and maps it to its canonical table. */
export async function mapFixture(
  engine: EngineSession,
  csv: string,
  flat: FlatFixtureMapping,
  options: CsvOptions = {},
) {
  const table = flat.table ?? `src_${flat.kind}`;
  const outcome = await loadCsv(engine, registerText(engine, `${table}.csv`, csv), table, options);
  if (!outcome.ok) throw new Error(`fixture failed to load: ${outcome.code} ${outcome.detail ?? ''}`);
  // the app's own mapping operation: stages, accounting, canonical table
  return mapSource(engine, fixtureMapping(flat, table), engine.describe(table));
}

/** Rounds numbers for comparison with hand-computed values. */
export function round(rows: Row[], digits = 6): Row[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(digits)) : v]),
    ),
  );
}

export const isoDate = (ms: unknown) => (ms == null ? null : new Date(Number(ms)).toISOString().slice(0, 10));
