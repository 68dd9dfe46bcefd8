// Which RFM scores no customer got, and why: quintile scores of ranks give equal values equal scores, so a
// value most customers share (one order) takes one score and the next ones stay empty. The panel says
// which scores are empty and which score holds the tie, instead of leaving a blank column in the grid.
import type { ScoreGap } from '../define';

export interface ScoreCount {
  dimension: string;
  score: number;
  customers: number;
  low: number;
  high: number;
}

export function scoreGaps(counts: ScoreCount[]): ScoreGap[] {
  const gaps: ScoreGap[] = [];
  for (const dimension of ['r', 'f', 'm'] as const) {
    const rows = counts.filter((c) => c.dimension === dimension);
    const total = rows.reduce((n, c) => n + c.customers, 0);
    if (!total) continue;
    const present = new Set(rows.map((c) => c.score));
    const missing = [1, 2, 3, 4, 5].filter((s) => !present.has(s));
    if (!missing.length) continue;
    // the tie sits just below the first empty score (scores only skip upwards: a tie takes the lowest
    // score its rank gives, and the ranks after it jump)
    const below = rows.filter((c) => c.score < missing[0]).at(-1) ?? rows[0];
    gaps.push({
      dimension,
      missing,
      tied: { score: below.score, share: below.customers / total, low: below.low, high: below.high },
    });
  }
  return gaps;
}
