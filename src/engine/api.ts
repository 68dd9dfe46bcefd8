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

/** A table or view as the table list shows it (session.listTables). */
export interface ListedTable extends Omit<TableInfo, 'rows'> {
  /** Null for a view: counting it would run its query (issue #11, finding 6). */
  rows: number | null;
  /** 'app': a file's table or one the app made (the app's database); 'user': made in SQL. */
  origin: 'app' | 'user';
  view: boolean;
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
