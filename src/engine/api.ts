// The one contract between the page and the engine worker. `Comlink.wrap<EngineApi>` on the page side,
// `expose(api satisfies EngineApi)` in the worker; everything that crosses is structured-cloneable.
import type { ClvOutcome, ClvRequest } from '../analyses/clv-fit';

export interface ColumnInfo {
  name: string;
  /** DuckDB type name, e.g. BIGINT, DOUBLE, DATE, TIMESTAMP, VARCHAR. */
  type: string;
}

export type FileFormat = 'csv' | 'parquet';

/** Types a user may force on a CSV column (a whitelist: these names are pasted into read_csv options). */
export const OVERRIDE_TYPES = [
  'VARCHAR',
  'BIGINT',
  'DOUBLE',
  'DECIMAL(18,2)',
  'DATE',
  'TIMESTAMP',
  'BOOLEAN',
] as const;
export type OverrideType = (typeof OVERRIDE_TYPES)[number];

export type CsvEncoding = 'utf-8' | 'latin-1';

/** What the user may change about how a CSV file is read. Absent fields are auto-detected. */
export interface CsvOptions {
  delimiter?: string;
  header?: boolean;
  encoding?: CsvEncoding;
  dateFormat?: string;
  timestampFormat?: string;
  /** Column name -> forced type. */
  types?: Record<string, OverrideType>;
}

/** A fact about a load the user should know; `code` is a message-catalogue key under `load.note.*`. */
export interface LoadNote {
  code: 'latin1' | 'renamedColumns' | 'singleColumn' | 'rejectedRows';
  params: Record<string, string | number>;
}

export interface RejectedRow {
  line: number;
  column: string | null;
  error: string;
  text: string;
}

export interface RejectSummary {
  count: number;
  /** The first few rejected rows, in file order. */
  examples: RejectedRow[];
}

export interface DetectedCsvDialect {
  delimiter: string;
  quote: string;
  header: boolean;
  dateFormat: string | null;
  timestampFormat: string | null;
}

export interface TableSource {
  fileName: string;
  format: FileFormat;
  bytes: number;
  options: CsvOptions;
  detected: DetectedCsvDialect | null;
}

export interface TableInfo {
  name: string;
  rows: number;
  columns: ColumnInfo[];
  /** Present for tables loaded from a file; absent for tables made in SQL. */
  source?: TableSource;
}

export interface LoadResult {
  table: TableInfo;
  rejected: RejectSummary;
  notes: LoadNote[];
  ms: number;
}

export interface LoadProgress {
  fileName: string;
  /** Fraction 0..1 where known, else null (indeterminate). */
  fraction: number | null;
  bytesRead: number;
  elapsedMs: number;
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

export interface EngineInfo {
  version: string;
  bundle: 'eh' | 'mvp';
  memoryLimit: string;
  startMs: number;
}

/** Problems the app explains to the user; `code` is a message-catalogue key under `error.*`. */
export type LoadErrorCode =
  | 'emptyFile'
  | 'noRows'
  | 'binaryFile'
  | 'spreadsheet'
  | 'unsupportedFormat'
  | 'outOfMemory'
  | 'cancelled'
  | 'parseFailed';

export interface LoadFailure {
  code: LoadErrorCode;
  /** The engine's own words, when it had any (shown under the explanation). */
  detail?: string;
  params?: Record<string, string | number>;
}

export type LoadOutcome = ({ ok: true } & LoadResult) | ({ ok: false } & LoadFailure);

export interface LoadRequest {
  file: File;
  options?: CsvOptions;
  /** The table to (re)create; by default a new unique name made from the file name. */
  table?: string;
}

export interface EngineApi {
  start(bundle: BundleUrls, memoryLimit?: string): Promise<EngineInfo>;
  /** Registers the file under a unique engine path and creates a table from it. */
  loadFile(request: LoadRequest, onProgress?: (p: LoadProgress) => void): Promise<LoadOutcome>;
  /** Re-creates a file-backed table with other read options (type overrides, date format...). */
  reloadTable(
    table: string,
    options: CsvOptions,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LoadOutcome>;
  dropTable(table: string): Promise<void>;
  listTables(): Promise<TableInfo[]>;
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Cancels the running query or load, if any. */
  cancel(): Promise<boolean>;
  /** Fits the predictive CLV models on the mapped orders and writes customer_clv (src/analyses/clv-fit.ts). */
  fitClv(request: ClvRequest): Promise<ClvOutcome>;
  /** Writes an Arrow IPC stream as a Parquet file (with the bundled Parquet writer). */
  toParquet(ipc: Uint8Array): Promise<Uint8Array>;
  /** Makes the worker die the way an engine crash does (an uncaught error); for the recovery tests. */
  crashForTest(): Promise<void>;
}

export interface BundleUrls {
  ehWasm: string;
  mvpWasm: string;
  parquetWasm: string;
}
