// A static server for the built site under /tenure/, like test/e2e/harness.mjs, but with the cache headers
// GitHub Pages sends (Cache-Control: max-age=600, ETag, Last-Modified, 304 on revalidation), so that the
// warm start measures what a returning visitor gets: the .wasm from the HTTP cache, compiled code reused.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

export const BASE = '/tenure/';

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv',
};

/**
 * @param {string} root the build directory
 * @returns {Promise<{ url: string, origin: string, requests: () => number, close: () => Promise<void> }>}
 */
export async function startBenchServer(root) {
  let requests = 0;
  const server = http.createServer(async (req, res) => {
    requests++;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(BASE)) {
      res.writeHead(404);
      return res.end();
    }
    const relative = normalize(path.slice(BASE.length) || 'index.html');
    if (relative.startsWith('..')) {
      res.writeHead(403);
      return res.end();
    }
    try {
      let file = join(root, relative);
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const headers = {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'max-age=600',
        etag,
        'last-modified': info.mtime.toUTCString(),
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        return res.end();
      }
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}${BASE}`,
    origin,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
