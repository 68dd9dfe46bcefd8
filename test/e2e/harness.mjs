// Browser-test harness: a static server for the built site under a sub-path (like a GitHub Pages project
// site), a trap server that records what reaches it, Debian's Chromium through playwright-core, and guards
// that fail a test on any console error, page error or request that leaves the page's origin.
import http from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = '/tenure/';
const ROOT = process.env.TENURE_DIST ?? 'dist';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv',
  '.parquet': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
};

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Serves `root` under `base` on 127.0.0.1; 404 elsewhere. */
export async function startServer({ root = ROOT, base = BASE } = {}) {
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === base.slice(0, -1)) {
      res.writeHead(301, { location: base });
      return res.end();
    }
    if (!path.startsWith(base)) {
      res.writeHead(404);
      return res.end();
    }
    const relative = normalize(path.slice(base.length) || 'index.html');
    if (relative.startsWith('..')) {
      res.writeHead(403);
      return res.end();
    }
    try {
      let file = join(root, relative);
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}${base}`,
    origin: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}

/** A server that only records: a test proves data did NOT reach it. */
export async function startTrapServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url });
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' });
    res.end('a,b\n1,2\n');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, port, requests, close: () => server.close() };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.TENURE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Opens the app in a fresh context and watches it. `problems()` lists console errors, page errors and
 * requests to other origins; `assertClean()` throws if there are any.
 */
export async function openApp(
  browser,
  server,
  { locale = 'en-US', hash = '', allowConsoleErrors = [] } = {},
) {
  const context = await browser.newContext({
    locale,
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowConsoleErrors.some((pattern) => pattern.test(text))) return;
    problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== server.origin) problems.push(`request left the origin: ${url}`);
  });
  await page.goto(`${server.url}${hash ? `#${hash}` : ''}`);
  await page.waitForSelector('[data-testid="app"]');
  return {
    context,
    page,
    problems: () => [...problems],
    assertClean() {
      if (problems.length) throw new Error(`The page had problems:\n${problems.join('\n')}`);
    },
  };
}

/** Waits until the engine reports ready. */
export async function engineReady(page, timeout = 30_000) {
  await page.waitForSelector('[data-testid="engine-status"].status-ready', { timeout });
}

/**
 * Drops files on the page the way a person does: a DataTransfer with File objects, dragenter/dragover/drop
 * dispatched at the element. Bytes travel to the page in base64 chunks.
 */
export async function dropFiles(page, files, selector = 'main') {
  const handles = [];
  for (const { name, mimeType = '', buffer } of files) {
    const parts = [];
    for (let i = 0; i < buffer.length; i += 4 << 20)
      parts.push(buffer.subarray(i, i + (4 << 20)).toString('base64'));
    const handle = await page.evaluateHandle(
      ({ name, mimeType, parts }) => {
        const chunks = parts.map((p) => Uint8Array.from(atob(p), (c) => c.charCodeAt(0)));
        return new File(chunks, name, { type: mimeType });
      },
      { name, mimeType, parts },
    );
    handles.push(handle);
  }
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    return dt;
  }, handles);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  }
}

/** Runs SQL in the workspace with Ctrl+Enter and waits for it to finish. */
export async function runSql(page, sql) {
  await page.click('[data-testid="tab-sql"]');
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Escape'); // close a completion popup, if any
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="sql-status"]');
    return status && !status.hasAttribute('data-running');
  });
}

/** Reads the result grid's header and visible rows as text. */
export async function gridText(page, selector = '[data-testid="result-grid"]') {
  return page.locator(selector).evaluate((grid) => {
    const header = [...grid.querySelectorAll('.header [role="columnheader"]')].map((c) =>
      c.textContent.trim(),
    );
    const rows = [...grid.querySelectorAll('.body [role="row"]')]
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent.trim()));
    return { header: header.slice(1), rows };
  });
}

export async function screenshot(page, name) {
  await mkdir('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
