// The page's engine: a worker running src/worker/main.ts behind an EngineClient, under the page's policy
// (policy-worker.ts). The first engine runs in the worker the page started with (boot.ts), which compiles
// its module meanwhile; a restart after a crash or a stop spawns a new one the same way.
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import parquetDecoder from './parquet-decoder.ts?worker&url';
import { EngineClient } from '../engine/client';
import { WorkerTransport } from '../engine/worker-transport';
import type { Engine, TenureOps, WorkAssets } from './contract';
import { APP_TABLE_NAMES } from './reserved';
import { startEngineWorker, takeEarlyEngine } from './boot';

export function connectEngine(): { engine: Engine; crashForTest: () => Promise<void> } {
  let transport: WorkerTransport<TenureOps> | null = null;
  const assets: WorkAssets = { parquetWasm, parquetDecoder };
  const engine = new EngineClient<TenureOps>(() => {
    const worker = takeEarlyEngine() ?? startEngineWorker();
    transport = new WorkerTransport<TenureOps>(worker, { ...assets }, APP_TABLE_NAMES);
    return transport;
  });
  return { engine, crashForTest: async () => transport?.crashForTest() };
}
