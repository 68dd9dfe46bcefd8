// What the benchmark runs, taken from the app's own modules (loaded through Vite, so the `?raw` SQL
// imports resolve as they do in the build): the guessed mapping and its canonical SQL, and each analysis
// that reads orders with its default parameters, bound the way src/state/analyses.svelte.ts binds them.
// The browser, native DuckDB and the checks below all use these exact strings and values.
import { readFileSync } from 'node:fs';
import { createServer } from 'vite';

/** The table a CSV called orders.csv becomes in the app (`orders` is kept for the canonical table). */
export const RAW_TABLE = 'orders_raw';

/**
 * @typedef {string | number | boolean | null} ParamValue
 * @typedef {{ id: string, label: string, sql: string, params: ParamValue[], values: Record<string, ParamValue> }} BoundQuery
 * @typedef {{ mapping: object, canonicalSql: string, afterMapping: string[], csvOptionsSql: string, lockStatements: string[],
 *   analyses: BoundQuery[], skipped: { id: string, reason: string }[], paramChange: BoundQuery,
 *   obvious: { raw: string, canonical: string } }} Plan
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
    const [registry, params, mapping, load, lock] = await Promise.all([
      vite.ssrLoadModule('/src/analyses/registry.ts'),
      vite.ssrLoadModule('/src/analyses/params.ts'),
      vite.ssrLoadModule('/src/data/mapping.ts'),
      vite.ssrLoadModule('/src/data/load.ts'),
      vite.ssrLoadModule('/src/engine/lock.ts'),
    ]);
    // Tables the app (re)creates with every orders mapping, next to the canonical one (RFM joins the CLV
    // model's output, empty until a fit): optional, absent before that analysis landed.
    const clvTable = await vite.ssrLoadModule('/src/analyses/clv-table.ts').catch(() => ({}));
    const afterMapping = typeof clvTable.EMPTY_CUSTOMER_CLV === 'string' ? [clvTable.EMPTY_CUSTOMER_CLV] : [];
    return { registry, params, mapping, load, lock, afterMapping, close: () => vite.close() };
  } catch (error) {
    await vite.close();
    throw error;
  }
}

/**
 * The plan for a table of order lines with these columns (as the engine typed them).
 * @param {Awaited<ReturnType<typeof appModules>>} app
 * @param {{ name: string, type: string }[]} columns
 * @returns {Plan}
 */
export function makePlan(app, columns) {
  const { registry, params, mapping: mappingModule, load, lock, afterMapping } = app;
  // What the mapping form proposes for this file; the person leaves refunds out (as the e2e test does).
  const mapping = mappingModule.guessMapping('orders', RAW_TABLE, columns);
  if (!mapping.filter) throw new Error('expected the status column to be proposed as a filter');
  mapping.filter.exclude = ['refunded'];
  const problems = mappingModule.mappingProblems(mapping, columns);
  if (problems.length) throw new Error(`unusable mapping: ${JSON.stringify(problems)}`);

  /** @returns {BoundQuery} */
  const bind = (/** @type {any} */ def, /** @type {Record<string, ParamValue>} */ overrides, label) => {
    // as AnalysesState.#bound: current values, no segment filter, no breakdown column
    const values = { ...registry.defaults(def), segment_value: null, ...overrides };
    const text = params.withSegment(def.sql.orders, null);
    const bound = params.bindNamed(text, values);
    return { id: def.id, label, sql: bound.sql, params: bound.params, values };
  };
  const analyses = [];
  const skipped = [];
  for (const def of registry.ANALYSES) {
    // a model fitted in the worker before the SQL (predictive CLV): its SQL alone reads an empty table
    if (def.fit) skipped.push({ id: def.id, reason: `fits a model first (fit: ${def.fit}), not SQL alone` });
    else if (def.sql.orders) analyses.push(bind(def, {}, def.id));
    else skipped.push({ id: def.id, reason: `no SQL for orders (reads ${Object.keys(def.sql).join(', ')})` });
  }
  const cohorts = registry.analysis('cohorts');
  return {
    mapping,
    canonicalSql: mappingModule.canonicalSql(mapping),
    afterMapping,
    csvOptionsSql: load.csvOptionsSql({ encoding: 'utf-8' }),
    lockStatements: lock.lockStatements(),
    analyses,
    skipped,
    paramChange: bind(cohorts, { grain: 'quarter' }, 'cohorts, grain month -> quarter'),
    obvious: {
      raw: readFileSync(new URL('./sql/cohort_obvious_raw.sql', import.meta.url), 'utf8'),
      canonical: readFileSync(new URL('./sql/cohort_obvious.sql', import.meta.url), 'utf8'),
    },
  };
}
