// Running SQL a person wrote (the workspace, a link) so that it cannot change what the app computes
// (catalogs.ts): refused outright when it holds a NUL byte, a pragma that changes a setting, transaction
// control or DETACH (statements.ts); otherwise run on the user's connection inside one transaction that
// first writes to the user's database, so that DuckDB refuses any write to the app's database; and rolled
// back if it left a table with a name the app keeps for itself.
import type { DuckDBBindings, DuckDBConnection } from 'duckdb-browser-blocking';
import type { QueryOptions, QueryResult } from './api';
import { APP_CATALOG, USER_CATALOG } from './catalogs';
import { EngineFailure, toEngineError } from './errors';
import { inspectScript, refusalOf, type ScriptInfo } from './statements';
import { quoteUntrustedIdentifier, quoteUntrustedLiteral } from './sql';

export interface UserConnection {
  bindings: DuckDBBindings;
  connection: DuckDBConnection;
  /** Streams SQL on the user's connection (the session's loop, with its cancel and row cap). */
  stream(sql: string, options: QueryOptions): Promise<QueryResult>;
  reserved: readonly string[];
}

/** Splits and classifies SQL with the engine's tokenizer (refused before any token when it holds a NUL). */
export function inspectUserSql(bindings: DuckDBBindings, sql: string): ScriptInfo {
  // the tokenizer gets a C string: it would stop at the NUL byte
  const text = sql.includes('\u0000') ? sql.slice(0, sql.indexOf('\u0000')) : sql;
  return {
    ...inspectScript(text, bindings.tokenize(text)),
    length: sql.length,
    nulAt: sql.indexOf('\u0000'),
  };
}

export async function runUserSql(
  user: UserConnection,
  sql: string,
  options: QueryOptions,
): Promise<QueryResult> {
  const refusal = refusalOf(inspectUserSql(user.bindings, sql));
  if (refusal)
    throw new EngineFailure({ kind: 'refused', reason: refusal.reason, detail: refusal.word ?? '' });
  const { connection } = user;
  connection.query('BEGIN TRANSACTION');
  try {
    // a write to the user's database: from now on this transaction cannot write to the app's
    const guard = `${USER_CATALOG}.main.${quoteUntrustedIdentifier(`tenure_guard_${randomSuffix()}`)}`;
    connection.query(`CREATE TABLE ${guard} (x INTEGER)`);
    connection.query(`DROP TABLE ${guard}`);
    const result = await user.stream(sql, options);
    const taken = takenNames(connection, user.reserved);
    if (taken) throw new EngineFailure({ kind: 'refused', reason: 'appName', detail: taken });
    connection.query('COMMIT');
    return result;
  } catch (error) {
    try {
      connection.query('ROLLBACK');
    } catch {
      // already rolled back by the engine
    }
    throw new EngineFailure(asRefusal(toEngineError(error)));
  }
}

/** A table the user's SQL left in its database under a name the app uses, if any. */
function takenNames(connection: DuckDBConnection, reserved: readonly string[]): string | null {
  const rows = connection
    .query(
      `SELECT u.table_name AS name FROM information_schema.tables u
        WHERE u.table_catalog = '${USER_CATALOG}' AND u.table_schema = 'main'
          AND lower(u.table_name) IN (
            SELECT lower(a.table_name) FROM information_schema.tables a
             WHERE a.table_catalog = '${APP_CATALOG}' AND a.table_schema = 'main'
            UNION ALL SELECT lower(unnest(${reservedList(reserved)}::VARCHAR[])))
        LIMIT 1`,
    )
    .toArray();
  return rows.length ? String(rows[0].toJSON().name) : null;
}

function reservedList(names: readonly string[]): string {
  return `[${names.map(quoteUntrustedLiteral).join(', ')}]`;
}

/** DuckDB's refusal of a second database in one transaction, said as what it is: a write to the app's. */
function asRefusal(error: ReturnType<typeof toEngineError>): ReturnType<typeof toEngineError> {
  if (
    error.kind === 'sql' &&
    error.type === 'TransactionContext' &&
    error.message.includes(`write to database "${APP_CATALOG}"`)
  )
    return { kind: 'refused', reason: 'appTables', detail: APP_CATALOG };
  return error;
}

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
