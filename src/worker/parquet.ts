// Parquet in the engine worker: files are read row group by row group by parquet-wasm (the npm build of
// DuckDB-WASM has no Parquet reader), on a second worker where the browser allows one, so that decoding
// row group i + 1 overlaps the engine's insert of row group i (issue #13: 1M lines from 1.5-2.1 s to
// ~0.6 s in Chromium, see bench/RESULTS.md). Without nested workers (or if the decoder cannot start) the
// engine's own thread decodes, as before. Writing Parquet (exports) stays on the engine's thread.
import initParquet, { ParquetFile, Table as ParquetTable, writeParquet } from 'parquet-wasm/esm';
import type { ParquetSource } from '../data/load';
import { readAhead } from '../data/read-ahead';

/** What the engine worker asks of the decoder (parquet-decoder.ts). */
export type DecoderRequest =
  | { kind: 'open'; job: number; file: File; wasm: string }
  | { kind: 'read'; job: number; group: number }
  | { kind: 'close'; job: number };

/** What the decoder answers; a row group's bytes are transferred. */
export type DecoderReply =
  | { kind: 'opened'; job: number; rowGroups: number }
  | { kind: 'group'; job: number; group: number; ipc: Uint8Array }
  | { kind: 'failed'; job: number; group?: number; message: string };

export interface ParquetAccess {
  openParquet(file: File): Promise<ParquetSource>;
  writeParquet(ipc: Uint8Array): Promise<Uint8Array>;
}

/** parquet-wasm on this thread (its .wasm at `wasmUrl`, fetched the first time it is needed). */
export function localParquet(wasmUrl: string): ParquetAccess {
  let ready: Promise<unknown> | null = null;
  const init = () => (ready ??= initParquet({ module_or_path: wasmUrl }));
  return {
    async openParquet(file) {
      await init();
      const reader = await ParquetFile.fromFile(file);
      return {
        rowGroups: reader.metadata().numRowGroups(),
        readRowGroup: async (i) => (await reader.read({ rowGroups: [i] })).intoIPCStream(),
        close: () => reader.free(),
      };
    },
    async writeParquet(ipc) {
      await init();
      return writeParquet(ParquetTable.fromIPCStream(ipc));
    },
  };
}

interface Waiting {
  resolve(reply: DecoderReply): void;
}

/**
 * Reads Parquet on a decoder worker started from `decoderUrl` (an absolute URL of parquet-decoder.ts's
 * bundle), one row group ahead of the engine; writes on this thread. Falls back to this thread when no
 * worker can be started here.
 */
export function parquetOnDecoder(decoderUrl: string, wasmUrl: string): ParquetAccess {
  const local = localParquet(wasmUrl);
  let decoder: Worker | null = null;
  let nextJob = 1;
  /** Replies awaited, by job and row group ('open' for the file itself). */
  const waiting = new Map<string, Waiting>();
  const key = (job: number, group: number | 'open') => `${job}/${group}`;

  const fail = (message: string) => {
    for (const [k, w] of waiting) {
      const [job, group] = k.split('/');
      w.resolve({ kind: 'failed', job: Number(job), group: Number(group) || undefined, message });
    }
    waiting.clear();
    decoder?.terminate();
    decoder = null;
  };

  /** The decoder, started the first time a file is opened; null where this thread cannot start one. */
  function start(): Worker | null {
    if (decoder) return decoder;
    if (typeof Worker !== 'function' || typeof URL.createObjectURL !== 'function') return null;
    try {
      // a worker made from a blob: URL runs under the policy of the worker that made it (the page's)
      const blob = URL.createObjectURL(
        new Blob([`import ${JSON.stringify(decoderUrl)};\n`], { type: 'text/javascript' }),
      );
      const worker = new Worker(blob, { type: 'module', name: 'tenure-parquet' });
      setTimeout(() => URL.revokeObjectURL(blob), 60_000);
      worker.onmessage = ({ data }: MessageEvent<DecoderReply>) => {
        const k = key(data.job, data.kind === 'opened' ? 'open' : (data.group ?? 'open'));
        const w = waiting.get(k);
        waiting.delete(k);
        w?.resolve(data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message || 'The Parquet decoder stopped.');
      };
      decoder = worker;
      return worker;
    } catch {
      return null;
    }
  }

  const ask = (worker: Worker, request: DecoderRequest, group: number | 'open') =>
    new Promise<DecoderReply>((resolve) => {
      waiting.set(key(request.job, group), { resolve });
      worker.postMessage(request);
    });

  return {
    async openParquet(file) {
      const worker = start();
      if (!worker) return local.openParquet(file);
      const job = nextJob++;
      const opened = await ask(worker, { kind: 'open', job, file, wasm: wasmUrl }, 'open');
      if (opened.kind !== 'opened') {
        worker.postMessage({ kind: 'close', job } satisfies DecoderRequest);
        throw new Error(opened.kind === 'failed' ? opened.message : 'The Parquet decoder did not answer.');
      }
      let closed = false;
      const source: ParquetSource = {
        rowGroups: opened.rowGroups,
        async readRowGroup(group) {
          const reply = await ask(worker, { kind: 'read', job, group }, group);
          if (reply.kind === 'group') return reply.ipc;
          throw new Error(reply.kind === 'failed' ? reply.message : 'The Parquet decoder did not answer.');
        },
        close() {
          if (closed) return;
          closed = true;
          for (const k of [...waiting.keys()]) if (k.startsWith(`${job}/`)) waiting.delete(k);
          if (decoder === worker) worker.postMessage({ kind: 'close', job } satisfies DecoderRequest);
        },
      };
      return readAhead(source);
    },
    writeParquet: (ipc) => local.writeParquet(ipc),
  };
}
