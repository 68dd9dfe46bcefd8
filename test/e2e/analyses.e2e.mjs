// Retention analyses in the browser: the orders sample mapped with refunds left out, every analysis
// opened, a parameter changed, the customers behind a heatmap cell exported; the SaaS sample mapped as
// subscriptions for survival and logo churn.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  engineReady,
  gridText,
  launchBrowser,
  openApp,
  screenshot,
  startServer,
  mapSample,
  untranslated,
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

async function status(page, id) {
  const locator = page.locator(`[data-testid="analysis-${id}"] [data-testid="analysis-status"]`);
  await locator.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (sel) => !document.querySelector(sel)?.hasAttribute('data-running'),
    `[data-testid="analysis-${id}"] [data-testid="analysis-status"]`,
  );
  return locator.innerText();
}

async function timed(label, work) {
  const started = Date.now();
  const result = await work();
  console.log(`  ${label}: ${Date.now() - started} ms`);
  return result;
}

describe('analyses on the orders sample', () => {
  it('maps the sample, opens every analysis, changes a parameter, exports the customers of a cell', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await page.click('[data-testid="sample-orders"]');
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');

    // the guessed mapping, confirmed with refunds left out
    assert.equal(await page.inputValue('[data-testid="role-customerId"]'), 'customer_id');
    assert.equal(await page.inputValue('[data-testid="role-orderedAt"]'), 'ordered_at');
    assert.equal(await page.inputValue('[data-testid="role-orderId"]'), 'order_id');
    assert.equal(await page.inputValue('[data-testid="role-quantity"]'), 'quantity');
    assert.equal(await page.inputValue('[data-testid="role-unitPrice"]'), 'unit_price');
    assert.equal(await page.inputValue('[data-testid="filter-column"]'), 'status');
    await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');
    await timed('apply mapping + cohort retention', async () => {
      await page.click('[data-testid="apply-mapping"]');
      await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', {
        timeout: 30_000,
      });
    });
    assert.match(await status(page, 'cohorts'), /rows in/);
    // 24 monthly cohorts; the average row; the first cohort retains everybody at k = 0
    const labels = await page.locator('[data-testid="chart-cohortHeatmap"] svg text').allTextContents();
    assert.ok(labels.includes('Jan 2023') && labels.includes('Dec 2024') && labels.includes('Average'));
    assert.ok(labels.includes('100%'));

    // a parameter change redraws: quarters instead of months
    await timed('cohorts, grain -> quarter', async () => {
      await page.selectOption('[data-testid="param-grain"]', 'quarter');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="chart-cohortHeatmap"] svg text')].some(
          (t) => t.textContent === '2024 Q4',
        ),
      );
    });
    // the charts after the first are drawn a frame later (Chart.svelte, deferred): they follow the new
    // result too, with a bar per quarterly cohort (8 quarters of 2023-2024)
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="chart-cohortSizes"] svg g[aria-label="bar"] rect').length ===
        8,
    );
    // and a line per quarterly cohort
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="chart-cohortCurves"] svg g[aria-label="line"]')?.children
          .length === 8,
    );
    await screenshot(page, 'analyses-cohorts');
    // back to months and to quarters: results kept for the same data, said to be computed earlier, their
    // charts put back as drawn (the quarterly heatmap comes back as the very element marked here)
    await page.evaluate(() =>
      document.querySelector('[data-testid="chart-cohortHeatmap"] svg')?.setAttribute('data-seen', 'quarter'),
    );
    for (const [grain, label] of [
      ['month', 'Dec 2024'],
      ['quarter', '2024 Q4'],
    ]) {
      await page.selectOption('[data-testid="param-grain"]', grain);
      await page.waitForFunction(
        (label) =>
          [...document.querySelectorAll('[data-testid="chart-cohortHeatmap"] svg text')].some(
            (t) => t.textContent === label,
          ),
        label,
      );
      assert.match(await status(page, 'cohorts'), /computed earlier in \d+ ms on the same data/);
    }
    assert.equal(
      await page.getAttribute('[data-testid="chart-cohortHeatmap"] svg[data-seen]', 'data-seen'),
      'quarter',
    );

    // the customers behind the cell (first cohort, k = 1), exported as CSV
    await page.locator('[data-testid="chart-cohortHeatmap"] svg rect[data-index="1"]').click();
    await page.waitForSelector('[data-testid="drill"]');
    const title = await page.locator('[data-testid="drill"] h3').innerText();
    const count = Number(title.replace(/[^0-9]/g, ''));
    assert.ok(count > 0, title);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-drill"]'),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'customer_id,first_order,last_order,orders,revenue');
    assert.equal(lines.length - 1, count);
    assert.match(lines[1], /^C\d{7},2023-/);

    for (const id of ['period', 'churn', 'repeat', 'gaps']) {
      await timed(`open ${id}`, async () => {
        await page.click(`[data-testid="analysis-${id}-tab"]`);
        await status(page, id);
      });
      const chart = page.locator(`[data-testid="analysis-${id}"] [data-testid^="chart-"] svg`).first();
      await chart.waitFor();
      assert.equal(await page.locator('[data-testid="analysis-error"]').count(), 0, id);
      // period retention: its first W days are the warm-up, left out of the average and said so
      if (id === 'period')
        assert.match(await page.locator('[data-testid="period-warm-up"]').innerText(), /left out \(shaded\)/);
    }

    // repeat purchase: the 'All' row carries the KPIs; the SQL is shown and opens in the workspace
    await page.click('[data-testid="analysis-repeat-tab"]');
    await status(page, 'repeat');
    const repeat = await gridText(page, '[data-testid="analysis-repeat"] [data-testid="result-grid"]');
    assert.deepEqual(repeat.header.slice(0, 4), ['Segment', 'Customers', 'Orders', 'Revenue']);
    assert.equal(repeat.rows[0][0], 'All');
    await page.click('[data-testid="show-sql"]');
    assert.match(await page.locator('[data-testid="analysis-sql"]').innerText(), /repeat purchase rate/i);
    await page.click('[data-testid="open-in-sql"]');
    await page.click('[data-testid="run-sql"]');
    await page.waitForSelector('[data-testid="sql-status"]:not([data-running])');
    const same = await gridText(page);
    assert.deepEqual(same.rows[0].slice(0, 4), repeat.rows[0].slice(0, 4));
    app.assertClean();
    await app.context.close();
  });
});

describe('analyses on the SaaS sample', () => {
  it('maps subscriptions and shows survival, logo churn and period retention', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await page.click('[data-testid="sample-subscriptions"]');
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.selectOption('[data-testid="mapping-kind"]', 'subscriptions');
    assert.equal(await page.inputValue('[data-testid="role-startedAt"]'), 'started_at');
    assert.equal(await page.inputValue('[data-testid="role-endedAt"]'), 'ended_at');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="analysis-cohorts"] [data-testid="analysis-status"]', {
      timeout: 30_000,
    });
    await page.click('[data-testid="analysis-survival-tab"]');
    await status(page, 'survival');
    await page.selectOption('[data-testid="param-segment"]', 'plan');
    // one curve per plan, named in the legend
    await page.waitForFunction(() =>
      ['Enterprise', 'Growth', 'Pro', 'Starter'].every((plan) =>
        document.querySelector('[data-testid="chart-survival"]')?.textContent.includes(plan),
      ),
    );
    assert.equal((await page.locator('[data-testid="chart-survival"] svg path[stroke]').count()) >= 4, true);
    await screenshot(page, 'analyses-survival');
    await page.click('[data-testid="analysis-churn-tab"]');
    await status(page, 'churn');
    await page.waitForSelector('[data-testid="chart-logoChurn"] svg');
    await page.click('[data-testid="analysis-period-tab"]');
    await status(page, 'period');
    await page.waitForSelector('[data-testid="chart-periodRetention"] svg');

    // cohorts from subscriptions: a customer is retained in a month a subscription covers
    await page.click('[data-testid="analysis-cohorts-tab"]');
    await status(page, 'cohorts');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]');
    await page.locator('[data-testid="chart-cohortHeatmap"] svg rect[data-index="1"]').click();
    await page.waitForSelector('[data-testid="drill"]');
    const drill = await gridText(page, '[data-testid="drill"] [data-testid="result-grid"]');
    assert.deepEqual(drill.header.slice(0, 3), ['Customer', 'First started', 'Last ended']);

    // "How this is computed" opens the metric's entry in the docs served with the app
    const [docs] = await Promise.all([
      app.context.waitForEvent('page'),
      page.click('[data-testid="analysis-docs"]'),
    ]);
    await docs.waitForLoadState();
    assert.match(docs.url(), /\/docs\/metrics\.html#cohort-retention$/);
    assert.equal(await docs.locator('h2#cohort-retention').innerText(), 'Cohort retention');
    await docs.close();
    app.assertClean();
    await app.context.close();
  });
});

describe('CLV formula and RFM on the orders sample', () => {
  it('shows the CLV factors, lists and exports a segment, and applies an edited rule', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'orders');

    await timed('open CLV (formula)', async () => {
      await page.click('[data-testid="analysis-clvFormula-tab"]');
      await status(page, 'clvFormula');
    });
    // the product of the factors shown is the CLV shown
    const factor = async (id) =>
      Number((await page.locator(`[data-testid="factor-${id}"] .value`).innerText()).replace(/[,%]/g, ''));
    const [aov, frequency, margin, lifespan] = [
      await factor('aov'),
      await factor('frequency'),
      (await factor('margin')) / 100,
      await factor('lifespan'),
    ];
    const clv = Number((await page.locator('[data-testid="factor-clv"]').innerText()).replace(/,/g, ''));
    assert.ok(clv > 0);
    assert.ok(Math.abs(aov * frequency * margin * lifespan - clv) / clv < 0.01, `${clv}`);
    await page.click('[data-testid="factor-aov"]');
    assert.match(await page.locator('[data-testid="factor-sql"]').innerText(), /^factor_aov AS \(/);

    await timed('open RFM', async () => {
      await page.click('[data-testid="analysis-rfm-tab"]');
      await status(page, 'rfm');
    });
    await page.waitForSelector('[data-testid="chart-rfmGrid"] svg rect[data-index]');
    await screenshot(page, 'analyses-rfm');
    // most of the sample's customers ordered once: the frequency scores above theirs are empty, and said why
    assert.match(
      await page.locator('[data-testid="rfm-gap-f"]').innerText(),
      /No customer has frequency scores? [\d, ]+: equal values get equal scores/,
    );
    const table = await gridText(page, '[data-testid="analysis-rfm"] [data-testid="result-grid"]');
    const champions = table.rows
      .filter((r) => r[0] === 'Champions')
      .reduce((n, r) => n + Number(r[3].replace(/,/g, '')), 0);
    assert.ok(champions > 0);
    // a Champions bar lists the customers of the whole segment
    const index = table.rows.findIndex((r) => r[0] === 'Champions');
    await page.locator(`[data-testid="chart-rfmSegments"] svg rect[data-index="${index}"]`).click();
    await page.waitForSelector('[data-testid="drill"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-drill"]'),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    assert.equal(lines[0].split(',').slice(0, 2).join(), 'customer_id,segment');
    assert.equal(lines.length - 1, champions);
    assert.ok(lines.slice(1).every((l) => l.split(',')[1] === 'Champions'));

    // rename a segment in the rules and apply
    await page.click('[data-testid="rfm-rules"] summary');
    await page.fill('[data-testid="rule-name-0"]', 'Stars');
    await page.click('[data-testid="apply-rules"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="chart-rfmGrid"]')?.textContent.includes('Stars'),
    );
    app.assertClean();
    await app.context.close();
  });
});

describe('analyses in Simplified Chinese', () => {
  it('shows every orders analysis without English: messages, column names, chart labels and months', async () => {
    const app = await openApp(browser, server, { locale: 'zh-CN' });
    const { page } = app;
    await mapSample(page, 'orders');
    // names that stay as they are in Chinese business writing
    const kept = /^(CLV|MRR|ARPA|ARPU|NRR|GRR|NPS|P\(alive\)|BG\/NBD|Gamma-Gamma|[RFM]|S|E|N|T)$/;
    const months = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/;
    for (const id of ['cohorts', 'period', 'churn', 'repeat', 'gaps', 'clvFormula', 'clv', 'rfm']) {
      await page.click(`[data-testid="analysis-${id}-tab"]`);
      await page.waitForSelector(`[data-testid="analysis-${id}"] [data-testid="analysis-status"]`, {
        timeout: 30_000,
      });
      await page.locator(`[data-testid="analysis-${id}"] [data-testid^="chart-"] svg`).first().waitFor();
      assert.deepEqual(await untranslated(page, ['orders_raw', 'orders', 'customer_clv']), [], id);
      const grid = await gridText(page, `[data-testid="analysis-${id}"] [data-testid="result-grid"]`);
      const english = grid.header
        .flatMap((h) => h.split(/[\s（）()，,]+/))
        .filter((w) => /[a-z]{2,}/i.test(w) && !kept.test(w));
      assert.deepEqual(english, [], `${id}: ${grid.header.join(' | ')}`);
      const charts = await page
        .locator(`[data-testid="analysis-${id}"] [data-testid^="chart-"] svg`)
        .allTextContents();
      for (const text of charts) {
        assert.doesNotMatch(text, months, id);
        assert.doesNotMatch(text, /\bAll\b|Champions|Hibernating/, id);
      }
    }
    await screenshot(page, 'analyses-zh-rfm');
    app.assertClean();
    await app.context.close();
  });
});
