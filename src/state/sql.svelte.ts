// The SQL workspace: the text in the editor, the running query, its result or its error.
import type { Table } from 'apache-arrow';
import { isEngineError, type EngineError, type ErrorPosition } from '../engine/errors';
import type { Engine } from '../worker/contract';
import type { ScriptInfo } from '../engine/statements';

/** The grid's cap; a virtualised grid of 1M rows stays smooth (see ResultGrid). */
export const MAX_RESULT_ROWS = 1_000_000;

/** How long a cancel may take before the app offers to stop the engine. */
export const STUCK_AFTER_MS = 3000;

export interface SqlError {
  error: EngineError;
  /** Position in the editor text (1-based line/column), when the engine gave one. */
  position: ErrorPosition | null;
}

export interface SqlOutcome {
  table: Table;
  rowCount: number;
  ms: number;
  truncated: boolean;
}

export class SqlWorkspace {
  text = $state('');
  #running = $state(false);
  #result = $state.raw<SqlOutcome | null>(null);
  #error = $state.raw<SqlError | null>(null);
  #cancelled = $state(false);
  /** Cancel was asked a while ago and the engine still works: offer the hard stop. */
  #stuck = $state(false);
  #abort: AbortController | null = null;
  readonly #engine: Engine;
  readonly #afterRun: () => void;

  constructor(engine: Engine, afterRun: () => void) {
    this.#engine = engine;
    this.#afterRun = afterRun;
  }

  get running(): boolean {
    return this.#running;
  }
  get result(): SqlOutcome | null {
    return this.#result;
  }
  get error(): SqlError | null {
    return this.#error;
  }
  get cancelled(): boolean {
    return this.#cancelled;
  }
  get stuck(): boolean {
    return this.#stuck;
  }

  /**
   * Runs `sql`; `offset` is where it starts in the editor (a selection), so error positions point at
   * the right place.
   */
  async run(sql: string, offset = { line: 0, column: 0 }): Promise<void> {
    if (this.#running || sql.trim() === '') return;
    this.#running = true;
    this.#error = null;
    this.#cancelled = false;
    this.#abort = new AbortController();
    try {
      // on the engine's user connection: it cannot change what the analyses compute (issue #11)
      this.#result = await this.#engine.userQuery(sql, {
        maxRows: MAX_RESULT_ROWS,
        signal: this.#abort.signal,
      });
    } catch (error) {
      if (isEngineError(error, 'cancelled', 'superseded', 'engineStopped')) {
        this.#cancelled = true;
      } else if (isEngineError(error)) {
        const at = error.error.kind === 'sql' ? error.error.position : null;
        const position = at
          ? { line: at.line + offset.line, column: at.line === 1 ? at.column + offset.column : at.column }
          : null;
        this.#error = { error: error.error, position };
      } else {
        this.#error = { error: { kind: 'internal', message: String(error) }, position: null };
      }
    } finally {
      this.#abort = null;
      this.#running = false;
      this.#stuck = false;
      this.#afterRun();
    }
  }

  async cancel(): Promise<void> {
    setTimeout(() => (this.#stuck = this.#running), STUCK_AFTER_MS);
    this.#abort?.abort();
  }

  /**
   * SQL split into statements and classified by the engine's own tokenizer, to show SQL from a link whole
   * before it runs (issue #11, finding 4); null when the engine could not read it.
   */
  async inspect(text: string): Promise<ScriptInfo | null> {
    try {
      return await this.#engine.call('inspectSql', { sql: text }, { lane: 'inspect-sql' });
    } catch {
      return null;
    }
  }

  /** Ends the worker: the running query stops at once, the tables are loaded again. */
  hardStop(): Promise<void> {
    return this.#engine.hardStop();
  }
}
