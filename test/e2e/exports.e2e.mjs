// Every export produces a valid file: the result as CSV and Parquet (read back and compared), a chart as
// SVG and PNG (non-empty images of the chart), the customers of a cell as Parquet, and the analysis as a
// script that native DuckDB runs on the original file to the same numbers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { launchBrowser, openApp, runSql, startServer, mapSample } from './harness.mjs';

let server;
let browser;
const sample = new URL('../../sample-data/orders.csv', import.meta.url);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function save(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return {
    name: download.suggestedFilename(),
    bytes: await readFile(await download.path()),
    path: await download.path(),
  };
}

async function nativeRows(sql) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}

describe('exports', () => {
  it('write valid CSV, Parquet, SVG, PNG and a DuckDB shell script', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'orders');

    const csv = await save(page, '[data-testid="export-result"]');
    const csvLines = csv.bytes.toString('utf8').trim().split('\n');
    assert.match(csvLines[0], /^cohort,k,cohort_size,customers,retention,/);

    const parquet = await save(page, '[data-testid="export-parquet"]');
    assert.equal(parquet.name, 'cohorts.parquet');
    assert.equal(parquet.bytes.subarray(0, 4).toString(), 'PAR1');
    const fromParquet = await nativeRows(`SELECT * FROM read_parquet('${parquet.path}')`);
    assert.equal(fromParquet.length, csvLines.length - 1);
    assert.equal(Number(fromParquet[0].cohort_size), Number(csvLines[1].split(',')[2]));

    const svg = await save(page, '[data-testid="export-svg-cohortHeatmap"]');
    const svgText = svg.bytes.toString('utf8');
    assert.match(svgText, /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok((svgText.match(/<rect/g) ?? []).length > 50);
    assert.match(svgText, /Jan 2023/);

    const png = await save(page, '[data-testid="export-png-cohortHeatmap"]');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    const width = png.bytes.readUInt32BE(16);
    const height = png.bytes.readUInt32BE(20);
    assert.ok(width > 600 && height > 300, `${width} x ${height}`);
    assert.ok(png.bytes.length > 10_000, `${png.bytes.length} bytes`);

    // the shell script, run by native DuckDB in a folder holding the sample file
    const script = await save(page, '[data-testid="export-shell-sql"]');
    const dir = await mkdtemp(join(tmpdir(), 'tenure-shell-'));
    await copyFile(sample, join(dir, 'orders.csv'));
    const text = script.bytes.toString('utf8').replaceAll("'orders.csv'", `'${join(dir, 'orders.csv')}'`);
    const rows = await nativeRows(text);
    assert.equal(rows.length, csvLines.length - 1);
    assert.equal(Number(rows[0].customers), Number(csvLines[1].split(',')[3]));

    // customers behind a cell, as Parquet
    await page.locator('[data-testid="chart-cohortHeatmap"] svg rect[data-index="1"]').click();
    await page.waitForSelector('[data-testid="drill"]');
    const customers = await save(page, '[data-testid="export-drill-parquet"]');
    const count = Number((await page.locator('[data-testid="drill"] h3').innerText()).replace(/[^0-9]/g, ''));
    const drilled = await nativeRows(`SELECT count(*) AS n FROM read_parquet('${customers.path}')`);
    assert.equal(Number(drilled[0].n), count);

    // a SQL workspace result, both ways
    await runSql(
      page,
      'SELECT country, count(*) AS lines, sum(quantity * unit_price) AS revenue FROM orders_raw GROUP BY ALL ORDER BY country',
    );
    const queryCsv = (await save(page, '[data-testid="sql-export-csv"]')).bytes
      .toString('utf8')
      .trim()
      .split('\n');
    const queryParquet = await save(page, '[data-testid="sql-export-parquet"]');
    const back = await nativeRows(`SELECT * FROM read_parquet('${queryParquet.path}') ORDER BY country`);
    assert.equal(queryCsv[0], 'country,lines,revenue');
    assert.deepEqual(
      back.map((r) => [r.country, Number(r.lines)]),
      queryCsv.slice(1).map((l) => [l.split(',')[0], Number(l.split(',')[1])]),
    );
    app.assertClean();
    await app.context.close();
  });
});
