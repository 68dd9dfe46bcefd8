// Offline and updates (issue #11, findings 2 and 3). Deploy version A and open it; deploy version B (a
// second build of the same sources with another name); the open page of A says a new version is ready and
// keeps working (a sample loads, the engine restarts from A's own files); its reload gives B. The docs open
// as themselves, also offline, for a visitor whose pages the service worker answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineReady, launchBrowser, openApp, startServer } from './harness.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
let server;
let browser;
let versionB;

before(async () => {
  // version B: the same sources built under another name (vite.config.ts: TENURE_BUILD)
  versionB = mkdtempSync(join(tmpdir(), 'tenure-e2e-b-'));
  const build = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      versionB,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: REPO, env: { ...process.env, TENURE_BUILD: 'B' }, encoding: 'utf8' },
  );
  assert.equal(build.status, 0, build.stderr);
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (versionB) rmSync(versionB, { recursive: true, force: true });
});

/**
 * Waits until the service worker is active, then reloads: the worker controls the pages loaded after it
 * (it never takes over a page that is open, scripts/pwa.ts).
 */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForSelector('[data-testid="app"]');
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
}

describe('updates', () => {
  it('announce a new version, keep the open page working, and reload into it', async () => {
    const app = await openApp(browser, server, { serviceWorkers: 'allow' });
    const { page } = app;
    await engineReady(page);
    await controlled(page);
    await engineReady(page);
    const buildOf = () => page.evaluate(() => document.documentElement.dataset.build);
    const versionA = await buildOf();
    assert.notEqual(versionA, 'B');

    server.deploy(versionB);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.waitForSelector('[data-testid="update-ready"]', { timeout: 30_000 });
    assert.match(await page.locator('[data-testid="update-ready"]').innerText(), /new version/i);

    // A keeps working: its own files still come from its worker, though the server no longer has them
    assert.equal(await buildOf(), versionA);
    const entry = await page.evaluate(() => document.querySelector('script[type="module"][src]').src);
    assert.equal((await fetch(entry)).status, 404, `${entry} is gone from the server`);
    assert.equal(await page.evaluate(async (url) => (await fetch(url)).status, entry), 200);
    await page.click('[data-testid="sample-cdnow"]');
    await page.waitForSelector('[data-testid="table-item"]:has-text("cdnow")', { timeout: 30_000 });
    await page.evaluate(() => window.tenure.engine.crashForTest());
    await page.waitForSelector('[data-testid="notice-restarted"]', { timeout: 30_000 });
    const rows = await page.evaluate(async () => {
      const result = await window.tenure.engine.query('SELECT count(*)::INTEGER AS n FROM cdnow');
      return result.table.getChild('n').get(0);
    });
    assert.ok(rows > 6000, `${rows} rows`);

    // the reload gives B
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid="update-reload"]')]);
    await page.waitForSelector('[data-testid="app"]');
    assert.equal(await buildOf(), 'B');
    await engineReady(page);
    assert.deepEqual(app.problems(), []);
    await app.context.close();
  });

  it('serve the docs as themselves, also offline', async () => {
    server.deploy(process.env.TENURE_DIST || 'dist');
    const app = await openApp(browser, server, { serviceWorkers: 'allow' });
    const { page, context } = app;
    await engineReady(page);
    await controlled(page);
    await context.setOffline(true);
    let fromWorker = 0;
    page.on('response', (response) => response.fromServiceWorker() && fromWorker++);
    await page.goto(`${server.url}docs/metrics.html#cohort-retention`);
    assert.match(await page.title(), /Metrics|metric/i);
    assert.equal(await page.locator('[data-testid="app"]').count(), 0, 'the docs, not the app');
    assert.ok((await page.locator('h2').count()) > 3);
    assert.ok(fromWorker > 0);
    // the app's own page, with a query and a hash, is still the app offline
    await page.goto(`${server.url}?from=bookmark#p=1.x`);
    await page.waitForSelector('[data-testid="app"]');
    await context.setOffline(false);
    await context.close();
  });
});
