// After a crash or a stop, the whole session comes back and the notice says what did (issue #11, finding
// 5); a view whose rows would take forever to count does not freeze the table list, the header tells a busy
// engine from a ready one, and the stop is there while it is busy (finding 6).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineReady, gridText, launchBrowser, mapSample, openApp, runSql, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function settled(page, id) {
  const status = `[data-testid="analysis-${id}"] [data-testid="analysis-status"]`;
  await page.waitForSelector(status, { timeout: 30_000 });
  await page.waitForFunction((sel) => !document.querySelector(sel)?.hasAttribute('data-running'), status);
}

const count = (page, table) =>
  page.evaluate(async (t) => {
    const result = await window.tenure.engine.query(`SELECT count(*)::INTEGER AS n FROM ${t}`);
    return result.table.getChild('n').get(0);
  }, table);

const tableNames = (page) => page.locator('[data-testid="table-item"] .name').allTextContents();
const cohortGrid = '[data-testid="analysis-cohorts"] [data-testid="result-grid"]';

describe('recovery', () => {
  it('brings back the files, the mapping, the model fit and the analysis, and names what is lost', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'cdnow');
    await page.click('[data-testid="analysis-clv-tab"]');
    await page.waitForSelector('[data-testid="clv-fit"]', { timeout: 60_000 });
    const fitted = await count(page, 'customer_clv');
    assert.ok(fitted > 2000, `${fitted} customers valued`);
    await page.click('[data-testid="analysis-cohorts-tab"]');
    await page.fill('[data-testid="param-horizon"]', '6');
    await page.press('[data-testid="param-horizon"]', 'Enter');
    await settled(page, 'cohorts');
    const before = await gridText(page, cohortGrid);
    await runSql(page, 'CREATE TABLE mine AS SELECT 1 AS x');
    await page.waitForSelector('[data-testid="table-item"]:has-text("mine")');

    await page.evaluate(() => window.tenure.engine.crashForTest());
    const notice = page.locator('[data-testid="notice-restarted"]');
    await notice.waitFor({ timeout: 60_000 });
    const names = await tableNames(page);
    for (const name of ['cdnow', 'orders', 'customer_clv']) assert.ok(names.includes(name), names.join());
    assert.ok(!names.includes('mine'));
    assert.equal(await count(page, 'customer_clv'), fitted);
    assert.match(await notice.locator('[data-testid="recovered-files"]').innerText(), /cdnow/);
    assert.match(await notice.locator('[data-testid="recovered-mappings"]').innerText(), /Orders/);
    assert.equal(await notice.locator('[data-testid="recovered-fit"]').count(), 1);
    assert.match(await notice.locator('[data-testid="recovered-analysis"]').innerText(), /Cohort retention/);
    assert.match(await notice.locator('[data-testid="lost-sql-tables"]').innerText(), /mine/);

    await page.click('[data-testid="tab-analyses"]');
    await settled(page, 'cohorts');
    assert.equal(await page.inputValue('[data-testid="param-horizon"]'), '6');
    assert.deepEqual(await gridText(page, cohortGrid), before);
    app.assertClean();
    await app.context.close();
  });
});

describe('a busy engine', () => {
  it('lists a view it cannot count, says when it is busy, and offers the stop', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await page.click('[data-testid="sample-cdnow"]');
    await page.waitForSelector('[data-testid="table-item"]:has-text("cdnow")');
    // the view of the issue: counting its rows would run for hours in one call nothing can cancel
    await runSql(page, 'CREATE VIEW endless AS SELECT * FROM range(10000000000000)');
    const item = page.locator('[data-testid="table-item"]:has-text("endless")');
    await item.waitFor({ timeout: 10_000 });
    assert.match(await item.innerText(), /view/);
    await page.waitForSelector('[data-testid="engine-status"].status-ready', { timeout: 10_000 });
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', {
      timeout: 30_000,
    });

    // a query that runs for long: the header says busy, and the stop ends it
    await page.click('[data-testid="tab-sql"]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('SELECT count(*) FROM endless WHERE range % 7 = 3');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="engine-status"].status-busy');
    assert.match(await page.locator('[data-testid="engine-status"]').innerText(), /working/i);
    await page.click('[data-testid="header-stop-engine"]');
    await page.waitForSelector('[data-testid="notice-restarted"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="engine-status"].status-ready', { timeout: 30_000 });
    assert.ok((await tableNames(page)).includes('cdnow'));
    app.assertClean();
    await app.context.close();
  });
});
