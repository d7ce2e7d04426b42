// The page language and where its texts are: the language of the URL
// (?lang=kk), else the one chosen before (remembered), else the browser's
// first of kk/ru/en, else English. i18n.js loads the texts;
// preload-texts.js asks for them early.
import { storage } from './store.js';

export const LANGUAGES = [
  { code: 'kk', name: 'Қазақша' },
  { code: 'ru', name: 'Русский' },
  { code: 'en', name: 'English' },
];
export const CODES = LANGUAGES.map((l) => l.code);
export const LANG_KEY = 'lang';

export function initialLanguage() {
  const url = new URLSearchParams(location.search).get('lang');
  if (CODES.includes(url)) return url;
  const saved = storage.get(LANG_KEY);
  if (CODES.includes(saved)) return saved;
  for (const l of navigator.languages ?? []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (CODES.includes(base)) return base;
  }
  return 'en';
}

// The texts of a language: i18n/<code>.json beside js/. The build
// (scripts/bundle.mjs) moves the analysis page's texts (keys a.*) into
// i18n/analysis/<code>.json, which only a page marked
// <html data-texts="analysis"> loads as well; in web/ they are all in one file.
export function textsUrl(code) {
  return new URL(`../i18n/${code}.json`, import.meta.url);
}

export function textPartUrls(code) {
  const parts = (document.documentElement.dataset.texts ?? '').split(/\s+/).filter((p) => /^[a-z]+$/.test(p));
  return parts.map((p) => new URL(`../i18n/${p}/${code}.json`, import.meta.url));
}
