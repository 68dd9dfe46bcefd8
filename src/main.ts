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
