// Native DuckDB (@duckdb/node-api) on the same files with the same SQL and bound values as the app: the
// physical limit (threads=1: WebAssembly runs on one thread) and what the machine's cores give (default).
// Loads mirror src/data/load.ts statement by statement (sniff, read into a scratch table with rejects
// kept, count the rejects and the rows, describe, rename); Parquet is read by DuckDB's own reader.
import { DuckDBInstance } from '@duckdb/node-api';
import { RAW_TABLE, SUMMARY_SETUP } from './plan.mjs';
import { median, timeRuns } from './stats.mjs';

/** @param {string} path */
const literal = (path) => `'${path.replaceAll("'", "''")}'`;

/**
 * Column names and types of the CSV as DuckDB's sniffer reads it (what the mapping form sees).
 * @param {string} csv
 * @param {string} optionsSql
 */
export async function describeCsv(csv, optionsSql) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${literal(csv)}${optionsSql})`);
    return reader
      .getRowObjectsJS()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * @param {{ data: import('./data.mjs').BenchData, plan: import('./plan.mjs').Plan, threads: number | null,
 *   runs: number, queryRuns?: number, log: (line: string) => void }} options
 */
export async function runNative({ data, plan, threads, runs, queryRuns = runs, log }) {
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const conn = await instance.connect();
  // The app's settings before its lock (src/engine/lock.ts), minus the directory lock: paths differ here.
  for (const statement of plan.lockStatements) {
    if (/allowed_directories|enable_external_access|lock_configuration/.test(statement)) continue;
    await conn.run(statement);
  }
  // the macros the analyses share, as the app's worker creates them at start (src/analyses/setup.ts)
  for (const statement of plan.setup) await conn.run(statement);
  await conn.run(SUMMARY_SETUP);
  const version = String((await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v);
  const threadCount = Number(
    (await conn.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t,
  );
  /** @type {(sql: string, params?: import('./plan.mjs').ParamValue[]) => Promise<Record<string, unknown>[]>} */
  const rows = async (sql, params) =>
    (await conn.runAndReadAll(sql, params?.length ? params : undefined)).getRowObjectsJS();
  /** @type {Record<string, { runs: number[], median: number, rows?: number }>} */
  const steps = {};
  const record = (id, times, extra = {}) => {
    steps[id] = { runs: times, median: median(times), ...extra };
    log(`  native ${threads ?? 'default'} ${id}: ${median(times).toFixed(0)} ms`);
  };

  const csv = literal(data.csv);
  record(
    'load.csv',
    await timeRuns(runs, {
      before: () => rows(`DROP TABLE IF EXISTS ${RAW_TABLE}`),
      run: async () => {
        await rows(`SELECT * FROM sniff_csv(${csv}${plan.csvOptionsSql})`);
        await rows('DROP TABLE IF EXISTS __tenure_loading');
        await rows('DROP TABLE IF EXISTS temp.tenure_rejects');
        await rows('DROP TABLE IF EXISTS temp.tenure_reject_scans');
        await rows(
          `CREATE TABLE __tenure_loading AS SELECT * FROM read_csv(${csv}${plan.csvOptionsSql},
             store_rejects = true, rejects_table = 'tenure_rejects', rejects_scan = 'tenure_reject_scans')`,
        );
        await rows('SELECT count(*) AS n FROM tenure_rejects');
        await rows('SELECT count(*) AS n FROM __tenure_loading');
        await rows('DESCRIBE __tenure_loading');
        await rows(`DROP TABLE IF EXISTS ${RAW_TABLE}`);
        await rows(`ALTER TABLE __tenure_loading RENAME TO ${RAW_TABLE}`);
      },
    }),
  );
  const columns = (await rows(`DESCRIBE ${RAW_TABLE}`)).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));

  record(
    'load.parquet',
    await timeRuns(runs, {
      before: () => rows('DROP TABLE IF EXISTS orders_parquet'),
      run: async () => {
        await rows('DROP TABLE IF EXISTS __tenure_loading');
        await rows(`CREATE TABLE __tenure_loading AS SELECT * FROM read_parquet(${literal(data.parquet)})`);
        await rows('SELECT count(*) AS n FROM __tenure_loading');
        await rows('DESCRIBE __tenure_loading');
        await rows('ALTER TABLE __tenure_loading RENAME TO orders_parquet');
      },
    }),
  );
  await rows('DROP TABLE IF EXISTS orders_parquet');

  // the mapping: the canonical table, then the summaries the first analyses read (as the app makes them)
  const canonical = [];
  const summarising = [];
  const mapping = await timeRuns(runs, {
    run: async () => {
      let started = performance.now();
      await rows(plan.canonicalSql);
      canonical.push(performance.now() - started);
      started = performance.now();
      for (const summary of plan.summaries) await rows(summary.sql);
      summarising.push(performance.now() - started);
    },
  });
  record('mapping', mapping, { canonicalMs: median(canonical), summariesMs: median(summarising) });
  for (const statement of plan.afterMapping) await rows(statement);
  const made = new Set(plan.summaries.map((s) => s.name));

  /** @type {Record<string, Record<string, unknown>[]>} */
  const results = {};
  for (const query of [...plan.analyses, { ...plan.paramChange, id: 'param.cohorts' }]) {
    const id = query.id.startsWith('param.') ? query.id : `analysis.${query.id}`;
    let last = [];
    const times = await timeRuns(queryRuns, {
      run: async () => {
        // a summary no earlier step made (a new grain): made the first time, as in the app
        for (const summary of query.summaries.filter((s) => !made.has(s.name))) {
          await rows(summary.sql);
          made.add(summary.name);
        }
        last = await rows(query.sql, query.params);
      },
    });
    results[id] = last;
    record(id, times, { rows: last.length });
  }

  // Query design: the obvious formulation of monthly cohort retention, on the canonical table and on the
  // raw lines, against the shipped SQL (analysis.cohorts above).
  for (const [id, sql] of [
    ['obvious.canonical', plan.obvious.canonical],
    ['obvious.raw', plan.obvious.raw],
    ['obvious.period', plan.obvious.period],
  ]) {
    let last = [];
    const times = await timeRuns(runs, { run: async () => (last = await rows(sql)) });
    results[id] = last;
    record(id, times, { rows: last.length });
  }
  const agreement = compareObvious(results['analysis.cohorts'], results['obvious.canonical']);
  const agreementRaw = compareObvious(results['analysis.cohorts'], results['obvious.raw']);
  const agreementPeriod = comparePeriods(results['analysis.period'], results['obvious.period']);
  conn.closeSync();
  instance.closeSync();
  return {
    version,
    threads: threadCount,
    columns,
    steps,
    checks: { obvious: agreement, obviousRaw: agreementRaw, obviousPeriod: agreementPeriod },
    results: summarise(results),
  };
}

/**
 * The obvious formulation must give the same numbers as the shipped SQL on every cell with customers.
 * @param {Record<string, unknown>[]} shipped
 * @param {Record<string, unknown>[]} obvious
 */
function compareObvious(shipped, obvious) {
  const key = (r) => `${String(r.cohort).slice(0, 10)}|${Number(r.k)}`;
  const expected = new Map(
    shipped
      .filter((r) => !r.is_average && Number(r.customers) > 0)
      .map((r) => [key(r), `${Number(r.customers)}|${Number(r.revenue).toFixed(2)}`]),
  );
  let mismatches = 0;
  for (const r of obvious)
    if (expected.get(key(r)) !== `${Number(r.customers)}|${Number(r.revenue).toFixed(2)}`) mismatches++;
  return {
    cells: expected.size,
    obviousCells: obvious.length,
    mismatches,
    same: mismatches === 0 && expected.size === obvious.length,
  };
}

/**
 * Period retention from the customers' order days must count what the range join over every order counted
 * (bench/sql/period_obvious.sql): the same S, E, N, new and reactivated in every period.
 * @param {Record<string, unknown>[]} shipped
 * @param {Record<string, unknown>[]} obvious
 */
function comparePeriods(shipped = [], obvious = []) {
  const line = (r) =>
    [String(r.period).slice(0, 10), ...['S', 'E', 'N', 'new', 'reactivated'].map((k) => Number(r[k]))].join(
      '|',
    );
  const want = new Set(obvious.map(line));
  const mismatches = shipped.filter((r) => !want.has(line(r))).length;
  return {
    cells: shipped.length,
    obviousCells: obvious.length,
    mismatches,
    same: mismatches === 0 && shipped.length === obvious.length,
  };
}

/**
 * A few numbers per result that the other implementations must reproduce.
 * @param {Record<string, Record<string, unknown>[]>} results
 */
export function summarise(results) {
  const out = {};
  for (const [id, rows] of Object.entries(results)) out[id] = fingerprint(id, rows);
  return out;
}

/**
 * @param {string} id
 * @param {Record<string, unknown>[]} rows
 */
export function fingerprint(id, rows) {
  const sum = (column, filter = () => true) =>
    rows.filter(filter).reduce((n, r) => n + Number(r[column] ?? 0), 0);
  if (id === 'analysis.cohorts' || id === 'param.cohorts')
    return {
      rows: rows.length,
      cohortSize: sum('cohort_size', (r) => !r.is_average && Number(r.k) === 0),
      customers: sum('customers', (r) => !r.is_average),
      revenue: Math.round(sum('revenue', (r) => !r.is_average)),
    };
  if (id === 'analysis.period')
    return { rows: rows.length, S: sum('S'), E: sum('E'), retained: sum('retained'), new: sum('new') };
  if (id === 'analysis.repeat') {
    const all = rows.find((r) => r.segment === 'All') ?? {};
    return {
      rows: rows.length,
      customers: Number(all.customers),
      orders: Number(all.orders),
      repeatRate: Number(Number(all.repeat_rate).toFixed(6)),
    };
  }
  return { rows: rows.length };
}
