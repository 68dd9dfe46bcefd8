// Offline after the first visit: load the app once, cut the network, reload, load a file and run an
// analysis. The service worker (Workbox, scripts/pwa.ts) answers every request from its precache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dropFiles, engineReady, launchBrowser, openApp, startServer } from './harness.mjs';

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

describe('offline', () => {
  it('reloads, loads a file and runs an analysis with the network cut', async () => {
    // Offline, failed requests are the point: the page must not need any.
    const app = await openApp(browser, server, { serviceWorkers: 'allow' });
    const { page, context } = app;
    await engineReady(page);
    // the offline copy is complete once the worker is active; it controls the pages loaded after that
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.includes('precache')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    assert.ok(
      cached.some((p) => /duckdb-eh-.*\.wasm$/.test(p)),
      cached.join('\n'),
    );

    await context.setOffline(true);
    let served = 0;
    page.on('response', (response) => response.fromServiceWorker() && served++);
    await page.reload();
    await page.waitForSelector('[data-testid="app"]');
    await engineReady(page);
    assert.ok(served > 3, `${served} responses from the service worker`);

    const csv = await readFile(new URL('../../sample-data/cdnow.csv', import.meta.url));
    await dropFiles(page, [{ name: 'cdnow.csv', mimeType: 'text/csv', buffer: csv }]);
    await page.waitForSelector('[data-testid="table-panel"]');
    await page.click('[data-testid="tab-analyses"]');
    await page.click('[data-testid="apply-mapping"]');
    await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', {
      timeout: 30_000,
    });
    await page.click('[data-testid="analysis-repeat-tab"]');
    await page.waitForSelector('[data-testid="chart-repeatBySegment"] svg');
    assert.deepEqual(
      app.problems().filter((p) => !p.startsWith('request failed')),
      [],
    );
    await context.setOffline(false);
    await context.close();
  });
});
