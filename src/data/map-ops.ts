// Mapping a table, as an engine operation: the canonical table built in stages, then the accounting of
// every row (rows in, rows kept, rows left out by reason with examples) and the checks for results that
// would mislead. Runs next to the engine as one call, so that nothing else runs between its statements.
import type { Handlers, Op } from '../engine/protocol';
import type { ColumnInfo } from '../engine/api';
import type { EngineSession } from '../engine/session';
import { quoteUntrustedIdentifier as id } from '../engine/sql';
import { EngineFailure } from '../engine/errors';
import { isStaged, mappingStatements, STAGE_TABLES, type StageOptions } from './mapping';
import { sourceDef, type DropReason, type Mapping, type SourceKind } from './sources';

/** Rows (and, for orders grouped from lines, orders) left out for one reason, with a few examples. */
export interface DroppedRows {
  reason: DropReason;
  /** Rows of the user's table. */
  rows: number;
  /** Orders left out, when lines are grouped into orders (their rows are counted in `rows`). */
  entities: number | null;
  /** The first few, in file order: the row number and the value that shows why. */
  examples: { row: number | null; value: string | null }[];
}

export interface MappingReport {
  kind: SourceKind;
  table: string;
  /** Rows of the user's table. */
  rowsIn: number;
  /** Rows that made it into the canonical table. */
  rowsKept: number;
  /** Rows of the canonical table (orders, subscriptions, customers...). */
  entities: number;
  customers: number;
  dropped: DroppedRows[];
  warnings: { code: string; values: Record<string, string | number> }[];
  ms: number;
}

export type MapOps = {
  mapSource: Op<{ mapping: Mapping<SourceKind>; columns: ColumnInfo[] }, MappingReport, MapProgress>;
};

const EXAMPLES = 5;

/** The order reasons are listed in: the order the templates check them in. */
const REASONS: DropReason[] = [
  'totalsRow',
  'duplicate',
  'noKey',
  'excluded',
  'noCustomer',
  'noDate',
  'badDate',
  'badEndDate',
  'badTenure',
  'badFlag',
  'notSampled',
  'other',
];
const byReason = (a: DroppedRows, b: DroppedRows) =>
  (REASONS.indexOf(a.reason) + 1 || REASONS.length + 1) -
  (REASONS.indexOf(b.reason) + 1 || REASONS.length + 1);

const count = (value: unknown) => Number(value ?? 0);

function plain(values: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'hit' || value == null) continue;
    out[key] = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : String(value);
  }
  return out;
}

/**
 * The rows a report shows as examples, as text (their first columns joined): read back from the user's
 * table by row number, for these few rows only.
 */
function rowTexts(
  session: EngineSession,
  table: string,
  columns: ColumnInfo[],
  lines: number[],
): Map<number, string> {
  if (!lines.length || !columns.length) return new Map();
  const text = `left(concat_ws(' | ', ${columns
    .slice(0, 8)
    .map((c) => `${id(c.name)}::VARCHAR`)
    .join(', ')}), 160)`;
  const rows = session.queryRows<{ line: bigint; text: string }>(
    `SELECT line, ${text} AS text
       FROM (SELECT row_number() OVER () AS line, * FROM ${id(table)})
      WHERE line IN (${lines.map((n) => Math.floor(n)).join(', ')})`,
  );
  return new Map(rows.map((r) => [count(r.line), r.text]));
}

/**
 * The lines stage read once: every row counted (rows in) and the rows left out by reason, each with its
 * first few examples in file order. One pass, as the stage may be a view that reads the table again.
 */
async function lineDrops(session: EngineSession): Promise<{ rowsIn: number; dropped: DroppedRows[] }> {
  const rows = await session.runRows<{
    reason: DropReason | null;
    n: bigint;
    examples: { row: bigint | null; value: string | null }[];
  }>(
    `SELECT tenure_drop AS reason, count(*) AS n,
            min_by({'row': tenure_line, 'value': tenure_example}, tenure_line, ${EXAMPLES}) AS examples
       FROM ${STAGE_TABLES.lines}
      GROUP BY ALL`,
  );
  return {
    rowsIn: rows.reduce((n, r) => n + count(r.n), 0),
    dropped: rows
      .filter((r) => r.reason != null)
      .sort((a, b) => count(b.n) - count(a.n))
      .map((r) => ({
        reason: r.reason!,
        rows: count(r.n),
        entities: null,
        examples: [...(r.examples ?? [])].map((e) => ({
          row: e.row == null ? null : count(e.row),
          value: e.value,
        })),
      })),
  };
}

/** The orders left out when lines are grouped, by reason, with the lines they held and a few examples. */
function groupDrops(session: EngineSession): DroppedRows[] {
  const table = STAGE_TABLES.groups;
  const rows = session.queryRows<{ reason: DropReason; n: bigint; entities: bigint }>(
    `SELECT tenure_drop AS reason, sum(tenure_lines) AS n, count(*) AS entities FROM ${table}
      WHERE tenure_drop IS NOT NULL GROUP BY ALL ORDER BY n DESC`,
  );
  return rows.map((r) => ({
    reason: r.reason,
    rows: count(r.n),
    entities: count(r.entities),
    examples: session
      .queryRows<{ row: bigint; value: string | null }>(
        `SELECT tenure_line AS row, tenure_example AS value FROM ${table}
          WHERE tenure_drop = $1 ORDER BY tenure_line LIMIT ${EXAMPLES}`,
        [r.reason],
      )
      .map((e) => ({ row: e.row == null ? null : count(e.row), value: e.value })),
  }));
}

/** Where a mapping is: the steps a large table takes seconds over, in order. */
export interface MapProgress {
  step: 'stages' | 'accounting' | 'table';
  /** Steps done before this one, of `total`. */
  done: number;
  total: number;
}

/** Stops between steps when a cancel came while no statement ran. */
function checkCancel(session: EngineSession): void {
  if (session.cancelRequested) throw new EngineFailure({ kind: 'cancelled' });
}

/**
 * Builds the canonical table of a mapping and its report. The stages and the accounting come first and the
 * canonical table last, in one statement: a cancel (or a failure) before it leaves the canonical table as
 * it was; after it, only short queries on the new table remain, and they run to the end.
 */
export async function mapSource(
  session: EngineSession,
  mapping: Mapping<SourceKind>,
  columns: ColumnInfo[],
  /** The lines stage as a view (the default) or a table (tests compare the two). */
  stage: StageOptions = {},
  progress: (p: MapProgress) => void = () => {},
): Promise<MappingReport> {
  const started = performance.now();
  const staged = isStaged(mapping);
  const linesView = stage.linesView ?? true;
  const statements = mappingStatements(mapping, columns, { linesView });
  const canonical = statements.pop()!;
  const total = staged.lines ? 3 : 1;
  try {
    let rowsIn = 0;
    const dropped: DroppedRows[] = [];
    let duplicates = 0;
    if (staged.lines) {
      // the stages: the lines as a view, and (orders with an order id) the orders grouped from them
      progress({ step: 'stages', done: 0, total });
      for (const statement of statements) await session.run(statement);
      checkCancel(session);
      // the lines stage has one row per row of the user's table: counted there, in the pass that counts
      // the rows left out
      progress({ step: 'accounting', done: 1, total });
      const lines = await lineDrops(session);
      rowsIn = lines.rowsIn;
      dropped.push(...lines.dropped, ...(staged.groups ? groupDrops(session) : []));
      // duplicates kept: counted, so that the user can choose to leave them out
      if (!mapping.dropDuplicates && columns.length) {
        const [row] = await session.runRows<{ n: bigint }>(
          `SELECT count(*) - count(DISTINCT tenure_hash) AS n FROM ${STAGE_TABLES.lines}`,
        );
        duplicates = count(row.n);
      }
      // examples the stages left without text (a totals row, a duplicate, a row without a customer): the row
      const bare = dropped.flatMap((d) => d.examples.filter((e) => e.value == null && e.row != null));
      const texts = rowTexts(session, mapping.table, columns, [...new Set(bare.map((e) => e.row!))]);
      for (const example of bare) example.value = texts.get(example.row!) ?? null;
      checkCancel(session);
      progress({ step: 'table', done: 2, total });
    } else {
      for (const statement of statements) await session.run(statement);
      progress({ step: 'table', done: 0, total });
    }
    await session.run(canonical);
    // the canonical table is made: what follows reads it (small and quick) and is not interrupted
    if (!staged.lines) {
      rowsIn = session.rowCount(mapping.table);
      if (!mapping.dropDuplicates && columns.length) {
        const [row] = session.queryRows<{ n: bigint }>(
          `SELECT count(*) - count(DISTINCT hash(${columns.map((c) => id(c.name)).join(', ')})) AS n FROM ${id(mapping.table)}`,
        );
        duplicates = count(row.n);
      }
    }
    const table = id(mapping.kind);
    const [kept] = session.queryRows<{ entities: bigint; customers: bigint; lines: bigint | null }>(
      mapping.kind === 'orders'
        ? `SELECT count(*) AS entities, count(DISTINCT customer_id) AS customers, sum(lines) AS lines FROM ${table}`
        : `SELECT count(*) AS entities, count(DISTINCT customer_id) AS customers, NULL AS lines FROM ${table}`,
    );
    const entities = count(kept.entities);
    const rowsKept = kept.lines == null ? entities : count(kept.lines);
    const explained = dropped.reduce((n, d) => n + d.rows, 0);
    if (rowsIn - rowsKept - explained > 0)
      dropped.push({ reason: 'other', rows: rowsIn - rowsKept - explained, entities: null, examples: [] });
    dropped.sort(byReason);
    const warnings = (sourceDef(mapping.kind).warnings?.(mapping) ?? []).flatMap((check) => {
      const [row] = session.queryRows<Record<string, unknown>>(check.sql);
      return row?.hit ? [{ code: check.code, values: plain(row) }] : [];
    });
    if (duplicates > 0) warnings.push({ code: 'duplicates', values: { rows: duplicates } });
    return {
      kind: mapping.kind,
      table: mapping.table,
      rowsIn,
      rowsKept,
      entities,
      customers: count(kept.customers),
      dropped,
      warnings,
      ms: performance.now() - started,
    };
  } finally {
    // the stages go as soon as the report is made (or the mapping stopped)
    session.queryRows(`DROP TABLE IF EXISTS ${STAGE_TABLES.groups}`);
    session.queryRows(`DROP ${linesView ? 'VIEW' : 'TABLE'} IF EXISTS ${STAGE_TABLES.lines}`);
  }
}

export const mapHandlers: Handlers<MapOps> = {
  mapSource: ({ session, progress }, { mapping, columns }) =>
    mapSource(session, mapping, columns, {}, progress),
};
