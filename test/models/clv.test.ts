// CLV = margin x expected spend x discounted expected purchases.
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, probabilityAlive } from '../../src/models/bgnbd';
import { conditionalExpectedSpend } from '../../src/models/gamma-gamma';
import {
  customerLifetimeValues,
  discountedExpectedPurchases,
  periodDiscountRate,
} from '../../src/models/clv';

const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const expected = (t: number) => conditionalExpectedPurchases(BGNBD, t, 2, 30.43, 38.86);
const relative = (actual: number, wanted: number) => Math.abs(actual - wanted) / Math.abs(wanted);

describe('discounting', () => {
  it('converts an annual rate to a rate per time unit', () => {
    expect(periodDiscountRate(0.1, 365.25)).toBeCloseTo(0.1, 14);
    expect(periodDiscountRate(0.1, 7)).toBeCloseTo(Math.pow(1.1, 7 / 365.25) - 1, 14);
    // 52.18 weeks of the weekly rate compound back to the annual one
    expect(Math.pow(1 + periodDiscountRate(0.1, 7), 365.25 / 7)).toBeCloseTo(1.1, 12);
  });

  it('is E[Y(H)] without discounting, and between its value discounted from H and from 0', () => {
    expect(discountedExpectedPurchases(BGNBD, 52, 0, 2, 30.43, 38.86)).toBe(expected(52));
    expect(discountedExpectedPurchases(BGNBD, 0, 0.01, 2, 30.43, 38.86)).toBe(0);
    const d = periodDiscountRate(0.2, 7);
    const value = discountedExpectedPurchases(BGNBD, 52, d, 2, 30.43, 38.86);
    expect(value).toBeLessThan(expected(52));
    expect(value).toBeGreaterThan(expected(52) / (1 + d) ** 52);
  });

  it('equals a fine Stieltjes sum of discounted purchase increments', () => {
    // sum over small steps of (E[Y(s_i)] - E[Y(s_(i-1))]) (1 + d)^-(midpoint), on a grid uniform in
    // ln(1 + s): fine where a young customer's E[Y(s)] bends most
    const stieltjes = (
      params: typeof BGNBD,
      horizon: number,
      d: number,
      x: number,
      tx: number,
      T: number,
    ) => {
      const steps = 20_000;
      const grid = (i: number) => Math.expm1((Math.log1p(horizon) * i) / steps);
      let sum = 0;
      for (let i = 1; i <= steps; i++) {
        const [s0, s1] = [grid(i - 1), grid(i)];
        const increment =
          conditionalExpectedPurchases(params, s1, x, tx, T) -
          conditionalExpectedPurchases(params, s0, x, tx, T);
        sum += increment / (1 + d) ** ((s0 + s1) / 2);
      }
      return sum;
    };
    const weekly = periodDiscountRate(0.1, 7);
    expect(
      relative(
        discountedExpectedPurchases(BGNBD, 52, weekly, 2, 30.43, 38.86),
        stieltjes(BGNBD, 52, weekly, 2, 30.43, 38.86),
      ),
    ).toBeLessThan(1e-7);
    // a day-unit model, a customer who bought today, a year ahead
    const daily = { ...BGNBD, alpha: 0.5 };
    const rate = periodDiscountRate(0.1, 1);
    expect(
      relative(discountedExpectedPurchases(daily, 365, rate, 0, 0, 0), stieltjes(daily, 365, rate, 0, 0, 0)),
    ).toBeLessThan(1e-7);
  });
});

describe('customerLifetimeValues', () => {
  it('multiplies margin, expected spend and discounted purchases per customer', () => {
    const customers = {
      frequency: [2, 0, 2],
      recency: [30.43, 0, 30.43],
      age: [38.86, 20, 38.86],
      monetary: [40, NaN, 10],
    };
    const options = { horizon: 52, margin: 0.3, discountRatePerPeriod: periodDiscountRate(0.1, 7) };
    const values = customerLifetimeValues(BGNBD, GG, customers, options);
    customers.frequency.forEach((x, i) => {
      const [tx, T, zbar] = [customers.recency[i], customers.age[i], customers.monetary[i]];
      const purchases = discountedExpectedPurchases(BGNBD, 52, options.discountRatePerPeriod, x, tx, T);
      const spend = conditionalExpectedSpend(GG, x, zbar);
      expect(values.probabilityAlive[i]).toBe(probabilityAlive(BGNBD, x, tx, T));
      expect(values.expectedPurchases[i]).toBe(conditionalExpectedPurchases(BGNBD, 52, x, tx, T));
      expect(values.discountedPurchases[i]).toBeCloseTo(purchases, 12);
      expect(values.expectedSpend[i]).toBe(spend);
      expect(values.clv[i]).toBeCloseTo(0.3 * spend * purchases, 10);
    });
    // same history, higher spend: higher CLV in proportion to expected spend
    expect(values.clv[0] / values.clv[2]).toBeCloseTo(values.expectedSpend[0] / values.expectedSpend[2], 12);
    // no repeat purchase: the population mean spend
    expect(values.expectedSpend[1]).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });
});
