// What crosses between the page and the worker about files: read options, load outcomes, progress and the
// problems a load explains to the user. Loading itself runs next to the engine (load.ts, load-ops.ts).
import type { DayMonthOrder } from './read-as';
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

/**
 * The encodings a text file may come in. Everything but UTF-8 is decoded in the page before the engine
 * reads it (TextDecoder); `latin-1` is read as Windows-1252, its superset.
 */
export const TEXT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'latin-1',
  'gb18030',
] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
export type CsvEncoding = TextEncoding;

/** What the user may change about how a CSV file is read. Absent fields are auto-detected. */
export interface CsvOptions {
  delimiter?: string;
  header?: boolean;
  encoding?: CsvEncoding;
  dateFormat?: string;
  timestampFormat?: string;
  /** Column name -> forced type. */
  types?: Record<string, OverrideType>;
  /** The line the header is on (1-based): the lines above it (a report's title block) are skipped. */
  headerLine?: number;
}

/** A fact about a load the user should know; `code` is a message-catalogue key under `load.note.*`. */
export interface LoadNote {
  code:
    | 'encoding'
    | 'encodingGuessed'
    | 'gzip'
    | 'whitespaceColumns'
    | 'mixedLineEnds'
    | 'released'
    | 'headerLine'
    | 'ambiguousDates'
    | 'datesKeptAsText'
    | 'twoHeaderRows'
    | 'renamedColumns'
    | 'singleColumn'
    | 'notATable'
    | 'rejectedRows';
  params: Record<string, string | number>;
}

/** Why the reader could not read a line: a catalogue key under `table.rejectType`. */
export type RejectType =
  'cast' | 'missingColumns' | 'tooManyColumns' | 'unquotedValue' | 'lineTooLong' | 'invalidUnicode' | 'other';

export interface RejectedRow {
  line: number;
  type: RejectType;
  column: string | null;
  /** The reader's own words. */
  error: string;
  text: string;
}

export interface RejectSummary {
  /** Lines rejected (a ragged line counts once). */
  count: number;
  /** Lines by reason. */
  byType: { type: RejectType; count: number }[];
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
  /** How a text file was actually read (absent for Parquet). */
  read?: CsvRecipe;
}

/**
 * What native DuckDB needs to read a text file as Tenure read it (the shell script): the user's options
 * with what the load settled (a delimiter found below a title block, the day/month formats, columns kept
 * as text), the lines skipped, names from two header rows, and what was done to the bytes first.
 */
export interface CsvRecipe {
  options: CsvOptions;
  skip: number;
  names?: string[];
  encoding: TextEncoding;
  gzip: boolean;
  whitespaceColumns: boolean;
  /** Line ends made the same before reading. */
  mixedLineEnds?: boolean;
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
  | 'allRowsRejected'
  | 'truncatedFile'
  | 'corruptParquet'
  | 'notUtf8'
  | 'binaryFile'
  | 'spreadsheet'
  | 'unsupportedFormat'
  | 'notATable'
  | 'outOfMemory'
  | 'cancelled'
  | 'lineTooLong'
  | 'dialectNotFound'
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
  /** When the bytes read as Chinese and as Western text alike, Chinese wins (the interface is in Chinese). */
  preferChinese?: boolean;
  /** The order of the user's region for dates that read both as day/month and month/day. */
  dateOrder?: DayMonthOrder;
}

/** A table loaded from a file: the engine's table, and where it came from. */
export interface LoadedTable extends TableInfo {
  source: TableSource;
}
