// Mapping a table, as an engine operation: the canonical table built in stages, then the accounting of
// every row (rows in, rows kept, rows left out by reason with examples) and the checks for results that
// would mislead. Runs next to the engine as one call, so that nothing else runs between its statements.
import type { Handlers, Op } from '../engine/protocol';
import type { ColumnInfo } from '../engine/api';
import type { EngineSession } from '../engine/session';
import { quoteUntrustedIdentifier as id } from '../engine/sql';
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
  mapSource: Op<{ mapping: Mapping<SourceKind>; columns: ColumnInfo[] }, MappingReport>;
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
function lineDrops(session: EngineSession): { rowsIn: number; dropped: DroppedRows[] } {
  const rows = session.queryRows<{
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

export async function mapSource(
  session: EngineSession,
  mapping: Mapping<SourceKind>,
  columns: ColumnInfo[],
  /** The lines stage as a view (the default) or a table (tests compare the two). */
  stage: StageOptions = {},
): Promise<MappingReport> {
  const started = performance.now();
  const staged = isStaged(mapping);
  const linesView = stage.linesView ?? true;
  try {
    for (const statement of mappingStatements(mapping, columns, { linesView })) await session.run(statement);
    // the lines stage has one row per row of the user's table: counted there, in the pass that counts the
    // rows left out
    const lines = staged.lines ? lineDrops(session) : null;
    const rowsIn = lines ? lines.rowsIn : session.rowCount(mapping.table);
    const dropped = [...(lines?.dropped ?? []), ...(staged.groups ? groupDrops(session) : [])];
    // examples the stages left without text (a totals row, a duplicate, a row without a customer): the row
    const bare = dropped.flatMap((d) => d.examples.filter((e) => e.value == null && e.row != null));
    const texts = rowTexts(session, mapping.table, columns, [...new Set(bare.map((e) => e.row!))]);
    for (const example of bare) example.value = texts.get(example.row!) ?? null;
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
    // duplicates kept: counted, so that the user can choose to leave them out
    if (!mapping.dropDuplicates && columns.length) {
      const [row] = session.queryRows<{ n: bigint }>(
        staged.lines
          ? `SELECT count(*) - count(DISTINCT tenure_hash) AS n FROM ${STAGE_TABLES.lines}`
          : `SELECT count(*) - count(DISTINCT hash(${columns.map((c) => id(c.name)).join(', ')})) AS n FROM ${id(mapping.table)}`,
      );
      if (count(row.n) > 0) warnings.push({ code: 'duplicates', values: { rows: count(row.n) } });
    }
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
    // the stages hold a copy of every line: they go as soon as the report is made
    session.queryRows(`DROP TABLE IF EXISTS ${STAGE_TABLES.groups}`);
    session.queryRows(`DROP ${linesView ? 'VIEW' : 'TABLE'} IF EXISTS ${STAGE_TABLES.lines}`);
  }
}

export const mapHandlers: Handlers<MapOps> = {
  mapSource: ({ session }, { mapping, columns }) => mapSource(session, mapping, columns),
};
