// The page's engine: a worker running src/worker/main.ts behind an EngineClient.
//
// The worker is started from a `blob:` URL whose only line imports the bundle (issue #11, finding 1). A
// worker loaded from its own URL takes its Content-Security-Policy from that script's response headers,
// and a static host sends none, so the page's `<meta>` policy would not reach it: `fetch`, XHR and
// WebSocket inside it would be free. A worker made from a `blob:` URL inherits the policy of the page that
// made it, so the engine runs under the page's `connect-src 'self'` (test/e2e/security.e2e.mjs).
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import workerUrl from './main.ts?worker&url';
import { EngineClient } from '../engine/client';
import { WorkerTransport } from '../engine/worker-transport';
import type { Engine, TenureOps, WorkAssets } from './contract';
import { APP_TABLE_NAMES } from './reserved';

/** A module worker that runs the bundle at `url`, under the page's policy. */
export function startPolicyWorker(url: string, name: string): Worker {
  const absolute = new URL(url, document.baseURI).href;
  const source = `import ${JSON.stringify(absolute)};\n`;
  const blob = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(blob, { type: 'module', name });
  // the worker has fetched its source once it runs; the URL is not needed after that
  setTimeout(() => URL.revokeObjectURL(blob), 60_000);
  return worker;
}

export function connectEngine(): { engine: Engine; crashForTest: () => Promise<void> } {
  let transport: WorkerTransport<TenureOps> | null = null;
  const assets: WorkAssets = { parquetWasm };
  const engine = new EngineClient<TenureOps>(() => {
    const worker = startPolicyWorker(workerUrl, 'tenure-engine');
    transport = new WorkerTransport<TenureOps>(worker, { ...assets }, APP_TABLE_NAMES);
    return transport;
  });
  return { engine, crashForTest: async () => transport?.crashForTest() };
}
