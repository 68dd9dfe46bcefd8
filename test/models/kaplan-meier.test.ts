// Kaplan-Meier against the textbook example: the 6-MP group of Freireich et al. (1963), 21 patients,
// remission times in weeks, "+" = censored. Survival values computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import { kaplanMeier, medianLifetime, type LifetimeCount } from '../../src/models/kaplan-meier';

// 6,6,6,6+,7,9+,10,10+,11+,13,16,17+,19+,20+,22,23,25+,32+,32+,34+,35+
const TIMES: [number, boolean][] = [
  [6, true],
  [6, true],
  [6, true],
  [6, false],
  [7, true],
  [9, false],
  [10, true],
  [10, false],
  [11, false],
  [13, true],
  [16, true],
  [17, false],
  [19, false],
  [20, false],
  [22, true],
  [23, true],
  [25, false],
  [32, false],
  [32, false],
  [34, false],
  [35, false],
];
export const SIX_MP: LifetimeCount[] = TIMES.map(([t, ended]) => ({ t, ended, customers: 1 }));

describe('kaplanMeier', () => {
  it('reproduces the 6-MP survival table', () => {
    const points = kaplanMeier(SIX_MP).filter((p) => p.ended > 0);
    // 18/21; x16/17; x14/15; x11/12; x10/11; x6/7; x5/6
    const expected = [
      [6, 21, 3, 18 / 21],
      [7, 17, 1, (18 / 21) * (16 / 17)],
      [10, 15, 1, (18 / 21) * (16 / 17) * (14 / 15)],
      [13, 12, 1, (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12)],
      [16, 11, 1, (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12) * (10 / 11)],
      [22, 7, 1, (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12) * (10 / 11) * (6 / 7)],
      [23, 6, 1, (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12) * (10 / 11) * (6 / 7) * (5 / 6)],
    ];
    expect(points.map((p) => [p.t, p.atRisk, p.ended])).toEqual(expected.map(([t, n, d]) => [t, n, d]));
    points.forEach((p, i) => expect(p.survival).toBeCloseTo(expected[i][3], 12));
    // the published rounded values
    expect(points.map((p) => Number(p.survival.toFixed(3)))).toEqual([
      0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448,
    ]);
  });

  it('finds the median lifetime, or none when survival stays above one half', () => {
    expect(medianLifetime(kaplanMeier(SIX_MP))).toBe(23);
    expect(
      medianLifetime(
        kaplanMeier([
          { t: 5, ended: true, customers: 1 },
          { t: 9, ended: false, customers: 3 },
        ]),
      ),
    ).toBeNull();
  });

  it('without censoring equals the empirical survival function', () => {
    const counts = [1, 2, 2, 3, 5].map((t) => ({ t, ended: true, customers: 1 }));
    expect(kaplanMeier(counts).map((p) => p.survival)).toEqual([0.8, 0.4, 0.2, 0]);
  });
});
