// The engine worker's composition root: the engine serves its core operations, and this file registers
// the work of the other folders that must run next to it (loading files, fitting the CLV models).
import { DuckDBDataProtocol } from 'duckdb-browser-blocking';
import { serveEngine } from '../engine/serve';
import type { Handlers } from '../engine/protocol';
import { loadHandlers, type FileAccess } from '../data/load-ops';
import { mapHandlers } from '../data/map-ops';
import { clvHandlers } from '../analyses/predictive-clv/fit';
import { ANALYSIS_SETUP } from '../analyses/setup';
import type { WorkAssets, WorkOps } from './contract';
import { parquetOnDecoder } from './parquet';

function browserFiles(assets: WorkAssets): FileAccess {
  // Parquet row groups are decoded on a second worker while this one inserts the previous (parquet.ts)
  const parquet = parquetOnDecoder(assets.parquetDecoder, assets.parquetWasm);
  return {
    // read in place, slice by slice (FileReaderSync): the file is not copied into memory
    register: (session, path, file) =>
      session.bindings.registerFileHandleAsync(path, file, DuckDBDataProtocol.BROWSER_FILEREADER, true),
    openParquet: (file) => parquet.openParquet(file),
    writeParquet: (ipc) => parquet.writeParquet(ipc),
  };
}

serveEngine<WorkOps>(
  (assets): Handlers<WorkOps> => ({
    ...loadHandlers(browserFiles({ parquetWasm: assets.parquetWasm, parquetDecoder: assets.parquetDecoder })),
    ...mapHandlers,
    ...clvHandlers,
  }),
  ANALYSIS_SETUP,
);
