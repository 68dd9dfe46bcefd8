// The P(alive) matrix of a fitted BG/NBD model: for a customer of age T, the probability of still being
// active after x repeat purchases, the last one at recency t_x (Fader, Hardie & Lee 2005, figure 4).
import { probabilityAlive, type BgNbdParams } from './bgnbd';

export interface AliveCell {
  /** Repeat purchases x. */
  frequency: number;
  /** Time of the last purchase t_x. */
  recency: number;
  p_alive: number;
}

export function aliveMatrix(params: BgNbdParams, T: number, maxFrequency = 10, steps = 10): AliveCell[] {
  const cells: AliveCell[] = [];
  for (let x = 0; x <= maxFrequency; x++) {
    for (let i = 0; i <= steps; i++) {
      const recency = Math.round(((T * i) / steps) * 10) / 10;
      // with no repeat purchase the recency is 0 by definition
      if (x === 0 && i > 0) continue;
      if (x > 0 && i === 0) continue;
      cells.push({ frequency: x, recency, p_alive: probabilityAlive(params, x, recency, T) });
    }
  }
  return cells;
}
