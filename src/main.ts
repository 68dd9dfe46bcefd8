import { mount } from 'svelte';
import { waitLocale } from 'svelte-i18n';
import './app.css';
import { setupI18n } from './i18n';
import App from './App.svelte';
import { engine } from './engine/client';
import { encodePreset } from './presets/link';

setupI18n();
await waitLocale();
mount(App, { target: document.getElementById('app')! });

// A handle for the browser console and the end-to-end tests (e.g. `tenure.engine.crashForTest()`);
// `presetHash` makes a link's hash from a preset document, as a script generating links would.
(window as unknown as { tenure: object }).tenure = { engine, presetHash: encodePreset };

// Offline after the first visit (scripts/sw-plugin.ts): the built site registers its service worker.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // no offline copy (a private window, or a browser that refuses it): the app works online all the same
  });
}
