// The engine worker: DuckDB-WASM (blocking build, run synchronously here) behind the typed Comlink API.
// Files arrive as browser File handles and are read in place, slice by slice (FileReaderSync).
import * as Comlink from 'comlink';
import {
  BROWSER_RUNTIME,
  DuckDBDataProtocol,
  VoidLogger,
  createDuckDB,
  getPlatformFeatures,
} from 'duckdb-browser-blocking';
import { fitClv, type ClvOutcome, type ClvRequest } from '../analyses/clv-fit';
import initParquet, { ParquetFile, Table as ParquetTable, writeParquet } from 'parquet-wasm/esm';
import type {
  BundleUrls,
  CsvOptions,
  EngineApi,
  EngineInfo,
  LoadOutcome,
  LoadProgress,
  LoadRequest,
} from './api';
import { EngineSession } from './session';
import { DEFAULT_MEMORY_LIMIT, USER_FILE_DIR } from './lock';
import { HEAD_BYTES, inspectHead } from '../data/inspect';
import { loadCsv, loadParquet, type RegisteredFile } from '../data/load';
import { tableNameFor } from '../data/names';
import { quoteUntrustedIdentifier } from './sql';

let session: EngineSession | null = null;
let parquetReady: Promise<unknown> | null = null;
let parquetUrl = '';
let fileCounter = 0;
/** The engine's own progress estimate for the running query (0..100), from its progress bar hook. */
let engineProgress: number | null = null;

interface TableFile {
  file: File;
  registered: RegisteredFile;
}
const tableFiles = new Map<string, TableFile>();

function engine(): EngineSession {
  if (!session) throw new Error('The engine is not started.');
  return session;
}

// DuckDB's progress bar calls this runtime hook during long queries; we keep the last value.
(BROWSER_RUNTIME as unknown as { progressUpdate: (done: number, pct: number) => void }).progressUpdate = (
  done,
  pct,
) => {
  engineProgress = done ? 100 : pct;
};

function watchProgress(fileName: string, bytes: number, onProgress?: (p: LoadProgress) => void) {
  const started = performance.now();
  engineProgress = null;
  const report = () =>
    onProgress?.({
      fileName,
      fraction: engineProgress == null || engineProgress < 0 ? null : Math.min(1, engineProgress / 100),
      bytesRead: engineProgress == null ? 0 : Math.round((bytes * Math.max(0, engineProgress)) / 100),
      elapsedMs: performance.now() - started,
    });
  const timer = setInterval(report, 250);
  return () => clearInterval(timer);
}

async function loadInto(
  table: string,
  file: File,
  registered: RegisteredFile,
  options: CsvOptions,
  onProgress?: (p: LoadProgress) => void,
): Promise<LoadOutcome> {
  const s = engine();
  const verdict = inspectHead(registered.head, registered.bytes, registered.fileName);
  const stop = watchProgress(file.name, file.size, onProgress);
  try {
    if (verdict.ok && verdict.format === 'parquet') {
      parquetReady ??= initParquet({ module_or_path: parquetUrl });
      await parquetReady;
      const parquet = await ParquetFile.fromFile(file);
      const rowGroups = parquet.metadata().numRowGroups();
      return await loadParquet(
        s,
        {
          rowGroups,
          readRowGroup: async (i) => (await parquet.read({ rowGroups: [i] })).intoIPCStream(),
        },
        registered,
        table,
        (done, total) => {
          engineProgress = (100 * done) / total;
        },
      );
    }
    return await loadCsv(s, registered, table, options);
  } finally {
    stop();
  }
}

const api = {
  async start(bundle: BundleUrls, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<EngineInfo> {
    const started = performance.now();
    parquetUrl = bundle.parquetWasm;
    const features = await getPlatformFeatures();
    const db = await createDuckDB(
      {
        mvp: { mainModule: bundle.mvpWasm, mainWorker: '' },
        eh: { mainModule: bundle.ehWasm, mainWorker: '' },
      },
      new VoidLogger(),
      BROWSER_RUNTIME,
    );
    await db.instantiate(() => {});
    session = EngineSession.open(db, memoryLimit);
    const [{ limit }] = session.queryRows<{ limit: string }>(
      "SELECT current_setting('memory_limit') AS limit",
    );
    return {
      version: db.getVersion(),
      bundle: features.wasmExceptions ? 'eh' : 'mvp',
      memoryLimit: limit,
      startMs: performance.now() - started,
    };
  },

  async loadFile(request: LoadRequest, onProgress?: (p: LoadProgress) => void): Promise<LoadOutcome> {
    const s = engine();
    const { file } = request;
    const path = `${USER_FILE_DIR}f${++fileCounter}`;
    await s.bindings.registerFileHandleAsync(path, file, DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const registered: RegisteredFile = { path, fileName: file.name, bytes: file.size, head };
    const table = request.table ?? tableNameFor(file.name, [...s.tableNames(), ...tableFiles.keys()]);
    const outcome = await loadInto(table, file, registered, request.options ?? {}, onProgress);
    if (outcome.ok) {
      const previous = tableFiles.get(table);
      if (previous && previous.registered.path !== path) s.bindings.dropFile(previous.registered.path);
      tableFiles.set(table, { file, registered });
    } else {
      s.bindings.dropFile(path);
    }
    return outcome;
  },

  async reloadTable(
    table: string,
    options: CsvOptions,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<LoadOutcome> {
    const source = tableFiles.get(table);
    if (!source) throw new Error(`Table ${table} was not loaded from a file.`);
    return loadInto(table, source.file, source.registered, options, onProgress);
  },

  async dropTable(table: string): Promise<void> {
    const s = engine();
    s.queryRows(`DROP TABLE IF EXISTS ${quoteUntrustedIdentifier(table)}`);
    const source = tableFiles.get(table);
    if (source) s.bindings.dropFile(source.registered.path);
    tableFiles.delete(table);
  },

  async listTables() {
    return engine().listTables();
  },

  async query(sql: string, options?: Parameters<EngineSession['run']>[1]) {
    const result = await engine().run(sql, options);
    return Comlink.transfer(result, [result.ipc.buffer]);
  },

  async cancel(): Promise<boolean> {
    return session?.cancel() ?? false;
  },

  async fitClv(request: ClvRequest): Promise<ClvOutcome> {
    const s = engine();
    return s.work(() => fitClv(s, request));
  },

  async toParquet(ipc: Uint8Array): Promise<Uint8Array> {
    parquetReady ??= initParquet({ module_or_path: parquetUrl });
    await parquetReady;
    const bytes = writeParquet(ParquetTable.fromIPCStream(ipc));
    return Comlink.transfer(bytes, [bytes.buffer]);
  },

  async crashForTest(): Promise<void> {
    setTimeout(() => {
      session = null;
      throw new Error('RuntimeError: Aborted(simulated crash)');
    });
  },
} satisfies EngineApi;

Comlink.expose(api);
