// The engine's side of the worker: starts DuckDB-WASM (the blocking build, run synchronously in this
// worker), locks it, and serves the calls of a host whose operations the composition root registered.
// Everything that crosses is structured-cloneable; replies are data (see protocol.ts), with result bytes
// transferred rather than copied.
import * as Comlink from 'comlink';
import {
  BROWSER_RUNTIME,
  VoidLogger,
  createDuckDB,
  getPlatformFeatures,
  type DuckDBBindings,
} from 'duckdb-browser-blocking';
import { DEFAULT_MEMORY_LIMIT } from './lock';
import { EngineHost } from './host';
import { EngineSession } from './session';
import { coreHandlers, type CoreOps } from './core-ops';
import { toEngineError } from './errors';
import { installNoEvalFunction } from './no-eval';
import { EARLY_ENGINE, type EngineInfo, type Handlers, type OpTable, type Reply } from './protocol';

/** The engine's module, compiled for bundle `bundle` (see EarlyEngine). */
export interface CompiledEngine {
  bundle: 'eh' | 'mvp';
  module: WebAssembly.Module;
  /** When it was compiled (ms since the worker's time origin). */
  at?: number;
}

/**
 * What the worker's first lines started before its code was even fetched (worker-transport.ts,
 * `enginePrelude`): the engine's .wasm, fetched and compiled on this worker's thread while the page's
 * main thread evaluates and draws the interface (issue #13, the warm start).
 */
export interface EarlyEngine {
  ehWasm: string;
  mvpWasm: string;
  compiled: Promise<CompiledEngine | null>;
}

export interface StartConfig {
  ehWasm: string;
  mvpWasm: string;
  memoryLimit?: string;
  /** URLs of other assets the registered operations need (e.g. the Parquet reader's .wasm), by name. */
  assets: Record<string, string>;
  /** Table names the app keeps for itself: SQL a person runs may not create tables with them. */
  reserved?: string[];
  /** The page's performance.timeOrigin (the start's phases are told against it). */
  pageOrigin: number;
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

  // The engine is instantiated as soon as its module is compiled, before the page asks for it: the page's
  // start() (once its interface is drawn) then only opens and locks it.
  const started = performance.now();
  const early = (globalThis as { [EARLY_ENGINE]?: EarlyEngine })[EARLY_ENGINE];
  let instantiating = early ? instantiate(early, early.compiled).catch(() => null) : null;

  const endpoint: WorkerEndpoint<CoreOps & Extra> = {
    async start(config) {
      const asked = performance.now();
      try {
        const ready = (await instantiating) ?? (await instantiate(config, Promise.resolve(null)));
        instantiating = null;
        const { db, bundle, precompiled, compiledAt, instantiatedAt } = ready;
        const session = EngineSession.open(db, config.memoryLimit ?? DEFAULT_MEMORY_LIMIT, config.reserved);
        for (const statement of setup) session.queryRows(statement);
        const handlers = { ...coreHandlers, ...extra(config.assets) } as Handlers<CoreOps & Extra>;
        host = new EngineHost(session, handlers);
        const [{ limit }] = session.queryRows<{ limit: string }>(
          "SELECT current_setting('memory_limit') AS limit",
        );
        const now = performance.now();
        return {
          ok: true,
          value: {
            version: db.getVersion(),
            bundle,
            memoryLimit: limit,
            // since the worker's code began: the page asks once its interface is drawn
            startMs: now - started,
            precompiled,
            phases: {
              offset: performance.timeOrigin - config.pageOrigin,
              compiled: compiledAt,
              code: started,
              instantiated: instantiatedAt,
              asked,
              ready: now,
            },
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

/**
 * DuckDB-WASM's bindings for this browser's bundle, instantiated: from `compiled` when it is that bundle's
 * module, else as DuckDB-WASM does it (fetch and compile its .wasm).
 */
async function instantiate(
  urls: { ehWasm: string; mvpWasm: string },
  compiled: Promise<CompiledEngine | null>,
): Promise<{
  db: DuckDBBindings;
  bundle: 'eh' | 'mvp';
  precompiled: boolean;
  compiledAt: number | null;
  instantiatedAt: number;
}> {
  const features = await getPlatformFeatures();
  const bundle = features.wasmExceptions ? 'eh' : 'mvp';
  const db = await createDuckDB(
    {
      mvp: { mainModule: urls.mvpWasm, mainWorker: '' },
      eh: { mainModule: urls.ehWasm, mainWorker: '' },
    },
    new VoidLogger(),
    BROWSER_RUNTIME,
  );
  const module = await compiled;
  const precompiled = module?.bundle === bundle;
  if (precompiled) instantiateFrom(db, module.module);
  await db.instantiate(() => {});
  const compiledAt = precompiled ? (module.at ?? null) : null;
  return { db, bundle, precompiled, compiledAt, instantiatedAt: performance.now() };
}

type InstantiateWasm = (
  imports: WebAssembly.Imports,
  success: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
) => unknown;

/**
 * Makes `db` instantiate `module` (compiled by the worker's prelude) instead of fetching and compiling its .wasm. The
 * hook is DuckDB-WASM's own (`instantiateWasm`, given to Emscripten); if instantiating fails, its original
 * fetch-and-compile runs instead.
 */
function instantiateFrom(db: DuckDBBindings, module: WebAssembly.Module): void {
  const bindings = db as unknown as { instantiateWasm: InstantiateWasm };
  const fetchAndCompile = bindings.instantiateWasm.bind(db);
  bindings.instantiateWasm = (imports, success) => {
    // what DuckDB-WASM's hook does first: the runtime its imports call into
    (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = BROWSER_RUNTIME;
    WebAssembly.instantiate(module, imports).then(
      (instance) => success(instance, module),
      () => fetchAndCompile(imports, success),
    );
    // as DuckDB-WASM's hook answers Emscripten: the exports come later, through `success`
    return [];
  };
}

function toEngineErrorText(error: unknown): string {
  const e = toEngineError(error);
  return 'message' in e ? e.message : 'detail' in e ? e.detail : e.kind;
}
