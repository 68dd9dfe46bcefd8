// Cancelling the run on screen (issue #13 item 4), on the real engine through the app's own path: a cancel
// while the summaries are being made, or while the CLV model is being fitted, ends the run as cancelled
// (not as an error), keeps the file and its mapping, and the next run gives the result.
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/state/workspace.svelte';
import { AnalysesState } from '../../src/state/analyses.svelte';
import { guessMapping } from '../../src/data/mapping';
import { analysisById } from '../../src/analyses';
import type { SummaryProgress } from '../../src/analyses/summaries/build';
import { localEngine } from '../helpers/engine';

// the cohort fixture of test/state/analyses.svelte.test.ts: A and B first buy in January 2024, C and D in
// February
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

/** The app's state on a fresh engine; `onOp` sees each operation as it starts running on the engine. */
async function open(onOp: (op: string, sql: string) => void) {
  const { engine } = localEngine({
    observe: (op, args) => onOp(op, op === 'query' ? (args as { sql: string }).sql : ''),
  });
  const workspace = new Workspace(engine);
  const analyses = new AnalysesState(engine);
  await workspace.addFiles([new File([ORDERS], 'orders.csv')]);
  const table = workspace.tables[0];
  return { workspace, analyses, table, mapping: guessMapping('orders', table.name, table.columns) };
}

const cohortSizes = (analyses: AnalysesState) =>
  analyses
    .result!.table.toArray()
    .filter((r) => !r.is_average && Number(r.k) === 0)
    .map((r) => Number(r.cohort_size));

describe('cancelling the run on screen', () => {
  it('stops the summaries being made, says it was cancelled, keeps the mapping, and runs again', async () => {
    let armed = false;
    let seen: SummaryProgress | null = null;
    let cancelled = 0;
    let analyses: AnalysesState | null = null;
    const app = await open((op, sql) => {
      // the first summary table the run makes: cancel it as the engine starts it
      if (armed && op === 'query' && sql.startsWith('CREATE OR REPLACE TABLE summaries.')) {
        armed = false;
        seen = analyses!.summaryProgress;
        expect(analyses!.running).toBe(true);
        analyses!.cancel();
        cancelled++;
      }
    });
    analyses = app.analyses;
    armed = true;
    await analyses.applyMapping(app.mapping, app.table.columns);
    expect(cancelled).toBe(1);
    // the progress said which summary was being made, the first of those the run needed
    expect(seen).toMatchObject({ done: 0 });
    expect(seen!.total).toBeGreaterThanOrEqual(1);
    expect(analyses.cancelled).toBe(true);
    expect(analyses.problem).toBeNull();
    expect(analyses.result).toBeNull();
    expect(analyses.running).toBe(false);
    expect(analyses.summaryProgress).toBeNull();
    // what was loaded and mapped stays
    expect(app.workspace.tables.map((t) => t.name)).toEqual(['orders_raw']);
    expect(analyses.reports.orders).toMatchObject({ rowsIn: 9, rowsKept: 9, customers: 4 });
    // the next run makes the summaries and gives the result: two monthly cohorts of two customers
    await analyses.run();
    expect(analyses.cancelled).toBe(false);
    expect(analyses.problem).toBeNull();
    expect(analyses.active.id).toBe('cohorts');
    expect(cohortSizes(analyses)).toEqual([2, 2]);
    // a cancel with nothing running does nothing
    analyses.cancel();
    expect(analyses.cancelled).toBe(false);
  });

  it('stops the CLV fit in the engine, says it was cancelled, and runs again', async () => {
    let armed = false;
    let analyses: AnalysesState | null = null;
    let fits = 0;
    const app = await open((op) => {
      if (op !== 'fitClv') return;
      fits++;
      if (!armed) return;
      armed = false;
      analyses!.cancel();
    });
    analyses = app.analyses;
    await analyses.applyMapping(app.mapping, app.table.columns);
    expect(cohortSizes(analyses)).toEqual([2, 2]);
    armed = true;
    await analyses.select(analysisById('clv')!);
    expect(fits).toBe(1);
    expect(analyses.cancelled).toBe(true);
    expect(analyses.problem).toBeNull();
    expect(analyses.fitFailure).toBeNull();
    expect(analyses.fitProgress).toBeNull();
    expect(analyses.running).toBe(false);
    // the next run fits: four customers are too few for the model, which it says (not a cancel)
    await analyses.run();
    expect(fits).toBe(2);
    expect(analyses.cancelled).toBe(false);
    expect(analyses.fitFailure).toMatchObject({ stage: 'bgnbd', reason: 'tooFewRepeat' });
    // and another analysis runs as before
    await analyses.select(analysisById('cohorts')!);
    expect(cohortSizes(analyses)).toEqual([2, 2]);
  });
});
