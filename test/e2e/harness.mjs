// Browser-test harness: a static server for the built site under a sub-path (like a GitHub Pages project
// site), a trap server that records what reaches it, Debian's Chromium through playwright-core, and guards
// that fail a test on any console error, page error, failed request or request that leaves the page's origin.
// TENURE_DIST: the build to serve (default dist); TENURE_CHROMIUM: the browser; TENURE_E2E_DEBUG: log requests.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = '/tenure/';
const ROOT = process.env.TENURE_DIST || 'dist';
const DEBUG = Boolean(process.env.TENURE_E2E_DEBUG);

/** @param {...unknown} args */
function debug(...args) {
  if (DEBUG) console.error('[e2e]', ...args);
}

/** @type {Record<string, string>} */
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

/** @param {http.Server} server @returns {Promise<number>} */
function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve(address.port);
    }),
  );
}

/**
 * @typedef {{ url: string, origin: string, port: number, close: () => Promise<void>, deploy: (root: string) => void }} StaticServer
 * @typedef {{ url: string, port: number, requests: { method: string, url: string }[], close: () => Promise<void> }} TrapServer
 */

/** @param {http.Server} server @returns {() => Promise<void>} */
function closer(server) {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/**
 * Serves `root` (TENURE_DIST, default `dist`) under `base` on 127.0.0.1 with a free port; 404 elsewhere,
 * `/tenure` redirects to `/tenure/`.
 * @param {{ root?: string, base?: string }} [options]
 * @returns {Promise<StaticServer>}
 */
export async function startServer({ root = ROOT, base = BASE } = {}) {
  let served = root;
  const server = http.createServer(async (req, res) => {
    res.on('finish', () => debug(req.method, req.url, res.statusCode));
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
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
      let file = join(served, relative);
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
  debug(`serving ${root} at http://127.0.0.1:${port}${base}`);
  return {
    url: `http://127.0.0.1:${port}${base}`,
    origin: `http://127.0.0.1:${port}`,
    port,
    close: closer(server),
    /** Serves another build from now on, as a deploy replaces a site (the update tests). */
    deploy(next) {
      served = next;
    },
  };
}

/**
 * A server that only records (method, url) and answers 200 with a small CSV: a test proves data did NOT
 * reach it.
 * @returns {Promise<TrapServer>}
 */
export async function startTrapServer() {
  /** @type {{ method: string, url: string }[]} */
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    debug('trap:', req.method, req.url);
    res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' });
    res.end('a,b\n1,2\n');
  });
  // a WebSocket opening is an upgrade request, not a request event: recorded all the same
  server.on('upgrade', (req, socket) => {
    requests.push({ method: 'UPGRADE', url: req.url ?? '' });
    debug('trap: upgrade', req.url);
    socket.destroy();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, port, requests, close: closer(server) };
}

const CHROMIUM = {
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
};

/** Debian's Chromium (or TENURE_CHROMIUM), headless, with background networking off. */
export function launchBrowser() {
  return chromium.launch(CHROMIUM);
}

/**
 * The same Chromium with a profile kept in `userDataDir` (what a returning visitor's browser has: its disk
 * cache and the code cache V8 keeps there), as one context with `options`.
 * @param {string} userDataDir
 * @param {import('playwright-core').BrowserContextOptions} options
 */
export function launchProfile(userDataDir, options) {
  return chromium.launchPersistentContext(userDataDir, { ...CHROMIUM, ...options });
}

/**
 * Opens the app in a fresh context (locale, UTC) and watches it. `problems()` lists console errors, page
 * errors, requests to other origins, failed requests (except aborted ones) and HTTP errors (>= 400);
 * `assertClean()` throws if there are any. Waits for the `load` event and for `[data-testid="app"]`.
 * @param {import('playwright-core').Browser} browser
 * @param {StaticServer} server
 * The service worker (offline copy) is blocked unless `serviceWorkers: 'allow'`: it would download the
 * whole app again in every test's fresh context.
 * @param {{ locale?: string, hash?: string, allowConsoleErrors?: RegExp[], allowFailedRequests?: RegExp[], serviceWorkers?: 'allow' | 'block' }} [options]
 */
export async function openApp(
  browser,
  server,
  {
    locale = 'en-US',
    hash = '',
    allowConsoleErrors = [],
    allowFailedRequests = [],
    serviceWorkers = 'block',
  } = {},
) {
  const context = await browser.newContext({
    locale,
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
    serviceWorkers,
  });
  const page = await context.newPage();
  /** @type {string[]} */
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
  context.on('requestfailed', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const failure = `${request.failure()?.errorText ?? 'failed'} ${request.method()} ${url}`;
    // Aborted: a reload or navigation cut it short, or the page cancelled it; HTTP errors are caught below.
    if (failure.startsWith('net::ERR_ABORTED ')) return;
    if (allowFailedRequests.some((pattern) => pattern.test(failure))) return;
    problems.push(`request failed: ${failure}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${server.url}${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
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

/**
 * Waits until the engine reports ready.
 * @param {import('playwright-core').Page} page
 */
export async function engineReady(page, timeout = 30_000) {
  await page.waitForSelector('[data-testid="engine-status"].status-ready', { timeout });
}

/**
 * Loads a sample with one click on the first screen, confirms the guessed mapping in the Analyses tab
 * and waits for the first cohort heatmap, as a person starting an analysis does.
 * @param {import('playwright-core').Page} page
 * @param {'orders' | 'subscriptions' | 'cdnow'} sample
 */
export async function mapSample(page, sample) {
  await engineReady(page);
  await page.click(`[data-testid="sample-${sample}"]`);
  await page.waitForSelector('[data-testid="table-panel"]');
  await page.click('[data-testid="tab-analyses"]');
  await page.click('[data-testid="apply-mapping"]');
  await page.waitForSelector('[data-testid="chart-cohortHeatmap"] svg rect[data-index]', { timeout: 30_000 });
}

/**
 * @typedef {{ name: string, mimeType?: string, buffer: Buffer | Uint8Array }} DropFile
 */

/** A directory for the files a test drops; removed when the process exits (the page reads them lazily). */
let dropDir = '';
function dropDirectory() {
  if (!dropDir) {
    dropDir = mkdtempSync(join(tmpdir(), 'tenure-e2e-drop-'));
    process.on('exit', () => rmSync(dropDir, { recursive: true, force: true }));
  }
  return dropDir;
}

/**
 * Drops files on the page the way a person does: a DataTransfer with File objects, dragenter/dragover/drop
 * dispatched at the element. Like a real drop, the Files are backed by files on disk: the bytes are written
 * to a temporary directory and handed to a hidden file input (no size limit, 40 MB in well under a second),
 * then wrapped with the given name and type. Takes `(page, files, selector = 'main')` or
 * `(page, selector, files)`.
 * @param {import('playwright-core').Page} page
 * @param {DropFile[] | string} files
 * @param {string | DropFile[]} [selector]
 */
export async function dropFiles(page, files, selector = 'main') {
  if (typeof files === 'string') [files, selector] = [/** @type {DropFile[]} */ (selector), files];
  if (!Array.isArray(files) || typeof selector !== 'string') {
    throw new TypeError('dropFiles(page, files, selector?) or dropFiles(page, selector, files)');
  }
  const paths = files.map(({ buffer }, i) => {
    const path = join(dropDirectory(), `${Date.now()}-${i}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, buffer);
    return path;
  });
  const input = await page.evaluateHandle(() => {
    const element = document.createElement('input');
    element.type = 'file';
    element.multiple = true;
    element.hidden = true;
    // Keep the page from seeing this helper's own input/change events.
    for (const type of ['input', 'change', 'cancel'])
      element.addEventListener(type, (e) => e.stopPropagation());
    document.body.append(element);
    return element;
  });
  await input.setInputFiles(paths);
  const transfer = await input.evaluateHandle(
    (element, files) => {
      const transfer = new DataTransfer();
      Array.from(/** @type {HTMLInputElement} */ (element).files ?? []).forEach((file, i) =>
        transfer.items.add(
          new File([file], files[i].name, { type: files[i].mimeType, lastModified: file.lastModified }),
        ),
      );
      element.remove();
      return transfer;
    },
    files.map(({ name, mimeType = '' }) => ({ name, mimeType })),
  );
  await input.dispose();
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(selector, type, { dataTransfer: transfer });
  }
  await transfer.dispose();
}

/**
 * Picks files through an `<input type="file">` (the Open files button), by path on disk.
 * @param {import('playwright-core').Page} page
 * @param {string} inputSelector
 * @param {string | string[]} paths
 */
export async function pickFiles(page, inputSelector, paths) {
  await page.setInputFiles(inputSelector, paths);
}

/**
 * Runs SQL in the workspace with Ctrl+Enter and waits for it to finish.
 * @param {import('playwright-core').Page} page
 * @param {string} sql
 */
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

/**
 * Reads the result grid's header and visible rows as text.
 * @param {import('playwright-core').Page} page
 */
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

/**
 * Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  await mkdir('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every catalogue message that has English words in it (what the Chinese interface must not show). */
const ENGLISH = (() => {
  const out = new Set();
  const walk = (tree) => {
    for (const value of Object.values(tree)) {
      if (typeof value === 'string') {
        const text = value.replace(/\{[^}]*\}/g, '').trim();
        // words, not names in capitals (ARPU, CLV), which stay as they are in Chinese
        if (/[a-z]{3,}/i.test(text.replace(/\b[A-Z0-9]+\b/g, ''))) out.add(text);
      } else walk(value);
    }
  };
  walk(JSON.parse(readFileSync(new URL('../../src/i18n/en.json', import.meta.url), 'utf8')));
  return [...out].filter((text) => text.length > 3);
})();

/**
 * The texts on the page (outside result grids and the SQL editor, which show data and SQL) that contain an
 * English catalogue message: in the Chinese interface, the untranslated ones. `data`: names from the data
 * (table names) to read past.
 * @param {import('playwright-core').Page} page
 * @param {string[]} [data]
 */
export async function untranslated(page, data = []) {
  const texts = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (
        !parent ||
        parent.closest('[data-testid="result-grid"], .cm-editor, option, script, style, pre, code')
      )
        continue;
      const text = node.textContent.trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (el.closest('[data-testid="result-grid"]')) continue;
      for (const attr of ['aria-label', 'title']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr));
    }
    return out;
  });
  const longest = [...data].sort((a, b) => b.length - a.length);
  return texts
    .map((text) => longest.reduce((t, d) => t.replaceAll(d, ''), text))
    .filter((text) => ENGLISH.some((en) => text.includes(en)));
}
