// The loaded tables, the loads in progress and the notices the user should read. One instance per page,
// shared through context (see context.ts).
import { tableToIPC, type Table } from 'apache-arrow';
import type { ListedTable, TableInfo } from '../engine/api';
import type {
  CsvOptions,
  LoadFailure,
  LoadNote,
  LoadProgress,
  RejectSummary,
  TableSource,
} from '../data/files';
import type { DayMonthOrder } from '../data/read-as';
import { isEngineError, type EngineError } from '../engine/errors';
import type { RestartReason } from '../engine/client';
import { quoteUntrustedIdentifier } from '../engine/sql';
import type { Engine } from '../worker/contract';
import { ANALYSIS_TABLES } from '../analyses';
import { STUCK_AFTER_MS } from './sql.svelte';
import type { RecoveryReport } from './recovery.svelte';

/**
 * A table of the list, as listed or just loaded from a file. A view is not counted (its count would run its
 * query: issue #11, finding 6): its `rows` is 0 and `view` says so.
 */
export interface TableView extends TableInfo, Partial<Omit<ListedTable, keyof TableInfo>> {
  /** Present for tables loaded from a file; absent for tables made in SQL. */
  source?: TableSource;
  rejected?: RejectSummary;
  notes?: LoadNote[];
  loadMs?: number;
}

export interface LoadTask {
  id: number;
  fileName: string;
  progress: LoadProgress | null;
}

export type Notice =
  | {
      id: number;
      kind: 'loadError';
      fileName: string;
      failure: LoadFailure;
      /** A text file that other read settings may read: the file and the settings that failed. */
      retry?: { file: File; options: CsvOptions };
    }
  | { id: number; kind: 'loaded'; name: string; rows: number; ms: number }
  | { id: number; kind: 'cancelled'; fileName: string }
  | { id: number; kind: 'restarted'; why: RestartReason; report: RecoveryReport }
  | { id: number; kind: 'engineError'; error: EngineError };

/** A notice without its id, kept a discriminated union. */
type NoticeInput = Notice extends infer N ? (N extends Notice ? Omit<N, 'id'> : never) : never;

export type EngineStatus = 'idle' | 'starting' | 'ready' | 'failed';

export const PREVIEW_ROWS = 100;

let nextId = 1;

/** Load failures that other read settings may cure: a failed load of one of these offers them. */
const RETRYABLE = new Set<LoadFailure['code']>([
  'parseFailed',
  'dialectNotFound',
  'allRowsRejected',
  'notUtf8',
  'noRows',
  'lineTooLong',
]);

export class Workspace {
  #tables = $state<TableView[]>([]);
  #loads = $state<LoadTask[]>([]);
  #notices = $state<Notice[]>([]);
  #selected = $state<string | null>(null);
  #status = $state<EngineStatus>('idle');
  #preview = $state.raw<Table | null>(null);
  #loadStuck = $state(false);
  #starting: Promise<void> | null = null;
  // bookkeeping, not shown: plain collections on purpose
  /** The file and read options behind each file-backed table: what a restarted engine loads again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #files = new Map<string, { file: File; options: CsvOptions }>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #loadAborts = new Set<AbortController>();
  readonly #engine: Engine;
  /**
   * The interface is in Chinese: text whose bytes read as Chinese and as Western letters alike is read
   * as GB18030 (the page sets it from the locale).
   */
  preferChinese = false;
  /** The order of the user's region for dates like 01/03/2024 that read both ways (the page sets it). */
  dateOrder: DayMonthOrder = 'dmy';

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  get tables(): TableView[] {
    return this.#tables;
  }
  get loads(): LoadTask[] {
    return this.#loads;
  }
  get notices(): Notice[] {
    return this.#notices;
  }
  get status(): EngineStatus {
    return this.#status;
  }
  get selected(): TableView | null {
    return this.#tables.find((t) => t.name === this.#selected) ?? null;
  }
  get preview(): Table | null {
    return this.#preview;
  }
  get loadStuck(): boolean {
    return this.#loadStuck;
  }
  get engine(): Engine {
    return this.#engine;
  }

  /** Starts the engine once; every caller waits for the same start. */
  startEngine(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#status = 'starting';
    try {
      await this.#engine.start();
      this.#status = 'ready';
    } catch (error) {
      this.#status = 'failed';
      this.#starting = null;
      this.#engineError(error);
    }
  }

  /** Reads the file of a failed load again with other settings (a delimiter, an encoding, a header line). */
  async retry(noticeId: number, options: CsvOptions): Promise<void> {
    const notice = this.#notices.find((n) => n.id === noticeId);
    if (notice?.kind !== 'loadError' || !notice.retry) return;
    this.dismiss(noticeId);
    await this.#loadOne(notice.retry.file, { ...notice.retry.options, ...options });
  }

  dismiss(id: number): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  #notify(notice: NoticeInput): void {
    this.#notices = [...this.#notices, { ...notice, id: nextId++ }];
  }

  /** An engine failure the user should see (anything but a cancel or a superseded call). */
  #engineError(error: unknown): void {
    if (isEngineError(error, 'cancelled', 'superseded')) return;
    if (isEngineError(error)) this.#notify({ kind: 'engineError', error: error.error });
    else this.#notify({ kind: 'engineError', error: { kind: 'internal', message: String(error) } });
  }

  /** Loads each file in turn; a file that fails says why and leaves the others and earlier tables alone. */
  async addFiles(files: File[]): Promise<void> {
    await this.startEngine();
    if (this.#status !== 'ready') return;
    for (const file of files) await this.#loadOne(file);
  }

  async #loadOne(file: File, options: CsvOptions = {}): Promise<void> {
    const task: LoadTask = { id: nextId++, fileName: file.name, progress: null };
    const abort = new AbortController();
    this.#loadAborts.add(abort);
    this.#loads = [...this.#loads, task];
    const onProgress = (progress: LoadProgress) => {
      this.#loads = this.#loads.map((t) => (t.id === task.id ? { ...t, progress } : t));
    };
    try {
      const outcome = await this.#engine.call(
        'loadFile',
        {
          file,
          options,
          reserved: ANALYSIS_TABLES,
          preferChinese: this.preferChinese,
          dateOrder: this.dateOrder,
        },
        { onProgress, signal: abort.signal },
      );
      if (outcome.ok) {
        this.#files.set(outcome.table.name, { file, options });
        this.#upsert({
          ...outcome.table,
          rejected: outcome.rejected,
          notes: outcome.notes,
          loadMs: outcome.ms,
        });
        this.#notify({ kind: 'loaded', name: outcome.table.name, rows: outcome.table.rows, ms: outcome.ms });
        await this.select(outcome.table.name);
      } else if (outcome.code === 'cancelled') {
        this.#notify({ kind: 'cancelled', fileName: file.name });
      } else {
        this.#notify({
          kind: 'loadError',
          fileName: file.name,
          failure: outcome,
          ...(RETRYABLE.has(outcome.code) ? { retry: { file, options } } : {}),
        });
      }
    } catch (error) {
      if (isEngineError(error, 'cancelled', 'engineStopped')) {
        this.#notify({ kind: 'cancelled', fileName: file.name });
      } else this.#engineError(error);
    } finally {
      this.#loadAborts.delete(abort);
      this.#loads = this.#loads.filter((t) => t.id !== task.id);
      if (this.#loads.length === 0) this.#loadStuck = false;
    }
  }

  /** Reads a file-backed table again with other settings; on failure the old table stays. */
  async reload(table: string, options: CsvOptions): Promise<void> {
    const current = this.#tables.find((t) => t.name === table);
    const task: LoadTask = { id: nextId++, fileName: current?.source?.fileName ?? table, progress: null };
    this.#loads = [...this.#loads, task];
    try {
      const outcome = await this.#engine.call('reloadTable', {
        table,
        options,
        preferChinese: this.preferChinese,
        dateOrder: this.dateOrder,
      });
      if (outcome.ok) {
        const file = this.#files.get(table);
        if (file) this.#files.set(table, { ...file, options });
        this.#upsert({
          ...outcome.table,
          rejected: outcome.rejected,
          notes: outcome.notes,
          loadMs: outcome.ms,
        });
        await this.select(table);
      } else {
        this.#notify({ kind: 'loadError', fileName: task.fileName, failure: outcome });
      }
    } catch (error) {
      this.#engineError(error);
    } finally {
      this.#loads = this.#loads.filter((t) => t.id !== task.id);
    }
  }

  async cancelLoads(): Promise<void> {
    setTimeout(() => (this.#loadStuck = this.#loads.length > 0), STUCK_AFTER_MS);
    for (const abort of this.#loadAborts) abort.abort();
  }

  async hardStop(): Promise<void> {
    this.#loadStuck = false;
    await this.#engine.hardStop();
  }

  async remove(table: string): Promise<void> {
    try {
      await this.#engine.call('dropTable', { table });
    } catch (error) {
      this.#engineError(error);
      return;
    }
    this.#files.delete(table);
    this.#tables = this.#tables.filter((t) => t.name !== table);
    if (this.#selected === table) {
      this.#selected = null;
      this.#preview = null;
    }
  }

  /** Shows a table and its first rows; a newer selection supersedes an older one. */
  async select(table: string | null): Promise<void> {
    this.#selected = table;
    this.#preview = null;
    if (!table) return;
    try {
      const result = await this.#engine.query(
        `SELECT * FROM ${quoteUntrustedIdentifier(table)} LIMIT ${PREVIEW_ROWS}`,
        { lane: 'preview' },
      );
      if (this.#selected === table) this.#preview = result.table;
    } catch (error) {
      this.#engineError(error);
    }
  }

  /**
   * A result table as a Parquet file (written by the bundled Parquet writer in the worker). The signal
   * drops the call while it waits behind other engine work; once the writer runs it finishes (it is one
   * synchronous call in the worker), and the caller stops waiting for it (exports.svelte.ts).
   */
  toParquet(table: Table, signal?: AbortSignal): Promise<Uint8Array> {
    return this.#engine.call('toParquet', tableToIPC(table, 'stream'), { signal });
  }

  /** Picks up tables made in SQL (CREATE TABLE ...) and drops the ones that are gone. */
  async refresh(): Promise<void> {
    try {
      const listed = await this.#engine.listTables();
      this.#tables = listed.map((t) => {
        const old = this.#tables.find((o) => o.name === t.name);
        // a view has no count of its own: a file's table released into a view keeps the one it had
        return { ...old, ...t, rows: t.rows ?? old?.rows ?? 0 };
      });
    } catch (error) {
      this.#engineError(error);
    }
  }

  /**
   * After an engine restart (recovery.svelte.ts): the files are loaded again into tables of the same names.
   * Returns the tables that came back and the files that could not be read again.
   */
  async restoreFiles(): Promise<{ tables: string[]; lost: string[] }> {
    const tables: string[] = [];
    const lost: string[] = [];
    for (const [table, { file, options }] of [...this.#files]) {
      try {
        const outcome = await this.#engine.call('loadFile', {
          file,
          options,
          table,
          preferChinese: this.preferChinese,
          dateOrder: this.dateOrder,
        });
        if (outcome.ok) tables.push(table);
        else {
          this.#files.delete(table);
          lost.push(file.name);
        }
      } catch {
        this.#files.delete(table);
        lost.push(file.name);
      }
    }
    return { tables, lost };
  }

  /** The end of a recovery: the table list again, the table on screen again, and what came back, said. */
  async restored(why: RestartReason, report: RecoveryReport): Promise<void> {
    await this.refresh();
    this.#notify({ kind: 'restarted', why, report });
    if (this.#selected && this.#tables.some((t) => t.name === this.#selected))
      await this.select(this.#selected);
    else void this.select(null);
  }

  #upsert(view: TableView): void {
    const rest = this.#tables.filter((t) => t.name !== view.name);
    this.#tables = [...rest, view].sort((a, b) => a.name.localeCompare(b.name));
  }
}
