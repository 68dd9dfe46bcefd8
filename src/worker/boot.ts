// The engine's start, as the page's first act (issue #13, the warm start). The page's entry (src/start.ts)
// imports this module alone and lets it run in a task of its own before it loads the rest of the page: the
// engine's worker is spawned, and the engine's WebAssembly module fetched and compiled on the page
// (src/engine/worker-transport.ts), while the interface's code is fetched, evaluated and drawn. So this
// module imports nothing heavy (no Arrow, no analyses): connect.ts takes what it started.
import workerUrl from './main.ts?worker&url';
import { compileEngine } from '../engine/worker-transport';
import type { CompiledEngine } from '../engine/serve';
import { startPolicyWorker } from './policy-worker';

/** The engine's worker, spawned, and its module on its way. */
export interface EarlyEngine {
  worker: Worker;
  compiled: Promise<CompiledEngine | null>;
}

let early: EarlyEngine | null =
  typeof Worker === 'function'
    ? { worker: startPolicyWorker(workerUrl, 'tenure-engine'), compiled: compileEngine() }
    : null;

/** What the page started, once: the first engine runs in it (a restart spawns a new worker). */
export function takeEarlyEngine(): EarlyEngine | null {
  const taken = early;
  early = null;
  return taken;
}
