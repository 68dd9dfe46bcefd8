// Seeded simulation of customers who behave as the BG/NBD and Gamma-Gamma models say, for fit tests and
// timings. sfc32 generator; Gamma variates by Marsaglia & Tsang (2000), Beta from two Gammas.
import type { BgNbdParams } from '../../src/models/bgnbd';

export function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate). */
export function gamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(random, shape + 1, rate) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function beta(random: () => number, a: number, b: number): number {
  const x = gamma(random, a, 1);
  return x / (x + gamma(random, b, 1));
}

export interface SimulatedHistories {
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
}

/**
 * BG/NBD customers observed for T drawn uniformly in (0, maxAge). With `daysPerUnit`, purchase times are
 * rounded down to whole days (and same-day purchases merged), as the customer summary query makes them.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  customers: number,
  maxAge: number,
  seed: number,
  daysPerUnit?: number,
): SimulatedHistories {
  const random = sfc32(seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const age = new Float64Array(customers);
  const toDay = (t: number) => (daysPerUnit ? Math.floor(t * daysPerUnit) / daysPerUnit : t);
  for (let i = 0; i < customers; i++) {
    const T = toDay(random() * maxAge);
    const lambda = gamma(random, params.r, params.alpha);
    const p = beta(random, params.a, params.b);
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      const day = toDay(t);
      if (day > T) break;
      if (day > last) {
        x++;
        last = day;
      }
      if (random() < p) break;
    }
    frequency[i] = x;
    recency[i] = last;
    age[i] = T;
  }
  return { frequency, recency, age };
}
