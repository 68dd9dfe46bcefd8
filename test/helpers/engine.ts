// The real DuckDB-WASM engine in Node (the blocking build), behind the same EngineSession the worker uses.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { DuckDBBindings } from 'duckdb-browser-blocking';
import { EngineSession } from '../../src/engine/session';
import { USER_FILE_DIR } from '../../src/engine/lock';
import type { RegisteredFile } from '../../src/data/load';
import { HEAD_BYTES } from '../../src/data/inspect';

const require = createRequire(import.meta.url);

interface NodeBlocking {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<DuckDBBindings>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
}

export async function startEngine(memoryLimit?: string): Promise<EngineSession> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as NodeBlocking;
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  return EngineSession.open(db, memoryLimit);
}

let fileCounter = 0;

/** Registers bytes as a user file, the way the worker registers a dropped File. */
export function registerBytes(session: EngineSession, fileName: string, bytes: Uint8Array): RegisteredFile {
  const path = `${USER_FILE_DIR}${++fileCounter}/${fileName}`;
  session.bindings.registerFileBuffer(path, bytes.slice());
  return { path, fileName, bytes: bytes.length, head: bytes.subarray(0, HEAD_BYTES) };
}

export function registerText(session: EngineSession, fileName: string, text: string): RegisteredFile {
  return registerBytes(session, fileName, new TextEncoder().encode(text));
}

export function registerFixture(session: EngineSession, path: string, fileName?: string): RegisteredFile {
  return registerBytes(session, fileName ?? path.split('/').pop()!, new Uint8Array(readFileSync(path)));
}
