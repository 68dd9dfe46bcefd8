// Known exports in the browser: every file of test/fixtures/exports dropped at once, each table mapped as a
// person does (the kind and the mapping proposed from its recognised shape, "Recognised: ..." on screen,
// the platform's status values ticked), applied, its rows accounted for, and the analysis its kind is for
// opened (cohort retention for orders, revenue retention for subscriptions, NPS for survey answers, the
// cancel funnel for cancellations, churn for a customer snapshot); and a file whose every order is
// refunded, which keeps no rows and says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dropFiles, engineReady, launchBrowser, openApp, screenshot, startServer } from './harness.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url));

/**
 * In the order they are mapped: the snapshot, the survey answers and the cancellations first, so that their
 * analyses read the source they were mapped from, then subscriptions, then orders. `line` is the accounting
 * line: entities, rows in, rows left out (as unit-tested in test/data/export-shapes.test.ts).
 */
const FILES = [
  { file: 'telco-customer-churn.csv', shape: 'telco-customer-churn', kind: 'customers', line: [10, 10, 0] },
  { file: 'typeform-nps.csv', shape: 'typeform-nps', kind: 'survey', line: [10, 10, 0] },
  { file: 'surveymonkey-nps.csv', shape: 'surveymonkey-nps', kind: 'survey', line: [9, 9, 0] },
  {
    file: 'cancel-flow-sessions.csv',
    shape: 'cancel-flow',
    kind: 'cancellations',
    line: [7, 8, 1],
    ticked: ['TEST'],
  },
  {
    file: 'stripe-subscriptions.csv',
    shape: 'stripe-subscriptions',
    kind: 'subscriptions',
    line: [7, 8, 1],
    ticked: ['incomplete_expired'],
    unticked: ['canceled'],
  },
  {
    file: 'chargebee-subscriptions.csv',
    shape: 'chargebee-subscriptions',
    kind: 'subscriptions',
    line: [6, 7, 1],
  },
  {
    file: 'recurly-subscriptions.csv',
    shape: 'recurly-subscriptions',
    kind: 'subscriptions',
    line: [5, 7, 2],
  },
  {
    file: 'shopify-orders.csv',
    shape: 'shopify-orders',
    kind: 'orders',
    line: [7, 15, 4],
    roles: { customerId: 'Email', orderedAt: 'Created at', orderId: 'Name', amount: 'Subtotal' },
    ticked: ['refunded', 'voided'],
    unticked: ['partially_refunded', 'pending'],
  },
  {
    file: 'woocommerce-orders.csv',
    shape: 'woocommerce-orders',
    kind: 'orders',
    line: [6, 15, 5],
    roles: { customerId: 'billing_email', amount: 'order_total' },
  },
  {
    file: 'woocommerce-analytics-orders.csv',
    shape: 'woocommerce-analytics-orders',
    kind: 'orders',
    line: [6, 7, 1],
  },
  { file: 'stripe-payments.csv', shape: 'stripe-payments', kind: 'orders', line: [7, 10, 3] },
  { file: 'stripe-invoices.csv', shape: 'stripe-invoices', kind: 'orders', line: [6, 9, 3] },
  { file: 'paddle-transactions.csv', shape: 'paddle-transactions', kind: 'orders', line: [6, 9, 3] },
  { file: 'square-transactions.csv', shape: 'square-transactions', kind: 'orders', line: [6, 9, 3] },
  { file: 'square-item-sales.csv', shape: 'square-item-sales', kind: 'orders', line: [4, 8, 2] },
  { file: 'amazon-order-report.txt', shape: 'amazon-order-report', kind: 'orders', line: [5, 8, 0] },
  {
    file: 'taobao-orders-gb18030.csv',
    shape: 'taobao-orders',
    kind: 'orders',
    line: [6, 8, 2],
    ticked: ['交易关闭', '等待买家付款'],
  },
  { file: 'jd-orders.csv', shape: 'jd-orders', kind: 'orders', line: [3, 9, 2] },
  { file: 'youzan-orders.csv', shape: 'youzan-orders', kind: 'orders', line: [5, 8, 3] },
  {
    file: 'quickbooks-sales-by-customer.csv',
    shape: 'quickbooks-sales-by-customer',
    kind: 'orders',
    line: [5, 9, 3],
  },
  // no tool writes these alike: guessed from their names and values
  {
    file: 'pos-dump.txt',
    shape: null,
    kind: 'orders',
    line: [5, 10, 4],
    roles: { customerId: 'MEMBER_NO', orderId: 'TXN_ID' },
    ticked: ['VOID', 'REFUND'],
  },
  // Excel on a German Windows: Windows-1252, semicolons, decimal commas, day-first dates
  {
    file: 'german-excel-orders.csv',
    shape: null,
    kind: 'orders',
    line: [6, 8, 2],
    roles: { customerId: 'Kunde', orderId: 'Bestellnummer' },
    ticked: ['Erstattet', 'Storniert'],
  },
];

/** What each kind's natural analysis shows once it has run. */
const ANALYSIS = {
  orders: { id: 'cohorts', shows: '[data-testid="chart-cohortHeatmap"] svg rect[data-index]' },
  subscriptions: { id: 'revenue', shows: '[data-testid="chart-mrrMovements"] svg' },
  // ten answers are fewer than the minimum for an NPS: the summary says so, the scores are charted
  survey: { id: 'nps', shows: '[data-testid="nps-summary"]' },
  cancellations: { id: 'funnel', shows: '[data-testid="chart-cancelFunnel"] svg rect[data-index]' },
  customers: { id: 'churn', shows: '[data-testid="chart-churnBySegment"] svg' },
};

const tableOf = (file) => file.replace(/\.(csv|txt)$/, '').replace(/[^a-z0-9]+/g, '_');
const KIND_NAMES = {
  orders: 'Orders (purchases)',
  subscriptions: 'Subscriptions',
  customers: 'Customer snapshot (churn export)',
  survey: 'Survey answers (NPS)',
  cancellations: 'Cancellations (cancellation survey)',
};

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

/** Opens the mapping form (once something is mapped it hides behind "Edit mapping") on a table. */
async function openForm(page, table) {
  if (!(await page.locator('[data-testid="mapping"]').isVisible()))
    await page.click('[data-testid="edit-mapping"]');
  await page.selectOption('[data-testid="mapping-table"]', table);
}

/** Applies the form and closes it; the accounting line of the kind then says what was kept. */
async function apply(page, kind, [entities, rowsIn, left]) {
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="apply-mapping"]')?.hasAttribute('disabled'),
  );
  await page.click('[data-testid="apply-mapping"]');
  await page.waitForSelector('[data-testid="edit-mapping"]', { timeout: 60_000 });
  if (await page.locator('[data-testid="mapping"]').isVisible()) {
    await page.waitForSelector('[data-testid="mapping-report-summary"]', { timeout: 60_000 });
    await page.click('[data-testid="edit-mapping"]');
  }
  const line = `${KIND_NAMES[kind]}: ${entities} from ${rowsIn} rows, ${left} rows left out`;
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(sel)?.textContent?.includes(text),
    [`[data-testid="accounting-${kind}"] summary`, line],
    { timeout: 60_000 },
  );
}

/** Opens an analysis and waits until it has run without an error and shows its main chart or number. */
async function runs(page, kind) {
  const { id, shows } = ANALYSIS[kind];
  await page.click(`[data-testid="analysis-${id}-tab"]`);
  await page.waitForSelector(`[data-testid="analysis-${id}"] [data-testid="analysis-status"]`, {
    timeout: 60_000,
  });
  await page.waitForFunction(() => !document.querySelector('[data-testid="analysis-running"]'), null, {
    timeout: 60_000,
  });
  await page.waitForSelector(shows, { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid="analysis-error"]').count(), 0, `${id} failed`);
}

describe('known exports', () => {
  it('recognises each export, maps it as its platform writes it, accounts for its rows and runs its analysis', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await dropFiles(
      page,
      FILES.map(({ file }) => ({ name: file, buffer: fixture(file) })),
    );
    for (const { file } of FILES)
      await page.waitForSelector(`[data-testid="table-item"]:has-text("${tableOf(file)}")`, {
        timeout: 60_000,
      });
    await page.click('[data-testid="tab-analyses"]');

    const timings = [];
    for (const { file, shape, kind, line, roles = {}, ticked = [], unticked = [] } of FILES) {
      const started = Date.now();
      await openForm(page, tableOf(file));
      if (shape) {
        await page.waitForSelector(`[data-testid="mapping-recognised"][data-shape="${shape}"]`, {
          timeout: 30_000,
        });
        await page.waitForSelector('[data-testid="mapping-use-generic"]');
      } else {
        await page.waitForFunction(
          () =>
            !document.querySelector('[data-testid="mapping"] [role="status"]') &&
            document.querySelector('[data-testid="role-customerId"]'),
        );
        assert.equal(await page.locator('[data-testid="mapping-recognised"]').count(), 0, file);
      }
      assert.equal(await page.inputValue('[data-testid="mapping-kind"]'), kind, file);
      for (const [role, column] of Object.entries(roles))
        await page.waitForFunction(
          ([r, c]) => document.querySelector(`[data-testid="role-${r}"]`)?.value === c,
          [role, column],
          { timeout: 15_000 },
        );
      for (const value of ticked)
        await page.waitForSelector(`[data-testid="exclude-value"][data-value="${value}"]:checked`, {
          timeout: 15_000,
        });
      for (const value of unticked)
        assert.equal(
          await page.locator(`[data-testid="exclude-value"][data-value="${value}"]`).isChecked(),
          false,
          `${file}: ${value}`,
        );
      if (file === 'shopify-orders.csv') await screenshot(page, 'shapes-shopify-recognised');
      await apply(page, kind, line);
      await runs(page, kind);
      timings.push(`${file} ${Date.now() - started} ms`);
    }
    console.log(`  ${timings.join('\n  ')}`);
    app.assertClean();
    await app.context.close();
  });

  it('says why a file keeps no rows', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    // the Shopify fixture's refunded order alone: every line is left out by its status
    const lines = fixture('shopify-orders.csv').toString('utf8').split('\n');
    const refunds = [lines[0], ...lines.filter((l) => l.startsWith('#1005,'))].join('\n');
    await dropFiles(page, [{ name: 'shopify-refunds.csv', buffer: Buffer.from(`${refunds}\n`) }]);
    await page.waitForSelector('[data-testid="table-item"]:has-text("shopify_refunds")', { timeout: 30_000 });
    await page.click('[data-testid="tab-analyses"]');
    await page.waitForSelector('[data-testid="mapping-recognised"][data-shape="shopify-orders"]', {
      timeout: 30_000,
    });
    await page.waitForSelector('[data-testid="exclude-value"][data-value="refunded"]:checked');
    await page.click('[data-testid="apply-mapping"]');
    const nothing = page.locator('[data-testid="accounting-orders"] [data-testid="mapping-nothing-kept"]');
    await nothing.waitFor({ timeout: 60_000 });
    assert.match(await nothing.innerText(), /No row was kept/);
    assert.match(
      await page.locator('[data-testid="accounting-orders"] [data-testid="dropped-excluded"]').innerText(),
      /^2 rows left out by the excluded values \(1 orders\)[\s\S]*refunded/,
    );
    await screenshot(page, 'shapes-nothing-kept');
    app.assertClean();
    await app.context.close();
  });
});
