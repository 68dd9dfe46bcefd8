// SQL a person runs (the workspace, a link) cannot change what the built-in analyses compute (issue #11,
// finding 4): it runs on a connection of its own, in a database of its own, and any write to the app's
// database is refused. The poisons of the issue (a macro named like a built-in, a temporary table named
// like a canonical one, a search path, pragmas, a NUL byte), then the analysis: the same hand-computed
// numbers as before.
import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { cohorts } from '../../src/analyses/cohorts';
import { EngineFailure, type EngineError } from '../../src/engine/errors';
import type { EngineSession } from '../../src/engine/session';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, runSql } from '../helpers/analysis';

// A: Jan 5, Feb 10, Apr 1 -> cohort Jan, active k = 0, 1, 3; B: Jan 20 -> cohort Jan, k = 0
// C: Feb 3, Mar 15 -> cohort Feb, k = 0, 1; D: Feb 28, Feb 29, Apr 30 -> cohort Feb, k = 0, 2
const ORDERS = `order_id,customer,day,amount
1,A,2024-01-05,10
2,A,2024-02-10,5
3,A,2024-04-01,20
4,B,2024-01-20,30
5,C,2024-02-03,8
6,C,2024-03-15,12
7,D,2024-02-28,4
8,D,2024-02-29,6
9,D,2024-04-30,10
`;
const params = { grain: 'month', week_start: 'monday', horizon: 3, rule: 'on', segment_value: null };

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, ORDERS, {
    kind: 'orders',
    customerId: 'customer',
    orderedAt: 'day',
    amount: 'amount',
    orderId: 'order_id',
    segments: [],
  });
});

/** Customers per cohort and k, as the cohort analysis computes them on the app's connection. */
async function cohortCounts() {
  const rows = await runSql(engine, cohorts.sources.orders!.sql, params);
  const at = (cohort: string, k: number) =>
    rows.find((r) => isoDate(r.cohort) === cohort && r.k === k && r.is_average === false)?.customers;
  return {
    jan: [0, 1, 2, 3].map((k) => at('2024-01-01', k)),
    feb: [0, 1, 2, 3].map((k) => at('2024-02-01', k)),
  };
}

const HAND_COMPUTED = { jan: [2, 1, 0, 1], feb: [2, 1, 1, undefined] };

async function refusal(sql: string): Promise<EngineError | 'ran'> {
  try {
    await engine.runUser(sql);
    return 'ran';
  } catch (error) {
    if (error instanceof EngineFailure) return error.error;
    throw error;
  }
}

describe('user SQL and the analyses', () => {
  it('leaves the analyses alone after the poisons of issue #11', async () => {
    expect(await cohortCounts()).toEqual(HAND_COMPUTED);
    // what the user's SQL does is real on its own connection...
    await engine.runUser('CREATE OR REPLACE MACRO datediff(part, a, b) AS 0');
    await engine.runUser("CREATE OR REPLACE MACRO tenure_period_start(g, w, ts) AS DATE '1970-01-01'");
    await engine.runUser('CREATE TEMP TABLE orders AS SELECT * FROM orders WHERE false');
    await engine.runUser("SET search_path = 'memory.main'");
    const own = await engine.runUser(
      "SELECT datediff('day', DATE '2024-01-01', DATE '2024-02-01') AS d, (SELECT count(*) FROM orders) AS n",
    );
    expect(tableFromIPC(own.ipc).toArray()[0].toJSON()).toEqual({ d: 0, n: 0n });
    // ...and changes nothing the analyses compute
    expect(await cohortCounts()).toEqual(HAND_COMPUTED);
    await engine.runUser(
      "DROP TABLE temp.orders; DROP MACRO datediff; DROP MACRO tenure_period_start; SET search_path = 'memory.main,tenure.main'",
    );
  });

  it('refuses pragmas that change settings, and runs the ones that read', async () => {
    expect(await refusal('PRAGMA disable_optimizer')).toEqual({
      kind: 'refused',
      reason: 'pragma',
      detail: 'disable_optimizer',
    });
    expect(await refusal('SELECT 1; pragma enable_profiling')).toMatchObject({ reason: 'pragma' });
    expect(await refusal("PRAGMA table_info('orders')")).toBe('ran');
  });

  it('refuses a NUL byte instead of running the text before it', async () => {
    expect(await refusal('SELECT 1;\u0000 CREATE OR REPLACE MACRO datediff(a, b, c) AS 0')).toEqual({
      kind: 'refused',
      reason: 'nul',
      detail: '',
    });
  });

  it.each([
    ['DELETE FROM orders'],
    ['UPDATE orders SET amount = 0'],
    ['INSERT INTO tenure.orders SELECT * FROM tenure.orders'],
    ['DROP TABLE tenure.orders'],
    ['ALTER TABLE tenure.orders RENAME TO gone'],
    ['CREATE OR REPLACE TABLE tenure.orders AS SELECT 1 AS x'],
    ['CREATE OR REPLACE MACRO tenure.tenure_period_start(g, w, ts) AS NULL'],
    ['CREATE OR REPLACE MACRO tenure.datediff(a, b, c) AS 0'],
    ['USE tenure; CREATE TABLE orders2 AS SELECT 1'],
    ["SET schema = 'tenure'; CREATE OR REPLACE TABLE orders AS SELECT 1 AS x"],
  ])('rolls back a write to the app database: %s', async (sql) => {
    expect(await refusal(sql)).toEqual({ kind: 'refused', reason: 'appTables', detail: 'tenure' });
    expect(await cohortCounts()).toEqual(HAND_COMPUTED);
    await engine.runUser("USE memory; SET search_path = 'memory.main,tenure.main'");
  });

  it.each([
    ['DETACH tenure', 'detach'],
    ['COMMIT', 'transaction'],
    ['SELECT 1; ROLLBACK; DELETE FROM tenure.orders', 'transaction'],
    ['PREPARE p AS COMMIT', 'transaction'],
  ])('refuses %s before running anything', async (sql, reason) => {
    expect(await refusal(sql)).toMatchObject({ kind: 'refused', reason });
    expect(await cohortCounts()).toEqual(HAND_COMPUTED);
  });

  it('rolls back a table the user names like one of the app (the whole run)', async () => {
    expect(
      await refusal('CREATE TABLE mine AS SELECT 1 AS x; CREATE TABLE customer_clv AS SELECT 1 AS x'),
    ).toEqual({
      kind: 'refused',
      reason: 'appName',
      detail: 'customer_clv',
    });
    expect(engine.listTables().map((t) => t.name)).not.toContain('mine');
  });

  it('keeps what the user makes in the user database, listed as made in SQL', async () => {
    await engine.runUser('CREATE TABLE clean AS SELECT * FROM orders WHERE amount > 5');
    const listed = engine.listTables();
    expect(listed.find((t) => t.name === 'clean')).toMatchObject({ origin: 'user', rows: 7, view: false });
    expect(listed.find((t) => t.name === 'orders')).toMatchObject({ origin: 'app', rows: 9 });
    // amounts 10, 20, 30, 8, 12, 6, 10 are above 5; the app reads a table made in SQL (to map it)
    const [{ n }] = engine.queryRows<{ n: bigint }>('SELECT count(*) AS n FROM clean');
    expect(n).toBe(7n);
  });
});
