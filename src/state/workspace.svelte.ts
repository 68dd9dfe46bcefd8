// The loaded tables, the loads in progress and the notices the user should read. One instance per page,
// shared through context (see context.ts).
import type { Table } from 'apache-arrow';
import type {
  CsvOptions,
  LoadFailure,
  LoadNote,
  LoadProgress,
  RejectSummary,
  TableInfo,
} from '../engine/api';
import { EngineRestartedError, type EngineClient } from '../engine/client';
import { STUCK_AFTER_MS } from './sql.svelte';
import { quoteUntrustedIdentifier } from '../engine/sql';

export interface TableView extends TableInfo {
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
  | { id: number; kind: 'loadError'; fileName: string; failure: LoadFailure }
  | { id: number; kind: 'loaded'; name: string; rows: number; ms: number }
  | { id: number; kind: 'cancelled'; fileName: string }
  | { id: number; kind: 'restarted'; reason: string }
  | { id: number; kind: 'engineFailed'; message: string };

/** A notice without its id, kept a discriminated union. */
type NoticeInput = Notice extends infer N ? (N extends Notice ? Omit<N, 'id'> : never) : never;

export type EngineStatus = 'idle' | 'starting' | 'ready' | 'failed';

export const PREVIEW_ROWS = 100;

let nextId = 1;

export class Workspace {
  #tables = $state<TableView[]>([]);
  #loads = $state<LoadTask[]>([]);
  #notices = $state<Notice[]>([]);
  #selected = $state<string | null>(null);
  #status = $state<EngineStatus>('idle');
  #preview = $state.raw<Table | null>(null);
  #loadStuck = $state(false);
  #starting: Promise<void> | null = null;
  readonly #engine: EngineClient;

  constructor(engine: EngineClient) {
    this.#engine = engine;
    engine.onRestart((reason) => {
      this.#notify({ kind: 'restarted', reason });
      void this.refresh();
    });
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
  get engine(): EngineClient {
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
      this.#notify({ kind: 'engineFailed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  dismiss(id: number): void {
    this.#notices = this.#notices.filter((n) => n.id !== id);
  }

  #notify(notice: NoticeInput): void {
    this.#notices = [...this.#notices, { ...notice, id: nextId++ }];
  }

  /** Loads each file in turn; a file that fails says why and leaves the others and earlier tables alone. */
  async addFiles(files: File[]): Promise<void> {
    await this.startEngine();
    if (this.#status !== 'ready') return;
    for (const file of files) await this.#loadOne(file);
  }

  async #loadOne(file: File, options: CsvOptions = {}): Promise<void> {
    const task: LoadTask = { id: nextId++, fileName: file.name, progress: null };
    this.#loads = [...this.#loads, task];
    const onProgress = (progress: LoadProgress) => {
      this.#loads = this.#loads.map((t) => (t.id === task.id ? { ...t, progress } : t));
    };
    try {
      const outcome = await this.#engine.loadFile(file, options, onProgress);
      if (outcome.ok) {
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
        this.#notify({ kind: 'loadError', fileName: file.name, failure: outcome });
      }
    } catch (error) {
      if (error instanceof EngineRestartedError) {
        this.#notify({ kind: 'cancelled', fileName: file.name });
      } else {
        const detail = error instanceof Error ? error.message : String(error);
        this.#notify({ kind: 'loadError', fileName: file.name, failure: { code: 'parseFailed', detail } });
      }
    } finally {
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
      const outcome = await this.#engine.reloadTable(table, options);
      if (outcome.ok) {
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
    } finally {
      this.#loads = this.#loads.filter((t) => t.id !== task.id);
    }
  }

  async cancelLoads(): Promise<void> {
    setTimeout(() => (this.#loadStuck = this.#loads.length > 0), STUCK_AFTER_MS);
    await this.#engine.cancel();
  }

  async hardStop(): Promise<void> {
    this.#loadStuck = false;
    await this.#engine.hardStop();
  }

  async remove(table: string): Promise<void> {
    await this.#engine.dropTable(table);
    this.#tables = this.#tables.filter((t) => t.name !== table);
    if (this.#selected === table) {
      this.#selected = null;
      this.#preview = null;
    }
  }

  async select(table: string | null): Promise<void> {
    this.#selected = table;
    this.#preview = null;
    if (!table) return;
    const result = await this.#engine.query(
      `SELECT * FROM ${quoteUntrustedIdentifier(table)} LIMIT ${PREVIEW_ROWS}`,
    );
    if (this.#selected === table) this.#preview = result.table;
  }

  /** Picks up tables made in SQL (CREATE TABLE ...) and drops the ones that are gone. */
  async refresh(): Promise<void> {
    const listed = await this.#engine.listTables();
    this.#tables = listed.map((t) => ({ ...this.#tables.find((old) => old.name === t.name), ...t }));
  }

  #upsert(view: TableView): void {
    const rest = this.#tables.filter((t) => t.name !== view.name);
    this.#tables = [...rest, view].sort((a, b) => a.name.localeCompare(b.name));
  }
}
