// Asks for the page's texts (i18n/<lang>.json) and documents as soon as this small module
// has arrived, while the page's own modules are still on their way: without
// it the request would wait until they have all arrived and run, one more
// round trip before the page can show its words. Loaded by every page with
// <script type="module" async>; i18n.js's fetch of the same address then
// takes the preloaded answer.
import { initialLanguage, textsUrl, textPartUrls } from './lang.js';

// The documents the page will read: those the address names by file name
// (?study=, ?instrument=, ?rubric=; study.js's rule), else the defaults the
// build wrote into this script's data-preload (scripts/bundle.mjs).
function documentUrls() {
  const params = new URLSearchParams(location.search);
  const named = ['study', 'instrument', 'rubric'].map((k) => params.get(k)).filter(Boolean);
  if (named.length) {
    return named.filter((v) => /^[\p{L}\p{N}._-]+\.json$/u.test(v) && !v.includes('..'))
      .map((v) => new URL(`../rubrics/${v}`, import.meta.url));
  }
  const list = document.querySelector('script[data-preload]')?.dataset.preload ?? '';
  return list.split(' ').filter(Boolean).map((p) => new URL(`../${p}`, import.meta.url));
}

const code = initialLanguage();
for (const url of [textsUrl(code), ...textPartUrls(code), ...documentUrls()]) {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = url.href;
  document.head.append(link);
}
