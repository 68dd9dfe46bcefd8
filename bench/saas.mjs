// The SaaS benchmark (issue 12): revenue retention, churn reasons, the cancel funnel and NPS, and the other
// analyses that read subscriptions, on 100,000 synthetic SaaS customers (subscriptions, their NPS survey
// and their cancellation flows from scripts/generate-samples.mjs), through the app in headless Chromium
// against native DuckDB on one thread, with the same SQL and bound values.
//
//   node bench/saas.mjs [--customers N] [--runs N] [--dist DIR] [--out FILE]
//
// --customers N  SaaS customers (default 100,000)
// --runs N       runs per step, the table shows the median (default 3)
// --dist DIR     benchmark this build (default: build the site into bench/data/dist)
// --out FILE     the results as Markdown (default bench/SAAS.md) and JSON beside it
//
// Each analysis step is what the app runs when the analysis is opened: its main query, then its views, one
// after the other, with the default parameters (revenue retention with `EUR 1.08` as the exchange rate);
// the mapping step is the mapping statements of the three files. Tenure's times are taken in the page, so
// they include the worker round trip and the decoding of the results.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { DuckDBInstance } from '@duckdb/node-api';
import { launchBrowser } from '../test/e2e/harness.mjs';
import { appModules } from './plan.mjs';
import { startBenchServer } from './server.mjs';
import { median } from './stats.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const log = (line) => console.error(line);
const GENERATOR = 'scripts/generate-samples.mjs';
const FILES = { subscriptions: 'subscriptions.csv', survey: 'nps.csv', cancellations: 'cancellations.csv' };
const VALUES = { revenue: { rates: 'EUR 1.08' } };

function parseArgs(args) {
  const options = { customers: 100_000, runs: 3, dist: null, out: 'bench/SAAS.md' };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === '--customers') options.customers = Number(value);
    else if (args[i] === '--runs') options.runs = Number(value);
    else if (args[i] === '--dist') options.dist = value;
    else if (args[i] === '--out') options.out = value;
    else throw new Error(`unknown argument ${args[i]}`);
    i++;
  }
  return options;
}

/** The three files for `customers` customers, generated once per size, seed and generator. */
function ensureSaas(customers) {
  const hash = createHash('sha256').update(readFileSync(GENERATOR)).digest('hex').slice(0, 12);
  const dir = join('bench/data', `saas-${customers}-seed-42-${hash}`);
  if (!existsSync(join(dir, FILES.cancellations))) {
    log(`generating ${customers.toLocaleString('en')} SaaS customers into ${dir}`);
    for (const only of ['subscriptions', 'nps', 'cancellations'])
      execFileSync(
        process.execPath,
        [GENERATOR, '--only', only, '--customers', String(customers), '--out', dir],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
  }
  return Object.fromEntries(Object.entries(FILES).map(([kind, name]) => [kind, join(dir, name)]));
}

/** The plan: per kind its raw table, guessed mapping and mapping statements; per analysis its queries. */
async function makePlan(app, paths) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const csvOptions = app.load.csvOptionsSql({ encoding: 'utf-8' });
  const kinds = {};
  for (const [kind, path] of Object.entries(paths)) {
    const columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_csv('${path}'${csvOptions})`))
      .getRowObjectsJS()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    // the table a file of this name becomes in the app (the kinds' own names are kept for canonical tables)
    const table = `${FILES[kind].replace('.csv', '')}${FILES[kind].replace('.csv', '') === kind ? '_raw' : ''}`;
    const mapping = app.mapping.guessMapping(kind, table, columns);
    const problems = app.mapping.mappingProblems(mapping, columns);
    if (problems.length) throw new Error(`${kind}: unusable mapping ${JSON.stringify(problems)}`);
    kinds[kind] = {
      path,
      table,
      columns,
      mapping,
      statements: app.mapping.mappingStatements(mapping, columns),
    };
  }
  conn.closeSync();
  instance.closeSync();
  const analyses = [];
  for (const def of app.analyses.ANALYSES) {
    for (const source of Object.keys(def.sources)) {
      if (!kinds[source]) continue;
      const values = { ...def.defaults(), ...(VALUES[def.id] ?? {}) };
      const main = app.query.analysisQuery(def, source, values);
      const views = def.views.map((v) => app.query.bindQuery(app.query.viewSql(v, source), values));
      analyses.push({
        id: Object.keys(def.sources).length > 1 ? `${def.id} (${source})` : def.id,
        queries: [main, ...views].map((q) => ({ sql: q.sql, params: q.params })),
      });
    }
  }
  return { csvOptions, kinds, analyses };
}

/** Native DuckDB, one thread, the app's settings (minus the directory lock) and macros. */
async function runNative(app, plan, runs) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  for (const statement of app.lock.lockStatements()) {
    if (/allowed_directories|enable_external_access|lock_configuration/.test(statement)) continue;
    await conn.run(statement);
  }
  for (const statement of app.setup.ANALYSIS_SETUP) await conn.run(statement);
  const version = String((await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v);
  const plain = (value) =>
    typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : value;
  const rows = async (sql, params) =>
    (await conn.runAndReadAll(sql, params?.length ? params : undefined))
      .getRowObjectsJS()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  const steps = {};
  const fingerprints = {};
  const time = async (id, work) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    steps[id] = median(times);
    log(`  native 1 thread ${id}: ${steps[id].toFixed(0)} ms`);
  };
  await time('load (3 CSV files)', async () => {
    for (const k of Object.values(plan.kinds))
      await rows(
        `CREATE OR REPLACE TABLE ${k.table} AS SELECT * FROM read_csv('${k.path}'${plan.csvOptions})`,
      );
  });
  await time('mapping (3 kinds)', async () => {
    for (const k of Object.values(plan.kinds)) for (const s of k.statements) await rows(s);
  });
  for (const a of plan.analyses) {
    let last = [];
    await time(a.id, async () => {
      last = [];
      for (const q of a.queries) last.push(await rows(q.sql, q.params));
    });
    fingerprints[a.id] = fingerprint(last);
  }
  conn.closeSync();
  instance.closeSync();
  return { version, steps, fingerprints };
}

/** Rows of each result and the sum of its numbers, rounded: the same when the engines computed the same. */
function fingerprint(results) {
  return results.map((rows) => {
    let sum = 0;
    for (const row of rows)
      for (const v of Object.values(row))
        if (typeof v === 'number' || typeof v === 'bigint') sum += Number(v);
    return `${rows.length}:${sum.toPrecision(8)}`;
  });
}

/** Tenure: the built site in Chromium, through `window.tenure.engine` (the app's client and worker). */
async function runTenure(plan, runs, dist) {
  const server = await startBenchServer(dist);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="engine-status"].status-ready', { timeout: 60_000 });
    const chromium = browser.version();
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.hidden = true;
      input.id = 'bench-files';
      document.body.append(input);
    });
    const kinds = Object.values(plan.kinds);
    await page.setInputFiles(
      '#bench-files',
      kinds.map((k) => k.path),
    );
    const steps = {};
    const fingerprints = {};
    /** Runs the queries one after the other in the page; their time there, and their rows when asked. */
    const queries = (list, withRows) =>
      page.evaluate(
        async ({ list, withRows }) => {
          const w = /** @type {any} */ (window);
          const started = performance.now();
          const tables = [];
          for (const q of list) tables.push((await w.tenure.engine.query(q.sql, { params: q.params })).table);
          const ms = performance.now() - started;
          const plain = (value) =>
            typeof value === 'bigint' ? Number(value) : value instanceof Date ? value.getTime() : value;
          const rows = withRows
            ? tables.map((t) =>
                t
                  .toArray()
                  .map((r) => Object.fromEntries(Object.entries(r.toJSON()).map(([k, v]) => [k, plain(v)]))),
              )
            : null;
          return { ms, rows };
        },
        { list, withRows },
      );
    const time = async (id, work) => {
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await work(i));
      steps[id] = median(times);
      log(`  tenure ${id}: ${steps[id].toFixed(0)} ms`);
    };
    await time('load (3 CSV files)', async (run) => {
      const loaded = await page.evaluate(async (run) => {
        const w = /** @type {any} */ (window);
        const files = /** @type {HTMLInputElement} */ (document.getElementById('bench-files')).files;
        if (run > 0)
          for (const file of files)
            await w.tenure.engine.dropTable(
              file.name.replace('.csv', '') === 'nps' ? 'nps' : `${file.name.replace('.csv', '')}_raw`,
            );
        const started = performance.now();
        const names = [];
        for (const file of files) {
          const outcome = await w.tenure.engine.loadFile(file);
          if (!outcome.ok) throw new Error(`load failed: ${outcome.code}`);
          names.push(outcome.table.name);
        }
        return { ms: performance.now() - started, names };
      }, run);
      if (JSON.stringify(loaded.names) !== JSON.stringify(kinds.map((k) => k.table)))
        throw new Error(
          `the files became ${loaded.names.join(', ')}, the plan reads ${kinds.map((k) => k.table).join(', ')}`,
        );
      return loaded.ms;
    });
    await time('mapping (3 kinds)', async () => {
      const statements = kinds.flatMap((k) => k.statements.map((sql) => ({ sql, params: [] })));
      return (await queries(statements, false)).ms;
    });
    for (const a of plan.analyses) {
      await time(a.id, async (run) => {
        const result = await queries(a.queries, run === runs - 1);
        if (result.rows) fingerprints[a.id] = fingerprint(result.rows);
        return result.ms;
      });
    }
    await context.close();
    return { chromium, steps, fingerprints };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const paths = ensureSaas(options.customers);
  let dist = options.dist;
  if (!dist) {
    dist = 'bench/data/dist';
    log(`building the site into ${dist}`);
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const app = await appModules();
  try {
    const plan = await makePlan(app, paths);
    const rowsOf = (kind) =>
      Number(execFileSync('wc', ['-l', paths[kind]]).toString().trim().split(' ')[0]) - 1;
    const loadStart = os.loadavg();
    log(`\n== SaaS: ${options.customers.toLocaleString('en')} customers, ${options.runs} run(s) per step`);
    const native = await runNative(app, plan, options.runs);
    const tenure = await runTenure(plan, options.runs, dist);
    const problems = Object.keys(native.fingerprints).filter(
      (id) => JSON.stringify(native.fingerprints[id]) !== JSON.stringify(tenure.fingerprints[id]),
    );
    const report = {
      date: new Date().toISOString(),
      customers: options.customers,
      rows: {
        subscriptions: rowsOf('subscriptions'),
        survey: rowsOf('survey'),
        cancellations: rowsOf('cancellations'),
      },
      runs: options.runs,
      machine: {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        chromium: tenure.chromium,
        duckdbNative: native.version,
      },
      loadAverage: { start: loadStart, end: os.loadavg() },
      steps: Object.keys(native.steps).map((id) => ({
        step: id,
        tenureMs: tenure.steps[id] ?? null,
        nativeMs: native.steps[id],
        agree: !problems.includes(id),
      })),
      problems,
    };
    const table = [
      '| step | Tenure (ms) | native DuckDB, 1 thread (ms) | ratio | same results |',
      '| --- | ---: | ---: | ---: | --- |',
      ...report.steps.map(
        (s) =>
          `| ${s.step} | ${s.tenureMs?.toFixed(0) ?? '—'} | ${s.nativeMs.toFixed(0)} | ${s.tenureMs ? (s.tenureMs / s.nativeMs).toFixed(2) : '—'} | ${s.step.startsWith('load') || s.step.startsWith('mapping') ? '' : s.agree ? 'yes' : '**no**'} |`,
      ),
    ].join('\n');
    const markdownText = `# SaaS benchmark: ${options.customers.toLocaleString('en')} customers

Generated by \`node bench/saas.mjs\` on ${report.date.slice(0, 10)} (${report.machine.cpu}, ${report.machine.cores} cores;
load average ${loadStart.map((x) => x.toFixed(2)).join(' / ')} at the start, ${report.loadAverage.end.map((x) => x.toFixed(2)).join(' / ')} at the end).
Data: ${report.rows.subscriptions.toLocaleString('en')} subscription rows, ${report.rows.survey.toLocaleString('en')} NPS answers,
${report.rows.cancellations.toLocaleString('en')} cancellation flows (\`scripts/generate-samples.mjs --customers ${options.customers}\`, seed 42).
Median of ${options.runs} runs per step. Tenure: ${report.machine.chromium}, DuckDB-WASM; native: DuckDB ${report.machine.duckdbNative}.

${table}

An analysis step is its main query and its views, as the app runs them when the analysis is opened.
"Same results": the row counts and the sums of every number of each result agree between the engines.
`;
    const config = (await prettier.resolveConfig(options.out)) ?? {};
    writeFileSync(options.out, await prettier.format(markdownText, { ...config, filepath: options.out }));
    writeFileSync(options.out.replace(/\.md$/, '.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(table);
    if (problems.length) {
      console.error(`results differ: ${problems.join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
}

await main();
