import { mount } from 'svelte';
import { waitLocale } from 'svelte-i18n';
import './app.css';
import { setupI18n } from './i18n';
import App from './App.svelte';

setupI18n();
await waitLocale();
mount(App, { target: document.getElementById('app')! });
