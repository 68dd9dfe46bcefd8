// The predictive CLV fit's progress and cancel on the real engine (issue #13 item 4): it reports its stages
// in the order the fit makes them (the summary SQL, BG/NBD, Gamma-Gamma, for the values fit then the
// check's, then the customers' values and customer_clv), a cancel stops it between stages and inside the
// optimiser's loop, and the next fit runs and writes customer_clv.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitClv, type ClvProgress, type ClvRequest } from '../../src/analyses/predictive-clv/fit';
import { EngineFailure, isEngineError } from '../../src/engine/errors';
import { yieldToEventLoop, type EngineSession } from '../../src/engine/session';
import { localEngine, startEngine } from '../helpers/engine';
import { customerLifetimeValues, periodDiscountRate } from '../../src/models/clv';
import { conditionalExpectedPurchases } from '../../src/models/bgnbd';
import { mapFixture } from '../helpers/analysis';

const cdnow = readFileSync(new URL('../../sample-data/cdnow.csv', import.meta.url), 'utf8');
const request: ClvRequest = {
  calibrationEnd: '1997-09-30',
  holdout: 'auto',
  holdoutEnd: null,
  timeUnit: 'week',
  horizon: 52,
  margin: 0.3,
  discountRate: 0.1,
};
type Row = Record<string, unknown>;
const label = (p: ClvProgress) => (p.check ? `${p.stage} (check)` : p.stage);
const customers = (engine: EngineSession) =>
  engine.queryRows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM customer_clv')[0].n;

let session: EngineSession;
beforeAll(async () => {
  session = await startEngine();
  const header = cdnow.slice(0, cdnow.indexOf('\n')).split(',');
  await mapFixture(session, cdnow, {
    kind: 'orders',
    customerId: 'customer_id',
    orderedAt: header.find((h) => /date/.test(h))!,
    amount: header.find((h) => /amount|spend|value/.test(h))!,
    segments: [],
  });
});

describe('the fitClv operation: progress and cancel', () => {
  it('reports its stages in order through the engine, and only the new ones when the fits are reused', async () => {
    const { engine } = localEngine({ session });
    const seen: string[] = [];
    const fit = await engine.call('fitClv', request, { onProgress: (p) => seen.push(label(p)) });
    expect(fit.ok).toBe(true);
    expect(seen).toEqual([
      'summary',
      'bgnbd',
      'gammaGamma',
      'summary (check)',
      'bgnbd (check)',
      'gammaGamma (check)',
      'values',
      'write',
    ]);
    // the time of each stage, which add up to no more than the whole fit
    if (!fit.ok) throw new Error('the CDNOW fit failed');
    expect(Object.keys(fit.stageMs)).toEqual(seen);
    const spent = Object.values(fit.stageMs);
    expect(spent.every((ms) => ms >= 0)).toBe(true);
    expect(spent.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(fit.ms + 1e-6);
    // CDNOW has 2,357 customers (test/analyses/clv-fit.test.ts)
    expect(customers(session)).toBe(2357);
    seen.length = 0;
    const again = await engine.call(
      'fitClv',
      { ...request, horizon: 26 },
      { onProgress: (p) => seen.push(label(p)) },
    );
    expect(again.ok && again.reused).toBe(true);
    expect(seen).toEqual(['summary', 'values', 'write']);
  });

  it('stops at the next stage when cancelled through the client, and the next fit works', async () => {
    session.queryRows('DELETE FROM customer_clv');
    const { engine } = localEngine({ session });
    const abort = new AbortController();
    const seen: string[] = [];
    // a new time unit: nothing cached, every stage runs
    const daily = { ...request, timeUnit: 'day' as const };
    const cancelled = engine.call('fitClv', daily, {
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(label(p));
        if (p.stage === 'gammaGamma') abort.abort();
      },
    });
    const error = await cancelled.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isEngineError(error, 'cancelled')).toBe(true);
    expect(seen).toEqual(['summary', 'bgnbd', 'gammaGamma']);
    // nothing was written
    expect(customers(session)).toBe(0);
    const fit = await engine.call('fitClv', daily);
    expect(fit.ok).toBe(true);
    expect(customers(session)).toBe(2357);
  });

  it('writes customer_clv in the engine, the values the models give per customer in JavaScript, and none when cancelled', async () => {
    const all = () => session.queryRows<Row>('SELECT * FROM customer_clv ORDER BY customer_id');
    const fit = await session.work(() => fitClv(session, request));
    if (!fit.ok) throw new Error('the CDNOW fit failed');
    const rows = all();
    expect(rows).toHaveLength(2357);
    // the models applied one customer at a time (models/), on the summary's rows: the same values
    const summary = session.queryRows<Row>(
      `SELECT customer_id, frequency::DOUBLE AS x, recency, age, monetary_value FROM summaries.clv_values
       ORDER BY customer_id`,
    );
    const num = (v: unknown) => (v == null ? NaN : Number(v));
    const expected = customerLifetimeValues(
      fit.bgnbd.params,
      fit.gammaGamma.params,
      {
        frequency: summary.map((r) => num(r.x)),
        recency: summary.map((r) => num(r.recency)),
        age: summary.map((r) => num(r.age)),
        monetary: summary.map((r) => num(r.monetary_value)),
      },
      {
        horizon: request.horizon,
        margin: fit.margin.value,
        discountRatePerPeriod: periodDiscountRate(0.1, 7),
      },
    );
    rows.forEach((row, i) => {
      expect(row.customer_id).toBe(summary[i].customer_id);
      expect(num(row.p_alive)).toBeCloseTo(expected.probabilityAlive[i], 12);
      expect(num(row.expected_purchases)).toBeCloseTo(expected.expectedPurchases[i], 12);
      expect(num(row.expected_spend)).toBeCloseTo(expected.expectedSpend[i], 9);
      expect(num(row.clv)).toBeCloseTo(expected.clv[i], 9);
    });
    // the check's prediction for the holdout, per customer of the check's summary
    const checked = session.queryRows<Row>(
      `SELECT v.customer_id, c.frequency::DOUBLE AS x, c.recency, c.age FROM summaries.clv_check c
       JOIN summaries.clv_values v USING (customer_key)`,
    );
    expect(checked.length).toBe(fit.check!.customers);
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    for (const c of checked) {
      const want = conditionalExpectedPurchases(
        fit.check!.bgnbd.params,
        fit.holdoutLength,
        num(c.x),
        num(c.recency),
        num(c.age),
      );
      expect(num(byId.get(c.customer_id)!.predicted_holdout)).toBeCloseTo(want, 12);
    }
    expect(rows.filter((r) => r.predicted_holdout == null)).toHaveLength(2357 - checked.length);
    // a cancel once the write has begun: the table is left empty, not half written or from another fit
    let pauses = 0;
    const cancelled = session.work(() =>
      fitClv(
        session,
        { ...request, horizon: 40 },
        {
          checkMs: 0,
          onProgress: (p) => (pauses = p.stage === 'write' ? 0 : -1),
          pause: async () => {
            if (pauses >= 0 && ++pauses === 2) session.cancel();
            await yieldToEventLoop();
          },
        },
      ),
    );
    await expect(cancelled).rejects.toMatchObject({ error: { kind: 'cancelled' } });
    expect(customers(session)).toBe(0);
    await session.work(() => fitClv(session, request));
    expect(all()).toEqual(rows);
  });

  it('stops inside the BG/NBD optimiser, between two evaluations, when a cancel arrives there', async () => {
    session.queryRows('DELETE FROM customer_clv');
    let stage = '';
    let pausesInFit = 0;
    let pausesAfterCancel = 0;
    const outcome = session.work(() =>
      fitClv(
        session,
        // a unit not fitted before: the fits run
        { ...request, timeUnit: 'week', calibrationEnd: '1997-06-30' },
        {
          onProgress: (p) => (stage = label(p)),
          checkMs: 0,
          pause: async () => {
            if (session.cancelRequested) pausesAfterCancel++;
            if (stage === 'bgnbd (check)' && ++pausesInFit === 10) session.cancel();
            await yieldToEventLoop();
          },
        },
      ),
    );
    const error = await outcome.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineFailure);
    expect((error as EngineFailure).error.kind).toBe('cancelled');
    // it stopped in the optimiser: at the pause where the cancel came, not at a later stage
    expect(pausesInFit).toBe(10);
    expect(pausesAfterCancel).toBe(0);
    expect(stage).toBe('bgnbd (check)');
    expect(customers(session)).toBe(0);
    // and the engine session is usable: the same fit runs to its end
    const fit = await session.work(() => fitClv(session, { ...request, calibrationEnd: '1997-06-30' }));
    expect(fit.ok).toBe(true);
    expect(customers(session)).toBe(2357);
  });
});
