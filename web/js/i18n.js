// All user-visible text of the pages comes from i18n/<lang>.json (flat keys,
// "{name}" placeholders). Elements carry a data-i18n attribute naming the
// key of their text, and data-i18n-attr ("attr:key;attr:key") for
// attributes; applyI18n() fills them. Numbers and dates go through Intl.
import { storage } from './store.js';
import { LANGUAGES, CODES, LANG_KEY, initialLanguage, textsUrl, textPartUrls } from './lang.js';

export { LANGUAGES };

let lang = 'en';
let dict = {};
const listeners = new Set();

export function currentLanguage() { return lang; }

async function load(code) {
  const part = async (url) => {
    const res = await fetch(url);
    // A part the build has not split off is in the main file already.
    return res.ok ? res.json() : {};
  };
  const [res, ...parts] = await Promise.all([fetch(textsUrl(code)), ...textPartUrls(code).map(part)]);
  if (!res.ok) throw new Error(`i18n/${code}.json: HTTP ${res.status}`);
  return Object.assign(await res.json(), ...parts);
}

export async function initI18n() {
  lang = initialLanguage();
  dict = await load(lang);
  document.documentElement.lang = lang;
  applyI18n(document);
}

export async function setLanguage(code) {
  if (!CODES.includes(code) || code === lang) return;
  dict = await load(code);
  lang = code;
  storage.set(LANG_KEY, code);
  document.documentElement.lang = code;
  applyI18n(document);
  for (const fn of listeners) fn(code);
}

// Called after every language change (pages re-render their dynamic parts).
export function onLanguageChange(fn) { listeners.add(fn); }

export function t(key, params) {
  let s = dict[key];
  if (typeof s !== 'string') {
    console.warn(`i18n: missing key ${key} in ${lang}`);
    s = key;
  }
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return s;
}

export function has(key) { return typeof dict[key] === 'string'; }

export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

// Text of an instrument/rubric/study field: {"en": ..., "ru": ..., "kk": ...}
// in the page language, else English, else any language given.
export function pick(text) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}

// Chromium's reduced ICU data resolves "kk" but has no Kazakh number or
// date symbols and falls back to "1,234.50" and "1970 M01 1". Kazakh writes
// numbers as Russian does (1 234,50; 01.01.1970), so then borrow ru-KZ.
let intlCache = {};
function intlLocale() {
  if (intlCache.lang === lang) return intlCache.locale;
  let locale = lang;
  if (lang === 'kk') {
    const parts = new Intl.NumberFormat('kk').formatToParts(1.5);
    if (parts.find((p) => p.type === 'decimal')?.value !== ',') locale = 'ru-KZ';
  }
  intlCache = { lang, locale, formats: new Map() };
  return locale;
}

// The locale for Intl number formats in the page language.
export function numberLocale() { return intlLocale(); }

function numberFormat(digits) {
  const locale = intlLocale();
  const key = String(digits);
  if (!intlCache.formats.has(key)) {
    // signDisplay 'negative': a value that rounds to zero prints as 0.00, not -0.00.
    intlCache.formats.set(key, new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'negative',
    }));
  }
  return intlCache.formats.get(key);
}

// A number with a fixed number of decimals in the page language; "—" for
// null/NaN (undefined statistics arrive as null).
export function num(x, digits = 2) {
  if (x == null || typeof x !== 'number' || !Number.isFinite(x)) return '—';
  return numberFormat(digits).format(x);
}

export function int(x) { return num(x, 0); }

// APA style for statistics bounded by 1 (p, r, alpha, W): no leading zero in
// English; the Russian and Kazakh conventions keep it.
export function bounded(x, digits = 2) {
  const s = num(x, digits);
  if (lang !== 'en' || s === '—') return s;
  return s.replace(/^(-?)0(?=\.)/, '$1');
}

// p-values: three decimals, "< .001" below that.
export function pval(p) {
  if (p == null || !Number.isFinite(p)) return '—';
  if (p < 0.001) return `<\u00a0${bounded(0.001, 3)}`;  // no break between the sign and the number
  return bounded(p, 3);
}

export function date(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  const locale = intlLocale();
  const opts = locale === lang ? { dateStyle: 'medium', timeStyle: 'short' }
    : { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}
