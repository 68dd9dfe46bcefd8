// The worker contract: every operation the engine worker serves, in one table. The engine brings its core
// (queries, the table list); the other folders bring the work that must run next to the engine, and the
// worker's composition root (main.ts) registers their handlers. The page and the tests both talk to the
// engine through an `EngineClient<TenureOps>`.
import type { CoreOps } from '../engine/core-ops';
import type { EngineClient } from '../engine/client';
import type { LoadOps } from '../data/load-ops';
import type { MapOps } from '../data/map-ops';
import type { ClvOps } from '../analyses/predictive-clv/fit';

export type WorkOps = LoadOps & MapOps & ClvOps;
export type TenureOps = CoreOps & WorkOps;

/** The engine as the page's state classes see it. */
export type Engine = EngineClient<TenureOps>;

/** Asset URLs the worker's operations need, by name (made absolute and passed at start). */
export interface WorkAssets {
  parquetWasm: string;
  /** The Parquet decoder's worker bundle (parquet-decoder.ts). */
  parquetDecoder: string;
}
