// The page's side of the engine: every call gets an id; a call that belongs to a lane (the analysis on
// screen, the table preview) supersedes the lane's older call; the same work asked for twice in a row runs
// once; replies are turned back into results or `EngineFailure`s; Arrow results are decoded here (the one
// place that does). When the engine dies (a crash, or the hard stop), every call in flight fails with
// `engineStopped`, a fresh engine starts, and the restart listeners put back what the page had.
import { tableFromIPC, type Table } from 'apache-arrow';
import { EngineFailure, type EngineError } from './errors';
import type { EngineInfo, OpTable, Transport } from './protocol';
import type { CoreOps, QueryRequest } from './core-ops';

export interface ArrowResult {
  table: Table;
  rowCount: number;
  ms: number;
  /** True when the result was cut at `maxRows` (more rows existed). */
  truncated: boolean;
}

export interface CallOptions<Progress = never> {
  onProgress?: (p: Progress) => void;
  /** Cancels the call: dropped if it is still queued, interrupted if it runs. */
  signal?: AbortSignal;
  /**
   * Calls of one lane supersede each other: a new call cancels the lane's older one, which fails at once
   * with `superseded` (its caller ignores it; only the newest result counts).
   */
  lane?: string;
  /**
   * Identical work: a call with the key of the call issued just before it, while that one is still in
   * flight, shares its result instead of running again. Only the latest call is joined, so no other work
   * can have run in between.
   */
  key?: string;
}

export type QueryOptions = Omit<QueryRequest, 'sql'> &
  Omit<CallOptions, 'onProgress' | 'key'> & {
    /** By default the SQL and its values; null: never joined with an identical query (it may change data). */
    key?: string | null;
  };

/** `restart` listeners learn why the engine was restarted. */
export type RestartReason = { reason: 'crashed' | 'stopped'; detail: string };

interface InFlight {
  reject: (error: EngineFailure) => void;
  settled: boolean;
  /** The call has gone to the engine (a cancel must then go there too). */
  sent: boolean;
}

export class EngineClient<Ops extends OpTable & CoreOps> {
  readonly #makeTransport: () => Transport<Ops>;
  #transport: Transport<Ops> | null = null;
  #starting: Promise<Transport<Ops>> | null = null;
  #info: EngineInfo | null = null;
  #nextId = 1;
  readonly #inFlight = new Map<number, InFlight>();
  readonly #lanes = new Map<string, number>();
  #last: { key: string; id: number; promise: Promise<unknown> } | null = null;
  readonly #restartListeners = new Set<(why: RestartReason) => Promise<void> | void>();
  readonly #busyListeners = new Set<(busy: boolean) => void>();
  #busy = false;
  #restarting: Promise<void> | null = null;

  constructor(makeTransport: () => Transport<Ops>) {
    this.#makeTransport = makeTransport;
  }

  get info(): EngineInfo | null {
    return this.#info;
  }

  /** Calls still waiting for their reply (for tests). */
  get pending(): number {
    return this.#inFlight.size;
  }

  /**
   * True while the engine has work: a call sent to it has not answered, or a restart is under way. The
   * page's status says "busy" then, and offers the hard stop (issue #11, finding 6).
   */
  get busy(): boolean {
    return this.#busy;
  }

  /** Called with `busy` each time it changes. */
  onBusy(listener: (busy: boolean) => void): () => void {
    this.#busyListeners.add(listener);
    return () => this.#busyListeners.delete(listener);
  }

  #updateBusy(): void {
    const busy = this.#restarting !== null || [...this.#inFlight.values()].some((e) => e.sent && !e.settled);
    if (busy === this.#busy) return;
    this.#busy = busy;
    for (const listener of this.#busyListeners) listener(busy);
  }

  onRestart(listener: (why: RestartReason) => Promise<void> | void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  /** Starts the engine if it is not running; every caller waits for the same start. */
  async start(): Promise<EngineInfo> {
    await this.#ready();
    return this.#info!;
  }

  #ready(): Promise<Transport<Ops>> {
    this.#starting ??= this.#spawn();
    return this.#starting;
  }

  async #spawn(): Promise<Transport<Ops>> {
    const transport = this.#makeTransport();
    transport.onDeath((detail) => {
      if (this.#transport === transport) void this.restart({ reason: 'crashed', detail });
    });
    try {
      this.#info = await transport.start();
    } catch (error) {
      transport.terminate();
      this.#starting = null;
      const detail = error instanceof EngineFailure ? error.message : String(error);
      throw new EngineFailure({ kind: 'startFailed', detail });
    }
    this.#transport = transport;
    return transport;
  }

  /** Runs operation `op`; rejects with an `EngineFailure` whose `error` says what happened. */
  call<K extends keyof Ops & string>(
    op: K,
    args: Ops[K]['args'],
    options: CallOptions<Ops[K]['progress']> = {},
  ): Promise<Ops[K]['result']> {
    const { key, lane, signal, onProgress } = options;
    const fullKey = key === undefined ? undefined : `${op}\u0000${lane ?? ''}\u0000${key}`;
    if (fullKey !== undefined && this.#last?.key === fullKey && this.#inFlight.has(this.#last.id)) {
      return this.#last.promise as Promise<Ops[K]['result']>;
    }
    const id = this.#nextId++;
    if (lane !== undefined) {
      const older = this.#lanes.get(lane);
      if (older !== undefined) this.#supersede(older);
      this.#lanes.set(lane, id);
    }
    const promise = new Promise<Ops[K]['result']>((resolve, reject) => {
      const entry: InFlight = { reject, settled: false, sent: false };
      this.#inFlight.set(id, entry);
      const onAbort = () => {
        if (entry.settled) return;
        if (entry.sent) void this.#transport?.cancel(id);
        else cancelled();
      };
      const settle = () => {
        entry.settled = true;
        // one signal may serve many calls (a build of several summaries): each lets go of it when done
        signal?.removeEventListener('abort', onAbort);
        this.#inFlight.delete(id);
        if (lane !== undefined && this.#lanes.get(lane) === id) this.#lanes.delete(lane);
        this.#updateBusy();
      };
      const cancelled = () => {
        settle();
        reject(new EngineFailure({ kind: 'cancelled' }));
      };
      if (signal?.aborted) return cancelled();
      // an abort before the call reached the engine drops it here; after, the engine stops it by its id
      signal?.addEventListener('abort', onAbort, { once: true });
      const send = (transport: Transport<Ops>) => {
        // superseded or cancelled while the engine was starting: never sent
        if (entry.settled) return;
        entry.sent = true;
        this.#updateBusy();
        transport.call(id, op, args, onProgress).then(
          (reply) => {
            if (entry.settled) return;
            settle();
            if (reply.ok) resolve(reply.value);
            else {
              reject(new EngineFailure(reply.error));
              if (reply.error.kind === 'engineStopped') void this.restart(reply.error);
            }
          },
          (error: unknown) => {
            if (entry.settled) return;
            settle();
            reject(error instanceof EngineFailure ? error : new EngineFailure(transportError(error)));
          },
        );
      };
      // sent at once when the engine runs, so that the order of calls is the order they were made in
      if (this.#transport) send(this.#transport);
      else
        this.#ready().then(send, (error: unknown) => {
          if (entry.settled) return;
          settle();
          reject(error instanceof EngineFailure ? error : new EngineFailure(transportError(error)));
        });
    });
    if (fullKey !== undefined) this.#last = { key: fullKey, id, promise };
    else this.#last = null;
    return promise;
  }

  #supersede(id: number): void {
    const entry = this.#inFlight.get(id);
    if (!entry) return;
    entry.settled = true;
    this.#inFlight.delete(id);
    this.#updateBusy();
    entry.reject(new EngineFailure({ kind: 'superseded' }));
    if (entry.sent) void this.#transport?.cancel(id);
  }

  /** Runs SQL and decodes its Arrow result. Identical queries issued back to back run once. */
  async query(sql: string, options: QueryOptions = {}): Promise<ArrowResult> {
    const { params, maxRows, key, ...call } = options;
    const shared = key === null ? undefined : (key ?? JSON.stringify([sql, params ?? null, maxRows ?? null]));
    const result = await this.call('query', { sql, params, maxRows }, { ...call, key: shared });
    return {
      table: tableFromIPC(result.ipc),
      rowCount: result.rowCount,
      ms: result.ms,
      truncated: result.truncated,
    };
  }

  /**
   * Runs SQL a person wrote (the workspace, a link) on the engine's user connection, where it cannot change
   * what the app's own queries compute; never joined with an identical call (it may change data).
   */
  async userQuery(
    sql: string,
    options: { maxRows?: number } & Omit<CallOptions, 'onProgress' | 'key'> = {},
  ): Promise<ArrowResult> {
    const { maxRows, ...call } = options;
    const result = await this.call('userQuery', { sql, maxRows }, call);
    return {
      table: tableFromIPC(result.ipc),
      rowCount: result.rowCount,
      ms: result.ms,
      truncated: result.truncated,
    };
  }

  listTables(): Promise<Ops['listTables']['result']> {
    return this.call('listTables', undefined);
  }

  /** Ends the engine (whatever it is doing) and starts a fresh one; the restart listeners reload. */
  hardStop(): Promise<void> {
    return this.restart({ reason: 'stopped', detail: '' });
  }

  /** Replaces a dead or stopped engine by a fresh one, then lets the listeners put back what they had. */
  restart(why: RestartReason): Promise<void> {
    this.#restarting ??= this.#restart(why).finally(() => {
      this.#restarting = null;
      this.#updateBusy();
    });
    this.#updateBusy();
    return this.#restarting;
  }

  async #restart(why: RestartReason): Promise<void> {
    const error: EngineError = { kind: 'engineStopped', reason: why.reason, detail: why.detail };
    for (const [id, entry] of [...this.#inFlight]) {
      entry.settled = true;
      this.#inFlight.delete(id);
      entry.reject(new EngineFailure(error));
    }
    this.#lanes.clear();
    this.#last = null;
    this.#transport?.terminate();
    this.#transport = null;
    this.#starting = null;
    await this.start();
    for (const listener of this.#restartListeners) await listener(why);
  }
}

function transportError(error: unknown): EngineError {
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
