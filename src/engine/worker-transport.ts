// The page's transport to an engine in a Web Worker (see serve.ts for the other side). The engine's .wasm
// files are bundled with the app and loaded from the page's own origin.
import * as Comlink from 'comlink';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { EngineFailure } from './errors';
import type { EngineInfo, OpTable, Reply, Transport } from './protocol';
import type { WorkerEndpoint } from './serve';
import { memoryLimitFor } from './lock';

interface WireCall {
  call(id: number, op: string, args: unknown, onProgress?: (p: unknown) => void): Promise<Reply<unknown>>;
}

/** Relative asset URLs (the build uses a relative base) made absolute for the worker. */
const absolute = (url: string) => new URL(url, document.baseURI).href;

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
