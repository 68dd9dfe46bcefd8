// Turning a registered file into a table. Runs next to the engine (worker or Node test), never on the page.
// A load goes into a scratch table first and replaces the target only when it succeeded, so a bad file or a
// bad reload never costs the user what they already had.
import type {
  CsvOptions,
  CsvRecipe,
  DetectedCsvDialect,
  LoadNote,
  LoadOutcome,
  RejectSummary,
  RejectType,
  TableSource,
} from './files';
import { OVERRIDE_TYPES } from './files';
import type { DayMonthOrder } from './read-as';
import type { EngineSession, Yield } from '../engine/session';
import type { ColumnInfo } from '../engine/api';
import { csvReadFailure, toEngineError } from '../engine/errors';
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import { documentKind, findHeaderLine, looksBinary, mergedHeader, rawHeaderNames } from './inspect';

/** A file the engine can read at `path` (registered under the allowed directory). */
export interface RegisteredFile {
  path: string;
  fileName: string;
  bytes: number;
  /** The first bytes of the file (see HEAD_BYTES). */
  head: Uint8Array;
}

/** Reads a Parquet file as Arrow IPC, one row group at a time (the engine has no Parquet extension). */
export interface ParquetSource {
  rowGroups: number;
  /** Row group `index` as an Arrow IPC stream; asked for in order, 0 to rowGroups - 1. */
  readRowGroup(index: number): Promise<Uint8Array>;
  /** Lets go of the file once the load has ended (done, failed or cancelled). */
  close?(): void;
}

const SCRATCH = '__tenure_loading';
const REJECTS = 'tenure_rejects';
const REJECT_SCANS = 'tenure_reject_scans';
const EXAMPLES = 5;

/** The engine's words, cut to a length a notice can show (its message quotes the offending line whole). */
const DETAIL_CHARS = 2000;
const cut = (text: string | undefined) =>
  text && text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}…` : text;

function failure(
  code: Extract<LoadOutcome, { ok: false }>['code'],
  detail?: string,
  params?: Record<string, string | number>,
): LoadOutcome {
  return { ok: false, code, detail: cut(detail), ...(params ? { params } : {}) };
}

/** Longest line the reader takes (a long free-text cell); longer lines are rejected rows, and said so. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * The read_csv option list for user choices and what the load found (the lines above the header, names
 * from two header rows); every value is a quoted literal (see quoteUntrustedLiteral). Files reach the engine
 * as UTF-8 (decode.ts decodes the others first), so no encoding is named.
 */
export function csvOptionsSql(
  options: CsvOptions,
  found: { skip?: number; names?: string[]; delimiter?: string } = {},
): string {
  const parts: string[] = [];
  const delimiter = options.delimiter ?? found.delimiter;
  if (delimiter) parts.push(`delim = ${quoteUntrustedLiteral(delimiter)}`);
  if (found.names) parts.push('header = false');
  else if (options.header !== undefined) parts.push(`header = ${options.header ? 'true' : 'false'}`);
  if (found.skip) parts.push(`skip = ${Math.floor(found.skip)}`);
  if (found.names) parts.push(`names = [${found.names.map(quoteUntrustedLiteral).join(', ')}]`);
  if (options.dateFormat) parts.push(`dateformat = ${quoteUntrustedLiteral(options.dateFormat)}`);
  if (options.timestampFormat)
    parts.push(`timestampformat = ${quoteUntrustedLiteral(options.timestampFormat)}`);
  const types = Object.entries(options.types ?? {});
  if (types.length > 0) {
    for (const [, type] of types) {
      if (!(OVERRIDE_TYPES as readonly string[]).includes(type)) throw new Error(`Unsupported type: ${type}`);
    }
    const fields = types.map(([column, type]) => `${quoteUntrustedLiteral(column)}: '${type}'`);
    parts.push(`types = {${fields.join(', ')}}`);
  }
  parts.push(`max_line_size = ${MAX_LINE_BYTES}`);
  return parts.map((p) => `, ${p}`).join('');
}

function classify(error: unknown, cancelRequested: boolean): LoadOutcome {
  const engineError = toEngineError(error, cancelRequested);
  switch (engineError.kind) {
    case 'cancelled':
    case 'superseded':
      return failure('cancelled');
    case 'outOfMemory':
      return failure('outOfMemory', engineError.message);
    case 'engineStopped':
      // the engine cannot go on: the host and the page restart it
      throw error;
    case 'sql': {
      const message = `${engineError.type} Error: ${engineError.message}`;
      // precise where the engine's words allow: a line over the limit, or no dialect that fits
      const problem = csvReadFailure(engineError);
      if (problem?.kind === 'lineTooLong')
        return failure('lineTooLong', message, {
          line: problem.line ?? '?',
          limit: MAX_LINE_BYTES / 2 ** 20,
        });
      if (problem?.kind === 'noDialect') return failure('dialectNotFound', message);
      return failure('parseFailed', message);
    }
    default:
      return failure('parseFailed', 'message' in engineError ? engineError.message : '');
  }
}

interface SniffRow {
  Delimiter: string;
  Quote: string;
  HasHeader: boolean;
  DateFormat: string | null;
  TimestampFormat: string | null;
  Columns: Iterable<{ name: string; type: string }>;
}

/** What the app adds to a load besides the user's options. */
export interface LoadContext {
  /** Lets the load be cancelled between the reader's steps. */
  pause?: Yield;
  /** What the decoding step noticed (decode.ts), said with the rest. */
  notes?: LoadNote[];
  /** The order of the user's region (the browser's language), for dates that read both ways. */
  dateOrder?: DayMonthOrder;
}

/** A format with the day and the month before the year (01/03/2024), and its twin with them swapped. */
function dayMonthFormats(format: string | null): { dmy: string; mdy: string } | null {
  if (!format) return null;
  const d = format.indexOf('%d');
  const m = format.indexOf('%m');
  const y = Math.max(format.indexOf('%Y'), format.indexOf('%y'));
  if (d < 0 || m < 0 || y < Math.max(d, m)) return null;
  const swap = (f: string) => f.replace('%d', '\u0000').replace('%m', '%d').replace('\u0000', '%m');
  return d < m ? { dmy: format, mdy: swap(format) } : { dmy: swap(format), mdy: format };
}

interface DayMonthColumn {
  name: string;
  type: 'DATE' | 'TIMESTAMP';
  formats: { dmy: string; mdy: string };
}

/**
 * Columns the sniffer took for dates written day and month first (01/03/2024), unless the user chose
 * their format or type: they are read as text, and their order decided on every value (`settleDayMonth`),
 * not on the sniffer's sample.
 */
function dayMonthColumns(sniff: SniffRow, requested: CsvOptions, names: string[] | null): DayMonthColumn[] {
  const out: DayMonthColumn[] = [];
  // a list comes back from the engine as an Arrow vector: iterable, not an array
  Array.from(sniff.Columns).forEach((column, i) => {
    const name = names?.[i] ?? column.name;
    if (requested.types?.[name]) return;
    const type = column.type === 'DATE' ? 'DATE' : column.type === 'TIMESTAMP' ? 'TIMESTAMP' : null;
    if (!type) return;
    if (type === 'DATE' ? requested.dateFormat : requested.timestampFormat) return;
    const formats = dayMonthFormats(type === 'DATE' ? sniff.DateFormat : sniff.TimestampFormat);
    if (formats) out.push({ name, type, formats });
  });
  return out;
}

/**
 * Reads each day/month column in the order every value fits; where both fit (no day above 12), in the
 * user's regional order, and says so; where some values fit neither, keeps the column as text for the
 * mapping to read and count (a note says how many).
 */
function settleDayMonth(
  session: EngineSession,
  columns: DayMonthColumn[],
  order: DayMonthOrder,
): { notes: LoadNote[]; used: Partial<Record<DayMonthColumn['type'], string>> } {
  const ambiguous: string[] = [];
  const notes: LoadNote[] = [];
  const used: Partial<Record<DayMonthColumn['type'], string>> = {};
  for (const column of columns) {
    const c = quoteUntrustedIdentifier(column.name);
    const { dmy, mdy } = column.formats;
    const [counts] = session.queryRows<{ n: bigint; d: bigint; m: bigint }>(
      `SELECT count(v) AS n, count(try_strptime(v, ${quoteUntrustedLiteral(dmy)})) AS d,
              count(try_strptime(v, ${quoteUntrustedLiteral(mdy)})) AS m
         FROM (SELECT trim(${c}) AS v FROM ${SCRATCH})`,
    );
    const n = Number(counts.n);
    const d = Number(counts.d);
    const m = Number(counts.m);
    let format: string;
    if (d === n && m === n) {
      format = order === 'mdy' ? mdy : dmy;
      ambiguous.push(column.name);
    } else if (d === n) format = dmy;
    else if (m === n) format = mdy;
    else {
      notes.push({ code: 'datesKeptAsText', params: { column: column.name, count: n - Math.max(d, m) } });
      continue;
    }
    session.queryRows(
      `ALTER TABLE ${SCRATCH} ALTER COLUMN ${c} SET DATA TYPE ${column.type}
         USING strptime(trim(${c}), ${quoteUntrustedLiteral(format)})::${column.type}`,
    );
    used[column.type] = format;
  }
  if (ambiguous.length)
    notes.unshift({ code: 'ambiguousDates', params: { columns: ambiguous.join(', '), order } });
  return { notes, used };
}

/**
 * Loads a registered text file (UTF-8 by now: decode.ts made it so) into `table`: finds the header below a
 * title block, merges two header rows, sniffs the dialect, reads with every unreadable row kept aside and
 * counted, and says what it noticed (`notes`, with those the decoding step made).
 */
export async function loadCsv(
  session: EngineSession,
  file: RegisteredFile,
  table: string,
  requested: CsvOptions,
  { pause, notes: prepared = [], dateOrder = 'dmy' }: LoadContext = {},
): Promise<LoadOutcome> {
  const started = performance.now();
  if (file.bytes === 0) return failure('emptyFile');
  if (looksBinary(file.head)) return failure('binaryFile');
  const text = new TextDecoder('utf-8').decode(file.head);
  const notes: LoadNote[] = [...prepared];
  // a report's title block above the header: skipped (the user may also set the header's line)
  const titled = requested.headerLine ? null : findHeaderLine(text);
  const headerLine = requested.headerLine ?? titled?.line ?? 1;
  // the delimiter that made the title block stand out (the sniffer can miss it below a title block)
  const delimiter = titled?.delimiter;
  if (headerLine > 1 && requested.headerLine === undefined)
    notes.push({ code: 'headerLine', params: { line: headerLine } });
  const fromHeader = text
    .split(/\r?\n/)
    .slice(headerLine - 1)
    .join('\n');
  const path = quoteUntrustedLiteral(file.path);

  let detected: DetectedCsvDialect | null = null;
  let sniff: SniffRow | undefined;
  try {
    [sniff] = session.queryRows<SniffRow>(
      // ignore_errors as the read below has it (store_rejects): a ragged line must not make the
      // sniffer settle on one column
      `SELECT * FROM sniff_csv(${path}${csvOptionsSql(requested, { skip: headerLine - 1, delimiter })},
         ignore_errors = true)`,
    );
    if (sniff) {
      detected = {
        delimiter: sniff.Delimiter,
        quote: sniff.Quote === '(empty)' ? '' : sniff.Quote,
        header: sniff.HasHeader,
        dateFormat: sniff.DateFormat,
        timestampFormat: sniff.TimestampFormat,
      };
    }
  } catch (error) {
    return classify(error, session.cancelRequested);
  }
  // two header rows (SurveyMonkey): one name per column from both
  const names =
    requested.header !== false && detected
      ? mergedHeader(fromHeader, detected.delimiter, detected.quote || '"')
      : null;
  if (names) notes.push({ code: 'twoHeaderRows', params: {} });
  const dayMonth = sniff ? dayMonthColumns(sniff, requested, names) : [];
  // a type chosen for a column the file no longer has (another header line, another delimiter) is let go:
  // a type never fails a load
  const present = new Set(names ?? (sniff ? Array.from(sniff.Columns, (c) => c.name) : []));
  const kept = Object.entries(requested.types ?? {}).filter(([column]) => present.has(column));
  const reading: CsvOptions = {
    ...requested,
    types: {
      ...Object.fromEntries(dayMonth.map((c) => [c.name, 'VARCHAR' as const])),
      ...Object.fromEntries(kept),
    },
  };
  if (!Object.keys(reading.types!).length) delete reading.types;
  const optionSql = csvOptionsSql(
    reading,
    names ? { skip: headerLine + 1, names, delimiter } : { skip: headerLine - 1, delimiter },
  );

  try {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    // The reject tables accumulate across scans: start each load with none.
    session.queryRows(`DROP TABLE IF EXISTS temp.${REJECTS}`);
    session.queryRows(`DROP TABLE IF EXISTS temp.${REJECT_SCANS}`);
    await session.run(
      `CREATE TABLE ${SCRATCH} AS SELECT * FROM read_csv(${path}${optionSql},
         store_rejects = true, rejects_table = '${REJECTS}', rejects_scan = '${REJECT_SCANS}')`,
      {},
      pause,
    );
  } catch (error) {
    return classify(error, session.cancelRequested);
  }

  const rejected = readRejects(session);
  const rows = session.rowCount(SCRATCH);
  const recipe: CsvRecipe = {
    options: { ...requested, ...(delimiter && !requested.delimiter ? { delimiter } : {}) },
    skip: names ? headerLine + 1 : headerLine - 1,
    ...(names ? { names } : {}),
    encoding: 'utf-8',
    gzip: false,
    whitespaceColumns: false,
  };
  if (rows > 0 && dayMonth.length) {
    const settled = settleDayMonth(session, dayMonth, dateOrder);
    notes.push(...settled.notes);
    // the formats the columns were read with, as the read settings show them
    if (detected && settled.used.DATE) detected.dateFormat = settled.used.DATE;
    if (detected && settled.used.TIMESTAMP) detected.timestampFormat = settled.used.TIMESTAMP;
    const text = settled.notes
      .filter((n) => n.code === 'datesKeptAsText')
      .map((n) => String(n.params.column));
    recipe.options = {
      ...recipe.options,
      ...(settled.used.DATE ? { dateFormat: settled.used.DATE } : {}),
      ...(settled.used.TIMESTAMP ? { timestampFormat: settled.used.TIMESTAMP } : {}),
      ...(text.length
        ? { types: { ...Object.fromEntries(text.map((c) => [c, 'VARCHAR' as const])), ...requested.types } }
        : {}),
    };
  }
  if (rows === 0) {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    const first = rejected.examples[0];
    if (rejected.count > 0 && rejected.byType.every((t) => t.type === 'lineTooLong'))
      return failure('lineTooLong', first?.error, {
        line: first?.line ?? '?',
        limit: MAX_LINE_BYTES / 2 ** 20,
      });
    if (rejected.count > 0) return failure('allRowsRejected', first?.error, { count: rejected.count });
    // a document on one line (JSON saved as .csv) reads as a header and nothing else
    const kind = documentKind(text);
    if (kind) return { ok: false, code: 'notATable', params: { kind } };
    return failure('noRows');
  }

  const columns = session.describe(SCRATCH);
  if (rejected.count > 0) notes.push({ code: 'rejectedRows', params: { count: rejected.count } });
  if (detected) {
    if (detected.header && !names) {
      const raw = rawHeaderNames(fromHeader, detected.delimiter, detected.quote);
      const renamed = columns
        .map((c, i) => ({ from: raw[i] ?? '', to: c.name }))
        .filter(({ from, to }) => from !== to);
      if (renamed.length > 0) {
        const list = renamed.map(({ from, to }) => `${from === '' ? '∅' : from} → ${to}`).join(', ');
        notes.push({ code: 'renamedColumns', params: { list } });
      }
    }
    const suspect = columns.length === 1 ? likelyDelimiter(fromHeader, detected.delimiter) : null;
    if (suspect) notes.push({ code: 'singleColumn', params: { delimiter: suspect } });
  }
  const document = columns.length <= 2 ? documentKind(text) : null;
  if (document) notes.push({ code: 'notATable', params: { kind: document } });

  replaceWithScratch(session, table);
  const source: TableSource = {
    fileName: file.fileName,
    format: 'csv',
    bytes: file.bytes,
    options: requested,
    detected,
    read: recipe,
  };
  return {
    ok: true,
    table: { name: table, rows, columns, source },
    rejected,
    notes,
    ms: performance.now() - started,
  };
}

export async function loadParquet(
  session: EngineSession,
  source: ParquetSource,
  file: Omit<RegisteredFile, 'head' | 'path'>,
  table: string,
  onRowGroup?: (done: number, total: number) => void,
  pause?: Yield,
): Promise<LoadOutcome> {
  return session.work(() => readParquetGroups(session, source, file, table, onRowGroup, pause));
}

async function readParquetGroups(
  session: EngineSession,
  source: ParquetSource,
  file: Omit<RegisteredFile, 'head' | 'path'>,
  table: string,
  onRowGroup?: (done: number, total: number) => void,
  pause?: Yield,
): Promise<LoadOutcome> {
  const started = performance.now();
  // One transaction for all row groups: committed one by one, every insert after the first made the engine
  // compress the table again (1M lines: 1.5-2.9 s in Chromium; in one transaction 0.6-0.9 s).
  let open = false;
  const undo = () => {
    try {
      if (open) session.queryRows('ROLLBACK');
    } catch {
      // the engine ended the transaction itself
    }
    open = false;
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
  };
  try {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    const connId = session.connectionId;
    session.queryRows('BEGIN TRANSACTION');
    open = true;
    for (let i = 0; i < source.rowGroups; i++) {
      const ipc = await source.readRowGroup(i);
      session.bindings.insertArrowFromIPCStream(connId, ipc, { name: SCRATCH, create: i === 0 });
      onRowGroup?.(i + 1, source.rowGroups);
      await (pause ?? (() => Promise.resolve()))();
      if (session.cancelRequested) {
        undo();
        return failure('cancelled');
      }
    }
    session.queryRows('COMMIT');
    open = false;
  } catch (error) {
    undo();
    return classify(error, session.cancelRequested);
  } finally {
    source.close?.();
  }
  if (source.rowGroups === 0 || session.tableNames().every((n) => n !== SCRATCH)) return failure('noRows');
  const rows = session.rowCount(SCRATCH);
  if (rows === 0) {
    session.queryRows(`DROP TABLE ${SCRATCH}`);
    return failure('noRows');
  }
  const columns = session.describe(SCRATCH);
  replaceWithScratch(session, table);
  return {
    ok: true,
    table: {
      name: table,
      rows,
      columns,
      source: { fileName: file.fileName, format: 'parquet', bytes: file.bytes, options: {}, detected: null },
    },
    rejected: { count: 0, byType: [], examples: [] },
    notes: [],
    ms: performance.now() - started,
  };
}

function replaceWithScratch(session: EngineSession, table: string): void {
  const target = quoteUntrustedIdentifier(table);
  session.queryRows(`DROP TABLE IF EXISTS ${target}`);
  session.queryRows(`ALTER TABLE ${SCRATCH} RENAME TO ${target}`);
}

/**
 * The rows the reader could not read, one entry per line (DuckDB lists a ragged line once per extra
 * field), counted by the reader's own error type, with the first examples in file order.
 */
function readRejects(session: EngineSession): RejectSummary {
  try {
    const byType = session.queryRows<{ type: string; n: bigint }>(
      `SELECT error_type::VARCHAR AS type, count(DISTINCT line) AS n FROM ${REJECTS} GROUP BY ALL ORDER BY n DESC`,
    );
    const [{ n }] = session.queryRows<{ n: bigint }>(`SELECT count(DISTINCT line) AS n FROM ${REJECTS}`);
    const examples = session
      .queryRows<{
        line: bigint;
        type: string;
        column_name: string | null;
        error_message: string;
        csv_line: string;
      }>(
        `SELECT line, any_value(error_type::VARCHAR) AS type, any_value(column_name) AS column_name,
           string_agg(DISTINCT error_message, '; ') AS error_message, any_value(csv_line) AS csv_line
         FROM ${REJECTS} GROUP BY line ORDER BY line LIMIT ${EXAMPLES}`,
      )
      .map((r) => ({
        line: Number(r.line),
        type: rejectType(r.type),
        column: r.column_name,
        error: r.error_message,
        // a line of megabytes is not shown whole
        text: r.csv_line.length > 500 ? `${r.csv_line.slice(0, 500)}…` : r.csv_line,
      }));
    return {
      count: Number(n),
      byType: byType.map((t) => ({ type: rejectType(t.type), count: Number(t.n) })),
      examples,
    };
  } catch {
    return { count: 0, byType: [], examples: [] };
  }
}

/** DuckDB's reject error types (CSVErrorType), as the catalogue's keys under `table.rejectType`. */
function rejectType(type: string): RejectType {
  switch (type) {
    case 'CAST':
      return 'cast';
    case 'MISSING COLUMNS':
      return 'missingColumns';
    case 'TOO MANY COLUMNS':
      return 'tooManyColumns';
    case 'UNQUOTED VALUE':
      return 'unquotedValue';
    case 'LINE SIZE OVER MAXIMUM':
      return 'lineTooLong';
    case 'INVALID UNICODE':
    case 'INVALID ENCODING':
      return 'invalidUnicode';
    default:
      return 'other';
  }
}

/** When a file came out as one column, a delimiter that its header line does contain. */
function likelyDelimiter(headText: string, used: string): string | null {
  const firstLine = headText.split(/\r?\n/, 1)[0] ?? '';
  const candidates = [';', '\t', '|', ','].filter((d) => d !== used);
  let best: string | null = null;
  let bestCount = 0;
  for (const d of candidates) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A SELECT that reads a loaded text file again exactly as its table was read: the lines it skipped, its
 * header (or the names from two header rows), its delimiter and quote, every column with the name and
 * type the table has (day/month formats as settled), and the rows it set aside left out again. A released
 * table is this view (load-ops.ts releaseTable).
 */
export function fileViewSql(path: string, source: TableSource, columns: ColumnInfo[]): string {
  const recipe = source.read;
  if (!recipe) throw new Error('fileViewSql: not a text file read by loadCsv');
  const detected = source.detected;
  const header = recipe.names ? false : (recipe.options.header ?? detected?.header ?? true);
  const has = (type: string) => columns.some((c) => c.type.startsWith(type));
  const dateFormat = recipe.options.dateFormat ?? detected?.dateFormat;
  const timestampFormat = recipe.options.timestampFormat ?? detected?.timestampFormat;
  const parts = [
    `delim = ${quoteUntrustedLiteral(recipe.options.delimiter ?? detected?.delimiter ?? ',')}`,
    `quote = ${quoteUntrustedLiteral(detected?.quote ?? '"')}`,
    `header = ${header ? 'true' : 'false'}`,
    `skip = ${Math.floor(recipe.skip)}`,
    `columns = {${columns.map((c) => `${quoteUntrustedLiteral(c.name)}: ${quoteUntrustedLiteral(c.type)}`).join(', ')}}`,
    ...(has('DATE') && dateFormat ? [`dateformat = ${quoteUntrustedLiteral(dateFormat)}`] : []),
    ...(has('TIMESTAMP') && timestampFormat
      ? [`timestampformat = ${quoteUntrustedLiteral(timestampFormat)}`]
      : []),
    'ignore_errors = true',
    `max_line_size = ${MAX_LINE_BYTES}`,
  ];
  return `SELECT * FROM read_csv(${quoteUntrustedLiteral(path)}, ${parts.join(', ')})`;
}
