// Building the summaries an analysis reads (summaries.ts), wherever the engine is: the page (through the worker),
// the Node tests (the engine session) and the benchmark. A summary is valid for the canonical table it was
// made from: each carries, as its table comment, the catalogue id of that table (a mapping applied again
// makes a new table, with a new id; a restarted engine has no summaries at all). Stale summaries are dropped
// (their memory is the data's), missing ones built in order, with progress, and a cancel between and within
// statements (the engine interrupts the statement that runs).
import { SUMMARY_SCHEMA, type SummaryKind, type SummaryStep } from './summaries';

/** How the builder runs SQL: the rows of one statement, which the signal interrupts. */
export type SummarySql = (sql: string, signal?: AbortSignal) => Promise<Record<string, unknown>[]>;

export interface SummaryProgress {
  /** Summaries built so far, of `total`. */
  done: number;
  total: number;
  /** The one being built now. */
  kind: SummaryKind;
  grain: string | null;
}

export interface BuildOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SummaryProgress) => void;
}

/** What a summary's table comment says: the canonical table and its catalogue id. */
const stamp = (source: string, oid: unknown) => `${source}@${String(oid)}`;

/**
 * Makes sure every step's table exists for the canonical table as it is now; returns the names built (the
 * others were there already). Throws what the engine throws (a cancel is the engine's `cancelled`).
 */
export async function buildSummaries(
  sql: SummarySql,
  steps: readonly SummaryStep[],
  { signal, onProgress }: BuildOptions = {},
): Promise<string[]> {
  if (!steps.length) return [];
  const sources = [...new Set(steps.map((s) => s.source))];
  const catalog = await sql(
    `SELECT schema_name, table_name, table_oid, comment FROM duckdb_tables()
      WHERE database_name = current_database()
        AND (schema_name = '${SUMMARY_SCHEMA}' OR (schema_name = 'main' AND table_name IN (${sources
          .map((s) => `'${s}'`)
          .join(', ')})))`,
    signal,
  );
  const current = new Map(
    catalog.filter((t) => t.schema_name === 'main').map((t) => [String(t.table_name), t.table_oid]),
  );
  const valid = new Set<string>();
  for (const t of catalog.filter((t) => t.schema_name === SUMMARY_SCHEMA)) {
    const name = String(t.table_name);
    const source = String(t.comment ?? '').split('@')[0];
    if (current.has(source) && t.comment === stamp(source, current.get(source))) valid.add(name);
    // made from a canonical table that has been replaced (or that is gone): its memory is freed now
    else await sql(`DROP TABLE IF EXISTS ${SUMMARY_SCHEMA}.${quote(name)}`, signal);
  }
  const missing = steps.filter((s) => !valid.has(s.name));
  if (!missing.length) return [];
  await sql(`CREATE SCHEMA IF NOT EXISTS ${SUMMARY_SCHEMA}`, signal);
  const built: string[] = [];
  for (const [i, s] of missing.entries()) {
    if (!current.has(s.source)) throw new Error(`No ${s.source} table to summarise`);
    onProgress?.({ done: i, total: missing.length, kind: s.kind, grain: s.grain });
    await sql(`CREATE OR REPLACE TABLE ${s.table} AS\n${s.select}`, signal);
    await sql(`COMMENT ON TABLE ${s.table} IS '${stamp(s.source, current.get(s.source))}'`, signal);
    built.push(s.name);
  }
  onProgress?.({ done: missing.length, total: missing.length, kind: missing.at(-1)!.kind, grain: null });
  return built;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
