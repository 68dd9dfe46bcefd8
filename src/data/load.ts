// Turning a registered file into a table. Runs next to the engine (worker or Node test), never on the page.
// A load goes into a scratch table first and replaces the target only when it succeeded, so a bad file or a
// bad reload never costs the user what they already had.
import type {
  CsvOptions,
  DetectedCsvDialect,
  LoadNote,
  LoadOutcome,
  RejectSummary,
  TableSource,
} from './files';
import { OVERRIDE_TYPES } from './files';
import type { EngineSession, Yield } from '../engine/session';
import { toEngineError } from '../engine/errors';
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from '../engine/sql';
import { inspectHead, rawHeaderNames } from './inspect';

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
  readRowGroup(index: number): Promise<Uint8Array>;
}

const SCRATCH = '__tenure_loading';
const REJECTS = 'tenure_rejects';
const REJECT_SCANS = 'tenure_reject_scans';
const EXAMPLES = 5;

function failure(code: Extract<LoadOutcome, { ok: false }>['code'], detail?: string): LoadOutcome {
  return { ok: false, code, detail };
}

/** The read_csv option list for user choices; every value is a quoted literal (see quoteUntrustedLiteral). */
export function csvOptionsSql(options: CsvOptions): string {
  const parts: string[] = [];
  if (options.delimiter) parts.push(`delim = ${quoteUntrustedLiteral(options.delimiter)}`);
  if (options.header !== undefined) parts.push(`header = ${options.header ? 'true' : 'false'}`);
  if (options.encoding) parts.push(`encoding = ${quoteUntrustedLiteral(options.encoding)}`);
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
  return parts.map((p) => `, ${p}`).join('');
}

/** A load that the engine stopped, by kind: cancelled, out of memory, or a file it could not parse. */
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
    case 'sql':
      return failure('parseFailed', `${engineError.type} Error: ${engineError.message}`);
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
}

export async function loadCsv(
  session: EngineSession,
  file: RegisteredFile,
  table: string,
  requested: CsvOptions,
  pause?: Yield,
): Promise<LoadOutcome> {
  const started = performance.now();
  const verdict = inspectHead(file.head, file.bytes, file.fileName);
  if (!verdict.ok) return failure(verdict.code);
  if (verdict.format === 'parquet') return failure('unsupportedFormat');
  const options: CsvOptions = { ...requested, encoding: requested.encoding ?? verdict.encoding };
  const optionSql = csvOptionsSql(options);
  const path = quoteUntrustedLiteral(file.path);

  let detected: DetectedCsvDialect | null = null;
  try {
    const [sniff] = session.queryRows<SniffRow>(`SELECT * FROM sniff_csv(${path}${optionSql})`);
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
  if (rows === 0) {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    if (rejected.count > 0) return { ok: false, code: 'parseFailed', detail: rejected.examples[0]?.error };
    return failure('noRows');
  }

  const columns = session.describe(SCRATCH);
  const notes: LoadNote[] = [];
  if (options.encoding === 'latin-1' && !requested.encoding) notes.push({ code: 'latin1', params: {} });
  if (rejected.count > 0) notes.push({ code: 'rejectedRows', params: { count: rejected.count } });
  if (detected) {
    const headText = new TextDecoder(options.encoding === 'latin-1' ? 'latin1' : 'utf-8').decode(file.head);
    if (detected.header) {
      const raw = rawHeaderNames(headText, detected.delimiter, detected.quote);
      const renamed = columns
        .map((c, i) => ({ from: raw[i] ?? '', to: c.name }))
        .filter(({ from, to }) => from !== to);
      if (renamed.length > 0) {
        const list = renamed.map(({ from, to }) => `${from === '' ? '∅' : from} → ${to}`).join(', ');
        notes.push({ code: 'renamedColumns', params: { list } });
      }
    }
    const suspect = columns.length === 1 ? likelyDelimiter(headText, detected.delimiter) : null;
    if (suspect) notes.push({ code: 'singleColumn', params: { delimiter: suspect } });
  }

  replaceWithScratch(session, table);
  const source: TableSource = {
    fileName: file.fileName,
    format: 'csv',
    bytes: file.bytes,
    options: requested,
    detected,
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
  try {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    const connId = session.connectionId;
    for (let i = 0; i < source.rowGroups; i++) {
      const ipc = await source.readRowGroup(i);
      session.bindings.insertArrowFromIPCStream(connId, ipc, { name: SCRATCH, create: i === 0 });
      onRowGroup?.(i + 1, source.rowGroups);
      await (pause ?? (() => Promise.resolve()))();
      if (session.cancelRequested) {
        session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
        return failure('cancelled');
      }
    }
  } catch (error) {
    session.queryRows(`DROP TABLE IF EXISTS ${SCRATCH}`);
    return classify(error, session.cancelRequested);
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
    rejected: { count: 0, examples: [] },
    notes: [],
    ms: performance.now() - started,
  };
}

function replaceWithScratch(session: EngineSession, table: string): void {
  const target = quoteUntrustedIdentifier(table);
  session.queryRows(`DROP TABLE IF EXISTS ${target}`);
  session.queryRows(`ALTER TABLE ${SCRATCH} RENAME TO ${target}`);
}

function readRejects(session: EngineSession): RejectSummary {
  try {
    const [{ n }] = session.queryRows<{ n: bigint }>(`SELECT count(*) AS n FROM ${REJECTS}`);
    const examples = session
      .queryRows<{ line: bigint; column_name: string | null; error_message: string; csv_line: string }>(
        `SELECT line, column_name, error_message, csv_line FROM ${REJECTS} ORDER BY line LIMIT ${EXAMPLES}`,
      )
      .map((r) => ({
        line: Number(r.line),
        column: r.column_name,
        error: r.error_message,
        text: r.csv_line,
      }));
    return { count: Number(n), examples };
  } catch {
    return { count: 0, examples: [] };
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
