// The memory estimate the mapping form warns with (docs/metrics.md, "The expected memory"), on inputs
// worked out by hand, and the sample as results and exports name it.
import { describe, expect, it } from 'vitest';
import { expectedMemory, memoryInputs, memoryVerdict, parseMemorySize } from '../../src/data/memory';
import { sampleOf, samplePercent, sampleSuffix } from '../../src/data/sample';
import type { Mapping, SourceKind } from '../../src/data/sources';

const MiB = 2 ** 20;

describe('the expected memory', () => {
  // the benchmark's 10M order lines: 211 MiB loaded, nothing else
  const bench = { lines: 10_000_000, tableBytes: 211 * MiB, otherBytes: 0, grouped: false };

  it('is the table, 1.9 times it for what is made from it, and 140 bytes a line of working memory', () => {
    // 211 MiB x 2.9 = 611.9 MiB; 10M x 140 = 1,400,000,000 bytes
    expect(expectedMemory(bench)).toBeCloseTo(211 * MiB * 2.9 + 1.4e9, 0);
    // other tables count in full
    expect(expectedMemory({ ...bench, otherBytes: 100 })).toBeCloseTo(211 * MiB * 2.9 + 1.4e9 + 100, 0);
    // a 10% sample: the table stays, the rest is a tenth: 211 x 1.19 MiB + 140,000,000
    expect(expectedMemory(bench, 0.1)).toBeCloseTo(211 * MiB * 1.19 + 1.4e8, 0);
    // grouped orders: the grouping reads every line whatever the sample
    expect(expectedMemory({ ...bench, grouped: true }, 0.1)).toBeCloseTo(211 * MiB * 1.19 + 1.4e9, 0);
  });

  it('warns above 80% of the limit and offers the largest share that fits', () => {
    const limit = parseMemorySize('2.7 GiB')!;
    expect(limit).toBeCloseTo(2.7 * 2 ** 30, 0);
    // 221,249,536 x 2.9 + 1.4e9 = 2,041,623,654 bytes of 2,899,102,925: 70%
    expect(memoryVerdict(bench, 1, limit)).toMatchObject({ level: 'ok', fits: null });
    // a 1,024 MB limit (a device of 2 GB): 2.04e9 > 1.024e9 is over; at 25% (221,249,536 x 1.475 + 3.5e8 =
    // 676,343,066) it is 66% of the limit, while 50% (x 1.95 + 7e8 = 1,131,436,595) is still above 80%
    const small = parseMemorySize('1024MB')!;
    expect(small).toBe(1.024e9);
    expect(memoryVerdict(bench, 1, small)).toMatchObject({ level: 'over', fits: 0.25 });
    // 4M lines at 84.4 MiB: 88,499,814 x 2.9 + 5.6e8 = 816,649,462 bytes, 79.7% of 1.024e9; 4.1M lines at
    // 86.51 MiB: 837,065,461, 81.7%: high, and half of it (463,888,845) fits
    const four = { lines: 4_000_000, tableBytes: 84.4 * MiB, otherBytes: 0, grouped: false };
    expect(memoryVerdict(four, 1, small).level).toBe('ok');
    const more = { lines: 4_100_000, tableBytes: 86.51 * MiB, otherBytes: 0, grouped: false };
    expect(memoryVerdict(more, 1, small)).toMatchObject({ level: 'high', fits: 0.5 });
    // grouped orders too big for the limit even at 1%: 1.4e9 of working memory alone
    expect(memoryVerdict({ ...bench, grouped: true }, 1, small)).toMatchObject({ level: 'over', fits: null });
  });

  it('reads the sizes DuckDB writes, and measures a view by its cells', () => {
    expect(parseMemorySize('0 bytes')).toBe(0);
    expect(parseMemorySize('10.3 MiB')).toBeCloseTo(10.3 * MiB, 0);
    expect(parseMemorySize('3GB')).toBe(3e9);
    expect(parseMemorySize('lots')).toBeNull();
    expect(memoryInputs({ table_bytes: 0, other_bytes: 5, cells: 0 }, 1000, 11, true)).toEqual({
      lines: 1000,
      tableBytes: 22_000,
      otherBytes: 5,
      grouped: true,
    });
    expect(memoryInputs({ table_bytes: 7, other_bytes: -1, cells: 3 }, 1, 3, false)).toMatchObject({
      tableBytes: 7,
      otherBytes: 0,
    });
  });
});

describe('the sample a result is computed on', () => {
  const orders = (sample?: number) =>
    ({ kind: 'orders', table: 't', roles: {}, segments: [], sample }) as Mapping<SourceKind>;

  it('is none at 100% or without a share, else the smallest share of the kinds read', () => {
    expect(sampleOf({ orders: orders() }, ['orders'])).toBeNull();
    expect(sampleOf({ orders: orders(1) }, ['orders'])).toBeNull();
    expect(sampleOf({ orders: orders(0.1) }, ['orders'])).toBe(0.1);
    expect(sampleOf({ orders: orders(0.1) }, ['subscriptions'])).toBeNull();
    expect(
      sampleOf({ orders: orders(0.5), subscriptions: { ...orders(0.05), kind: 'subscriptions' } }, [
        'orders',
        'subscriptions',
      ]),
    ).toBe(0.05);
  });

  it('names exports after the share', () => {
    expect(sampleSuffix(null)).toBe('');
    expect(sampleSuffix(0.1)).toBe('-sample-10pct');
    expect(sampleSuffix(0.025)).toBe('-sample-2_5pct');
    expect(sampleSuffix(0.0001)).toBe('-sample-0_01pct');
    expect(samplePercent(0.3333)).toBe(33.33);
  });
});
