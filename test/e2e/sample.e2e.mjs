// A sample of customers in the browser: the orders sample mapped whole, the expected counts of a 10% hash
// sample worked out with SQL of our own on the canonical orders, then the mapping applied again with 10% of
// customers kept: the report counts the rows left out by the sample, every analysis result says it is a
// sample, its export is named after it, and 100% brings everything back without a notice. A file too big
// for a small device's engine is warned about before Apply, with the share that fits offered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dropFiles,
  engineReady,
  gridText,
  launchBrowser,
  openApp,
  runSql,
  screenshot,
  startServer,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const digits = (text) => Number(text.replace(/[^0-9]/g, ''));

describe('a sample of customers', () => {
  it('maps 10% of the customers, counts the rest, and says so on every result and export', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await page.click('[data-testid="sample-orders"]');
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');

    // before Apply: the expected memory against the engine's limit (a small file: no warning)
    const memory = page.locator('[data-testid="mapping-memory"]');
    await memory.waitFor({ timeout: 30_000 });
    assert.match(
      await memory.innerText(),
      /^Expected memory: about [\d.,]+ [KMG]?B of the engine’s [\d.,]+ GB\.$/,
    );
    assert.equal(await page.locator('[data-testid="mapping-memory-warning"]').count(), 0);
    assert.equal(await page.inputValue('[data-testid="mapping-sample-share"]'), '1');

    // every customer first
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', {
      timeout: 30_000,
    });
    assert.equal(await page.locator('[data-testid="sample-notice"]').count(), 0);

    // what a 10% sample keeps, with a query of our own: the customers of the canonical orders whose hash is
    // under 1,000, and every line of the others (every line of this file names its customer, so lines are
    // left out before they are grouped into orders)
    await runSql(
      page,
      `SELECT (SELECT count(DISTINCT customer_id) FILTER (WHERE hash(customer_id) % 10000 < 1000) FROM orders) AS kept,
              (SELECT count(*) FROM orders_raw
                WHERE NULLIF(trim(order_id::VARCHAR), '') IS NOT NULL
                  AND hash(NULLIF(trim(customer_id::VARCHAR), '')) % 10000 >= 1000) AS left_out,
              (SELECT count(*) FROM orders_raw WHERE NULLIF(trim(customer_id::VARCHAR), '') IS NULL) AS unnamed`,
    );
    const expected = await gridText(page);
    const kept = digits(expected.rows[0][0]);
    const leftOut = digits(expected.rows[0][1]);
    assert.equal(digits(expected.rows[0][2]), 0, JSON.stringify(expected));
    assert.ok(kept > 0 && leftOut > 0, JSON.stringify(expected));

    // the share chosen with the keyboard, applied
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="edit-mapping"]');
    const share = page.locator('[data-testid="mapping-sample-share"]');
    await share.focus();
    await share.selectOption('0.1');
    assert.match(await page.locator('[data-testid="mapping-sample"]').innerText(), /deterministic sample/);
    await page.click('[data-testid="apply-mapping"]');
    const dropped = page.locator('[data-testid="mapping"] [data-testid="dropped-notSampled"]');
    await dropped.waitFor({ timeout: 30_000 });
    const line = await dropped.innerText();
    assert.match(line, /rows of customers outside the sample left out/);
    assert.equal(digits(line.split(' ')[0]), leftOut, line);
    const summary = await page
      .locator('[data-testid="mapping"] [data-testid="mapping-report-summary"]')
      .innerText();
    assert.match(summary, new RegExp(`${kept.toLocaleString('en-US')} customers`), summary);

    // every result says it is a sample
    await page.click('[data-testid="edit-mapping"]');
    const notice = page.locator('[data-testid="analysis-cohorts"] [data-testid="sample-notice"]');
    await notice.waitFor({ timeout: 30_000 });
    assert.equal(
      await notice.innerText(),
      'Sample: 10% of customers (deterministic hash sample); counts and revenue are for the sample.',
    );
    await screenshot(page, 'sample-cohorts');
    for (const id of ['repeat', 'churn']) {
      await page.click(`[data-testid="analysis-${id}-tab"]`);
      await page.waitForSelector(`[data-testid="analysis-${id}"] [data-testid="analysis-status"]`, {
        timeout: 30_000,
      });
      await page.waitForSelector(`[data-testid="analysis-${id}"] [data-testid="sample-notice"]`);
    }
    // and its export is named after it
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-result"]'),
    ]);
    assert.equal(download.suggestedFilename(), 'churn-sample-10pct.csv');

    // 100%: every customer again, no notice
    await page.click('[data-testid="edit-mapping"]');
    await page.locator('[data-testid="mapping-sample-share"]').selectOption('1');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="mapping"] [data-testid="mapping-report"]') &&
        !document.querySelector('[data-testid="dropped-notSampled"]'),
      undefined,
      { timeout: 30_000 },
    );
    await page.click('[data-testid="edit-mapping"]');
    await page.waitForSelector('[data-testid="analysis-churn"] [data-testid="analysis-status"]', {
      timeout: 30_000,
    });
    assert.equal(await page.locator('[data-testid="sample-notice"]').count(), 0);
    app.assertClean();
    await app.context.close();
  });

  it('warns before Apply when a file is too big for the engine, and offers the share that fits', async () => {
    // a device that says it has 0.25 GB: the engine's limit is its floor, 1,024 MB
    const app = await openApp(browser, server);
    const { page } = app;
    await app.context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.25 }),
    );
    await page.reload({ waitUntil: 'load' });
    await engineReady(page);
    // 6M lines of three columns: about 140 bytes a line of working memory alone is 840 MB, over 80% of it
    const lines = 6_000_000;
    const chunks = ['customer,day,amount\n'];
    for (let start = 0; start < lines; start += 100_000) {
      let chunk = '';
      for (let i = start; i < start + 100_000; i++)
        chunk += `C${i % 600_000},2024-${String((i % 12) + 1).padStart(2, '0')}-15,${i % 97}\n`;
      chunks.push(chunk);
    }
    await dropFiles(page, [{ name: 'big.csv', buffer: Buffer.from(chunks.join('')) }]);
    await page.waitForSelector('[data-testid="table-item"]:has-text("big")', { timeout: 120_000 });
    await page.click('[data-testid="tab-analyses"]');
    const warning = page.locator('[data-testid="mapping-memory-warning"]');
    await warning.waitFor({ timeout: 60_000 });
    assert.equal(await warning.getAttribute('data-level'), 'high');
    // 1,024 MB as the page writes sizes (1,024-byte units), as DuckDB rounds it: 976.5 MB
    assert.match(
      await warning.innerText(),
      /^This file may use most of the engine’s memory: about [\d.,]+ MB of 976\.5 MB\./,
    );
    // the offer, taken with the keyboard: the largest share that fits, then the estimate under the limit
    const offer = page.locator('[data-testid="mapping-memory-sample"]');
    assert.equal(await offer.innerText(), 'Keep 50% of customers');
    await offer.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="mapping-memory"]');
    assert.equal(await page.inputValue('[data-testid="mapping-sample-share"]'), '0.5');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'mapping-sample-share',
    );
    assert.equal(await warning.count(), 0);
    app.assertClean();
    await app.context.close();
  });
});
