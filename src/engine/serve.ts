// The engine's side of the worker: starts DuckDB-WASM (the blocking build, run synchronously in this
// worker), locks it, and serves the calls of a host whose operations the composition root registered.
// Everything that crosses is structured-cloneable; replies are data (see protocol.ts), with result bytes
// transferred rather than copied.
import * as Comlink from 'comlink';
import { BROWSER_RUNTIME, VoidLogger, createDuckDB, getPlatformFeatures } from 'duckdb-browser-blocking';
import { DEFAULT_MEMORY_LIMIT } from './lock';
import { EngineHost } from './host';
import { EngineSession } from './session';
import { coreHandlers, type CoreOps } from './core-ops';
import { toEngineError } from './errors';
import { installNoEvalFunction } from './no-eval';
import type { EngineInfo, Handlers, OpTable, Reply } from './protocol';

export interface StartConfig {
  ehWasm: string;
  mvpWasm: string;
  memoryLimit?: string;
  /** URLs of other assets the registered operations need (e.g. the Parquet reader's .wasm), by name. */
  assets: Record<string, string>;
  /** Table names the app keeps for itself: SQL a person runs may not create tables with them. */
  reserved?: string[];
}

/**
 * What the worker exposes through Comlink; the page wraps it in a WorkerTransport, typed by the same
 * operation table (the wire itself carries the operation's name and structured-cloneable data).
 */
export interface WorkerEndpoint<Ops extends OpTable> {
  start(config: StartConfig): Promise<Reply<EngineInfo>>;
  call<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress?: (p: Ops[K]['progress']) => void,
  ): Promise<Reply<Ops[K]['result']>>;
  cancel(id: number): Promise<boolean>;
  /** Makes the worker die the way an engine crash does (an uncaught error); for the recovery tests. */
  crashForTest(): Promise<void>;
}

/**
 * Serves the engine in this worker with the core operations and `extra` (given the start config's
 * assets); `setup` runs once the engine is open and locked (e.g. macros the registered work needs).
 */
export function serveEngine<Extra extends OpTable>(
  extra: (assets: Record<string, string>) => Handlers<Extra>,
  setup: readonly string[] = [],
): void {
  let host: EngineHost<CoreOps & Extra> | null = null;
  // the worker runs under the page's policy, which refuses eval (no-eval.ts)
  installNoEvalFunction();

  // DuckDB's progress bar calls this runtime hook during long queries; the session keeps the last value.
  (BROWSER_RUNTIME as unknown as { progressUpdate: (done: number, pct: number) => void }).progressUpdate = (
    done,
    pct,
  ) => {
    if (host) host.session.progress = done ? 100 : pct;
  };

  const endpoint: WorkerEndpoint<CoreOps & Extra> = {
    async start(config) {
      try {
        const started = performance.now();
        const features = await getPlatformFeatures();
        const db = await createDuckDB(
          {
            mvp: { mainModule: config.mvpWasm, mainWorker: '' },
            eh: { mainModule: config.ehWasm, mainWorker: '' },
          },
          new VoidLogger(),
          BROWSER_RUNTIME,
        );
        await db.instantiate(() => {});
        const session = EngineSession.open(db, config.memoryLimit ?? DEFAULT_MEMORY_LIMIT, config.reserved);
        for (const statement of setup) session.queryRows(statement);
        const handlers = { ...coreHandlers, ...extra(config.assets) } as Handlers<CoreOps & Extra>;
        host = new EngineHost(session, handlers);
        const [{ limit }] = session.queryRows<{ limit: string }>(
          "SELECT current_setting('memory_limit') AS limit",
        );
        return {
          ok: true,
          value: {
            version: db.getVersion(),
            bundle: features.wasmExceptions ? 'eh' : 'mvp',
            memoryLimit: limit,
            startMs: performance.now() - started,
          },
        };
      } catch (error) {
        return { ok: false, error: { kind: 'startFailed', detail: toEngineErrorText(error) } };
      }
    },

    async call(id, op, args, onProgress) {
      if (!host) return { ok: false, error: { kind: 'startFailed', detail: 'The engine is not started.' } };
      const buffers: ArrayBufferLike[] = [];
      const reply = await host.call(id, op, args, onProgress, (b) => buffers.push(...b));
      return reply.ok ? Comlink.transfer(reply, buffers as Transferable[]) : reply;
    },

    async cancel(id) {
      return host?.cancel(id) ?? false;
    },

    async crashForTest() {
      setTimeout(() => {
        host = null;
        throw new Error('RuntimeError: Aborted(simulated crash)');
      });
    },
  };
  Comlink.expose(endpoint);
}

function toEngineErrorText(error: unknown): string {
  const e = toEngineError(error);
  return 'message' in e ? e.message : 'detail' in e ? e.detail : e.kind;
}
