// The file operations of the engine worker: load a dropped file into a table (CSV by DuckDB's reader,
// Parquet through the bundled parquet-wasm), read it again with other options, drop it, and write a
// result as Parquet. The composition root (src/worker/main.ts) registers them with the engine; how a file
// reaches the engine (a browser File handle read in place, or bytes in the Node tests) comes from `access`.
import type { Handlers, Op } from '../engine/protocol';
import type { EngineSession } from '../engine/session';
import { USER_FILE_DIR } from '../engine/lock';
import { quoteUntrustedIdentifier } from '../engine/sql';
import type { CsvOptions, LoadOutcome, LoadProgress, LoadRequest } from './files';
import { HEAD_BYTES, inspectHead } from './inspect';
import { loadCsv, loadParquet, type ParquetSource, type RegisteredFile } from './load';
import { tableNameFor } from './names';

export type LoadOps = {
  loadFile: Op<LoadRequest, LoadOutcome, LoadProgress>;
  reloadTable: Op<{ table: string; options: CsvOptions }, LoadOutcome, LoadProgress>;
  /** Drops a table, and the file behind it if it was loaded from one. */
  dropTable: Op<{ table: string }, void>;
  /** An Arrow IPC stream written as a Parquet file. */
  toParquet: Op<Uint8Array, Uint8Array>;
};

/** How files reach the engine where it runs. */
export interface FileAccess {
  /** Makes `file` readable by the engine at `path` (under the lock's allowed directory). */
  register(session: EngineSession, path: string, file: File): Promise<void>;
  /** Opens a Parquet file for reading row group by row group. */
  openParquet(file: File): Promise<ParquetSource>;
  /** Writes Arrow IPC as Parquet. */
  writeParquet(ipc: Uint8Array): Promise<Uint8Array>;
}

interface TableFile {
  file: File;
  registered: RegisteredFile;
}

/** The file operations, reading files through `access`. */
export function loadHandlers(access: FileAccess): Handlers<LoadOps> {
  const tableFiles = new Map<string, TableFile>();
  let fileCounter = 0;

  async function loadInto(
    session: EngineSession,
    table: string,
    file: File,
    registered: RegisteredFile,
    options: CsvOptions,
    progress: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    const verdict = inspectHead(registered.head, registered.bytes, registered.fileName);
    const started = performance.now();
    session.progress = null;
    const report = () =>
      progress({
        fileName: file.name,
        fraction:
          session.progress == null || session.progress < 0 ? null : Math.min(1, session.progress / 100),
        bytesRead:
          session.progress == null ? 0 : Math.round((file.size * Math.max(0, session.progress)) / 100),
        elapsedMs: performance.now() - started,
      });
    const timer = setInterval(report, 250);
    try {
      if (verdict.ok && verdict.format === 'parquet') {
        const parquet = await access.openParquet(file);
        return await loadParquet(session, parquet, registered, table, (done, total) => {
          session.progress = (100 * done) / total;
        });
      }
      return await loadCsv(session, registered, table, options);
    } finally {
      clearInterval(timer);
    }
  }

  return {
    async loadFile({ session, progress }, request) {
      const { file } = request;
      const path = `${USER_FILE_DIR}f${++fileCounter}`;
      await access.register(session, path, file);
      const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
      const registered: RegisteredFile = { path, fileName: file.name, bytes: file.size, head };
      const table =
        request.table ??
        tableNameFor(file.name, [...session.tableNames(), ...tableFiles.keys()], request.reserved);
      const outcome = await loadInto(session, table, file, registered, request.options ?? {}, progress);
      if (outcome.ok) {
        const previous = tableFiles.get(table);
        if (previous && previous.registered.path !== path)
          session.bindings.dropFile(previous.registered.path);
        tableFiles.set(table, { file, registered });
      } else {
        session.bindings.dropFile(path);
      }
      return outcome;
    },

    async reloadTable({ session, progress }, { table, options }) {
      const source = tableFiles.get(table);
      if (!source) throw new Error(`Table ${table} was not loaded from a file.`);
      return loadInto(session, table, source.file, source.registered, options, progress);
    },

    dropTable({ session }, { table }) {
      session.queryRows(`DROP TABLE IF EXISTS ${quoteUntrustedIdentifier(table)}`);
      const source = tableFiles.get(table);
      if (source) session.bindings.dropFile(source.registered.path);
      tableFiles.delete(table);
    },

    async toParquet({ transfer }, ipc) {
      const bytes = await access.writeParquet(ipc);
      transfer(bytes.buffer);
      return bytes;
    },
  };
}
