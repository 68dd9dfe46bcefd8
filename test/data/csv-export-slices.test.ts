// Large CSV exports are written a slice of rows at a time (src/data/export.ts tableToCsvBlob): the same
// bytes as the one-go export, progress up to the whole, and a cancel between two slices.
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { tableToCsv, tableToCsvBlob } from '../../src/data/export';

const rows = 45_001;
const table = tableFromArrays({
  id: Int32Array.from({ length: rows }, (_, i) => i),
  name: Array.from({ length: rows }, (_, i) => (i % 3 ? `c${i}` : '=x')),
});

describe('CSV export in slices', () => {
  it('writes what the one-go export writes, reporting its progress', async () => {
    const shares: number[] = [];
    const blob = await tableToCsvBlob(table, { onProgress: (s) => shares.push(s) });
    expect(await blob.text()).toBe(tableToCsv(table));
    expect(blob.type).toBe('text/csv;charset=utf-8');
    // three slices of at most 20,000 rows
    expect(shares).toEqual([20_000 / rows, 40_000 / rows, 1]);
    const lines = (await blob.text()).split('\n');
    expect(lines[0]).toBe('id,name');
    expect(lines[1]).toBe(`0,"'=x"`);
    expect(lines).toHaveLength(rows + 2);
  });

  it('stops between slices when cancelled', async () => {
    const abort = new AbortController();
    let slices = 0;
    const written = tableToCsvBlob(table, {
      signal: abort.signal,
      onProgress: () => {
        if (++slices === 1) abort.abort();
      },
    });
    await expect(written).rejects.toMatchObject({ name: 'AbortError' });
    expect(slices).toBe(1);
  });

  it('writes an empty result as its header line', async () => {
    const empty = tableFromArrays({ a: Int32Array.from([]) });
    expect(await (await tableToCsvBlob(empty)).text()).toBe('a\n');
  });
});
