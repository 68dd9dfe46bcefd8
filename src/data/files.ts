// What crosses between the page and the worker about files: read options, load outcomes, progress and the
// problems a load explains to the user. Loading itself runs next to the engine (load.ts, load-ops.ts).
import type { TableInfo } from '../engine/api';

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

export interface LoadResult {
  table: LoadedTable;
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
  /** Names the app keeps for its own tables besides the canonical ones (a file so named gets `_raw`). */
  reserved?: readonly string[];
}

/** A table loaded from a file: the engine's table, and where it came from. */
export interface LoadedTable extends TableInfo {
  source: TableSource;
}
