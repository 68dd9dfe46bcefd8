// Formula CLV on a hand-computed fixture, on the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { clvFormula } from '../../src/analyses/formula-clv';

const formulaSql = clvFormula.sources.orders!.sql;
import { startEngine } from '../helpers/engine';
import { mapFixture, runSql } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// Data end = 2024-01-01 (midnight after the last order). W = 365 days:
//   last window  [2023-01-01, 2024-01-01), earlier window [2022-01-01, 2023-01-01).
// A (X): 2022-03-01 100, 2023-06-01 50   -> in both windows: active and retained
// B (X): 2022-05-01 30, 2022-09-01 30    -> earlier only: active, lost
// C (Y): 2023-02-01 40                   -> last only: new, not in the churn base
// D (Y): 2022-01-01 80, 2023-12-31 20    -> both (2022-01-01 is the earlier window's first day)
// All: 7 orders, revenue 350, 4 customers; years = (730 days first to last order, inclusive) / 365.25.
//   AOV = 50; frequency = 7 / 4 / (730 / 365.25) = 0.875599; churn = 1 - 2/3 = 1/3; lifespan 3;
//   CLV (margin 0.3) = 50 x 0.875599 x 0.3 x 3 = 39.40195
// X: AOV 210 / 4 = 52.5; frequency 4 / 2 / 1.998631 = 1.000685; churn 1 - 1/2; CLV = 52.5 x 1.000685 x 0.3 x 2
// Y: churn base {D}, retained {D}: churn 0 -> lifespan and CLV NULL
const ORDERS = `id,customer,day,amount,cost,group
1,A,2022-03-01,100,60,X
2,A,2023-06-01,50,30,X
3,B,2022-05-01,30,20,X
4,B,2022-09-01,30,20,X
5,C,2023-02-01,40,10,Y
6,D,2022-01-01,80,40,Y
7,D,2023-12-31,20,10,Y
`;

const years = 730 / 365.25;
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
});

async function mapOrders(withCost: boolean) {
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'id',
    cost: withCost ? 'cost' : undefined,
    segments: ['group'],
  });
}

describe('formula CLV', () => {
  it('multiplies AOV, frequency, margin and lifespan, overall and per segment', async () => {
    await mapOrders(false);
    const rows = await runSql(engine, formulaSql, { margin: 0.3, churn_window_days: 365 }, 'group');
    expect(rows.map((r) => r.segment)).toEqual(['All', 'X', 'Y']);
    const [all, x, y] = rows;
    expect(all.aov).toBeCloseTo(50, 10);
    expect(all.purchase_frequency).toBeCloseTo(7 / 4 / years, 10);
    expect(all.gross_margin).toBe(0.3);
    expect(all.margin_from).toBe('parameter');
    expect([all.churn_base, all.churn_retained]).toEqual([3, 2]);
    expect(all.annual_churn_rate).toBeCloseTo(1 / 3, 10);
    expect(all.expected_lifespan_years).toBeCloseTo(3, 10);
    expect(all.clv).toBeCloseTo(39.40195, 4);
    expect(all.churn_window_complete).toBe(true);
    expect(x.clv).toBeCloseTo(52.5 * (4 / 2 / years) * 0.3 * 2, 8);
    expect(y.annual_churn_rate).toBe(0);
    expect(y.expected_lifespan_years).toBeNull();
    expect(y.clv).toBeNull();
  });

  it('takes the margin from a mapped cost, and annualises a shorter churn window', async () => {
    await mapOrders(true);
    // cost 190 of revenue 350 -> margin 160 / 350
    const [all] = await runSql(engine, formulaSql, { margin: 0.3, churn_window_days: 365 });
    expect(all.gross_margin).toBeCloseTo(160 / 350, 10);
    expect(all.margin_from).toBe('data');
    // W = 180: last window [2023-07-05, 2024-01-01): D; earlier [2023-01-06, 2023-07-05): A, C.
    // retained = 0 of 2 -> churn 1 - 0^(365/180) = 1
    const [short] = await runSql(engine, formulaSql, { margin: 0.3, churn_window_days: 180 });
    expect([short.churn_base, short.churn_retained]).toEqual([2, 0]);
    expect(short.annual_churn_rate).toBe(1);
    // W = 400: the earlier window starts before the first order: flagged incomplete
    const [long] = await runSql(engine, formulaSql, { margin: 0.3, churn_window_days: 400 });
    expect(long.churn_window_complete).toBe(false);
  });
});

describe('factorSql', () => {
  it('cuts out one factor CTE, parentheses and quotes included', async () => {
    const { factorSql } = await import('../../src/analyses/formula-clv/factors');
    const aov = factorSql(formulaSql, 'factor_aov');
    expect(aov.startsWith('factor_aov AS (')).toBe(true);
    expect(aov.endsWith(')')).toBe(true);
    expect(aov).toContain('revenue / orders AS aov');
    expect(aov).not.toContain('factor_frequency');
    expect(factorSql(formulaSql, 'factor_margin')).toContain("'parameter'");
    expect(factorSql("x AS (SELECT ')' AS p, (1) AS q)\ny", 'x')).toBe("x AS (SELECT ')' AS p, (1) AS q)");
    expect(factorSql(formulaSql, 'missing')).toBe('');
  });
});
