// Engine errors as data: a union of kinds that crosses the worker boundary by name and fields, and that the
// page dispatches on (`switch (error.kind)`) and translates through the catalogues. DuckDB-WASM reports an
// error as text ("Binder Error: ...", sometimes a JSON object for parser errors, usually ending with a
// "LINE n: <sql>" window and a caret); `toEngineError` reads that text once, here, in the worker. No other
// code looks at an error's message to decide what happened.
import type { Refusal } from './statements';

/**
 * Why SQL a person wrote was not run, or was rolled back (user-sql.ts): the refusals of statements.ts, a
 * write to the app's database, or a table given a name the app keeps for itself.
 */
export type RefusalReason = Refusal | 'appTables' | 'appName';

/** A position in the SQL the engine ran (1-based). */
export interface ErrorPosition {
  line: number;
  column: number;
}

export type EngineError =
  /** The call was cancelled (by its caller, or before it started). */
  | { kind: 'cancelled' }
  /** A newer call of the same lane replaced it; nobody is waiting for its result. */
  | { kind: 'superseded' }
  /** The SQL failed: `type` is DuckDB's exception type (Binder, Parser, Catalog, Conversion, ...). */
  | { kind: 'sql'; type: string; message: string; position: ErrorPosition | null }
  /** The engine ran out of memory for this call; it is still usable. */
  | { kind: 'outOfMemory'; message: string }
  /** The SQL touched something the lock forbids (the network, a file, a locked setting). */
  | { kind: 'permission'; message: string }
  /** SQL a person wrote that Tenure does not run (or rolled back); `detail` names the word or table. */
  | { kind: 'refused'; reason: RefusalReason; detail: string }
  /** The engine died (a WebAssembly trap, the worker crashed or was stopped): it is being restarted. */
  | { kind: 'engineStopped'; reason: 'crashed' | 'stopped'; detail: string }
  /** The engine could not start at all. */
  | { kind: 'startFailed'; detail: string }
  /** A failure of Tenure's own code in the worker: a bug, shown with its text. */
  | { kind: 'internal'; message: string };

export type EngineErrorKind = EngineError['kind'];

/** An engine error thrown as an exception (on either side of the worker boundary). */
export class EngineFailure extends Error {
  override name = 'EngineFailure';
  constructor(readonly error: EngineError) {
    super(describeEngineError(error));
  }
}

/** An English one-line description, for logs and tests; the page shows catalogue texts. */
export function describeEngineError(error: EngineError): string {
  switch (error.kind) {
    case 'cancelled':
    case 'superseded':
      return error.kind;
    case 'sql':
      return `${error.type} Error: ${error.message}`;
    case 'outOfMemory':
    case 'permission':
    case 'internal':
      return error.message;
    case 'refused':
      return `refused (${error.reason}): ${error.detail}`;
    case 'engineStopped':
      return `engine ${error.reason}: ${error.detail}`;
    case 'startFailed':
      return `engine failed to start: ${error.detail}`;
  }
}

export function isEngineError(error: unknown, ...kinds: EngineErrorKind[]): error is EngineFailure {
  return error instanceof EngineFailure && (kinds.length === 0 || kinds.includes(error.error.kind));
}

/** DuckDB's exception types as they open its messages (duckdb/common/exception.cpp, v1.4). */
const DUCKDB_TYPES = [
  'Invalid',
  'Out of Range',
  'Conversion',
  'Unknown Type',
  'Decimal',
  'Mismatch Type',
  'Divide by Zero',
  'Object Size',
  'Invalid type',
  'Serialization',
  'TransactionContext',
  'Not implemented',
  'Expression',
  'Catalog',
  'Parser',
  'Binder',
  'Planner',
  'Scheduler',
  'Executor',
  'Constraint',
  'Index',
  'Stat',
  'Connection',
  'Syntax',
  'Settings',
  'Optimizer',
  'NullPointer',
  'IO',
  'INTERRUPT',
  'FATAL',
  'INTERNAL',
  'Invalid Input',
  'Out of Memory',
  'Permission',
  'Parameter Not Resolved',
  'Parameter Not Allowed',
  'Dependency',
  'HTTP',
  'Missing Extension',
  'Auto-load',
  'Sequence',
  'Invalid Configuration',
];

interface DuckDbErrorJson {
  exception_type?: string;
  exception_message?: string;
}

/** DuckDB's error text split into its exception type and message (the LINE/caret window kept). */
export function parseDuckDbError(raw: string): { type: string | null; message: string } {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as DuckDbErrorJson;
      if (parsed.exception_message) {
        return { type: parsed.exception_type ?? null, message: parsed.exception_message };
      }
    } catch {
      // not JSON after all
    }
  }
  for (const type of DUCKDB_TYPES) {
    const prefix = `${type} Error: `;
    if (trimmed.startsWith(prefix)) return { type, message: trimmed.slice(prefix.length) };
  }
  return { type: null, message: trimmed };
}

/**
 * Any exception thrown by engine work, as an EngineError. `cancelRequested`: the caller had asked this
 * call to stop (DuckDB then reports an interrupt, or the work noticed the request itself).
 */
export function toEngineError(error: unknown, cancelRequested = false): EngineError {
  if (error instanceof EngineFailure) return error.error;
  // a trap inside the WebAssembly instance: it cannot go on
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
    return { kind: 'engineStopped', reason: 'crashed', detail: error.message };
  }
  if (cancelRequested) return { kind: 'cancelled' };
  const raw = error instanceof Error ? error.message : String(error);
  const { type, message } = parseDuckDbError(raw);
  switch (type) {
    case null:
      return { kind: 'internal', message };
    case 'Out of Memory':
      return { kind: 'outOfMemory', message };
    case 'Permission':
      return { kind: 'permission', message };
    case 'INTERRUPT':
      return { kind: 'cancelled' };
    case 'FATAL':
      return { kind: 'engineStopped', reason: 'crashed', detail: message };
    default:
      return { kind: 'sql', type, message: withoutWindow(message), position: errorPosition(message) };
  }
}

/** Reads the position out of "LINE n: <text>\n<spaces>^" at the end of an engine message. */
export function errorPosition(message: string): ErrorPosition | null {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return null;
  const prefix = `LINE ${match[1]}: `.length;
  const caret = match[3].length - prefix;
  return { line: Number(match[1]), column: Math.max(1, caret + 1) };
}

/** The message without its LINE/caret window (the position is carried on its own). */
function withoutWindow(message: string): string {
  return message.replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
}

/**
 * What a failed CSV read says about the file, in the reader's own words: a line over the size limit (and
 * which line), or no dialect that fits every line (only then is the delimiter the likely cause).
 */
export function csvReadFailure(
  error: EngineError,
): { kind: 'lineTooLong'; line: number | null } | { kind: 'noDialect' } | null {
  if (error.kind !== 'sql') return null;
  if (/Maximum line size/i.test(error.message)) {
    const line = /CSV Error on Line: (\d+)/.exec(error.message)?.[1];
    return { kind: 'lineTooLong', line: line ? Number(line) : null };
  }
  if (/not possible to automatically detect the CSV parsing dialect/i.test(error.message))
    return { kind: 'noDialect' };
  return null;
}
