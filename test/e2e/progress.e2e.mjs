// Progress and cancel of long steps (issue #13 item 4), in Chromium on the CDNOW sample: the status line
// says which summary is being made and which stage the CLV fit is in; a run and an export can be cancelled
// from the keyboard, the page says so and keeps what was loaded, mapped and shown, and the next run and
// export work. To be sure the run and the export are still under way when Cancel is pressed (however fast
// the machine), the engine is first kept busy by an endless query in the SQL workspace: the engine runs one
// call at a time, so both wait behind it; the query is cancelled afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchBrowser, openApp, startServer, mapSample } from './harness.mjs';

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

async function setParam(page, id, value) {
  await page.fill(`[data-testid="param-${id}"]`, value);
  await page.dispatchEvent(`[data-testid="param-${id}"]`, 'change');
}

/** Records every text the run's status line shows (each change, in order), from now on. */
async function recordActivity(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__activity = seen;
    const read = () => {
      const text = document.querySelector('[data-testid="analysis-activity"]')?.textContent?.trim();
      if (text && text !== seen.at(-1)) seen.push(text);
    };
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}
const activity = (page) => page.evaluate(() => window.__activity);

const clvTotal = async (page) =>
  Number((await page.locator('[data-testid="clv-total"]').innerText()).replace(/[,\s]/g, ''));

/** Starts a query that runs until it is cancelled, and comes back to the analyses. */
async function occupyEngine(page) {
  await page.click('[data-testid="tab-sql"]');
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('SELECT sum(hash(x)) FROM range(1000000000000) t(x)');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('[data-testid="sql-status"][data-running]');
  await page.click('[data-testid="tab-analyses"]');
}

async function freeEngine(page) {
  await page.click('[data-testid="tab-sql"]');
  await page.click('[data-testid="cancel-sql"]');
  await page.waitForSelector('[data-testid="sql-status"]:not([data-running])', { timeout: 20_000 });
  assert.match(await page.locator('[data-testid="sql-status"]').innerText(), /cancelled/);
  await page.click('[data-testid="tab-analyses"]');
}

describe('progress and cancel', () => {
  it('shows the summaries and the fit stages, cancels a fit and an export, then runs and exports', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.waitForSelector('[data-testid="sample-cdnow"]');
    await recordActivity(page);

    // the first analysis after the mapping makes its summaries, and says which
    await mapSample(page, 'cdnow');
    const summaries = await activity(page);
    assert.ok(
      summaries.some((text) => /^Preparing summaries 1 of \d+…$/.test(text)),
      JSON.stringify(summaries),
    );

    // the CLV fit says its stages, in the order it makes them (predictive-clv/fit.ts)
    await page.evaluate(() => (window.__activity.length = 0));
    await page.click('[data-testid="analysis-clv-tab"]');
    await page.waitForSelector('[data-testid="clv-fit"]', { timeout: 60_000 });
    const stages = (await activity(page)).filter((text) => text !== 'Fitting the models…');
    assert.deepEqual(
      stages,
      [
        'Summarising each customer’s orders…',
        'Fitting BG/NBD…',
        'Fitting Gamma-Gamma…',
        'Holdout check: Summarising each customer’s orders…',
        'Holdout check: Fitting BG/NBD…',
        'Holdout check: Fitting Gamma-Gamma…',
        'Valuing each customer…',
        'Writing customer_clv…',
      ],
      JSON.stringify(stages),
    );
    const total52 = await clvTotal(page);

    // a new horizon while the engine is busy: the status line offers Cancel, reached from the keyboard
    await occupyEngine(page);
    await setParam(page, 'horizon', '26');
    const cancel = page.locator('[data-testid="analysis-cancel"]');
    await cancel.waitFor();
    assert.match(await page.locator('[data-testid="analysis-status"]').innerText(), /Running/);
    await cancel.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="analysis-cancelled"]');
    assert.match(await page.locator('[data-testid="analysis-cancelled"]').innerText(), /^Cancelled\./);
    assert.equal(await cancel.count(), 0);
    // what was shown stays: the fit at 52 periods
    assert.equal(await clvTotal(page), total52);
    assert.equal(await page.locator('[data-testid="analysis-error"]').count(), 0);

    // an export waiting for the engine: the button says so and cannot start a second one; Cancel stops it
    const parquet = page.locator('[data-testid="export-parquet"]');
    await parquet.click();
    await page.waitForSelector('[data-testid="export-status"][data-busy="result-parquet"]');
    assert.equal(await parquet.innerText(), 'Exporting…');
    assert.ok(await parquet.isDisabled());
    assert.ok(await page.locator('[data-testid="export-result"]').isDisabled());
    await page.locator('[data-testid="export-cancel"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="export-status"]')?.textContent?.trim() === 'Export cancelled.',
    );
    assert.ok(await parquet.isEnabled());

    // the engine free again, the next run works: the fit at 26 periods
    await freeEngine(page);
    await page.click('[data-testid="analysis-run-again"]');
    await page.waitForFunction(
      (before) =>
        Number(document.querySelector('[data-testid="clv-total"]')?.textContent.replace(/[,\s]/g, '')) !==
        before,
      total52,
      { timeout: 60_000 },
    );
    assert.ok((await clvTotal(page)) < total52);
    assert.equal(await page.locator('[data-testid="analysis-cancelled"]').count(), 0);

    // and so does the next export, the only file saved
    assert.equal(downloads, 0);
    const [download] = await Promise.all([page.waitForEvent('download'), parquet.click()]);
    assert.equal(download.suggestedFilename(), 'clv.parquet');
    assert.equal((await readFile(await download.path())).subarray(0, 4).toString(), 'PAR1');
    assert.equal(downloads, 1);
    app.assertClean();
    await app.context.close();
  });
});
