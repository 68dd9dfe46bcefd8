// The predictive CLV pipeline on the real engine: CDNOW mapped as orders, the summary, both fits, and
// customer_clv written back for SQL (published parameters; totals checked against an independent sum).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { autoCalibrationEnd, fitClv, type ClvFit } from '../../src/analyses/predictive-clv/fit';
import { startEngine } from '../helpers/engine';
import { mapFixture, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';
import decilesSql from '../../src/analyses/predictive-clv/clv_deciles.sql?raw';
import validationSql from '../../src/analyses/predictive-clv/clv_validation.sql?raw';
import customersSql from '../../src/analyses/predictive-clv/clv_customers.sql?raw';
import { conditionalExpectedSpend } from '../../src/models/gamma-gamma';

const cdnow = readFileSync(new URL('../../sample-data/cdnow.csv', import.meta.url), 'utf8');
let engine: EngineSession;
let fit: ClvFit;

beforeAll(async () => {
  engine = await startEngine();
  const header = cdnow.slice(0, cdnow.indexOf('\n')).split(',');
  expect(header).toContain('customer_id');
  await mapFixture(engine, cdnow, {
    kind: 'orders',
    customerId: 'customer_id',
    orderedAt: header.find((h) => /date/.test(h))!,
    amount: header.find((h) => /amount|spend|value/.test(h))!,
    segments: [],
  });
  const outcome = await fitClv(engine, {
    calibrationEnd: '1997-09-30',
    holdout: 'auto',
    holdoutEnd: null,
    timeUnit: 'week',
    horizon: 52,
    margin: 0.3,
    discountRate: 0.1,
  });
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.reason}`);
  fit = outcome;
});

describe('predictive CLV on CDNOW', () => {
  it('fits the published parameters in the holdout check (calibration to 1997-09-30)', () => {
    const check = fit.check!;
    expect(check.customers).toBe(2357);
    expect(check.repeatCustomers).toBe(946);
    const { r, alpha, a, b } = check.bgnbd.params;
    expect(r).toBeCloseTo(0.243, 2);
    expect(alpha).toBeCloseTo(4.414, 1);
    expect(a).toBeCloseTo(0.793, 2);
    expect(b).toBeCloseTo(2.426, 1);
    expect(check.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(check.gammaGamma?.params.p).toBeCloseTo(6.25, 1);
    expect(check.gammaGamma?.customers).toBe(946);
    expect(fit.calibrationEnd).toBe('1997-09-30');
    expect(fit.holdoutLength).toBeCloseTo(39, 6);
    // the values are fitted on all 78 weeks: the same customers, more of them repeat buyers by now
    expect(fit.asOf).toBe('1998-06-30');
    expect(fit.customers).toBe(2357);
    expect(fit.repeatCustomers).toBeGreaterThan(946);
    expect(fit.bgnbd.params.r).not.toBeCloseTo(r, 3);
    expect(fit.excluded.count).toBe(0);
    expect(fit.reused).toBe(false);
  });

  it('writes one row per customer into customer_clv, consistent with the models', async () => {
    const rows = await runSql(engine, customersSql, {});
    expect(rows).toHaveLength(2357);
    const total = rows.reduce((s, r) => s + Number(r.clv), 0);
    expect(total).toBeCloseTo(fit.totalClv, 6);
    // sorted by CLV; a one-time buyer's spend is the population mean p gamma / (q - 1)
    expect(Number(rows[0].clv)).toBeGreaterThanOrEqual(Number(rows[1].clv));
    const once = rows.find((r) => r.frequency === 0)!;
    expect(once.monetary_value).toBeNull();
    expect(Number(once.expected_spend)).toBeCloseTo(
      conditionalExpectedSpend(fit.gammaGamma.params, 0, NaN),
      8,
    );
    // P(alive) of a one-time buyer is 1 in BG/NBD
    expect(Number(once.p_alive)).toBe(1);
    // the holdout totals add up
    const actual = rows.reduce((s, r) => s + Number(r.holdout_purchases), 0);
    const predicted = rows.reduce((s, r) => s + Number(r.predicted_holdout), 0);
    expect(actual).toBe(fit.holdout!.actual);
    expect(predicted).toBeCloseTo(fit.holdout!.predicted, 6);
  });

  it('summarises by decile and validates by calibration frequency in SQL', async () => {
    const deciles = await runSql(engine, decilesSql, {});
    expect(deciles.map((d) => d.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(deciles.reduce((s, d) => s + Number(d.customers), 0)).toBe(2357);
    expect(deciles.reduce((s, d) => s + Number(d.share), 0)).toBeCloseTo(1, 10);
    expect(Number(deciles[0].avg_clv)).toBeGreaterThan(Number(deciles[9].avg_clv));
    const validation = await runSql(engine, validationSql, { max_frequency: 7 });
    expect(validation.map((v) => v.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(validation.reduce((s, v) => s + Number(v.customers), 0)).toBe(2357);
    // the model tracks the holdout: within 0.5 purchases per customer in every group with 20+ customers
    for (const v of validation.filter((v) => Number(v.customers) >= 20)) {
      expect(Math.abs(Number(v.actual) - Number(v.predicted))).toBeLessThan(0.5);
    }
  });

  it('reuses the fits when only the horizon, margin or discount rate changes', async () => {
    const request = {
      calibrationEnd: '1997-09-30',
      holdout: 'auto' as const,
      holdoutEnd: null,
      timeUnit: 'week' as const,
      horizon: 104,
      margin: 0.3,
      discountRate: 0.1,
    };
    const longer = await fitClv(engine, request);
    if (!longer.ok) throw new Error(longer.reason);
    expect(longer.reused).toBe(true);
    expect(longer.bgnbd.params).toEqual(fit.bgnbd.params);
    expect(longer.totalClv).toBeGreaterThan(fit.totalClv * 1.3);
    // a new calibration end fits again
    const other = await fitClv(engine, { ...request, calibrationEnd: '1997-12-31' });
    if (!other.ok) throw new Error(other.reason);
    expect(other.reused).toBe(false);
    expect(other.check!.bgnbd.params.r).not.toBe(fit.check!.bgnbd.params.r);
    // the values do not depend on the check
    expect(other.bgnbd.params).toEqual(fit.bgnbd.params);
    expect(other.totalClv).toBeCloseTo(longer.totalClv, 6);
    // a new check never pushes out the values fit: a horizon change after it reuses both (as in the app:
    // the default check, then a calibration end typed in, then a new horizon)
    const horizonAfter = await fitClv(engine, { ...request, calibrationEnd: '1997-12-31', horizon: 26 });
    if (!horizonAfter.ok) throw new Error(horizonAfter.reason);
    expect(horizonAfter.reused).toBe(true);
    // back to the published split: the table is rewritten with it again
    const again = await fitClv(engine, { ...request, horizon: 52 });
    if (!again.ok) throw new Error(again.reason);
    expect(again.totalClv).toBeCloseTo(fit.totalClv, 6);
    // orders mapped again (the same rows: a new table) are fitted again, never valued with the old fits
    engine.queryRows('CREATE OR REPLACE TABLE orders AS SELECT * FROM orders');
    const remapped = await fitClv(engine, { ...request, horizon: 52 });
    if (!remapped.ok) throw new Error(remapped.reason);
    expect(remapped.reused).toBe(false);
    expect(remapped.totalClv).toBeCloseTo(fit.totalClv, 6);
  });

  it('counts and names the customers the spend model cannot use, and values nobody with them', async () => {
    const other = await startEngine();
    const extra = '99999,x,1997-02-01,1,0.00\n99999,x,1997-03-01,1,0.00\n';
    await mapFixture(other, cdnow + extra, {
      kind: 'orders',
      customerId: 'customer_id',
      orderedAt: 'date',
      amount: 'amount',
      segments: [],
    });
    const outcome = await fitClv(other, {
      calibrationEnd: '1997-09-30',
      holdout: 'auto',
      holdoutEnd: null,
      timeUnit: 'week',
      horizon: 52,
      margin: 0.3,
      discountRate: 0.1,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.customers).toBe(2358);
    expect(outcome.excluded).toEqual({ count: 1, examples: ['99999'] });
    expect(outcome.check?.gammaGamma?.customers).toBe(946);
    const [row] = await runSql(other, "SELECT * FROM customer_clv WHERE customer_id = '99999'", {});
    expect([row.frequency, row.clv, row.expected_spend]).toEqual([1, null, null]);
    expect(Number(row.p_alive)).toBeGreaterThan(0);
  });

  it('makes a holdout check by default on the last third of the data, which can be turned off', async () => {
    const base = {
      calibrationEnd: null,
      holdoutEnd: null,
      timeUnit: 'week' as const,
      horizon: 52,
      margin: 0.3,
      discountRate: 0.1,
    };
    // CDNOW runs 1997-01-01 to 1998-06-30: 545 days, a third is 182: the check calibrates to 1997-12-30
    const auto = await fitClv(engine, { ...base, holdout: 'auto' });
    if (!auto.ok) throw new Error(auto.reason);
    expect(auto.calibrationEnd).toBe('1997-12-30');
    expect(auto.holdoutLength).toBeCloseTo(26, 6);
    expect(auto.check).not.toBeNull();
    expect(auto.holdout!.actual).toBeGreaterThan(0);
    const off = await fitClv(engine, { ...base, holdout: 'off' });
    if (!off.ok) throw new Error(off.reason);
    expect(off.check).toBeNull();
    expect(off.noCheck).toEqual({ reason: 'off', values: {} });
    expect(off.holdout).toBeNull();
    // the values are the same either way
    expect(off.totalClv).toBeCloseTo(auto.totalClv, 6);
    expect(autoCalibrationEnd('2024-01-01', '2024-01-20')).toBeNull();
  });

  it('says why it cannot fit, without numbers', async () => {
    const small = await startEngine();
    await mapFixture(small, 'c,d,a\nA,2024-01-01,5\nB,2024-01-02,6\nA,2024-02-01,7\n', {
      kind: 'orders',
      customerId: 'c',
      orderedAt: 'd',
      amount: 'a',
      segments: [],
    });
    const outcome = await fitClv(small, {
      calibrationEnd: null,
      holdout: 'auto',
      holdoutEnd: null,
      timeUnit: 'week',
      horizon: 52,
      margin: null,
      discountRate: 0.1,
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.stage).toBe('bgnbd');
      expect(outcome.code).toBe('too_few_repeat_customers');
      expect(outcome).not.toHaveProperty('bgnbd');
    }
  });
});
