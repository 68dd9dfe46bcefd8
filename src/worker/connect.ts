// The page's engine: a worker running src/worker/main.ts behind an EngineClient.
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { EngineClient } from '../engine/client';
import { WorkerTransport } from '../engine/worker-transport';
import type { Engine, TenureOps, WorkAssets } from './contract';

export function connectEngine(): { engine: Engine; crashForTest: () => Promise<void> } {
  let transport: WorkerTransport<TenureOps> | null = null;
  const assets: WorkAssets = { parquetWasm };
  const engine = new EngineClient<TenureOps>(() => {
    const worker = new Worker(new URL('./main.ts', import.meta.url), {
      type: 'module',
      name: 'tenure-engine',
    });
    transport = new WorkerTransport<TenureOps>(worker, { ...assets });
    return transport;
  });
  return { engine, crashForTest: async () => transport?.crashForTest() };
}
