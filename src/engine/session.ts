// The engine's work, independent of where it runs: the browser worker and the Node unit tests both drive
// a DuckDB-WASM `DuckDBBindings` (the blocking build) through this class, so tests exercise the same code.
import type { DuckDBBindings, DuckDBConnection } from 'duckdb-browser-blocking';
import { MessageReader, tableFromIPC } from 'apache-arrow';
import type { ColumnInfo, QueryOptions, QueryResult, TableInfo } from './api';
import { lockStatements } from './lock';
import { EngineFailure, toEngineError } from './errors';
import { quoteUntrustedIdentifier } from './sql';

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
  #cancelRequested = false;
  /**
   * The engine's own estimate for the running query (0..100), from its progress-bar hook where the runtime
   * has one (the browser worker); null when unknown.
   */
  progress: number | null = null;
  /** Nesting depth of cancellable work (a load wraps its queries). */
  #depth = 0;

  private constructor(db: DuckDBBindings, conn: DuckDBConnection) {
    this.#db = db;
    this.#conn = conn;
    this.#connId = conn.useUnsafe((_, id) => id);
  }

  /** Opens a connection and locks the engine (docs/engine.md); nothing runs before the lock. */
  static open(db: DuckDBBindings, memoryLimit?: string): EngineSession {
    // Decimals arrive as doubles: the grid and charts want numbers, and SQL keeps exact decimals inside.
    db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
    const conn = db.connect();
    conn.query('SET enable_progress_bar = true');
    conn.query('SET progress_bar_time = 200');
    for (const statement of lockStatements(memoryLimit)) conn.query(statement);
    return new EngineSession(db, conn);
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
   * Runs SQL (one or several statements) to Arrow IPC bytes. Yields between slices of work so that
   * `cancel()` can arrive; stops fetching at `maxRows`.
   */
  async run(sql: string, options: QueryOptions = {}, pause: Yield = yieldToEventLoop): Promise<QueryResult> {
    const started = performance.now();
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    return this.work(async () => {
      try {
        let header: Uint8Array | null;
        if (options.params?.length) {
          const statement = this.#db.createPrepared(this.#connId, sql);
          try {
            header = this.#db.sendPrepared(this.#connId, statement, options.params);
          } finally {
            this.#db.closePrepared(this.#connId, statement);
          }
        } else {
          header = this.#db.startPendingQuery(this.#connId, sql, true);
          while (header == null) {
            await pause();
            if (this.#cancelRequested) {
              this.#db.cancelPendingQuery(this.#connId);
              throw cancelled();
            }
            header = this.#db.pollPendingQuery(this.#connId);
          }
        }
        const chunks: Uint8Array[] = [header];
        let rowCount = 0;
        let truncated = false;
        for (;;) {
          const chunk = this.#db.fetchQueryResults(this.#connId);
          if (chunk == null) {
            await pause();
            continue;
          }
          if (chunk.length === 0) break;
          if (rowCount >= maxRows) {
            // A chunk beyond the cap: the result has more rows than we keep.
            truncated = true;
            this.#db.cancelPendingQuery(this.#connId);
            break;
          }
          chunks.push(chunk);
          rowCount += recordBatchLength(chunk);
          if (chunks.length % 64 === 0) {
            await pause();
            if (this.#cancelRequested) {
              this.#db.cancelPendingQuery(this.#connId);
              throw cancelled();
            }
          }
        }
        chunks.push(EOS);
        return { ipc: concat(chunks), rowCount, ms: performance.now() - started, truncated };
      } catch (error) {
        throw new EngineFailure(toEngineError(error, this.#cancelRequested));
      }
    });
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

  listTables(): TableInfo[] {
    const rows = this.queryRows<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type
         FROM information_schema.columns
        WHERE table_schema = 'main' AND table_catalog = current_database()
        ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, ColumnInfo[]>();
    for (const row of rows) {
      const columns = tables.get(row.table_name) ?? [];
      columns.push({ name: row.column_name, type: row.data_type });
      tables.set(row.table_name, columns);
    }
    return [...tables].map(([name, columns]) => ({ name, columns, rows: this.rowCount(name) }));
  }

  rowCount(table: string): number {
    const [row] = this.queryRows<{ n: bigint | number }>(
      `SELECT count(*) AS n FROM ${quoteUntrustedIdentifier(table)}`,
    );
    return Number(row.n);
  }

  describe(table: string): ColumnInfo[] {
    return this.queryRows<{ column_name: string; column_type: string }>(
      `DESCRIBE ${quoteUntrustedIdentifier(table)}`,
    ).map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  tableNames(): string[] {
    return this.queryRows<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'main' AND table_catalog = current_database()`,
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
