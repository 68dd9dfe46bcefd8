// The customer sample a result was computed on, as results and their exports say it (docs/metrics.md,
// "A sample of customers").
import type { Mapping, SourceKind } from './sources';
import { sampleThreshold } from './mapping';

/**
 * The share of customers the mappings of these kinds keep, or null when none is sampled. Where two mapped
 * tables are sampled differently, the smaller share (both are deterministic hash samples of the same ids).
 */
export function sampleOf(
  mappings: Partial<Record<SourceKind, Mapping<SourceKind>>>,
  kinds: readonly SourceKind[],
): number | null {
  const shares = kinds
    .map((kind) => mappings[kind]?.sample)
    .filter((s): s is number => sampleThreshold(s) !== null);
  return shares.length ? Math.min(...shares) : null;
}

/** The share as a percentage for people: 10, 2.5, 0.01 (at most two decimals). */
export function samplePercent(share: number): number {
  return Number((share * 100).toFixed(2));
}

/** What an export's file name carries after a sample: `-sample-10pct` (empty without a sample). */
export function sampleSuffix(share: number | null): string {
  return share === null ? '' : `-sample-${String(samplePercent(share)).replace('.', '_')}pct`;
}
