// The engine worker's composition root: the engine serves its core operations, and this file registers
// the work of the other folders that must run next to it (loading files, fitting the CLV models).
import initParquet, { ParquetFile, Table as ParquetTable, writeParquet } from 'parquet-wasm/esm';
import { DuckDBDataProtocol } from 'duckdb-browser-blocking';
import { serveEngine } from '../engine/serve';
import type { Handlers } from '../engine/protocol';
import { loadHandlers, type FileAccess } from '../data/load-ops';
import { mapHandlers } from '../data/map-ops';
import { clvHandlers } from '../analyses/predictive-clv/fit';
import { ANALYSIS_SETUP } from '../analyses/setup';
import type { WorkOps } from './contract';

function browserFiles(parquetWasm: string): FileAccess {
  let parquetReady: Promise<unknown> | null = null;
  const parquet = () => (parquetReady ??= initParquet({ module_or_path: parquetWasm }));
  return {
    // read in place, slice by slice (FileReaderSync): the file is not copied into memory
    register: (session, path, file) =>
      session.bindings.registerFileHandleAsync(path, file, DuckDBDataProtocol.BROWSER_FILEREADER, true),
    async openParquet(file) {
      await parquet();
      const reader = await ParquetFile.fromFile(file);
      return {
        rowGroups: reader.metadata().numRowGroups(),
        readRowGroup: async (i) => (await reader.read({ rowGroups: [i] })).intoIPCStream(),
      };
    },
    async writeParquet(ipc) {
      await parquet();
      return writeParquet(ParquetTable.fromIPCStream(ipc));
    },
  };
}

serveEngine<WorkOps>(
  (assets): Handlers<WorkOps> => ({
    ...loadHandlers(browserFiles(assets.parquetWasm)),
    ...mapHandlers,
    ...clvHandlers,
  }),
  ANALYSIS_SETUP,
);
