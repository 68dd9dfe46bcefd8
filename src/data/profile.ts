// What a loaded table's columns hold, for guessing a mapping: how many values each column has, how many
// distinct ones, and a sample of them as text; the distinct values of a status column with their counts
// (the exclusion picker); and whether an amount repeats on every line of an order (an order total).
import type { ColumnInfo } from '../engine/api';
import { quoteUntrustedIdentifier as id } from '../engine/sql';

export interface ColumnProfile extends ColumnInfo {
  /** Non-empty values. */
  filled: number;
  /** Distinct values (approximate on large tables). */
  distinct: number;
  /** Up to SAMPLE distinct values, as text, from a sample of the rows. */
  samples: string[];
}

export interface TableProfile {
  table: string;
  rows: number;
  columns: ColumnProfile[];
}

const SAMPLE_ROWS = 2000;
const SAMPLE_VALUES = 40;

/** One query: per column, its counts and a sample of its values (NULL and empty text are not values). */
export function profileSql(table: string, columns: ColumnInfo[]): string {
  const t = id(table);
  if (columns.length === 0) return `SELECT count(*) AS rows FROM ${t}`;
  const value = (c: ColumnInfo) => `NULLIF(trim(${id(c.name)}::VARCHAR), '')`;
  const counts = columns
    .map((c, i) => `count(${value(c)}) AS f${i}, approx_count_distinct(${value(c)}) AS d${i}`)
    .join(',\n  ');
  const samples = columns
    .map(
      (c, i) =>
        `list(DISTINCT ${value(c)}) FILTER (WHERE ${value(c)} IS NOT NULL)[1:${SAMPLE_VALUES}] AS s${i}`,
    )
    .join(',\n  ');
  return `SELECT * FROM
(SELECT count(*) AS rows,
  ${counts}
FROM ${t}),
(SELECT
  ${samples}
FROM (SELECT * FROM ${t} USING SAMPLE reservoir(${SAMPLE_ROWS} ROWS) REPEATABLE (42)))`;
}

/** The profile from the row profileSql returns. */
export function readProfile(
  table: string,
  columns: ColumnInfo[],
  row: Record<string, unknown>,
): TableProfile {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    table,
    rows: n(row.rows),
    columns: columns.map((c, i) => {
      const samples = row[`s${i}`];
      return {
        ...c,
        filled: n(row[`f${i}`]),
        distinct: n(row[`d${i}`]),
        samples: Array.isArray(samples)
          ? samples.map(String)
          : samples
            ? Array.from(samples as Iterable<unknown>, String)
            : [],
      };
    }),
  };
}

/** The distinct values of a column with their counts, most frequent first (the exclusion picker). */
export function valueCountsSql(table: string, column: string, limit = 60): string {
  return `SELECT ${id(column)}::VARCHAR AS value, count(*) AS n FROM ${id(table)}
    WHERE NULLIF(trim(${id(column)}::VARCHAR), '') IS NOT NULL
    GROUP BY ALL ORDER BY n DESC, value LIMIT ${limit}`;
}

/**
 * Whether an amount is an order total written on every line of its order: among orders of two lines or
 * more, the share whose lines all carry the same non-empty amount. One row: `multi` orders, `repeated`.
 */
export function repeatedAmountSql(table: string, orderId: string, amount: string): string {
  const a = `NULLIF(trim(${id(amount)}::VARCHAR), '')`;
  return `SELECT count(*) AS multi, count(*) FILTER (WHERE values_ = 1 AND filled = lines) AS repeated
    FROM (
      SELECT count(*) AS lines, count(${a}) AS filled, count(DISTINCT ${a}) AS values_
      FROM ${id(table)}
      WHERE NULLIF(trim(${id(orderId)}::VARCHAR), '') IS NOT NULL
      GROUP BY ${id(orderId)}
      HAVING count(*) > 1
    )`;
}
