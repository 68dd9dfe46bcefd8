// Engine-level types: tables, columns and query results, whatever runs on the engine.

export interface ColumnInfo {
  name: string;
  /** DuckDB type name, e.g. BIGINT, DOUBLE, DATE, TIMESTAMP, VARCHAR. */
  type: string;
}

export interface TableInfo {
  name: string;
  rows: number;
  columns: ColumnInfo[];
}

export interface QueryResult {
  /** Arrow IPC stream bytes (transferred, not copied). */
  ipc: Uint8Array;
  rowCount: number;
  ms: number;
  /** True when the result was cut at `maxRows`. */
  truncated: boolean;
}

export interface QueryOptions {
  /** Stop fetching after this many rows (the result grid's cap). */
  maxRows?: number;
  /** Prepared-statement parameters ($1, $2, ... or ?). */
  params?: (string | number | boolean | null)[];
}
