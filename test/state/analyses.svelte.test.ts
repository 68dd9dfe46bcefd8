// The analyses state on the real engine, through the app's own path (EngineClient -> host -> session, with
// the worker's operations): mapping a loaded file, running, parameters refused by their declaration, the
// newest request winning, drill-downs, a segment the mapping lacks, and recovery after a hard stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { Workspace } from '../../src/state/workspace.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { Recovery } from '../../src/state/recovery.svelte';
import { guessMapping } from '../../src/data/mapping';
import { analysisById } from '../../src/analyses';
import { localEngine } from '../helpers/engine';

// the cohort fixture of test/analyses/cohort.test.ts
const ORDERS = `order_id,customer_id,ordered_at,amount,country
1,A,2024-01-05,10,DE
2,A,2024-02-10,5,DE
3,A,2024-04-01,20,DE
4,B,2024-01-20,30,CN
5,C,2024-02-03,8,CN
6,C,2024-03-15,12,CN
7,D,2024-02-28,4,DE
8,D,2024-02-29,6,DE
9,D,2024-04-30,10,DE
`;

let ran: string[];
let setup: () => Promise<{
  workspace: Workspace;
  analyses: AnalysesState;
  engine: ReturnType<typeof localEngine>['engine'];
}>;
let cleanup: () => void = () => {};

beforeEach(() => {
  ran = [];
  setup = async () => {
    const { engine } = localEngine({
      observe: (op, args) => ran.push(op === 'query' ? (args as { sql: string }).sql : op),
    });
    const workspace = new Workspace(engine);
    const analyses = new AnalysesState(engine);
    new Recovery(engine, workspace, analyses);
    await workspace.addFiles([new File([ORDERS], 'orders.csv')]);
    const table = workspace.tables[0];
    const mapping = guessMapping('orders', table.name, table.columns);
    mapping.segments = ['country'];
    await analyses.applyMapping(mapping, table.columns);
    return { workspace, analyses, engine };
  };
});
afterEach(() => cleanup());

/**
 * The engine with the background's answers held at a gate: `signals` are those of the background's queries
 * (as they arrive), `open()` lets their answers through.
 */
function gateBackground(engine: ReturnType<typeof localEngine>['engine']) {
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const signals: (AbortSignal | undefined)[] = [];
  const gated = new Proxy(engine, {
    get(target, prop) {
      if (prop === 'query')
        return async (sql: string, options?: { lane?: string; signal?: AbortSignal }) => {
          const result = await target.query(sql, options);
          if (options?.lane === 'prefetch') {
            signals.push(options.signal);
            await gate;
          }
          return result;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { gated, signals, open: () => open() };
}

/** Maps the orders fixture with the engine given. */
async function mapOrders(engine: ReturnType<typeof localEngine>['engine']) {
  const workspace = new Workspace(engine);
  const analyses = new AnalysesState(engine);
  await workspace.addFiles([new File([ORDERS], 'orders.csv')]);
  const table = workspace.tables[0];
  await analyses.applyMapping(guessMapping('orders', table.name, table.columns), table.columns);
  return analyses;
}

describe('AnalysesState', () => {
  it('maps a loaded file and runs the first analysis through the engine', async () => {
    const { workspace, analyses } = await setup();
    expect(workspace.tables.map((t) => t.name)).toEqual(['orders_raw']);
    expect(analyses.active.id).toBe('cohorts');
    expect(analyses.result?.source).toBe('orders');
    expect(analyses.result?.presented.charts.map((c) => c.id)).toEqual([
      'cohortHeatmap',
      'cohortCurves',
      'cohortSizes',
    ]);
    // the canonical table exists with the four customers' nine orders
    expect(ran.filter((op) => op === 'mapSource')).toHaveLength(1);
    expect(analyses.reports.orders).toMatchObject({
      rowsIn: 9,
      rowsKept: 9,
      entities: 9,
      customers: 4,
      dropped: [],
    });
  });

  it('shows only the newest result when parameters change faster than the engine answers', async () => {
    const { analyses } = await setup();
    const shown: unknown[] = [];
    cleanup = $effect.root(() => {
      $effect(() => {
        if (analyses.result) shown.push(analyses.result.params.grain);
      });
    });
    flushSync();
    await Promise.all([
      analyses.setParam('grain', 'quarter'),
      analyses.setParam('grain', 'year'),
      analyses.setParam('grain', 'week'),
    ]);
    flushSync();
    expect(analyses.problem).toBeNull();
    expect(analyses.result?.params.grain).toBe('week');
    expect(analyses.running).toBe(false);
    expect(shown).not.toContain('quarter');
    expect(shown).not.toContain('year');
    expect(shown.at(-1)).toBe('week');
  });

  it('redraws parameters seen before, and the declared likely next ones, without the engine until the data changes', async () => {
    const { workspace, analyses } = await setup();
    const queries = () => ran.filter((op) => op !== 'mapSource').length;
    // after the monthly result, the engine makes the other grains' results in the background
    await analyses.settled();
    const monthly = analyses.result!;
    let before = queries();
    await analyses.setParam('grain', 'quarter');
    expect(queries()).toBe(before);
    // the prefetched result is the one a run computes: Q1 2024 holds A, B, C and D (test/analyses/cohort.test.ts)
    const sizes = (t = analyses.result!.table) =>
      t
        .toArray()
        .filter((r) => !r.is_average && r.k === 0n)
        .map((r) => Number(r.cohort_size));
    expect(analyses.result!.params.grain).toBe('quarter');
    expect(sizes()).toEqual([4]);
    await analyses.setParam('grain', 'month');
    // the same result, said to be one computed earlier (its time is that of the computation)
    expect(analyses.result!.table).toBe(monthly.table);
    expect(analyses.result!.ms).toBe(monthly.ms);
    expect(analyses.result!.kept).toBe(true);
    expect(monthly.kept).toBeUndefined();
    expect(queries()).toBe(before);
    // a value never seen runs
    await analyses.setParam('horizon', 2);
    expect(queries()).toBeGreaterThan(before);
    expect(analyses.result!.kept).toBeUndefined();
    // a new mapping of other data: nothing kept is shown again
    await workspace.addFiles([new File([ORDERS.split('\n').slice(0, 5).join('\n')], 'fewer.csv')]);
    const table = workspace.tables.find((t) => t.name.startsWith('fewer'))!;
    await analyses.applyMapping(guessMapping('orders', table.name, table.columns), table.columns);
    await analyses.settled();
    before = queries();
    await analyses.setParam('horizon', 12);
    expect(queries()).toBeGreaterThan(before);
    // A and B only: January's cohort of two
    expect(sizes()).toEqual([2]);
  });

  it('takes the result the background is computing, instead of computing it again', async () => {
    const grains: unknown[] = [];
    const { engine } = localEngine({
      observe: (op, args) => {
        // the grain among a query's values (the cohort query's)
        const { params } = args as { params?: unknown[] };
        if (op === 'query' && params?.includes('quarter')) grains.push('quarter');
      },
    });
    // the background's answers wait at a gate: its quarterly result is still coming when the run asks
    const { gated, signals, open } = gateBackground(engine);
    const analyses = await mapOrders(gated);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(grains.filter((g) => g === 'quarter')).toHaveLength(1);
    const run = analyses.setParam('grain', 'quarter');
    open();
    await run;
    expect(analyses.result?.params.grain).toBe('quarter');
    expect(grains.filter((g) => g === 'quarter')).toHaveLength(1);
  });

  it('stops the background query it took over when the run is cancelled', async () => {
    const { gated, signals, open } = gateBackground(localEngine().engine);
    const analyses = await mapOrders(gated);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    const run = analyses.setParam('grain', 'quarter');
    await vi.waitFor(() => expect(analyses.running).toBe(true));
    expect(signals[0]?.aborted).toBe(false);
    analyses.cancel();
    // the background's query, now the run's, is told to stop; the monthly result stays on screen
    expect(signals[0]?.aborted).toBe(true);
    open();
    await run;
    expect(analyses.cancelled).toBe(true);
    expect(analyses.result?.params.grain).toBe('month');
  });

  it('runs RFM again after a CLV fit (it reads the fitted values)', async () => {
    const { analyses } = await setup();
    const rfm = analysisById('rfm')!;
    await analyses.select(rfm);
    await analyses.select(analysisById('clv')!);
    let before = ran.length;
    await analyses.select(rfm);
    expect(ran.length).toBeGreaterThan(before);
    // without a fit in between, RFM comes back from memory
    await analyses.select(analysisById('gaps')!);
    before = ran.length;
    await analyses.select(rfm);
    expect(ran.length).toBe(before);
  });

  it('refuses a value its parameter declares out of range, says why, and runs nothing', async () => {
    const { analyses } = await setup();
    const before = ran.length;
    await analyses.setParam('horizon', 0);
    expect(analyses.paramProblems.horizon).toMatchObject({ code: 'belowMin', values: { min: 1 } });
    await analyses.setParam('horizon', 2.5);
    expect(analyses.paramProblems.horizon).toMatchObject({ code: 'notAnInteger' });
    expect(analyses.values.horizon).toBe(12);
    expect(ran.length).toBe(before);
    await analyses.setParam('horizon', 3);
    expect(analyses.paramProblems.horizon).toBeUndefined();
    expect(analyses.result?.params.horizon).toBe(3);
  });

  it('lists the customers behind a heatmap cell', async () => {
    const { analyses } = await setup();
    await analyses.setParam('horizon', 3);
    const table = analyses.result!.table;
    const cohorts = table.getChild('cohort')!;
    const ks = table.getChild('k')!;
    const index = Array.from({ length: table.numRows }).findIndex(
      (_, i) => cohorts.get(i) === Date.UTC(2024, 1, 1) && Number(ks.get(i)) === 2,
    );
    await analyses.drillInto('cohortHeatmap', index);
    const drill = analyses.drill!;
    expect(drill.table.toArray().map((r) => r.customer_id)).toEqual(['D']);
    expect(drill.runnable).toContain("'2024-02-01'");
  });

  it('filters on a segment value, and says so when a segment is not in the mapping', async () => {
    const { analyses } = await setup();
    await analyses.setSegment('country', 'CN');
    expect(analyses.segmentValues.sort()).toEqual(['CN', 'DE']);
    const sizes = analyses.result!.table.toArray().filter((r) => !r.is_average && r.k === 0n);
    // CN: B (January) and C (February)
    expect(sizes.map((r) => Number(r.cohort_size))).toEqual([1, 1]);
    await analyses.restore({
      analysis: analysisById('cohorts')!,
      params: {},
      source: 'orders',
      segment: { column: 'region', value: 'EU' },
    });
    expect(analyses.problem).toEqual({ kind: 'segmentNotMapped', column: 'region' });
    expect(analyses.result).toBeNull();
  });

  it('carries an engine error by its kind', async () => {
    const { analyses, engine } = await setup();
    // the canonical table and its summaries gone: the analysis fails with the engine's catalogue error,
    // not a guess
    await engine.query('DROP TABLE orders');
    await engine.query('DROP SCHEMA summaries CASCADE');
    await analyses.setParam('horizon', 4);
    expect(analyses.problem).toMatchObject({ kind: 'engine', error: { kind: 'sql', type: 'Catalog' } });
  });

  it('builds the whole session again after the engine is stopped, and says what came back', async () => {
    const { workspace, analyses, engine } = await setup();
    await analyses.setParam('horizon', 3);
    const before = analyses.result!.table.numRows;
    await engine.userQuery('CREATE TABLE mine AS SELECT 1 AS x');
    await workspace.refresh();
    await engine.hardStop();
    await vi.waitFor(() => expect(workspace.notices.some((n) => n.kind === 'restarted')).toBe(true), {
      timeout: 20_000,
    });
    // the mapping's tables are back before the list is made and the notice given (issue #11, finding 5)
    expect(workspace.tables.map((t) => t.name).sort()).toEqual(['customer_clv', 'orders', 'orders_raw']);
    const notice = workspace.notices.find((n) => n.kind === 'restarted');
    expect(notice).toMatchObject({
      report: {
        files: ['orders_raw'],
        filesLost: [],
        mappings: ['orders'],
        mappingsLost: [],
        fit: false,
        analysis: 'cohorts',
        sqlTables: ['mine'],
      },
    });
    expect(analyses.result!.table.numRows).toBe(before);
    expect(analyses.values.horizon).toBe(3);
  });
});
