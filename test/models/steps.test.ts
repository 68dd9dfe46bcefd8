// The fits as steps (src/models/steps.ts): driven step by step they give what the synchronous fit gives,
// and a checkpoint that throws stops the optimiser inside its loop, at that step, with no step after it.
import { describe, expect, it } from 'vitest';
import { fitBgNbd, fitBgNbdSteps } from '../../src/models/bgnbd';
import { fitGammaGamma, fitGammaGammaSteps } from '../../src/models/gamma-gamma';
import { driveSteps } from '../../src/models/steps';
import { customerLifetimeValues, customerLifetimeValuesSteps } from '../../src/models/clv';
import { simulateBgNbd } from './simulate';

const history = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2000, 39, 1);
const monetary = Float64Array.from(history.frequency, (x, i) => (x > 0 ? 10 + (i % 17) : NaN));

describe('fits driven step by step', () => {
  it('give the synchronous fit exactly, pausing many times (BG/NBD and Gamma-Gamma)', async () => {
    let pauses = 0;
    const stepped = await driveSteps(fitBgNbdSteps(history), () => void pauses++);
    expect(stepped).toEqual(fitBgNbd(history));
    expect(stepped.ok).toBe(true);
    // a pause before every evaluation of the likelihood after the first
    if (stepped.ok) expect(pauses).toBe(stepped.evaluations - 1);
    let ggPauses = 0;
    const spend = { frequency: history.frequency, monetary };
    const gg = await driveSteps(fitGammaGammaSteps(spend), async () => {
      ggPauses++;
      await Promise.resolve();
    });
    expect(gg).toEqual(fitGammaGamma(spend));
    expect(ggPauses).toBeGreaterThan(5);
  });

  it('value the customers as the synchronous valuation does, pausing every 8,192 of them', async () => {
    const bgnbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
    const many = simulateBgNbd(bgnbd, 20_000, 39, 2, 7);
    const customers = { ...many, monetary: Float64Array.from(many.frequency, (x) => (x > 0 ? 12 : NaN)) };
    const options = { horizon: 52, margin: 0.3, discountRatePerPeriod: 0.002 };
    let pauses = 0;
    const stepped = await driveSteps(
      customerLifetimeValuesSteps(bgnbd, gg, customers, options),
      () => void pauses++,
    );
    expect(stepped).toEqual(customerLifetimeValues(bgnbd, gg, customers, options));
    // two slices' pauses over the 20,000 customers, and some over their distinct histories
    expect(pauses).toBeGreaterThanOrEqual(2);
  });

  it('stop inside the optimiser when a checkpoint throws, and evaluate nothing after it', async () => {
    let pauses = 0;
    const stop = new Error('cancelled');
    await expect(
      driveSteps(fitBgNbdSteps(history), () => {
        if (++pauses === 3) throw stop;
      }),
    ).rejects.toBe(stop);
    expect(pauses).toBe(3);
  });
});
