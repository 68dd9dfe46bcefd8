// The engine's work, independent of where it runs: the browser worker and the Node unit tests both drive
// a DuckDB-WASM `DuckDBBindings` (the blocking build) through this class, so tests exercise the same code.
import type { DuckDBBindings, DuckDBConnection } from 'duckdb-browser-blocking';
import { MessageReader, tableFromIPC } from 'apache-arrow';
import type { ColumnInfo, ListedTable, QueryOptions, QueryResult } from './api';
import { lockStatements } from './lock';
import { EngineFailure, toEngineError } from './errors';
import { quoteUntrustedIdentifier } from './sql';
import { APP_CATALOG, APP_CONNECTION_SETUP, USER_CATALOG, USER_CONNECTION_SETUP } from './catalogs';
import { countRows, listTables } from './tables';
import { runUserSql } from './user-sql';

/** Arrow IPC end-of-stream marker: continuation token, then a zero length. */
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Lets other messages (a cancel) in between two slices of engine work. */
export type Yield = () => Promise<void>;
export const yieldToEventLoop: Yield = () => new Promise((resolve) => setTimeout(resolve, 0));

const cancelled = () => new EngineFailure({ kind: 'cancelled' });

export class EngineSession {
  readonly #db: DuckDBBindings;
  readonly #conn: DuckDBConnection;
  readonly #connId: number;
  /** The connection SQL a person runs goes to (catalogs.ts). */
  readonly #user: DuckDBConnection;
  /** Names user SQL may not give its tables: the app's (canonical tables, model outputs). */
  readonly #reserved: readonly string[];
  #cancelRequested = false;
  /**
   * The engine's own estimate for the running query (0..100), from its progress-bar hook where the runtime
   * has one (the browser worker); null when unknown.
   */
  progress: number | null = null;
  /** Nesting depth of cancellable work (a load wraps its queries). */
  #depth = 0;

  private constructor(
    db: DuckDBBindings,
    conn: DuckDBConnection,
    user: DuckDBConnection,
    reserved: readonly string[],
  ) {
    this.#db = db;
    this.#conn = conn;
    this.#connId = conn.useUnsafe((_, id) => id);
    this.#user = user;
    this.#reserved = reserved;
  }

  /**
   * Opens the app's connection and locks the engine (docs/engine.md); nothing runs before the lock. Then
   * gives the app its own database and user SQL its own connection (catalogs.ts). `reserved`: table names
   * the app keeps for itself, which user SQL may not take.
   */
  static open(db: DuckDBBindings, memoryLimit?: string, reserved: readonly string[] = []): EngineSession {
    // Decimals arrive as doubles: the grid and charts want numbers, and SQL keeps exact decimals inside.
    db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
    const conn = db.connect();
    const user = db.connect();
    // the progress bar is a setting the lock freezes: set on both connections before it
    for (const c of [conn, user]) {
      c.query('SET enable_progress_bar = true');
      c.query('SET progress_bar_time = 200');
    }
    for (const statement of lockStatements(memoryLimit)) conn.query(statement);
    for (const statement of APP_CONNECTION_SETUP) conn.query(statement);
    for (const statement of USER_CONNECTION_SETUP) user.query(statement);
    return new EngineSession(db, conn, user, reserved);
  }

  get bindings(): DuckDBBindings {
    return this.#db;
  }

  get connectionId(): number {
    return this.#connId;
  }

  get busy(): boolean {
    return this.#depth > 0;
  }

  /** Marks `work` as cancellable: `cancel()` during it sets `cancelRequested`. */
  async work<T>(work: () => Promise<T>): Promise<T> {
    if (this.#depth === 0) this.#cancelRequested = false;
    this.#depth++;
    try {
      return await work();
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#cancelRequested = false;
    }
  }

  /** A short query whose result is small: runs to completion, not cancellable. */
  queryRows<T = Record<string, unknown>>(sql: string, params?: QueryOptions['params']): T[] {
    if (sql.includes('\u0000')) throw new EngineFailure({ kind: 'refused', reason: 'nul', detail: '' });
    const table = params?.length ? this.#prepared(sql, params) : this.#conn.query(sql);
    return table.toArray().map((row) => row.toJSON() as T);
  }

  #prepared(sql: string, params: NonNullable<QueryOptions['params']>) {
    const statement = this.#conn.prepare(sql);
    try {
      return statement.query(...params);
    } finally {
      statement.close();
    }
  }

  /**
   * Runs SQL (one or several statements) on the app's connection to Arrow IPC bytes. Yields between slices
   * of work so that `cancel()` can arrive; stops fetching at `maxRows`.
   */
  run(sql: string, options: QueryOptions = {}, pause: Yield = yieldToEventLoop): Promise<QueryResult> {
    return this.work(async () => {
      try {
        return await this.#stream(this.#connId, sql, options, pause);
      } catch (error) {
        throw new EngineFailure(toEngineError(error, this.#cancelRequested));
      }
    });
  }

  /**
   * Runs SQL a person wrote (the workspace, a link) on the user's connection, as one transaction that
   * cannot write to the app's database (user-sql.ts).
   */
  runUser(sql: string, options: QueryOptions = {}, pause: Yield = yieldToEventLoop): Promise<QueryResult> {
    return this.work(async () => {
      try {
        return await runUserSql(
          {
            bindings: this.#db,
            connection: this.#user,
            stream: (text, o) =>
              this.#stream(
                this.#user.useUnsafe((_, id) => id),
                text,
                o,
                pause,
              ),
            reserved: this.#reserved,
          },
          sql,
          options,
        );
      } catch (error) {
        throw new EngineFailure(toEngineError(error, this.#cancelRequested));
      }
    });
  }

  /** The streaming loop of `run`, on connection `connId`; throws DuckDB's errors as they come. */
  async #stream(connId: number, sql: string, options: QueryOptions, pause: Yield): Promise<QueryResult> {
    const started = performance.now();
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    // DuckDB would stop reading at a NUL byte and run what comes before it
    if (sql.includes('\u0000')) throw new EngineFailure({ kind: 'refused', reason: 'nul', detail: '' });
    let header: Uint8Array | null;
    if (options.params?.length) {
      const statement = this.#db.createPrepared(connId, sql);
      try {
        header = this.#db.sendPrepared(connId, statement, options.params);
      } finally {
        this.#db.closePrepared(connId, statement);
      }
    } else {
      header = this.#db.startPendingQuery(connId, sql, true);
      while (header == null) {
        await pause();
        if (this.#cancelRequested) {
          this.#db.cancelPendingQuery(connId);
          throw cancelled();
        }
        header = this.#db.pollPendingQuery(connId);
      }
    }
    const chunks: Uint8Array[] = [header];
    let rowCount = 0;
    let truncated = false;
    for (;;) {
      const chunk = this.#db.fetchQueryResults(connId);
      if (chunk == null) {
        await pause();
        continue;
      }
      if (chunk.length === 0) break;
      if (rowCount >= maxRows) {
        // A chunk beyond the cap: the result has more rows than we keep.
        truncated = true;
        this.#db.cancelPendingQuery(connId);
        break;
      }
      chunks.push(chunk);
      rowCount += recordBatchLength(chunk);
      if (chunks.length % 64 === 0) {
        await pause();
        if (this.#cancelRequested) {
          this.#db.cancelPendingQuery(connId);
          throw cancelled();
        }
      }
    }
    chunks.push(EOS);
    return { ipc: concat(chunks), rowCount, ms: performance.now() - started, truncated };
  }

  /** Runs SQL and decodes the (small) result to plain rows; for internal bookkeeping queries. */
  async runRows<T = Record<string, unknown>>(
    sql: string,
    options?: QueryOptions,
    pause?: Yield,
  ): Promise<T[]> {
    const result = await this.run(sql, options, pause);
    return tableFromIPC(result.ipc)
      .toArray()
      .map((row) => row.toJSON() as T);
  }

  cancel(): boolean {
    if (this.#depth === 0) return false;
    this.#cancelRequested = true;
    return true;
  }

  get cancelRequested(): boolean {
    return this.#cancelRequested;
  }

  /** The tables and views of both databases, with their columns (tables.ts; issue #11, finding 6). */
  listTables(): ListedTable[] {
    return listTables(this);
  }

  rowCount(table: string): number {
    return countRows(this, quoteUntrustedIdentifier(table));
  }

  describe(table: string): ColumnInfo[] {
    return this.queryRows<{ column_name: string; column_type: string }>(
      `DESCRIBE ${quoteUntrustedIdentifier(table)}`,
    ).map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /** Names of the tables and views of both databases (a file's table gets a name no other table has). */
  tableNames(): string[] {
    return this.queryRows<{ name: string }>(
      `SELECT DISTINCT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'main' AND table_catalog IN ('${APP_CATALOG}', '${USER_CATALOG}')`,
    ).map((r) => r.name);
  }
}

/** Number of rows in one Arrow IPC record-batch message (0 for other messages). */
export function recordBatchLength(message: Uint8Array): number {
  const parsed = new MessageReader(message).readMessage();
  return parsed?.isRecordBatch() ? Number(parsed.header().length) : 0;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
