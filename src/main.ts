import { mount } from 'svelte';
import { waitLocale } from 'svelte-i18n';
import './app.css';
import { setupI18n } from './i18n';
import App from './App.svelte';
import { connectEngine } from './worker/connect';
import { encodePreset } from './presets/link';
import { validatePreset } from './presets/preset';
import type { ClvRequest } from './analyses/predictive-clv/fit';
import type { CsvOptions } from './data/files';
import type { QueryOptions } from './engine/client';

setupI18n();
await waitLocale();
const { engine, crashForTest } = connectEngine();
mount(App, { target: document.getElementById('app')!, props: { engine } });

// A handle for the browser console, the end-to-end tests and the benchmark: the app's own engine client
// (its worker, its load code, its queue), e.g. `tenure.engine.crashForTest()`. `presetHash` makes a link's
// hash from a preset document (as docs/presets.md writes it), as a script generating links would.
(window as unknown as { tenure: object }).tenure = {
  engine: {
    get info() {
      return engine.info;
    },
    query: (sql: string, options?: QueryOptions) => engine.query(sql, options),
    loadFile: (file: File, options?: CsvOptions) => engine.call('loadFile', { file, options }),
    dropTable: (table: string) => engine.call('dropTable', { table }),
    fitClv: (request: ClvRequest) => engine.call('fitClv', request),
    crashForTest,
  },
  presetHash: (json: unknown) => encodePreset(validatePreset(json)),
};

// Offline after the first visit (scripts/sw-plugin.ts): the built site registers its service worker.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // no offline copy (a private window, or a browser that refuses it): the app works online all the same
  });
}
