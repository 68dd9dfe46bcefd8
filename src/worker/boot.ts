// The engine's start, as the page's first act (issue #13, the warm start). The page's entry (src/start.ts)
// imports this module alone and lets it run in a task of its own before it loads the rest of the page: the
// engine's worker is spawned, and its first lines fetch and compile the engine's WebAssembly module on the
// worker's thread (src/engine/worker-transport.ts, enginePrelude), which instantiates it as soon as it is
// compiled, while the interface's code is fetched, evaluated and drawn on the page. So this module imports
// nothing heavy (no Arrow, no analyses): connect.ts takes what it started.
import workerUrl from './main.ts?worker&url';
import { enginePrelude } from '../engine/worker-transport';
import { startPolicyWorker } from './policy-worker';

/** The engine's worker, with its module on its way. */
export function startEngineWorker(): Worker {
  return startPolicyWorker(workerUrl, 'tenure-engine', enginePrelude());
}

let early: Worker | null = typeof Worker === 'function' ? startEngineWorker() : null;

/** The worker the page started, once: the first engine runs in it (a restart spawns a new worker). */
export function takeEarlyEngine(): Worker | null {
  const taken = early;
  early = null;
  return taken;
}
