// Parquet row groups decoded on another thread while the engine inserts the previous one (issue #13). The
// engine takes row group i; the source is asked for i + 1 at once, so a decoder on a second worker works
// on it while the engine's thread copies i into its table. Decoding and inserting then overlap on two
// cores instead of following each other on one.
import type { ParquetSource } from './load';

/**
 * `source`, asking for the next `depth` row groups whenever one is taken (in order, 0 to rowGroups - 1).
 * Only useful when `source` decodes elsewhere (a worker): on the same thread the decoding would wait for
 * the insert anyway. A failure of a group read ahead is thrown when that group is taken, not before.
 */
export function readAhead(source: ParquetSource, depth = 1): ParquetSource {
  const asked = new Map<number, Promise<Uint8Array>>();
  let closed = false;
  const ask = (index: number) => {
    if (index >= source.rowGroups || asked.has(index)) return;
    const reading = source.readRowGroup(index);
    // taken later, or never (a cancelled load): a failure is not an unhandled rejection in between
    reading.catch(() => {});
    asked.set(index, reading);
  };
  return {
    rowGroups: source.rowGroups,
    readRowGroup(index) {
      if (closed) return Promise.reject(new Error('The Parquet file is closed.'));
      ask(index);
      const reading = asked.get(index)!;
      asked.delete(index);
      for (let next = index + 1; next <= index + depth; next++) ask(next);
      return reading;
    },
    close() {
      closed = true;
      asked.clear();
      source.close?.();
    },
  };
}
