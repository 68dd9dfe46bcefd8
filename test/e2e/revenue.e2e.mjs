// Revenue retention and the voice of the customer in the browser: the SaaS sample, its NPS survey and its
// cancellations dropped together, each mapping confirmed, every analysis opened (revenue retention with its
// reconciliation check and exchange rates, churn reasons, the cancel funnel, NPS), a movement drilled into
// and its customers exported, a preset link for NRR followed in a fresh context; and the same pages in
// Chinese.
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
} from './harness.mjs';

let server;
let browser;
const file = (name) => readFile(new URL(`../../sample-data/${name}`, import.meta.url));
const files = async () => [
  { name: 'subscriptions.csv', mimeType: 'text/csv', buffer: await file('subscriptions.csv') },
  { name: 'nps.csv', mimeType: 'text/csv', buffer: await file('nps.csv') },
  { name: 'cancellations.csv', mimeType: 'text/csv', buffer: await file('cancellations.csv') },
];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Waits for the analysis's result (not running any more) and returns its status line. */
async function settled(page, id) {
  const sel = `[data-testid="analysis-${id}"] [data-testid="analysis-status"]`;
  await page.waitForSelector(sel, { timeout: 60_000 });
  await page.waitForFunction(
    (s) =>
      !document.querySelector(s)?.hasAttribute('data-running') &&
      !/Running|运行中/.test(document.querySelector(s)?.textContent ?? ''),
    sel,
    { timeout: 60_000 },
  );
  return page.locator(sel).innerText();
}

/** Maps a loaded table as a kind, checking the roles guessed, and waits for the analyses to run. */
async function map(page, table, kind, expected) {
  // once something is mapped, the form opens with "Edit mapping"
  if (!(await page.locator('[data-testid="mapping"]').isVisible()))
    await page.click('[data-testid="edit-mapping"]');
  await page.selectOption('[data-testid="mapping-table"]', table);
  await page.selectOption('[data-testid="mapping-kind"]', kind);
  for (const [role, column] of Object.entries(expected))
    await page.waitForFunction(
      ([r, c]) => document.querySelector(`[data-testid="role-${r}"]`)?.value === c,
      [role, column],
      { timeout: 15_000 },
    );
  await page.click('[data-testid="apply-mapping"]');
  // the accounting of the rows shows under the form once it is closed
  await page.waitForSelector('[data-testid="edit-mapping"]', { timeout: 60_000 });
  if (await page.locator('[data-testid="mapping"]').isVisible()) {
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="apply-mapping"]')?.hasAttribute('disabled'),
    );
    await page.click('[data-testid="edit-mapping"]');
  }
  await page.waitForSelector(`[data-testid="accounting-${kind}"]`, { timeout: 60_000 });
}

/** Loads the three files and maps them, as a person does. */
async function loadAndMap(page) {
  await engineReady(page);
  await dropFiles(page, await files());
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="table-panel"], [data-testid^="table-"]').length > 0,
  );
  await page.click('[data-testid="tab-analyses"]');
  await map(page, 'subscriptions_raw', 'subscriptions', {
    customerId: 'customer_id',
    startedAt: 'started_at',
    endedAt: 'ended_at',
    periodAmount: 'amount',
    interval: 'billing_interval',
    currency: 'currency',
    reason: 'cancellation_reason',
  });
  if (await page.locator('[data-testid="edit-mapping"]').isVisible())
    await page.click('[data-testid="edit-mapping"]');
  await map(page, 'nps', 'survey', {
    customerId: 'customer_id',
    answeredAt: 'Submit Date (UTC)',
    score: 'How likely are you to recommend Acme Analytics to a friend or colleague?',
    comment: 'What is the main reason for your score?',
  });
  if (await page.locator('[data-testid="edit-mapping"]').isVisible())
    await page.click('[data-testid="edit-mapping"]');
  await map(page, 'cancellations_raw', 'cancellations', {
    customerId: 'customer_id',
    cancelledAt: 'requested_at',
    reason: 'reason',
    comment: 'comment',
    offer: 'offer_shown',
    offerAccepted: 'offer_accepted',
    outcome: 'outcome',
  });
}

describe('revenue retention and the voice of the customer', () => {
  it('maps the SaaS sample, its survey and its cancellations, and opens every analysis', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await loadAndMap(page);

    // revenue retention: the check passes; euros are left out until a rate is given, then converted
    await page.click('[data-testid="analysis-revenue-tab"]');
    await settled(page, 'revenue');
    await page.waitForSelector('[data-testid="revenue-check"][data-passes="true"]');
    assert.match(
      await page.locator('[data-testid="revenue-check-result"]').innerText(),
      /Holds in all 3\d months/,
    );
    assert.match(await page.locator('[data-testid="revenue-left-out"]').innerText(), /EUR: .* left out/);
    const before = await page.locator('[data-testid="revenue-endMrr"] dd').innerText();
    await page.click('[data-testid="param-rates"] summary');
    await page.fill('[data-testid="param-rates-text"]', 'EUR 1.08');
    await page.click('[data-testid="apply-rates"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="revenue-left-out"]'), null, {
      timeout: 60_000,
    });
    await settled(page, 'revenue');
    const afterRates = await page.locator('[data-testid="revenue-endMrr"] dd').innerText();
    assert.ok(
      Number(afterRates.replace(/,/g, '')) > Number(before.replace(/,/g, '')),
      `${before} -> ${afterRates}`,
    );
    assert.match(
      await page.locator('[data-testid="revenue-inputs"]').innerText(),
      /EUR: \d[\d,]* subscriptions converted at 1\.08/,
    );
    for (const chart of ['mrrMovements', 'mrrWaterfall', 'nrrGrr', 'logoRevenueChurn', 'revenueCohorts'])
      await page.waitForSelector(`[data-testid="chart-${chart}"] svg`);
    await screenshot(page, 'revenue-retention');

    // drill into a movement: the customers behind the last month's churned bar, exportable
    const churnedBar = page.locator('[data-testid="chart-mrrMovements"] svg rect[data-index]').last();
    await churnedBar.click();
    await page.waitForSelector('[data-testid="drill"]');
    const drill = await gridText(page, '[data-testid="drill"] [data-testid="result-grid"]');
    assert.deepEqual(drill.header.slice(0, 5), [
      'Customer',
      'Month',
      'Movement',
      'MRR at start',
      'MRR at end',
    ]);
    assert.ok(drill.rows.length > 0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-drill"]'),
    ]);
    assert.match(download.suggestedFilename(), /customers-revenue\.csv/);

    // churn reasons: from the cancellations (the survey) and from the subscriptions
    await page.click('[data-testid="analysis-reasons-tab"]');
    await settled(page, 'reasons');
    await page.waitForSelector('[data-testid="chart-reasonPareto"] svg rect[data-index]');
    assert.match(await page.locator('[data-testid="reasons-controllable-share"]').innerText(), /\d+(\.\d)?%/);
    assert.match(await page.locator('[data-testid="reasons-unclassified"]').innerText(), /\d+(\.\d)?%/);
    await page.selectOption('[data-testid="param-source"]', 'subscriptions');
    await settled(page, 'reasons');
    await page.waitForSelector('[data-testid="chart-reasonTenure"] svg');
    await screenshot(page, 'churn-reasons');

    // the cancel funnel: the save rate says its numerator
    await page.click('[data-testid="analysis-funnel-tab"]');
    await settled(page, 'funnel');
    await page.waitForSelector('[data-testid="chart-cancelFunnel"] svg rect[data-index]');
    assert.match(
      await page.locator('[data-testid="funnel-basis"]').innerText(),
      /still has a subscription 30 days/,
    );
    await screenshot(page, 'cancel-funnel');

    // NPS: the number with its margin, the comments of each group, the outcomes of each group
    await page.click('[data-testid="analysis-nps-tab"]');
    await settled(page, 'nps');
    assert.match(await page.locator('[data-testid="nps-value"]').innerText(), /^[+-]?\d+$/);
    assert.match(await page.locator('[data-testid="nps-margin"]').innerText(), /± \d/);
    assert.ok((await page.locator('[data-testid="nps-comments-detractor"] li').count()) > 5);
    await page.waitForSelector('[data-testid="nps-outcome-detractor"]');
    await page.waitForSelector('[data-testid="chart-npsOverTime"] svg circle[data-index]');
    await screenshot(page, 'nps');
    app.assertClean();
    await app.context.close();
  });

  it('follows a preset link for NRR in a fresh context', async () => {
    const a = await openApp(browser, server);
    await loadAndMap(a.page);
    await a.page.click('[data-testid="analysis-revenue-tab"]');
    await settled(a.page, 'revenue');
    await a.page.click('[data-testid="param-rates"] summary');
    await a.page.fill('[data-testid="param-rates-text"]', 'EUR 1.1');
    await a.page.click('[data-testid="apply-rates"]');
    await a.page.waitForFunction(() => !document.querySelector('[data-testid="revenue-left-out"]'), null, {
      timeout: 60_000,
    });
    await settled(a.page, 'revenue');
    const nrr = await a.page.locator('[data-testid="revenue-nrr12"] dd').innerText();
    await a.page.click('[data-testid="share"] summary');
    await a.page.fill('[data-testid="preset-title"]', 'Our NRR');
    await a.page.click('[data-testid="copy-link"]');
    const link = await a.page.inputValue('[data-testid="preset-link"]');
    assert.match(link, /#p=1\./);
    a.assertClean();
    await a.context.close();

    const b = await openApp(browser, server, { hash: new URL(link).hash.slice(1) });
    const { page } = b;
    await page.waitForSelector('[data-testid="preset-banner"]');
    assert.match(
      await page.locator('[data-testid="preset-banner"]').innerText(),
      /Our NRR · Revenue retention/,
    );
    await engineReady(page);
    // the link carries every mapping of the page it was made on: the same three exports are dropped
    await dropFiles(page, await files());
    await page.waitForSelector('[data-testid="preset-ready"]', { timeout: 60_000 });
    await page.click('[data-testid="tab-analyses"]');
    await settled(page, 'revenue');
    await page.waitForSelector('[data-testid="revenue-nrr12"]');
    assert.equal(await page.locator('[data-testid="revenue-nrr12"] dd').innerText(), nrr);
    assert.equal(await page.locator('[data-testid="revenue-left-out"]').count(), 0);
    b.assertClean();
    await b.context.close();
  });

  it('works in Chinese', async () => {
    const app = await openApp(browser, server, { locale: 'zh-CN' });
    const { page } = app;
    await loadAndMap(page);
    const titles = { revenue: '收入留存', reasons: '流失原因', funnel: '取消流程漏斗', nps: 'NPS 净推荐值' };
    for (const [id, title] of Object.entries(titles)) {
      await page.click(`[data-testid="analysis-${id}-tab"]`);
      await settled(page, id);
      assert.equal(await page.locator(`[data-testid="analysis-${id}"] h2`).innerText(), title);
    }
    await page.click('[data-testid="analysis-revenue-tab"]');
    await settled(page, 'revenue');
    assert.match(
      await page.locator('[data-testid="revenue-check-result"]').innerText(),
      /全部 \d+ 个月都成立/,
    );
    await screenshot(page, 'revenue-zh');
    app.assertClean();
    await app.context.close();
  });
});
