// Tenure itself: the built site in Debian's Chromium (launched by the e2e harness, same flags), driven
// through the console handle `window.tenure.engine` (the app's EngineClient: its worker, its load code,
// its Comlink calls and Arrow decoding) and, for the redraw after a parameter change, through the UI.
// Times are taken inside the page with performance.now(), so they include the worker round trip and the
// decoding of the result, as the app sees them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, launchProfile } from '../test/e2e/harness.mjs';
import { startBenchServer } from './server.mjs';
import { median } from './stats.mjs';
import { SUMMARY_SETUP } from './plan.mjs';

const CONTEXT = { locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } };
// Starts run as a visitor's do, with the app's service worker (the offline copy: a returning visitor's
// start is served by it); the pages that measure work block it, as the e2e tests do, so that its
// download of the whole app into a fresh context does not run alongside the loads and queries.
const VISIT = { ...CONTEXT, serviceWorkers: /** @type {const} */ ('allow') };
const WORK = { ...CONTEXT, serviceWorkers: /** @type {const} */ ('block') };
const HEATMAP = '[data-testid="chart-cohortHeatmap"]';
/** How long a returning visitor's first visit stays on the page before the warm starts are measured. */
const FIRST_VISIT_MS = 5000;
/** How long the UI step looks at a heatmap before it asks for a grain not shown yet. */
const LOOK_MS = 3000;

/**
 * Init script: resolves `window.__benchReady` with performance.now() (ms since navigation) at engine ready,
 * and `window.__benchUi` when the interface is on the page (the app's root element).
 */
function watchReady() {
  const w = /** @type {any} */ (window);
  w.__benchUi = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="app"]')) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document, { subtree: true, childList: true });
  });
  w.__benchReady = new Promise((resolve) => {
    const ready = () => document.querySelector('[data-testid="engine-status"].status-ready');
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
  });
}

/**
 * The medians of the engine worker's start phases (src/engine/protocol.ts, StartPhases), each in ms since
 * the page's navigation; null when the build reports none.
 * @param {({ offset: number, [phase: string]: number | null } | undefined)[]} runs
 */
function phaseMedians(runs) {
  const known = runs.filter((p) => p != null);
  if (!known.length) return null;
  /** @type {Record<string, number | null>} */
  const out = {};
  for (const phase of ['compiled', 'code', 'instantiated', 'asked', 'ready']) {
    const times = known.filter((p) => p[phase] != null).map((p) => Number(p[phase]) + p.offset);
    out[phase] = times.length ? Math.round(median(times)) : null;
  }
  return out;
}

/**
 * @param {{ data: import('./data.mjs').BenchData, plan: import('./plan.mjs').Plan, runs: number, queryRuns?: number,
 *   dist: string, log: (line: string) => void, timeout: number, ui?: boolean }} options
 */
export async function runTenure({ data, plan, runs, queryRuns = runs, dist, log, timeout, ui = true }) {
  const server = await startBenchServer(dist);
  const browser = await launchBrowser();
  const browserCdp = await browser.newBrowserCDPSession();
  /** @type {Record<string, { runs: number[], median: number, [key: string]: unknown }>} */
  const steps = {};
  /** @type {Record<string, Record<string, number | null>>} */
  const memory = {};
  /** @type {string[]} */
  const errors = [];
  /** @type {Record<string, Record<string, unknown>[]>} */
  const results = {};
  let columns = null;
  let engineInfo = null;
  const record = (id, times, extra = {}) => {
    steps[id] = { runs: times, median: median(times), ...extra };
    log(`  tenure ${id}: ${median(times).toFixed(0)} ms`);
  };
  /** Runs a step; a failure (a crash, a timeout, an engine error) is recorded and the run goes on. */
  const attempt = async (id, work) => {
    try {
      return await work();
    } catch (error) {
      const message = `${id}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      errors.push(message);
      log(`  tenure ${message}`);
      return undefined;
    }
  };

  /** Peak resident memory of this browser's renderer processes (the tab: page and its worker). */
  const rendererPeak = async () => {
    try {
      const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
      let peak = 0;
      for (const p of processInfo.filter((p) => p.type === 'renderer')) {
        const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      }
      return peak || null;
    } catch {
      return null;
    }
  };

  /**
   * What the tab holds after a phase: the engine's WebAssembly memory (it only grows, so this is its peak
   * so far), what DuckDB's buffer manager says it uses, the page's JS heap (CDP, exact) and the renderer's
   * peak resident set.
   * @param {import('playwright-core').Page} page
   * @param {import('playwright-core').CDPSession} cdp
   */
  const sampleMemory = async (label, page, cdp) => {
    const sample = { wasmBytes: null, duckdbBytes: null, pageJsHeapBytes: null, rendererPeakRssBytes: null };
    try {
      const worker = page.workers().at(-1);
      sample.wasmBytes = worker
        ? await worker.evaluate(
            () =>
              /** @type {any} */ (globalThis).DUCKDB_BINDINGS?._instance?.HEAPU8?.buffer.byteLength ?? null,
          )
        : null;
      sample.duckdbBytes = await page.evaluate(async () => {
        const r = await /** @type {any} */ (window).tenure.engine.query(
          'SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()',
        );
        return r.table.get(0).toJSON().b;
      });
      sample.pageJsHeapBytes = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    } catch (error) {
      errors.push(`memory ${label}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    }
    sample.rendererPeakRssBytes = await rendererPeak();
    memory[label] = sample;
  };

  /** A new page in `context` with the ready watcher; resolves with the ms from navigation to ready. */
  const openPage = async (context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on('crash', () => errors.push(`page crashed (${page.url()})`));
    await page.addInitScript(watchReady);
    await page.goto(server.url, { waitUntil: 'commit' });
    const readyMs = await page.evaluate(() => /** @type {any} */ (window).__benchReady);
    const uiMs = await page.evaluate(() => /** @type {any} */ (window).__benchUi);
    const info = await page.evaluate(() => /** @type {any} */ (window).tenure.engine.info);
    return { page, readyMs, uiMs, info };
  };

  try {
    // ---- cold start: a fresh browser context (empty HTTP cache) each time
    const cold = [];
    const coldWorker = [];
    const coldUi = [];
    const coldPhases = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(VISIT);
      const { readyMs, uiMs, info } = await openPage(context);
      cold.push(readyMs);
      coldWorker.push(info.startMs);
      coldUi.push(uiMs);
      coldPhases.push(info.phases);
      engineInfo = { version: info.version, bundle: info.bundle, memoryLimit: info.memoryLimit };
      await context.close();
    }
    record('start.cold', cold, {
      workerStartMs: median(coldWorker),
      uiMs: median(coldUi),
      phases: phaseMedians(coldPhases),
    });

    // ---- warm start: a returning visitor's browser, a profile on disk (its HTTP cache, the offline copy
    // and the code V8 caches for the engine's module, which a context without a profile keeps nowhere):
    // a first visit, some seconds on the page, then the visits measured
    const profileDir = mkdtempSync(join(tmpdir(), 'tenure-bench-profile-'));
    const warmContext = await launchProfile(profileDir, VISIT);
    const warm = [];
    const warmWorker = [];
    const warmUi = [];
    const warmPhases = [];
    try {
      const { page: first } = await openPage(warmContext);
      // the offline copy in place (if the build has one), and time for the browser to keep what it caches
      await first.evaluate(async () => {
        const registration = await navigator.serviceWorker?.getRegistration();
        if (!registration) return;
        await Promise.race([
          navigator.serviceWorker.ready,
          new Promise((resolve) => setTimeout(resolve, 60_000)),
        ]);
      });
      await first.waitForTimeout(FIRST_VISIT_MS);
      await first.close();
      for (let i = 0; i < Math.max(runs, 3); i++) {
        const { page, readyMs, uiMs, info } = await openPage(warmContext);
        warm.push(readyMs);
        warmWorker.push(info.startMs);
        warmUi.push(uiMs);
        warmPhases.push(info.phases);
        await page.close();
      }
    } finally {
      await warmContext.close();
      rmSync(profileDir, { recursive: true, force: true });
    }
    record('start.warm', warm, {
      workerStartMs: median(warmWorker),
      uiMs: median(warmUi),
      phases: phaseMedians(warmPhases),
    });

    // ---- loads, mapping and analyses through window.tenure.engine
    const context = await browser.newContext(WORK);
    const { page } = await openPage(context);
    const cdp = await context.newCDPSession(page);
    await sampleMemory('ready', page, cdp);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.hidden = true;
      input.id = 'bench-files';
      document.body.append(input);
    });
    // Files backed by the files on disk, as after a drop: the engine reads them slice by slice.
    await page.setInputFiles('#bench-files', [data.csv, data.parquet]);
    const load = (index) =>
      page.evaluate(async (index) => {
        const file = /** @type {HTMLInputElement} */ (document.getElementById('bench-files')).files[index];
        const started = performance.now();
        const outcome = await /** @type {any} */ (window).tenure.engine.loadFile(file);
        const ms = performance.now() - started;
        if (!outcome.ok) throw new Error(`load failed: ${outcome.code} ${outcome.detail ?? ''}`);
        return {
          ms,
          engineMs: outcome.ms,
          table: outcome.table.name,
          rows: outcome.table.rows,
          columns: outcome.table.columns,
        };
      }, index);
    const dropTable = (table) =>
      page.evaluate((table) => /** @type {any} */ (window).tenure.engine.dropTable(table), table);

    let csvTable = null;
    await attempt('load.csv', async () => {
      const times = [];
      const engineTimes = [];
      for (let i = 0; i < runs; i++) {
        const loaded = await load(0);
        times.push(loaded.ms);
        engineTimes.push(loaded.engineMs);
        csvTable = loaded;
        if (i < runs - 1) await dropTable(loaded.table);
      }
      columns = csvTable.columns;
      record('load.csv', times, { engineMs: median(engineTimes), rows: csvTable.rows });
    });
    await sampleMemory('load.csv', page, cdp);
    await attempt('load.parquet', async () => {
      const times = [];
      const engineTimes = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const loaded = await load(1);
        times.push(loaded.ms);
        engineTimes.push(loaded.engineMs);
        rows = loaded.rows;
        await dropTable(loaded.table);
      }
      record('load.parquet', times, { engineMs: median(engineTimes), rows });
    });
    await sampleMemory('load.parquet', page, cdp);
    if (csvTable && csvTable.table !== 'orders_raw')
      errors.push(`the CSV became table ${csvTable.table}, the plan reads orders_raw`);

    const query = (sql, params, withRows = false) =>
      page.evaluate(
        async ({ sql, params, withRows }) => {
          const started = performance.now();
          const result = await /** @type {any} */ (window).tenure.engine.query(sql, { params });
          const ms = performance.now() - started;
          const rows = withRows
            ? result.table.toArray().map((r) => {
                const row = r.toJSON();
                for (const [key, value] of Object.entries(row))
                  if (typeof value === 'bigint') row[key] = Number(value);
                return row;
              })
            : null;
          return { ms, engineMs: result.ms, rowCount: result.rowCount, rows };
        },
        { sql, params, withRows },
      );
    /**
     * Makes summaries with the app's own builder (src/analyses/summaries/build.ts), through the page's engine:
     * each stamped with the canonical table it is made from, as in the app (without the stamp the app takes
     * a summary for a stale one, drops it and builds it again: the predictive CLV fit did, for 12 s at 10M).
     */
    const makeSummaries = async (summaries) => {
      let ms = 0;
      await plan.buildSummaries(
        async (sql) => {
          const result = await query(sql, [], true);
          ms += result.ms;
          return result.rows;
        },
        summaries.map((s) => s.step),
      );
      return { ms };
    };
    // the summaries made so far: a step makes those it reads that no earlier step made (a new grain), the
    // first time, as the app does, and that time counts in the step's
    const made = new Set();
    const timeQuery = async (id, sql, params = [], summaries = []) =>
      attempt(id, async () => {
        const times = [];
        const engineTimes = [];
        let last = null;
        for (let i = 0; i < queryRuns; i++) {
          let summaryMs = 0;
          const missing = summaries.filter((s) => !made.has(s.name));
          summaryMs += (await makeSummaries(missing)).ms;
          for (const summary of missing) made.add(summary.name);
          last = await query(sql, params, i === queryRuns - 1);
          times.push(last.ms + summaryMs);
          engineTimes.push(last.engineMs);
        }
        results[id] = last.rows;
        record(id, times, { engineMs: median(engineTimes), rows: last.rowCount });
      });

    // the mapping: the canonical table, then the summaries the first analyses read (as the app makes them)
    await attempt('mapping', async () => {
      await query(SUMMARY_SETUP, []);
      const times = [];
      const canonical = [];
      const summarising = [];
      for (let i = 0; i < runs; i++) {
        canonical.push((await query(plan.canonicalSql, [])).ms);
        const { ms } = await makeSummaries(plan.summaries);
        summarising.push(ms);
        times.push(canonical[i] + ms);
      }
      for (const summary of plan.summaries) made.add(summary.name);
      record('mapping', times, { canonicalMs: median(canonical), summariesMs: median(summarising) });
    });
    // what the app does with every mapping besides the canonical table (untimed: empty tables)
    for (const statement of plan.afterMapping) await attempt('mapping', () => query(statement, []));
    await sampleMemory('mapping', page, cdp);
    for (const analysis of plan.analyses)
      await timeQuery(`analysis.${analysis.id}`, analysis.sql, analysis.params, analysis.summaries);
    await timeQuery(
      'param.cohorts',
      plan.paramChange.sql,
      plan.paramChange.params,
      plan.paramChange.summaries,
    );
    // the yearly result's size (untimed): the UI step waits for as many cells
    await attempt('param.cohorts', async () => {
      const missing = plan.yearly.summaries.filter((s) => !made.has(s.name));
      await makeSummaries(missing);
      for (const summary of missing) made.add(summary.name);
      results['param.cohorts.year'] = (await query(plan.yearly.sql, plan.yearly.params, true)).rows;
    });
    // predictive CLV: the worker's summary SQL, both model fits, the values and customer_clv, on the whole
    // data; then a new horizon, which reuses the fits and only values the customers again
    await attempt('clv.fit', async () => {
      const fit = (horizon) =>
        page.evaluate(async (horizon) => {
          const started = performance.now();
          const outcome = await /** @type {any} */ (window).tenure.engine.fitClv({
            calibrationEnd: null,
            // as the app asks by default: the values fit and the holdout check
            holdout: 'auto',
            holdoutEnd: null,
            timeUnit: 'week',
            horizon,
            margin: 0.3,
            discountRate: 0.1,
          });
          const ms = performance.now() - started;
          return outcome.ok
            ? {
                ms,
                engineMs: outcome.ms,
                customers: outcome.customers,
                bgnbdMs: outcome.bgnbd.ms,
                gammaGammaMs: outcome.gammaGamma.ms,
                stageMs: outcome.stageMs,
                reused: outcome.reused,
              }
            : { ms, failure: `${outcome.stage}: ${outcome.code} ${outcome.message}` };
        }, horizon);
      const first = await fit(52);
      if (first.failure) throw new Error(first.failure);
      record('clv.fit', [first.ms], {
        engineMs: first.engineMs,
        customers: first.customers,
        bgnbdMs: first.bgnbdMs,
        gammaGammaMs: first.gammaGammaMs,
        stageMs: first.stageMs,
      });
      const stages = Object.entries(first.stageMs ?? {}).map(([k, v]) => `${k} ${Math.round(v)}`);
      console.log(`  tenure clv.fit stages (ms): ${stages.join(', ')}`);
      const again = [];
      for (let i = 0; i < runs; i++) again.push((await fit(52 + 26 * (i + 1))).ms);
      record('clv.revalue', again, { customers: first.customers });
    });
    await sampleMemory('analyses', page, cdp);
    await context.close();

    // ---- a parameter change through the UI: from the select's change to the redrawn heatmap
    if (ui) await attempt('ui', () => uiRedraw());
  } finally {
    await browser.close();
    await server.close();
  }

  async function uiRedraw() {
    const context = await browser.newContext(WORK);
    try {
      const { page } = await openPage(context);
      const cdp = await context.newCDPSession(page);
      // Waits for `selector`, or fails with the message the app shows instead (an out-of-memory error...).
      const settle = async (selector) => {
        const alert = '[role="alert"]';
        await page.waitForSelector(`${selector}, ${alert}`);
        if (!(await page.locator(selector).count()))
          throw new Error(`the app says: ${(await page.locator(alert).first().innerText()).trim()}`);
      };
      const started = performance.now();
      await page.setInputFiles('[data-testid="file-input"]', data.csv);
      await settle('[data-testid="table-panel"]');
      await page.click('[data-testid="tab-analyses"]');
      // refunds are ticked to be left out by default
      await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');
      await page.click('[data-testid="apply-mapping"]');
      await settle(`${HEATMAP} svg rect[data-index]`);
      record('ui.first', [performance.now() - started]);
      // Done = the run is over (no "Running" in the status) and the heatmap has one cell per result row
      // of the new grain. (Labels alone are not enough: the axis follows the new grain at once.)
      const expected = {
        month: results['analysis.cohorts']?.length,
        quarter: results['param.cohorts']?.length,
        year: results['param.cohorts.year']?.length,
      };
      const cells = () => page.locator(`${HEATMAP} svg rect[data-index]`).count();
      if ((await cells()) !== expected.month)
        throw new Error(`the heatmap has ${await cells()} cells, the monthly result ${expected.month} rows`);
      const change = (value) =>
        page.evaluate(
          async ({ value, cells, chart }) => {
            const select = /** @type {HTMLSelectElement} */ (
              document.querySelector('[data-testid="param-grain"]')
            );
            const status = () => document.querySelector('[data-testid="analysis-status"]')?.textContent ?? '';
            const drawn = () =>
              !/Running/.test(status()) &&
              document.querySelectorAll(`${chart} svg rect[data-index]`).length === cells;
            const started = performance.now();
            select.value = value;
            select.dispatchEvent(new Event('change', { bubbles: true }));
            await new Promise((resolve) => {
              const observer = new MutationObserver(() => {
                if (!drawn()) return;
                observer.disconnect();
                resolve(undefined);
              });
              observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            });
            const domMs = performance.now() - started;
            // the next frame: the redrawn chart is on screen
            await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
            return { domMs, frameMs: performance.now() - started };
          },
          { value, cells: expected[value], chart: HEATMAP },
        );
      // right after the first heatmap (the app starts making the other grains in the background then),
      // then back and forth between grains shown before (the app keeps results until the data changes)
      const quarter = [(await change('quarter')).frameMs];
      const revisits = [];
      for (let i = 0; i < runs; i++) {
        revisits.push((await change('month')).frameMs);
        revisits.push((await change('quarter')).frameMs);
      }
      record('ui.param.quarter', quarter);
      record('ui.param.revisit', revisits);
      // a grain not shown yet, after a few seconds of looking at the heatmap (made in the background by then)
      if (expected.year) {
        await page.waitForTimeout(LOOK_MS);
        record('ui.param.year', [(await change('year')).frameMs]);
      }
      await sampleMemory('ui', page, cdp);
    } finally {
      await context.close();
    }
  }

  return { chromium: browser.version(), engine: engineInfo, steps, memory, errors, results, columns };
}
