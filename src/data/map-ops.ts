// Mapping a table, as an engine operation: the canonical table built in stages, then the accounting of
// every row (rows in, rows kept, rows left out by reason with examples) and the checks for results that
// would mislead. Runs next to the engine as one call, so that nothing else runs between its statements.
import type { Handlers, Op } from '../engine/protocol';
import type { ColumnInfo } from '../engine/api';
import type { EngineSession } from '../engine/session';
import { quoteUntrustedIdentifier as id } from '../engine/sql';
import { isStaged, mappingStatements, STAGE_TABLES } from './mapping';
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

function dropsFrom(session: EngineSession, table: string, grouped: boolean): DroppedRows[] {
  const rows = session.queryRows<{ reason: DropReason; n: bigint; entities: bigint }>(
    grouped
      ? `SELECT tenure_drop AS reason, sum(tenure_lines) AS n, count(*) AS entities FROM ${table}
          WHERE tenure_drop IS NOT NULL GROUP BY ALL ORDER BY n DESC`
      : `SELECT tenure_drop AS reason, count(*) AS n, NULL AS entities FROM ${table}
          WHERE tenure_drop IS NOT NULL GROUP BY ALL ORDER BY n DESC`,
  );
  return rows.map((r) => ({
    reason: r.reason,
    rows: count(r.n),
    entities: r.entities == null ? null : count(r.entities),
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
): Promise<MappingReport> {
  const started = performance.now();
  const rowsIn = session.rowCount(mapping.table);
  const staged = isStaged(mapping);
  try {
    for (const statement of mappingStatements(mapping, columns)) await session.run(statement);
    const dropped = [
      ...(staged.lines ? dropsFrom(session, STAGE_TABLES.lines, false) : []),
      ...(staged.groups ? dropsFrom(session, STAGE_TABLES.groups, true) : []),
    ];
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
        `SELECT count(*) - count(DISTINCT hash(${columns.map((c) => id(c.name)).join(', ')})) AS n FROM ${id(mapping.table)}`,
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
    for (const table of [STAGE_TABLES.groups, STAGE_TABLES.lines])
      session.queryRows(`DROP TABLE IF EXISTS ${table}`);
  }
}

export const mapHandlers: Handlers<MapOps> = {
  mapSource: ({ session }, { mapping, columns }) => mapSource(session, mapping, columns),
};
