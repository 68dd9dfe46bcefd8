// The memory a mapping is expected to need, against the engine's limit, before it is applied: the form
// warns when a file is too big for the tab and offers a sample of customers (docs/metrics.md, "A sample of
// customers"). The figures are measured on the benchmark's order lines; the formula and its basis are in
// the docs, next to the sample.
import { quoteUntrustedLiteral as literal } from '../engine/sql';
import { APP_CATALOG } from '../engine/catalogs';
import { SAMPLE_SHARES } from './mapping';

/**
 * Tables made from a mapped table (the canonical table, the summaries, the analyses' tables), per byte of
 * it: at 10M lines, 211 MiB loaded and 605 MiB in all tables after every analysis of orders.
 */
export const DERIVED_PER_BYTE = 1.9;
/**
 * Working memory per line: hash aggregates and sorts hold their rows uncompressed. 10M lines take 1,448 MiB
 * uncompressed, and the mapping's grouping of them did not fit in the 1.3 GiB left beside such a table.
 */
export const WORK_PER_LINE = 140;
/** A table's size per cell when the engine has no measure of it (a view): 21 MiB per 1M lines of 11 columns. */
export const BYTES_PER_CELL = 2;
/** The share of the limit above which the form warns. */
export const HIGH_SHARE = 0.8;

export interface MemoryInputs {
  /** Lines of the table to map. */
  lines: number;
  /** Its size in the engine (compressed). */
  tableBytes: number;
  /** What the engine's other tables hold. */
  otherBytes: number;
  /**
   * Orders sampled whole after grouping (some lines with an order id name no customer; mapping.ts
   * wholeOrdersSql): the grouping reads every line, whatever the sample.
   */
  grouped: boolean;
}

/** The memory expected at the peak of mapping and analysing the table, with a share of its customers. */
export function expectedMemory(input: MemoryInputs, share = 1): number {
  const s = Math.min(1, Math.max(0, share));
  return (
    input.otherBytes +
    input.tableBytes * (1 + DERIVED_PER_BYTE * s) +
    input.lines * WORK_PER_LINE * (input.grouped ? 1 : s)
  );
}

export interface MemoryVerdict {
  bytes: number;
  limit: number;
  /** ok: under HIGH_SHARE of the limit; high: above it; over: above the limit. */
  level: 'ok' | 'high' | 'over';
  /** The largest share of customers that brings the estimate under HIGH_SHARE (null: none does, or not needed). */
  fits: number | null;
  /** The estimate with that share. */
  fitsBytes: number | null;
}

export function memoryVerdict(input: MemoryInputs, share: number, limit: number): MemoryVerdict {
  const bytes = expectedMemory(input, share);
  const level = bytes > limit ? 'over' : bytes > HIGH_SHARE * limit ? 'high' : 'ok';
  const fits =
    level === 'ok'
      ? null
      : (SAMPLE_SHARES.find((s) => s < share && expectedMemory(input, s) <= HIGH_SHARE * limit) ?? null);
  return { bytes, limit, level, fits, fitsBytes: fits === null ? null : expectedMemory(input, fits) };
}

const UNITS: Record<string, number> = {
  B: 1,
  BYTES: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/** A size as DuckDB writes it ('2.7 GiB', '1024MB', '0 bytes') in bytes; null when it does not read. */
export function parseMemorySize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toUpperCase()] : undefined;
  return match && unit ? Number(match[1]) * unit : null;
}

/**
 * The engine's measure of a table's memory: its tables' memory (duckdb_memory, IN_MEMORY_TABLE) split by
 * rows x columns between the app database's tables; `other` is the rest. One row: table_bytes, other_bytes,
 * cells (the table's rows x columns, 0 for a view), and memory_limit (the engine's, as DuckDB writes it).
 */
export function tableMemorySql(table: string): string {
  return `WITH t AS (
  SELECT table_name, estimated_size * column_count AS cells
  FROM duckdb_tables() WHERE database_name = ${literal(APP_CATALOG)}
), used AS (
  SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'
), share AS (
  SELECT coalesce(sum(cells) FILTER (WHERE table_name = ${literal(table)}), 0)::DOUBLE AS cells,
         coalesce(sum(cells), 0)::DOUBLE AS total
  FROM t
)
SELECT CASE WHEN total > 0 THEN bytes * cells / total ELSE 0 END AS table_bytes,
       bytes - CASE WHEN total > 0 THEN bytes * cells / total ELSE 0 END AS other_bytes,
       cells,
       current_setting('memory_limit') AS memory_limit
FROM used, share`;
}

/** The inputs from the measure: a view (no cells of its own) counts BYTES_PER_CELL per cell. */
export function memoryInputs(
  measured: { table_bytes: number; other_bytes: number; cells: number },
  lines: number,
  columns: number,
  grouped: boolean,
): MemoryInputs {
  const tableBytes = measured.cells > 0 ? measured.table_bytes : lines * columns * BYTES_PER_CELL;
  return { lines, tableBytes, otherBytes: Math.max(0, measured.other_bytes), grouped };
}
