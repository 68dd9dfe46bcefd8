import { mount } from 'svelte';
import { registerSW } from 'virtual:pwa-register';
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
import { AppUpdates } from './state/updates.svelte';

// the engine runs in the worker the page's entry started (start.ts): on with its start at once
const { engine, crashForTest } = connectEngine();
void engine.start().catch(() => {}); // a failure is shown when the page asks (Workspace.startEngine)
setupI18n();
await waitLocale();
const updates = new AppUpdates();
// which build this page runs (the update tests build a second version with its own name)
document.documentElement.dataset.build = __TENURE_BUILD__;
mount(App, { target: document.getElementById('app')!, props: { engine, updates } });

// A handle for the browser console, the end-to-end tests and the benchmark: the app's own engine client
// (its worker, its load code, its queue), e.g. `tenure.engine.crashForTest()`. `presetHash` makes a link's
// hash from a preset document (as docs/presets.md writes it), as a script generating links would.
(window as unknown as { tenure: object }).tenure = {
  engine: {
    get info() {
      return engine.info;
    },
    query: (sql: string, options?: QueryOptions) => engine.query(sql, options),
    userQuery: (sql: string) => engine.userQuery(sql),
    loadFile: (file: File, options?: CsvOptions) => engine.call('loadFile', { file, options }),
    dropTable: (table: string) => engine.call('dropTable', { table }),
    releaseTable: (table: string) => engine.call('releaseTable', { table }),
    fitClv: (request: ClvRequest) => engine.call('fitClv', request),
    crashForTest,
  },
  presetHash: (json: unknown) => encodePreset(validatePreset(json)),
};

// Offline after the first visit, and updates announced in the page (scripts/pwa.ts). A new version waits
// until the user reloads; the page looks for one every hour and whenever it comes back into view.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const activate = registerSW({
    onNeedRefresh: () => updates.waiting(() => activate()),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => void registration.update().catch(() => {});
      setInterval(check, 60 * 60 * 1000);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
    },
    // no offline copy (a private window, or a browser that refuses it): the app works online all the same
    onRegisterError: () => {},
  });
}
