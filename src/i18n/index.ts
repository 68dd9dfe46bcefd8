// The message catalogue: every string a person reads goes through here, in English and Simplified Chinese.
import { addMessages, getLocaleFromNavigator, init, locale } from 'svelte-i18n';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type AppLocale = (typeof LOCALES)[number]['code'];

const STORAGE_KEY = 'tenure.locale';

/** Maps any browser language tag to one we speak: zh, zh-Hans, zh-SG -> zh-CN; everything else -> en. */
export function matchLocale(tag: string | null | undefined): AppLocale {
  if (!tag) return 'en';
  return /^zh(-hans|-cn|-sg)?\b/i.test(tag) || tag.toLowerCase() === 'zh' ? 'zh-CN' : 'en';
}

export function setupI18n(): AppLocale {
  addMessages('en', en);
  addMessages('zh-CN', zhCN);
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be unavailable (private mode); follow the browser
  }
  const initial = matchLocale(saved ?? getLocaleFromNavigator());
  init({ fallbackLocale: 'en', initialLocale: initial });
  document.documentElement.lang = initial;
  return initial;
}

export function switchLocale(code: AppLocale): void {
  void locale.set(code);
  document.documentElement.lang = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // not remembered; still switched
  }
}
