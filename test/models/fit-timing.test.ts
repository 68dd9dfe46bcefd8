// Fit and prediction times on simulated customers (25,000 and 1,000,000). Skipped unless CLV_TIMING=1:
//   CLV_TIMING=1 npx vitest run test/models/fit-timing.test.ts
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/bgnbd';
import { customerLifetimeValues, periodDiscountRate } from '../../src/models/clv';
import { fitGammaGamma } from '../../src/models/gamma-gamma';
import { groupHistories } from '../../src/models/histories';
import { gamma, sfc32, simulateBgNbd } from './simulate';

const TRUTH = { r: 0.5, alpha: 6, a: 0.8, b: 2.5 };

describe.skipIf(!process.env.CLV_TIMING)('fit timing', () => {
  for (const customers of [25_000, 1_000_000]) {
    it(`fits ${customers.toLocaleString('en')} customers`, { timeout: 600_000 }, () => {
      // two years of customers, purchase times in whole days, weeks as the unit
      const history = simulateBgNbd(TRUTH, customers, 104, 42, 7);
      const random = sfc32(43);
      const monetary = Float64Array.from(history.frequency, (x) =>
        x > 0 ? gamma(random, 4 * x, x * gamma(random, 3, 20)) : NaN,
      );
      let start = performance.now();
      const groups = groupHistories(history).count;
      const grouping = performance.now() - start;
      start = performance.now();
      const fit = fitBgNbd(history);
      const bgnbd = performance.now() - start;
      start = performance.now();
      const spend = fitGammaGamma({ frequency: history.frequency, monetary });
      const gg = performance.now() - start;
      if (!fit.ok || !spend.ok) throw new Error('fit failed');
      start = performance.now();
      customerLifetimeValues(
        fit.params,
        spend.params,
        { ...history, monetary },
        {
          horizon: 52,
          margin: 0.3,
          discountRatePerPeriod: periodDiscountRate(0.1, 7),
        },
      );
      const clv = performance.now() - start;
      console.log(
        `${customers} customers, ${groups} distinct histories: grouping ${grouping.toFixed(0)} ms, ` +
          `BG/NBD fit ${bgnbd.toFixed(0)} ms (${fit.evaluations} evaluations), ` +
          `Gamma-Gamma fit ${gg.toFixed(0)} ms on ${spend.customers} (${spend.evaluations} evaluations), ` +
          `CLV 52 weeks discounted ${clv.toFixed(0)} ms; r ${fit.params.r.toFixed(3)} alpha ${fit.params.alpha.toFixed(3)} ` +
          `a ${fit.params.a.toFixed(3)} b ${fit.params.b.toFixed(3)}`,
      );
      expect(fit.ok).toBe(true);
    });
  }
});
