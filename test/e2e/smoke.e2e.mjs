// The harness itself: the built site is served under /tenure/, the app mounts in Debian's Chromium with no
// console error, page error or request outside its origin, and the trap server records what reaches it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, startServer, startTrapServer } from './harness.mjs';

describe('harness', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    server = await startServer();
    const started = Date.now();
    browser = await launchBrowser();
    console.log(`chromium ${browser.version()} launched in ${Date.now() - started} ms`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the site under /tenure/ only, with the right types', async () => {
    const index = await fetch(server.url);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    const bare = await fetch(server.url.slice(0, -1), { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/tenure/');
    assert.equal((await fetch(`${server.origin}/index.html`)).status, 404);
    assert.equal((await fetch(`${server.url}no-such-file.js`)).status, 404);
    assert.equal((await fetch(`${server.url}%E0%A4%A`)).status, 400);
  });

  it('opens the app with no problem', async () => {
    const app = await openApp(browser, server);
    try {
      await app.page.locator('[data-testid="app"]').waitFor({ state: 'visible' });
      assert.deepEqual(app.problems(), []);
      app.assertClean();
    } finally {
      await app.context.close();
    }
  });

  it('has a trap server that records what reaches it', async () => {
    const trap = await startTrapServer();
    try {
      const response = await fetch(`${trap.url}x?secret=1`, { method: 'POST', body: 'a' });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'a,b\n1,2\n');
      assert.deepEqual(trap.requests, [{ method: 'POST', url: '/x?secret=1' }]);
    } finally {
      await trap.close();
    }
  });
});
