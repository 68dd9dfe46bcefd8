// The page's transport to an engine in a Web Worker (see serve.ts for the other side). The engine's .wasm
// files are bundled with the app and loaded from the page's own origin. The worker's first lines fetch and
// compile the engine's module while its code loads (enginePrelude, issue #13).
import * as Comlink from 'comlink';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { EngineFailure } from './errors';
import { EARLY_ENGINE, type EngineInfo, type OpTable, type Reply, type Transport } from './protocol';
import type { WorkerEndpoint } from './serve';
import { memoryLimitFor } from './lock';

interface WireCall {
  call(id: number, op: string, args: unknown, onProgress?: (p: unknown) => void): Promise<Reply<unknown>>;
}

/** Relative asset URLs (the build uses a relative base) made absolute for the worker. */
const absolute = (url: string) => new URL(url, document.baseURI).href;

/**
 * The module DuckDB-WASM validates to tell whether the browser has WebAssembly exceptions, and so runs
 * its `eh` bundle (`getPlatformFeatures().wasmExceptions`; its own check is asynchronous, and on a page
 * that is still loading took 0.1-0.25 s to answer). If the two ever disagree, the worker ignores the module.
 */
const EXCEPTIONS_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11,
]);

/**
 * The first lines of the engine's worker (policy-worker.ts runs them before the worker's code): they fetch
 * and compile the engine's module for this browser (the bundle DuckDB-WASM would pick) on the worker's own
 * thread, while the worker's code loads and the page's main thread evaluates and draws the interface; the
 * worker instantiates it as soon as it is compiled (serve.ts). Compiling on the page instead kept its main
 * thread busy for 1-2 s on a warm start (the streamed bytes are taken in on the thread that compiles), so
 * the interface appeared only then. A failure leaves null: the worker then fetches and compiles the module
 * itself, as DuckDB-WASM does.
 */
export function enginePrelude(): string {
  const early = `globalThis[${JSON.stringify(EARLY_ENGINE)}]`;
  const urls = { ehWasm: absolute(ehWasm), mvpWasm: absolute(mvpWasm) };
  return [
    `const urls = ${JSON.stringify(urls)};`,
    `let compiled;`,
    `try {`,
    `  const bundle = WebAssembly.validate(new Uint8Array(${JSON.stringify(Array.from(EXCEPTIONS_PROBE))})) ? 'eh' : 'mvp';`,
    `  compiled = WebAssembly.compileStreaming(fetch(bundle === 'eh' ? urls.ehWasm : urls.mvpWasm, { credentials: 'same-origin' }))`,
    `    .then((module) => ({ bundle, module, at: performance.now() }), () => null);`,
    `} catch {`,
    `  compiled = Promise.resolve(null);`,
    `}`,
    `${early} = { ...urls, compiled };`,
  ].join('\n');
}

export class WorkerTransport<Ops extends OpTable> implements Transport<Ops> {
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<WorkerEndpoint<Ops>>;
  readonly #assets: Record<string, string>;
  readonly #reserved: string[];
  #onDeath: ((detail: string) => void) | null = null;

  constructor(worker: Worker, assets: Record<string, string> = {}, reserved: readonly string[] = []) {
    this.#worker = worker;
    this.#reserved = [...reserved];
    this.#assets = Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, absolute(v)]));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#onDeath?.(event.message || 'worker died');
    });
    this.#remote = Comlink.wrap<WorkerEndpoint<Ops>>(worker);
  }

  async start(): Promise<EngineInfo> {
    const reply = await this.#remote.start({
      ehWasm: absolute(ehWasm),
      mvpWasm: absolute(mvpWasm),
      assets: this.#assets,
      reserved: this.#reserved,
      // what this device can give (the engine says "Out of Memory" at the limit, not crash the tab)
      memoryLimit: memoryLimitFor((navigator as { deviceMemory?: number }).deviceMemory),
      pageOrigin: performance.timeOrigin,
    });
    if (!reply.ok) throw new EngineFailure(reply.error);
    return reply.value;
  }

  call<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress?: (p: Ops[K]['progress']) => void,
  ): Promise<Reply<Ops[K]['result']>> {
    // Comlink's Remote type cannot follow a generic method: call through the wire's plain shape, which
    // serve.ts answers for the same operation table
    const wire = this.#remote as unknown as Comlink.Remote<WireCall>;
    return wire.call(id, op, args, onProgress ? Comlink.proxy(onProgress) : undefined) as Promise<
      Reply<Ops[K]['result']>
    >;
  }

  cancel(id: number): Promise<boolean> {
    return this.#remote.cancel(id);
  }

  terminate(): void {
    this.#worker.terminate();
  }

  onDeath(listener: (detail: string) => void): void {
    this.#onDeath = listener;
  }

  /** See WorkerEndpoint.crashForTest. */
  crashForTest(): Promise<void> {
    return this.#remote.crashForTest();
  }
}
