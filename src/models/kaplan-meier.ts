// Kaplan-Meier estimator of a survival curve with right-censoring (Kaplan & Meier 1958).
// At each distinct time t with n_t still at risk (lifetime >= t) and d_t lifetimes ending at t,
// S(t) = prod_{t_i <= t} (1 - d_i / n_i). Censored lifetimes count as at risk at their own time.

export interface LifetimeCount {
  t: number;
  ended: boolean;
  customers: number;
}

export interface SurvivalPoint {
  t: number;
  atRisk: number;
  ended: number;
  censored: number;
  survival: number;
}

export function kaplanMeier(counts: LifetimeCount[]): SurvivalPoint[] {
  const byTime = new Map<number, { ended: number; censored: number }>();
  for (const { t, ended, customers } of counts) {
    const entry = byTime.get(t) ?? { ended: 0, censored: 0 };
    if (ended) entry.ended += customers;
    else entry.censored += customers;
    byTime.set(t, entry);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let atRisk = counts.reduce((n, c) => n + c.customers, 0);
  let survival = 1;
  const points: SurvivalPoint[] = [];
  for (const t of times) {
    const { ended, censored } = byTime.get(t)!;
    if (atRisk > 0) survival *= 1 - ended / atRisk;
    points.push({ t, atRisk, ended, censored, survival });
    atRisk -= ended + censored;
  }
  return points;
}

/** The first time at which survival falls to 0.5 or below; null when it never does (median not reached). */
export function medianLifetime(points: SurvivalPoint[]): number | null {
  return points.find((p) => p.survival <= 0.5)?.t ?? null;
}
