// A view's exports (src/state/exports.svelte.ts): one at a time, busy while it works, a cancel that saves
// nothing and says so, an error said as such, and the next export saves its file.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Exports } from '../../src/state/exports.svelte';
import { EngineFailure } from '../../src/engine/errors';

let saved: string[];
beforeEach(() => {
  saved = [];
  URL.createObjectURL = vi.fn(() => 'blob:x');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});
afterEach(() => vi.restoreAllMocks());

describe('Exports', () => {
  it('runs one export at a time, and a cancel saves nothing', async () => {
    const exports = new Exports();
    let signal: AbortSignal | null = null;
    const first = exports.run('result-parquet', 'r.parquet', 'application/x', (s) => {
      signal = s;
      return new Promise<Uint8Array>(() => {}); // the engine never answers
    });
    expect(exports.busy).toBe('result-parquet');
    // a second click while it works starts nothing
    let second = false;
    await exports.run('result-csv', 'r.csv', 'text/csv', async () => {
      second = true;
      return 'x';
    });
    expect(second).toBe(false);
    exports.cancel();
    await first;
    expect(signal!.aborted).toBe(true);
    expect(exports.busy).toBeNull();
    expect(exports.cancelled).toBe(true);
    expect(exports.last).toBe('result-parquet');
    expect(saved).toEqual([]);
    // the next export saves its file and clears the cancel
    await exports.run('result-csv', 'r.csv', 'text/csv', async (_signal, progress) => {
      progress(0.5);
      expect(exports.share).toBe(0.5);
      return 'a\n1\n';
    });
    expect(saved).toEqual(['r.csv']);
    expect(exports.cancelled).toBe(false);
    expect(exports.share).toBeNull();
  });

  it('tells a cancel from the engine apart from an error', async () => {
    const exports = new Exports();
    await exports.run('query-parquet', 'q.parquet', 'application/x', async () => {
      throw new EngineFailure({ kind: 'cancelled' });
    });
    expect(exports.cancelled).toBe(true);
    expect(exports.error).toBeNull();
    await exports.run('query-parquet', 'q.parquet', 'application/x', async () => {
      throw new Error('writer failed');
    });
    expect(exports.cancelled).toBe(false);
    expect(exports.error).toBe('writer failed');
    expect(saved).toEqual([]);
  });
});
