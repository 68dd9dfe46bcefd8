// The page's side of the engine: starts the worker lazily, once; decodes results to Arrow tables (the one
// place that does); restarts a dead worker and loads its files again, without a page reload.
import * as Comlink from 'comlink';
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { ClvOutcome, ClvRequest } from '../analyses/clv-fit';
import type {
  CsvOptions,
  EngineApi,
  EngineInfo,
  LoadOutcome,
  LoadProgress,
  QueryOptions,
  TableInfo,
} from './api';

export interface ArrowResult {
  table: Table;
  rowCount: number;
  ms: number;
  truncated: boolean;
}

/** A worker death the app recovered from; `reason` is the engine's last words. */
export type RestartListener = (reason: string) => void;

/** Messages of a WebAssembly instance that cannot go on (out of memory inside the engine, a trap). */
const FATAL = /RuntimeError|Aborted\(|unreachable|memory access out of bounds|Out of bounds|worker died/i;

interface Loaded {
  file: File;
  options: CsvOptions;
}

export class EngineRestartedError extends Error {
  override name = 'EngineRestartedError';
}

function deathNotice(): { promise: Promise<never>; reject: (error: Error) => void } {
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<never>((_, r) => (reject = r));
  promise.catch(() => {}); // nobody may be waiting
  return { promise, reject };
}

export class EngineClient {
  #worker: Worker | null = null;
  #remote: Comlink.Remote<EngineApi> | null = null;
  #starting: Promise<Comlink.Remote<EngineApi>> | null = null;
  #info: EngineInfo | null = null;
  readonly #loaded = new Map<string, Loaded>();
  /** Rejects the calls in flight when the worker they went to is gone. */
  #death = deathNotice();
  readonly #restartListeners = new Set<RestartListener>();

  get info(): EngineInfo | null {
    return this.#info;
  }

  onRestart(listener: RestartListener): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  /** Starts the engine if it is not running; safe to call many times. */
  start(): Promise<Comlink.Remote<EngineApi>> {
    this.#starting ??= this.#spawn();
    return this.#starting;
  }

  /** Stops whatever runs by ending the worker; the tables come back in a fresh one. */
  hardStop(): Promise<void> {
    return this.restart('stopped');
  }

  async #spawn(): Promise<Comlink.Remote<EngineApi>> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      type: 'module',
      name: 'tenure-engine',
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      void this.restart(event.message || 'worker died');
    });
    this.#worker = worker;
    const remote = Comlink.wrap<EngineApi>(worker);
    const absolute = (url: string) => new URL(url, document.baseURI).href;
    this.#info = await remote.start({
      ehWasm: absolute(ehWasm),
      mvpWasm: absolute(mvpWasm),
      parquetWasm: absolute(parquetWasm),
    });
    this.#remote = remote;
    return remote;
  }

  /** Ends the worker (a hard stop) and starts a fresh one with the same tables loaded again. */
  async restart(reason: string): Promise<void> {
    this.#death.reject(new EngineRestartedError(reason));
    this.#death = deathNotice();
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
    this.#starting = null;
    const remote = await this.start();
    for (const [table, { file, options }] of this.#loaded) {
      const outcome = await remote.loadFile({ file, options, table });
      if (!outcome.ok) this.#loaded.delete(table);
    }
    for (const listener of this.#restartListeners) listener(reason);
  }

  async #call<T>(work: (remote: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    const remote = await this.start();
    try {
      return await Promise.race([work(remote), this.#death.promise]);
    } catch (error) {
      if (error instanceof EngineRestartedError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (FATAL.test(message)) void this.restart(message);
      throw error;
    }
  }

  async loadFile(
    file: File,
    options: CsvOptions = {},
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    const outcome = await this.#call<LoadOutcome>((r) =>
      r.loadFile({ file, options }, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
    if (outcome.ok) this.#loaded.set(outcome.table.name, { file, options });
    return outcome;
  }

  async reloadTable(
    table: string,
    options: CsvOptions,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    const outcome = await this.#call<LoadOutcome>((r) =>
      r.reloadTable(table, options, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
    const loaded = this.#loaded.get(table);
    if (outcome.ok && loaded) this.#loaded.set(table, { ...loaded, options });
    return outcome;
  }

  async dropTable(table: string): Promise<void> {
    await this.#call((r) => r.dropTable(table));
    this.#loaded.delete(table);
  }

  listTables(): Promise<TableInfo[]> {
    return this.#call((r) => r.listTables());
  }

  async query(sql: string, options?: QueryOptions): Promise<ArrowResult> {
    const result = await this.#call((r) => r.query(sql, options));
    return {
      table: tableFromIPC(result.ipc),
      rowCount: result.rowCount,
      ms: result.ms,
      truncated: result.truncated,
    };
  }

  /** See EngineApi.fitClv. */
  fitClv(request: ClvRequest): Promise<ClvOutcome> {
    return this.#call<ClvOutcome>((r) => r.fitClv(request));
  }

  /** A result table as a Parquet file. */
  async toParquet(table: Table): Promise<Uint8Array> {
    const ipc = tableToIPC(table, 'stream');
    return this.#call((r) => r.toParquet(Comlink.transfer(ipc, [ipc.buffer])));
  }

  /** See EngineApi.crashForTest. */
  async crashForTest(): Promise<void> {
    await this.#call((r) => r.crashForTest());
  }

  /** Asks the engine to stop the running query or load; `false` if nothing was running. */
  async cancel(): Promise<boolean> {
    return this.#remote ? this.#remote.cancel() : false;
  }
}

export const engine = new EngineClient();
