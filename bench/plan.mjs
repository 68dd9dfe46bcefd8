// What the benchmark runs, taken from the app's own modules (loaded through Vite, so the `?raw` SQL
// imports resolve as they do in the build): the guessed mapping and its canonical SQL, the analyses' setup
// (shared macros), and each analysis that reads orders with its default parameters, bound by the app's own
// path (src/analyses/query.ts, as src/state/analyses.svelte.ts binds them), with the summaries it reads
// (src/analyses/summaries/): those the analyses read with their defaults are made in the mapping step, as
// the app makes them for its first analysis; another (a grain changed) is made by the step that first reads it.
// The browser, native DuckDB and the checks below all use these exact strings and values.
import { readFileSync } from 'node:fs';
import { createServer } from 'vite';

/** The table a CSV called orders.csv becomes in the app (`orders` is kept for the canonical table). */
export const RAW_TABLE = 'orders_raw';

/**
 * @typedef {string | number | boolean | null} ParamValue
 * @typedef {{ name: string, step: object, sql: string }} Summary   a summary table, the app's step that
 *   makes it (for the app's builder, summaries/build.ts) and its statement (for native DuckDB)
 * @typedef {{ id: string, label: string, sql: string, params: ParamValue[], values: Record<string, ParamValue>,
 *   summaries: Summary[] }} BoundQuery
 * @typedef {{ mapping: object, canonicalSql: string, afterMapping: string[], summaries: Summary[],
 *   buildSummaries: (sql: (sql: string) => Promise<Record<string, unknown>[]>, steps: object[]) => Promise<string[]>,
 *   csvOptionsSql: string, lockStatements: string[], setup: string[],
 *   analyses: BoundQuery[], skipped: { id: string, reason: string }[], paramChange: BoundQuery, yearly: BoundQuery,
 *   obvious: { raw: string, canonical: string, period: string } }} Plan
 */

/** Loads the app's modules in Node; `close()` when done. */
export async function appModules() {
  const vite = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const [analyses, query, mapping, load, lock, setup, build] = await Promise.all([
      vite.ssrLoadModule('/src/analyses/index.ts'),
      vite.ssrLoadModule('/src/analyses/query.ts'),
      vite.ssrLoadModule('/src/data/mapping.ts'),
      vite.ssrLoadModule('/src/data/load.ts'),
      vite.ssrLoadModule('/src/engine/lock.ts'),
      vite.ssrLoadModule('/src/analyses/setup.ts'),
      vite.ssrLoadModule('/src/analyses/summaries/build.ts'),
    ]);
    // What the app runs after every orders mapping, next to the canonical table (RFM joins the CLV model's
    // output, emptied until a fit), as each analysis declares it.
    const afterMapping = analyses.ANALYSES.map((a) => a.afterMapping.orders).filter(Boolean);
    return { analyses, query, mapping, load, lock, setup, build, afterMapping, close: () => vite.close() };
  } catch (error) {
    await vite.close();
    throw error;
  }
}

/** The statement that makes a summary, as the app's builder runs it (in SUMMARY_SETUP's schema). */
const summarySql = (/** @type {{ table: string, select: string }} */ s) =>
  `CREATE OR REPLACE TABLE ${s.table} AS\n${s.select}`;

/** Run once on each engine before any summary is made. */
export const SUMMARY_SETUP = 'CREATE SCHEMA IF NOT EXISTS summaries';

/**
 * The plan for a table of order lines with these columns (as the engine typed them).
 * @param {Awaited<ReturnType<typeof appModules>>} app
 * @param {{ name: string, type: string }[]} columns
 * @returns {Plan}
 */
export function makePlan(app, columns) {
  const { analyses: registry, query, mapping: mappingModule, load, lock, setup, build, afterMapping } = app;
  // What the mapping form proposes for this file; the person leaves refunds out (as the e2e test does).
  const mapping = mappingModule.guessMapping('orders', RAW_TABLE, columns);
  if (!mapping.filter) throw new Error('expected the status column to be proposed as a filter');
  mapping.filter.exclude = ['refunded'];
  const problems = mappingModule.mappingProblems(mapping, columns);
  if (problems.length) throw new Error(`unusable mapping: ${JSON.stringify(problems)}`);

  /** @returns {BoundQuery} */
  const bind = (/** @type {any} */ def, /** @type {Record<string, ParamValue>} */ overrides, label) => {
    // as AnalysesState.run: current values, no segment filter, no breakdown column
    const bound = query.analysisQuery(def, 'orders', { ...def.defaults(), ...overrides });
    const summaries = bound.summaries.map((s) => ({ name: s.name, step: s, sql: summarySql(s) }));
    return { id: def.id, label, sql: bound.sql, params: bound.params, values: bound.values, summaries };
  };
  const analyses = [];
  const skipped = [];
  for (const def of registry.ANALYSES) {
    // a model fitted in the worker before the SQL (predictive CLV): its SQL alone reads an empty table
    if (def.model) skipped.push({ id: def.id, reason: 'fits a model first, not SQL alone' });
    else if (def.sources.orders) analyses.push(bind(def, {}, def.id));
    else
      skipped.push({
        id: def.id,
        reason: `no SQL for orders (reads ${Object.keys(def.sources).join(', ')})`,
      });
  }
  const cohorts = registry.analysisById('cohorts');
  // what the first analyses read, made once after the mapping (the mapping step includes them)
  const summaries = [];
  for (const s of analyses.flatMap((a) => a.summaries))
    if (!summaries.some((known) => known.name === s.name)) summaries.push(s);
  return {
    mapping,
    canonicalSql: mappingModule.canonicalSql(mapping, columns),
    afterMapping,
    summaries,
    buildSummaries: build.buildSummaries,
    csvOptionsSql: load.csvOptionsSql({ encoding: 'utf-8' }),
    lockStatements: lock.lockStatements(),
    setup: [...setup.ANALYSIS_SETUP],
    analyses,
    skipped,
    paramChange: bind(cohorts, { grain: 'quarter' }, 'cohorts, grain month -> quarter'),
    // what the UI step's yearly heatmap should show (its cell count)
    yearly: bind(cohorts, { grain: 'year' }, 'cohorts, grain year'),
    obvious: {
      raw: readFileSync(new URL('./sql/cohort_obvious_raw.sql', import.meta.url), 'utf8'),
      canonical: readFileSync(new URL('./sql/cohort_obvious.sql', import.meta.url), 'utf8'),
      period: readFileSync(new URL('./sql/period_obvious.sql', import.meta.url), 'utf8'),
    },
  };
}
