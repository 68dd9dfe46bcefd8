// Customers' purchase histories as the BG/NBD model sees them, (x, t_x, T), checked and grouped.
// Customers with the same history have the same likelihood and the same predictions, and real data has
// far fewer distinct histories than customers (T and t_x come from whole days), so fits and predictions
// run over groups with weights. Within a group's terms, ln(alpha + T) and ln(alpha + t_x) depend only on
// the distinct values of T and t_x, and the gamma-function terms only on x: each gets its own index.

import type { FitReason } from './fit-result';

export interface PurchaseHistory {
  /** x: repeat transactions in the calibration period (distinct purchase days - 1). */
  frequency: ArrayLike<number>;
  /** t_x: time from the first to the last purchase, in time units. */
  recency: ArrayLike<number>;
  /** T: time from the first purchase to the end of calibration, in time units. */
  age: ArrayLike<number>;
  /**
   * Customers with this history (1 each when absent): a history given once per distinct (x, t_x, T) with
   * its count of customers is the same data as one row per customer.
   */
  weight?: ArrayLike<number>;
}

export interface HistoryGroups {
  /** Number of distinct histories. */
  count: number;
  /** Rows of the history grouped (customers, or distinct histories when it is weighted). */
  customers: number;
  /** Customers per group. */
  weight: Float64Array;
  /** Per group, the index of its x in xs, of its t_x in recencies, of its T in ages. */
  xIndex: Int32Array;
  recencyIndex: Int32Array;
  ageIndex: Int32Array;
  xs: Float64Array;
  recencies: Float64Array;
  ages: Float64Array;
  /** Per customer, its group. */
  groupOf: Int32Array;
}

/** Why the history cannot be modelled (the first impossible customer), or null when it can. */
/** The first impossible value in a history, as a fit failure reason and the customer's row (1-based). */
export function invalidHistory(history: PurchaseHistory): { reason: FitReason; customer: number } | null {
  const { frequency, recency, age } = history;
  const n = frequency.length;
  if (recency.length !== n || age.length !== n || (history.weight && history.weight.length !== n))
    return { reason: 'lengthMismatch', customer: 0 };
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const tx = recency[i];
    const T = age[i];
    // frequency must be a whole number >= 0
    if (!Number.isInteger(x) || x < 0) return { reason: 'badFrequency', customer: i + 1 };
    // recency and age must be finite and >= 0
    if (!Number.isFinite(tx) || !Number.isFinite(T) || tx < 0 || T < 0)
      return { reason: 'badTimes', customer: i + 1 };
    if (tx > T * (1 + 1e-12)) return { reason: 'recencyBeyondAge', customer: i + 1 };
    // recency is 0 without repeat purchases
    if (x === 0 && tx !== 0) return { reason: 'recencyWithoutRepeat', customer: i + 1 };
  }
  return null;
}

/** Groups identical (x, t_x, T); times are multiplied by timeScale first. Assumes a valid history. */
export function groupHistories(history: PurchaseHistory, timeScale = 1): HistoryGroups {
  const { frequency, recency, age } = history;
  const customers = frequency.length;
  const xs = new Distinct();
  const recencies = new Distinct();
  const ages = new Distinct();
  const xIndexOf = new Int32Array(customers);
  const recencyIndexOf = new Int32Array(customers);
  const ageIndexOf = new Int32Array(customers);
  for (let i = 0; i < customers; i++) {
    xIndexOf[i] = xs.index(frequency[i]);
    recencyIndexOf[i] = recencies.index(recency[i] * timeScale);
    ageIndexOf[i] = ages.index(age[i] * timeScale);
  }
  // One number per (x, t_x, T) triple while it stays exact; a string beyond 2^53 combinations.
  const nr = recencies.size;
  const na = ages.size;
  const exact = xs.size * nr * na <= Number.MAX_SAFE_INTEGER;
  const groupByKey = new Map<number | string, number>();
  const groupOf = new Int32Array(customers);
  const first: number[] = [];
  for (let i = 0; i < customers; i++) {
    const key = exact
      ? (xIndexOf[i] * nr + recencyIndexOf[i]) * na + ageIndexOf[i]
      : `${xIndexOf[i]},${recencyIndexOf[i]},${ageIndexOf[i]}`;
    let g = groupByKey.get(key);
    if (g === undefined) {
      g = first.push(i) - 1;
      groupByKey.set(key, g);
    }
    groupOf[i] = g;
  }
  const count = first.length;
  const weight = new Float64Array(count);
  const given = history.weight;
  for (let i = 0; i < customers; i++) weight[groupOf[i]] += given ? given[i] : 1;
  const pick = (of: Int32Array) => Int32Array.from(first, (i) => of[i]);
  return {
    count,
    customers,
    weight,
    xIndex: pick(xIndexOf),
    recencyIndex: pick(recencyIndexOf),
    ageIndex: pick(ageIndexOf),
    xs: xs.values(),
    recencies: recencies.values(),
    ages: ages.values(),
    groupOf,
  };
}

class Distinct {
  private readonly indexByValue = new Map<number, number>();
  private readonly list: number[] = [];
  get size() {
    return this.list.length;
  }
  index(value: number): number {
    let i = this.indexByValue.get(value);
    if (i === undefined) {
      i = this.list.push(value) - 1;
      this.indexByValue.set(value, i);
    }
    return i;
  }
  values() {
    return Float64Array.from(this.list);
  }
}
