// The shape of the engine protocol, independent of what runs on it. Work is a table of operations (`Ops`):
// each has its arguments, its result and, optionally, the progress it reports. The engine itself defines
// the core operations (queries, the table list); the composition root (src/worker/) adds the operations of
// other folders (loading files, fitting models) by registering handlers. Every call carries an id; replies
// are data (`Reply`), never exceptions, so errors cross the worker boundary as an `EngineError` union.
import type { EngineError } from './errors';
import type { EngineSession } from './session';

/** One operation: what it takes, what it gives, what progress it reports. */
export interface Op<Args, Result, Progress = never> {
  args: Args;
  result: Result;
  progress: Progress;
}

// `any` here only constrains the table's entries; each entry keeps its own precise types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OpTable = Record<string, Op<any, any, any>>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: EngineError };

/** What a handler gets besides its arguments. */
export interface CallContext<Progress> {
  session: EngineSession;
  /** Reports progress to the caller (dropped when nobody listens). */
  progress(p: Progress): void;
  /** Arrays whose buffers should be moved to the caller instead of copied (worker replies). */
  transfer(...buffers: ArrayBufferLike[]): void;
}

export type Handler<O extends Op<unknown, unknown, unknown>> = (
  ctx: CallContext<O['progress']>,
  args: O['args'],
) => Promise<O['result']> | O['result'];

export type Handlers<Ops extends OpTable> = { [K in keyof Ops]: Handler<Ops[K]> };

/** Where the engine worker's first lines leave what they started (serve.ts, EarlyEngine). */
export const EARLY_ENGINE = 'tenureEarlyEngine';

export interface EngineInfo {
  version: string;
  bundle: 'eh' | 'mvp' | 'node';
  memoryLimit: string;
  startMs: number;
  /** The worker instantiated the module its first lines compiled (worker-transport.ts, enginePrelude). */
  precompiled?: boolean;
  /** Where a worker's start went (absent in the unit tests' engine in the same process). */
  phases?: StartPhases;
}

/**
 * The steps of an engine worker's start, in ms since the worker's own time origin (its creation), so that
 * the benchmark can say which of them a start waits for (bench/README.md, "What limits Tenure").
 */
export interface StartPhases {
  /** The page's time origin less the worker's: add to a phase for ms since the page's navigation. */
  offset: number;
  /** The module compiled by the worker's first lines (null: they did not compile it). */
  compiled: number | null;
  /** The worker's code evaluated (its imports fetched and run). */
  code: number;
  /** The module instantiated (DuckDB-WASM's bindings made, Emscripten's start-up run). */
  instantiated: number;
  /** The page asked for the engine (once its interface was drawn). */
  asked: number;
  /** The database opened and locked: the engine is ready. */
  ready: number;
}

/** How the page reaches an engine: a worker (the app) or the same process (the unit tests). */
export interface Transport<Ops extends OpTable> {
  start(): Promise<EngineInfo>;
  call<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress?: (p: Ops[K]['progress']) => void,
  ): Promise<Reply<Ops[K]['result']>>;
  /** Asks the engine to stop call `id`: dropped if still queued, interrupted if running. */
  cancel(id: number): Promise<boolean>;
  /** Ends the engine at once (the hard stop). */
  terminate(): void;
  /** Called once if the engine dies by itself (a crashed worker). */
  onDeath(listener: (detail: string) => void): void;
}
