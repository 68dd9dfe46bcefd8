// Runs engine calls where the engine is (the worker; the unit tests run it in-process). One connection runs
// one query at a time: DuckDB-WASM's pending-query calls interleaved from two calls make the first fail or
// come back short with no error (docs/engine.md). So calls run one at a time, in the order they arrived,
// each under its id; `cancel(id)` drops a queued call or interrupts the running one, and never another.
import { EngineFailure, toEngineError } from './errors';
import type { CallContext, Handlers, OpTable, Reply } from './protocol';
import type { EngineSession } from './session';

export class EngineHost<Ops extends OpTable> {
  readonly #session: EngineSession;
  readonly #handlers: Handlers<Ops>;
  /** Resolves when the last queued call has finished. */
  #tail: Promise<unknown> = Promise.resolve();
  readonly #queued = new Set<number>();
  readonly #cancelledWhileQueued = new Set<number>();
  #running: number | null = null;
  /** Set once the engine has trapped: nothing more can run on it. */
  #dead: string | null = null;

  constructor(session: EngineSession, handlers: Handlers<Ops>) {
    this.#session = session;
    this.#handlers = handlers;
  }

  get session(): EngineSession {
    return this.#session;
  }

  /** The id of the call that is running, if any (for tests and diagnostics). */
  get running(): number | null {
    return this.#running;
  }

  call<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress?: (p: Ops[K]['progress']) => void,
    transfer?: (buffers: ArrayBufferLike[]) => void,
  ): Promise<Reply<Ops[K]['result']>> {
    this.#queued.add(id);
    const reply = this.#tail.then(() => this.#run(id, op, args, onProgress, transfer));
    this.#tail = reply;
    return reply;
  }

  async #run<K extends keyof Ops & string>(
    id: number,
    op: K,
    args: Ops[K]['args'],
    onProgress: ((p: Ops[K]['progress']) => void) | undefined,
    transfer: ((buffers: ArrayBufferLike[]) => void) | undefined,
  ): Promise<Reply<Ops[K]['result']>> {
    this.#queued.delete(id);
    if (this.#cancelledWhileQueued.delete(id)) return { ok: false, error: { kind: 'cancelled' } };
    if (this.#dead)
      return { ok: false, error: { kind: 'engineStopped', reason: 'crashed', detail: this.#dead } };
    const handler = this.#handlers[op];
    if (!handler) return { ok: false, error: { kind: 'internal', message: `Unknown operation ${op}` } };
    const ctx: CallContext<Ops[K]['progress']> = {
      session: this.#session,
      progress: (p) => onProgress?.(p),
      transfer: (...buffers) => transfer?.(buffers),
    };
    this.#running = id;
    try {
      const value = await this.#session.work(async () => {
        try {
          return await handler(ctx, args);
        } catch (error) {
          // read the cancel flag while the work is still open (it is cleared when the work ends)
          throw new EngineFailure(toEngineError(error, this.#session.cancelRequested));
        }
      });
      return { ok: true, value };
    } catch (error) {
      const engineError = toEngineError(error);
      if (engineError.kind === 'engineStopped') this.#dead = engineError.detail;
      return { ok: false, error: engineError };
    } finally {
      this.#running = null;
    }
  }

  /** Stops call `id`: a queued call is dropped, the running one interrupted. False if `id` is neither. */
  cancel(id: number): boolean {
    if (this.#running === id) return this.#session.cancel();
    if (this.#queued.has(id)) {
      this.#cancelledWhileQueued.add(id);
      return true;
    }
    return false;
  }
}
