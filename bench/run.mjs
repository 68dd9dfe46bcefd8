// `npm run bench` (issue 6): Tenure in headless Chromium against native DuckDB (1 thread and the default)
// and Arquero, on the same generated order lines. See bench/README.md for what each step measures.
//
//   node bench/run.mjs [--quick] [--runs N] [--large] [--lines N] [--dist DIR] [--out DIR] [--skip LIST] [--keep]
//   node bench/run.mjs --smoke          tiny data, one run of everything, results under bench/data/smoke
//
// --quick      one run per step instead of three
// --runs N     N runs per step (the table shows each step's median); analyses at least 5 when N > 1
// --large      also 10M order lines (one run per step unless --runs; or TENURE_BENCH_LARGE=1)
// --lines N    the size of the main data set (default 1,000,000 order lines)
// --dist DIR   benchmark this build instead of building the site into bench/data/dist
// --out DIR    where results.json and RESULTS.md go (default bench/)
// --skip LIST  comma-separated parts to leave out: browser, ui, native, arquero
// --keep       keep the sizes of the existing results.json that this run does not measure
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { ensureData, mb } from './data.mjs';
import { appModules, makePlan } from './plan.mjs';
import { describeCsv, runNative, summarise } from './native.mjs';
import { runTenure } from './browser.mjs';
import { buildReport, consoleTable, markdown } from './report.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const USAGE = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('//   ') || line.startsWith('// --'))
  .map((line) => line.slice(3))
  .join('\n');

function parseArgs(args) {
  const options = {
    runs: 3,
    runsGiven: false,
    large: process.env.TENURE_BENCH_LARGE === '1',
    smoke: false,
    lines: 1_000_000,
    dist: null,
    out: 'bench',
    skip: new Set(),
    keep: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v == null || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') options.runs = 1;
    else if (arg === '--large') options.large = true;
    else if (arg === '--smoke') options.smoke = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--runs') {
      options.runs = Number(value());
      options.runsGiven = true;
    } else if (arg === '--lines') options.lines = Number(value());
    else if (arg === '--dist') options.dist = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--skip') for (const part of value().split(',')) options.skip.add(part.trim());
    else if (arg === '--help' || arg === '-h') return null;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs takes a positive integer');
  if (!Number.isInteger(options.lines) || options.lines < 100)
    throw new Error('--lines takes an integer >= 100');
  if (options.smoke) {
    Object.assign(options, { runs: 1, large: false, lines: 5_000 });
    if (options.out === 'bench') options.out = 'bench/data/smoke';
  }
  return options;
}

const log = (line) => console.error(line);

/** The site as built now, unless --dist names a build. */
function site(options) {
  if (options.dist) return options.dist;
  const dist = 'bench/data/dist';
  log(`building the site into ${dist}`);
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return dist;
}

/** Arquero in its own process (its heap is the JS heap: give it room). */
function runArquero(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=12288', 'bench/arquero.mjs', JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`arquero exited with ${code ?? signal}`)),
    );
  });
}

/** Everything for one data size. */
/** Runs of each analysis and of the parameter change: at least 5 when steps run more than once. */
export const queryRunsFor = (/** @type {number} */ runs) => (runs > 1 ? Math.max(runs, 5) : runs);

async function benchSize({ lines, runs, options, dist, app, label }) {
  log(`\n== ${label}: ${lines.toLocaleString('en')} order lines, ${runs} run(s) per step`);
  const data = await ensureData({ lines, log });
  log(
    `data: ${data.lines.toLocaleString('en')} lines, CSV ${mb(data.csvBytes)}, Parquet ${mb(data.parquetBytes)}`,
  );
  const columns = await describeCsv(data.csv, app.load.csvOptionsSql({ encoding: 'utf-8' }));
  const plan = makePlan(app, columns);
  // other work on the machine shows up in the times: 1, 5 and 15 minute load averages
  const measured = { date: new Date().toISOString(), loadAverage: { start: os.loadavg(), end: null } };
  // the analyses and the parameter change are short and move most from run to run: more runs of them
  const queryRuns = queryRunsFor(runs);
  const section = { label, data, plan: publicPlan(plan), runs, queryRuns, measured, errors: [] };
  const large = lines > 2_000_000;

  if (!options.skip.has('native')) {
    section.native1 = await runNative({ data, plan, threads: 1, runs, queryRuns, log });
    section.nativeDefault = await runNative({ data, plan, threads: null, runs, queryRuns, log });
  }
  if (!options.skip.has('browser')) {
    section.tenure = await runTenure({
      data,
      plan,
      runs,
      queryRuns,
      dist,
      log,
      timeout: large ? 20 * 60_000 : 5 * 60_000,
      ui: !options.skip.has('ui'),
    });
    section.tenure.fingerprints = summarise(
      Object.fromEntries(Object.entries(section.tenure.results).filter(([, rows]) => rows)),
    );
    delete section.tenure.results;
    if (JSON.stringify(section.tenure.columns) !== JSON.stringify(columns))
      section.errors.push('the app typed the CSV columns differently from native DuckDB');
  }
  if (options.skip.has('arquero')) {
    // left out on request
  } else if (data.csvBytes > 500e6) {
    section.arquero = {
      skipped:
        `the ${mb(data.csvBytes)} CSV is longer than the longest string V8 can hold (about 512 MB), ` +
        'and Arquero parses CSV from one string',
    };
  } else {
    const cohorts = plan.analyses.find((a) => a.id === 'cohorts')?.values;
    const period = plan.analyses.find((a) => a.id === 'period')?.values;
    section.arquero = await runArquero({
      csv: data.csv,
      parquet: data.parquet,
      runs,
      cohorts: { grain: cohorts?.grain ?? 'month', horizon: Number(cohorts?.horizon ?? 12) },
      period: { grain: period?.grain ?? 'month', windowDays: Number(period?.window_days ?? 90) },
    }).catch((error) => ({ skipped: `failed: ${error.message}` }));
  }
  measured.loadAverage.end = os.loadavg();
  return section;
}

/** The plan without the long SQL texts (they are in the repository), for results.json. */
function publicPlan(plan) {
  return {
    mapping: plan.mapping,
    analyses: plan.analyses.map((a) => ({ id: a.id, values: a.values })),
    skipped: plan.skipped,
    paramChange: plan.paramChange.values,
  };
}

function machine(sections) {
  const cpus = os.cpus();
  const osRelease = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.release();
    } catch {
      return os.release();
    }
  })();
  const pkg = (name) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
  const first = sections.find((s) => s.tenure) ?? {};
  const native = sections.find((s) => s.native1)?.native1;
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    os: osRelease,
    node: process.version,
    chromium: first.tenure?.chromium ?? null,
    duckdbWasm: `${pkg('@duckdb/duckdb-wasm')}`,
    duckdbNative: `${pkg('@duckdb/node-api')} (DuckDB ${native?.version ?? '?'})`,
    arquero: pkg('arquero'),
  };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const dist = options.skip.has('browser') ? null : site(options);
  const app = await appModules();
  const sections = [];
  try {
    const label = options.smoke ? 'smoke' : `${options.lines / 1e6}M`;
    sections.push(await benchSize({ lines: options.lines, runs: options.runs, options, dist, app, label }));
    if (options.large) {
      const runs = options.runsGiven ? options.runs : 1;
      sections.push(await benchSize({ lines: 10_000_000, runs, options, dist, app, label: '10M' }));
    }
  } finally {
    await app.close();
  }
  const report = {
    date: new Date().toISOString(),
    command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    seconds: Math.round((performance.now() - started) / 1000),
    machine: machine(sections),
    sizes: sections.map(buildReport),
  };
  mkdirSync(options.out, { recursive: true });
  if (options.keep) {
    // the sizes measured earlier and not now (a --large run takes long) stay, with their own dates
    try {
      const earlier = JSON.parse(readFileSync(join(options.out, 'results.json'), 'utf8'));
      const now = new Set(report.sizes.map((s) => s.label));
      report.sizes.push(...earlier.sizes.filter((s) => !now.has(s.label)));
    } catch {
      // nothing earlier
    }
  }
  // formatted as `npm run check` wants them
  const write = async (name, text) => {
    const filepath = join(options.out, name);
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    writeFileSync(filepath, await prettier.format(text, { ...config, filepath }));
  };
  await write('results.json', JSON.stringify(report));
  await write('RESULTS.md', markdown(report));
  for (const size of report.sizes) console.log(consoleTable(size));
  log(
    `\nwrote ${join(options.out, 'results.json')} and ${join(options.out, 'RESULTS.md')} in ${report.seconds} s`,
  );
  const problems = report.sizes.flatMap((s) => s.problems.map((p) => `${s.label}: ${p}`));
  if (problems.length) {
    console.error(`\nproblems:\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
