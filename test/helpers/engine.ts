// The real DuckDB-WASM engine in Node (the blocking build), behind the same EngineSession the worker uses;
// and the app's whole engine path (EngineClient -> EngineHost -> session, with the worker's operations)
// running in-process, for tests of the state classes and of the protocol.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { DuckDBBindings } from 'duckdb-browser-blocking';
import { readParquet, writeParquet, Table as ParquetTable } from 'parquet-wasm/node';
import { EngineSession } from '../../src/engine/session';
import { EngineHost } from '../../src/engine/host';
import { EngineClient } from '../../src/engine/client';
import { coreHandlers } from '../../src/engine/core-ops';
import type { EngineInfo, Handlers, OpTable, Reply, Transport } from '../../src/engine/protocol';
import { loadHandlers, type FileAccess } from '../../src/data/load-ops';
import { mapHandlers } from '../../src/data/map-ops';
import { clvHandlers } from '../../src/analyses/predictive-clv/fit';
import { ANALYSIS_SETUP } from '../../src/analyses/setup';
import { APP_TABLE_NAMES } from '../../src/worker/reserved';
import type { TenureOps } from '../../src/worker/contract';
import { USER_FILE_DIR } from '../../src/engine/lock';
import type { RegisteredFile } from '../../src/data/load';
import type { CsvOptions, LoadRequest } from '../../src/data/files';
import { HEAD_BYTES } from '../../src/data/inspect';

const require = createRequire(import.meta.url);

interface NodeBlocking {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<DuckDBBindings>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}

export async function startEngine(memoryLimit?: string): Promise<EngineSession> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as NodeBlocking;
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  const session = EngineSession.open(db, memoryLimit, APP_TABLE_NAMES);
  // as the worker's composition root does (src/worker/main.ts)
  for (const statement of ANALYSIS_SETUP) session.queryRows(statement);
  return session;
}

/** How the Node tests hand files to the engine: their bytes, registered as a buffer. */
export const nodeFiles: FileAccess = {
  async register(session, path, file) {
    session.bindings.registerFileBuffer(path, new Uint8Array(await file.arrayBuffer()));
  },
  async openParquet(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { rowGroups: 1, readRowGroup: async () => readParquet(bytes).intoIPCStream() };
  },
  async writeParquet(ipc) {
    return writeParquet(ParquetTable.fromIPCStream(ipc));
  },
};

/** A transport to a host in this process: what the worker transport does, without the worker. */
export class InProcessTransport<Ops extends OpTable> implements Transport<Ops> {
  #host: EngineHost<Ops> | null = null;
  readonly #make: () => Promise<EngineHost<Ops>>;

  constructor(make: () => Promise<EngineHost<Ops>>) {
    this.#make = make;
  }

  get host(): EngineHost<Ops> | null {
    return this.#host;
  }

  async start(): Promise<EngineInfo> {
    const started = performance.now();
    this.#host = await this.#make();
    return { version: 'node', bundle: 'node', memoryLimit: '', startMs: performance.now() - started };
  }

  call<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress?: (p: Ops[K]['progress']) => void,
  ): Promise<Reply<Ops[K]['result']>> {
    if (!this.#host) throw new Error('not started');
    return this.#host.call(id, op, args, onProgress);
  }

  async cancel(id: number): Promise<boolean> {
    return this.#host?.cancel(id) ?? false;
  }

  /** A worker would die with its work; here the running call is cancelled and the host dropped. */
  terminate(): void {
    this.#host?.session.cancel();
    this.#host = null;
  }

  onDeath(): void {}
}

/**
 * The app's engine client on the real engine in this process, with the worker's operations (files, the
 * CLV fit) registered as src/worker/main.ts registers them. Each start (and restart) opens a new engine.
 */
export function localEngine(
  options: {
    session?: EngineSession;
    /** Called as each operation starts running on the engine (what actually ran, after the queue). */
    observe?: (op: string, args: unknown) => void;
  } = {},
): {
  engine: EngineClient<TenureOps>;
  transport: () => InProcessTransport<TenureOps> | null;
} {
  let current: InProcessTransport<TenureOps> | null = null;
  let first = options.session;
  const engine = new EngineClient<TenureOps>(() => {
    current = new InProcessTransport<TenureOps>(async () => {
      const s = first ?? (await startEngine());
      first = undefined;
      const handlers: Handlers<TenureOps> = {
        ...coreHandlers,
        ...loadHandlers(nodeFiles),
        ...mapHandlers,
        ...clvHandlers,
      };
      const observed = Object.fromEntries(
        Object.entries(handlers).map(([op, handler]) => [
          op,
          (ctx: never, args: never) => {
            options.observe?.(op, args);
            return (handler as (c: never, a: never) => unknown)(ctx, args);
          },
        ]),
      ) as Handlers<TenureOps>;
      return new EngineHost(s, observed);
    });
    return current;
  });
  return { engine, transport: () => current };
}

let fileCounter = 0;

/** Registers bytes as a user file, the way the worker registers a dropped File. */
export function registerBytes(session: EngineSession, fileName: string, bytes: Uint8Array): RegisteredFile {
  const path = `${USER_FILE_DIR}${++fileCounter}/${fileName}`;
  session.bindings.registerFileBuffer(path, bytes.slice());
  return { path, fileName, bytes: bytes.length, head: bytes.subarray(0, HEAD_BYTES) };
}

export function registerText(session: EngineSession, fileName: string, text: string): RegisteredFile {
  return registerBytes(session, fileName, new TextEncoder().encode(text));
}

export function registerFixture(session: EngineSession, path: string, fileName?: string): RegisteredFile {
  return registerBytes(session, fileName ?? path.split('/').pop()!, new Uint8Array(readFileSync(path)));
}

/**
 * Loads bytes the way the app does (the worker's loadFile operation: inspection, decoding, header
 * detection, then the reader), on one engine; each loader keeps its own table files for reloads.
 */
export function fileLoader(session: EngineSession) {
  const handlers = loadHandlers(nodeFiles);
  const ctx = { session, progress: () => {}, transfer: () => {} };
  return {
    load(name: string, content: Uint8Array | string, request: Omit<LoadRequest, 'file'> = {}) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      return handlers.loadFile(ctx, { file: new File([bytes.slice()], name), ...request });
    },
    reload(table: string, options: CsvOptions, preferChinese = false) {
      return handlers.reloadTable(ctx, { table, options, preferChinese });
    },
    release(table: string, minRows = 0) {
      return handlers.releaseTable(ctx, { table, minRows });
    },
  };
}
