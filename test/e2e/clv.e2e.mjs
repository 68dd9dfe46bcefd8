// Predictive CLV in the browser on the CDNOW sample: the published parameters on screen, the charts, a
// horizon change that moves the CLV, the export of the customers; a fit that cannot run says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  dropFiles,
  engineReady,
  launchBrowser,
  openApp,
  screenshot,
  startServer,
  mapSample,
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

async function setParam(page, id, value) {
  await page.fill(`[data-testid="param-${id}"]`, value);
  await page.dispatchEvent(`[data-testid="param-${id}"]`, 'change');
}

const number = (text) => Number(text.replace(/[,\s]/g, ''));

describe('predictive CLV', () => {
  it('reproduces the published CDNOW fit, draws its charts, follows the horizon and exports', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'cdnow');
    await page.click('[data-testid="analysis-clv-tab"]');
    await page.waitForSelector('[data-testid="clv-fit"]', { timeout: 30_000 });
    // a holdout check by default: the last third of the data
    assert.match(await page.locator('[data-testid="clv-check-note"]').innerText(), /1997-12-30/);

    const started = Date.now();
    await setParam(page, 'calibration_end', '1997-09-30');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="clv-check-note"]')?.textContent?.includes('1997-09-30'),
    );
    await page.waitForSelector('[data-testid="chart-clvValidation"] svg', { timeout: 30_000 });
    console.log(`  fit with holdout, 2,357 customers: ${Date.now() - started} ms (page round trip)`);
    // the check is the published calibration fit (Fader, Hardie & Lee 2005)
    const check = await page.locator('[data-testid="clv-check"]').innerText();
    assert.match(check, /0\.243, 4\.414, 0\.793, 2\.426/, check);
    assert.match(check, /log-likelihood\s+-9,582\.4/);
    assert.match(check, /p, q, γ\s+6\.25/);
    for (const chart of ['clvValidation', 'aliveMatrix', 'clvDeciles', 'clvDistribution']) {
      assert.ok((await page.locator(`[data-testid="chart-${chart}"] svg`).count()) > 0, chart);
    }
    await screenshot(page, 'clv-cdnow');

    // a longer horizon means more expected purchases, so more CLV
    const total52 = number(await page.locator('[data-testid="clv-total"]').innerText());
    await setParam(page, 'horizon', '104');
    await page.waitForFunction(
      (before) =>
        Number(document.querySelector('[data-testid="clv-total"]')?.textContent.replace(/[,\s]/g, '')) !==
        before,
      total52,
    );
    const total104 = number(await page.locator('[data-testid="clv-total"]').innerText());
    await page.waitForSelector('[data-testid="clv-reused"]');
    assert.ok(total104 > total52 * 1.3 && total104 < total52 * 2, `${total52} -> ${total104}`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-result"]'),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.equal(lines.length - 1, 2357);
    assert.match(
      lines[0],
      /^customer_id,frequency,recency,age,monetary_value,p_alive,expected_purchases,expected_spend,clv/,
    );
    app.assertClean();
    await app.context.close();
  });

  it('says why a fit cannot run and shows no numbers', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    const csv = 'customer,day,amount\nA,2024-01-01,5\nB,2024-01-02,6\nA,2024-02-01,7\n';
    await dropFiles(page, [{ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="analysis-cohorts"] [data-testid="analysis-status"]');
    await page.click('[data-testid="analysis-clv-tab"]');
    await page.waitForSelector('[data-testid="clv-failure"]');
    assert.match(
      await page.locator('[data-testid="clv-failure"]').innerText(),
      /Too few customers bought twice/,
    );
    assert.equal(await page.locator('[data-testid="clv-fit"]').count(), 0);
    assert.equal(await page.locator('[data-testid="analysis-clv"] [data-testid^="chart-"]').count(), 0);
    app.assertClean();
    await app.context.close();
  });
});
