/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { docsPlugin } from './scripts/docs-plugin.ts';
import { offline } from './scripts/pwa.ts';
import { engineGlue } from './scripts/engine-glue.ts';

const blocking = fileURLToPath(
  new URL('./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', import.meta.url),
);

// Relative base: the built site works from any sub-path (a GitHub Pages project site, `vite preview`).
export default defineConfig({
  base: './',
  plugins: [svelte(), docsPlugin(), ...offline()],
  // a build's own name, shown on the page (data-build); the update tests build a second version with it
  define: { __TENURE_BUILD__: JSON.stringify(process.env.TENURE_BUILD ?? '') },
  // The blocking browser build is not in the package's exports; the worker runs it (src/engine/serve.ts).
  resolve: { alias: { 'duckdb-browser-blocking': blocking } },
  // the engine's Emscripten glue without the linking work for side modules it never loads (engine-glue.ts)
  worker: { format: 'es', plugins: () => [engineGlue()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.svelte.test.ts'] },
      },
      // the state classes run as on the page: compiled for the client and with Svelte's client runtime, so
      // that $state, $derived and $effect.root work (the server build has no effects); jsdom makes Vitest
      // transform them for the web, and the engine still runs on Node's side
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'state', include: ['test/**/*.svelte.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
