// Files as analysts have them, dropped in a real browser: a Chinese Excel export in GB18030 read in the
// Chinese interface, its encoding changed and changed back in the read settings; a report with a title
// block; ragged rows counted by kind; and files that are not tables (JSON saved as .csv) or are cut short,
// refused with a reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dropFiles, gridText, launchBrowser, openApp, screenshot, startServer } from './harness.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));

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

async function loaded(page, table) {
  await page.waitForSelector(`[data-testid="table-item"]:has-text("${table}")`, { timeout: 30_000 });
}

describe('real exports', () => {
  it('reads a GB18030 export in the Chinese interface, and again with the encoding the user picks', async () => {
    const app = await openApp(browser, server, { locale: 'zh-CN' });
    const { page } = app;
    await dropFiles(page, [{ name: '淘宝订单.csv', buffer: fixture('taobao-orders-gb18030.csv') }]);
    await loaded(page, '淘宝订单');
    const schema = page.locator('[data-testid="schema"]');
    assert.match(await schema.innerText(), /订单编号[\s\S]*买家会员名[\s\S]*买家实际支付金额/);
    assert.match(await page.locator('[data-testid="load-note-encoding"]').innerText(), /GB18030/);
    await screenshot(page, 'files-gb18030-zh');
    // read as Western text the names come out garbled, and the note says how it was read
    await page.selectOption('[data-testid="encoding"]', 'windows-1252');
    await page.click('[data-testid="reload"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="load-note-encoding"]')?.textContent?.includes('Windows-1252'),
    );
    assert.doesNotMatch(await schema.innerText(), /订单编号/);
    await page.selectOption('[data-testid="encoding"]', '');
    await page.click('[data-testid="reload"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="schema"]')?.textContent?.includes('订单编号'),
    );
    app.assertClean();
    await app.context.close();
  });

  it('skips a title block, counts ragged rows by kind, and refuses what is not a table', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    const report = [
      'Example Landscaping LLC',
      'Sales by Customer Detail',
      'January - December 2024',
      '',
      'Date,Transaction Type,Num,Customer,Amount',
      '01/03/2024,Invoice,1001,Amy,100.00',
      '01/05/2024,Invoice,1002,Bill,85.00',
      '01/07/2024,Invoice,1003,Amy,40.00,extra',
      '02/11/2024,Sales Receipt,1004,Cleo,40.00',
      '',
    ].join('\n');
    await dropFiles(page, [{ name: 'sales.csv', buffer: Buffer.from(report) }]);
    await loaded(page, 'sales');
    assert.match(await page.locator('[data-testid="load-note-headerLine"]').innerText(), /line 5/);
    assert.match(await page.locator('[data-testid="schema"]').innerText(), /Transaction Type/);
    const rejected = await page.locator('[data-testid="rejected"]').innerText();
    assert.match(rejected, /1 row was set aside/);
    assert.match(rejected, /too many columns: 1/);
    assert.match(rejected, /1003,Amy,40\.00,extra/);
    // all days are 12 or less: read month first, as the browser's region (en-US) writes them, and said
    assert.match(await page.locator('[data-testid="load-note-ambiguousDates"]').innerText(), /month first/);
    assert.doesNotMatch(
      await page.locator('.notes, [data-testid="table-panel"]').first().innerText(),
      /renamed/,
    );
    const preview = await gridText(page);
    assert.deepEqual(
      preview.rows.map((r) => r[0]),
      ['01/03/2024', '01/05/2024', '02/11/2024'],
    );
    await screenshot(page, 'files-title-block');

    const body = Array.from({ length: 20000 }, (_, i) => `${i},${(i * 7919) % 1000}`).join('\n');
    const packed = gzipSync(Buffer.from(`id,amount\n${body}\n`));
    await dropFiles(page, [
      { name: 'export.csv', buffer: Buffer.from('[{"id": 1, "amount": 2}]') },
      { name: 'orders.csv.gz', buffer: packed.subarray(0, packed.length >> 1) },
    ]);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="notice-loadError"]').length === 2,
    );
    const errors = await page.locator('[data-testid="notice-loadError"]').allInnerTexts();
    assert.match(
      errors.find((e) => e.includes('export.csv')),
      /a JSON document, not a table/,
    );
    assert.match(
      errors.find((e) => e.includes('orders.csv.gz')),
      /cut short/,
    );
    // what was loaded before stays
    await loaded(page, 'sales');

    // a load that read settings may cure offers them, and reads the file again with the ones chosen
    await dropFiles(page, [{ name: 'header-only.csv', buffer: Buffer.from('id;amount\n') }]);
    const notice = page.locator('[data-testid="notice-loadError"]', { hasText: 'header-only.csv' });
    await notice.locator('[data-testid="retry-load"] summary').click();
    await notice.locator('[data-testid="delimiter"]').selectOption(';');
    await notice.locator('[data-testid="retry-load-submit"]').click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="notice-loadError"]')].some(
        (n) => n.textContent.includes('header-only.csv') && !n.querySelector('details[open]'),
      ),
    );
    app.assertClean();
    await app.context.close();
  });
});
