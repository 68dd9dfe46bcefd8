// The Parquet decoder's worker: a second thread beside the engine's (issue #13). The engine worker starts
// it (parquet.ts), from a `blob:` URL so that it runs under the page's policy as the engine does, and asks
// it for row groups one at a time; each is decoded by parquet-wasm to Arrow IPC and moved (not copied) to
// the engine, which inserts it while the next one is decoded here.
import initParquet, { ParquetFile } from 'parquet-wasm/esm';
import type { DecoderReply, DecoderRequest } from './parquet';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DecoderRequest>) => void) | null;
  postMessage(message: DecoderReply, transfer?: Transferable[]): void;
};

let ready: Promise<unknown> | null = null;
const files = new Map<number, ParquetFile>();
/** Jobs the engine has let go of: row groups still asked for are not decoded. */
const closed = new Set<number>();
/** Requests run one after the other, in the order they came (a file is read by one reader at a time). */
let queue: Promise<void> = Promise.resolve();

const messageOf = (error: unknown) => String((error as Error)?.message ?? error);

async function handle(request: DecoderRequest): Promise<void> {
  switch (request.kind) {
    case 'open': {
      try {
        await (ready ??= initParquet({ module_or_path: request.wasm }));
        const file = await ParquetFile.fromFile(request.file);
        files.set(request.job, file);
        scope.postMessage({ kind: 'opened', job: request.job, rowGroups: file.metadata().numRowGroups() });
      } catch (error) {
        scope.postMessage({ kind: 'failed', job: request.job, message: messageOf(error) });
      }
      return;
    }
    case 'read': {
      const file = closed.has(request.job) ? undefined : files.get(request.job);
      try {
        if (!file) throw new Error('The Parquet file is closed.');
        const table = await file.read({ rowGroups: [request.group] });
        const ipc = table.intoIPCStream();
        scope.postMessage({ kind: 'group', job: request.job, group: request.group, ipc }, [ipc.buffer]);
      } catch (error) {
        scope.postMessage({
          kind: 'failed',
          job: request.job,
          group: request.group,
          message: messageOf(error),
        });
      }
      return;
    }
    case 'close':
      files.get(request.job)?.free();
      files.delete(request.job);
      closed.delete(request.job);
      return;
  }
}

scope.onmessage = (event) => {
  // a closed job's reads still queued are skipped at once; the file is freed in turn
  if (event.data.kind === 'close') closed.add(event.data.job);
  queue = queue.then(() => handle(event.data));
};
