// Offline and updates (issue #11, findings 2 and 3), from Workbox through vite-plugin-pwa rather than a
// hand-written worker: the app, the engine with WASM exceptions, the Parquet reader and the docs are
// precached with revisions on the first visit; a navigation to the app's own page (any query, any hash)
// falls back to index.html, and only that page: the docs are served as themselves. A new version installs
// beside the running one and waits: the page says "A new version is ready" and the user reloads when it
// suits them (registerType 'prompt', no skipWaiting or clientsClaim), so an open page never has its files
// swapped or deleted under it. The fallback engine for browsers without WASM exceptions and the samples are
// cached the first time they are fetched, in a cache kept across versions.
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Files fetched on demand rather than precached (each name carries a content hash). */
export const LAZY_FILES = /\/assets\/(?:duckdb-mvp-[^/]*\.wasm|[^/]*\.csv)$/;

/**
 * The hand-written service worker of earlier versions kept its files in caches named `tenure-<12 hex>`.
 * Workbox only cleans its own caches; this script, imported by the new service worker, deletes the old
 * ones when the new worker activates (when no page runs the old one any more).
 */
const CLEANUP = `// Deletes the caches of Tenure's earlier hand-written service worker (scripts/pwa.ts).
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => /^tenure-[0-9a-f]{12}$/.test(k)).map((k) => caches.delete(k))),
    ),
  );
});
`;

function cleanupScript(): Plugin {
  return {
    name: 'tenure-sw-cleanup',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'sw-cleanup.js', source: CLEANUP });
    },
  };
}

export function offline(): Plugin[] {
  return [
    cleanupScript(),
    ...VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // registered by src/main.ts, which shows the update in the page
      injectRegister: false,
      manifest: false,
      filename: 'sw.js',
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm}'],
        globIgnores: ['**/duckdb-mvp-*.wasm', 'sw-cleanup.js'],
        // the engine is 34 MB
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        // the app is one page: its directory or index.html, with any query
        navigateFallbackAllowlist: [/\/(?:index\.html)?(?:\?.*)?$/],
        navigateFallbackDenylist: [/\/docs\//],
        cleanupOutdatedCaches: true,
        skipWaiting: false,
        clientsClaim: false,
        importScripts: ['sw-cleanup.js'],
        runtimeCaching: [
          {
            urlPattern: LAZY_FILES,
            handler: 'CacheFirst',
            options: { cacheName: 'tenure-lazy-files' },
          },
        ],
      },
    }),
  ];
}
