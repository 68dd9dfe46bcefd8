// Exports of a view's results (the analysis on screen, its customers, the SQL result): one at a time, with
// a busy state the buttons show (so that a second click does not start a second export), progress where
// the work has slices, and a cancel. A CSV is written on the page a slice of rows at a time and stops
// between slices; a Parquet file is written by the engine (toParquet): a cancel drops the call while it
// waits behind other engine work, and otherwise the page stops waiting and nothing is saved.
import { isEngineError } from '../engine/errors';
import { download } from '../data/export';

/** Makes the file's content; `progress` takes the share done (0..1) where the work knows it. */
export type MakeExport = (
  signal: AbortSignal,
  progress: (share: number) => void,
) => Promise<string | Blob | Uint8Array>;

export class Exports {
  #busy = $state<string | null>(null);
  #share = $state<number | null>(null);
  #error = $state<string | null>(null);
  #cancelled = $state(false);
  #last = $state<string | null>(null);
  #abort: AbortController | null = null;

  /** The id of the export under way (null when none is). */
  get busy(): string | null {
    return this.#busy;
  }
  /** Its progress (0..1), when it reports one. */
  get share(): number | null {
    return this.#share;
  }
  get error(): string | null {
    return this.#error;
  }
  /** The id of the export under way, or of the last one (what its status is about). */
  get last(): string | null {
    return this.#last;
  }
  /** The last export was cancelled. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Runs export `id` and saves its file; does nothing while another export of this view runs. */
  async run(id: string, fileName: string, type: string, make: MakeExport): Promise<void> {
    if (this.#busy) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#busy = id;
    this.#last = id;
    this.#share = null;
    this.#error = null;
    this.#cancelled = false;
    try {
      const data = await untilAborted(
        make(abort.signal, (share) => (this.#share = share)),
        abort.signal,
      );
      download(fileName, data, type);
    } catch (error) {
      if (abort.signal.aborted || isEngineError(error, 'cancelled')) this.#cancelled = true;
      else this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#busy = null;
      this.#share = null;
      this.#abort = null;
    }
  }

  /** Stops the export under way: nothing is saved. */
  cancel(): void {
    this.#abort?.abort();
  }
}

/** `work`, or an AbortError as soon as the signal aborts (the work may go on; its result is dropped). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
