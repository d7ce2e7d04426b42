// Asks for the page's texts (i18n/<lang>.json) as soon as this small module
// has arrived, while the page's own modules are still on their way: without
// it the request would wait until they have all arrived and run, one more
// round trip before the page can show its words. Loaded by every page with
// <script type="module" async>; i18n.js's fetch of the same address then
// takes the preloaded answer.
import { initialLanguage, textsUrl, textPartUrls } from './lang.js';

const code = initialLanguage();
for (const url of [textsUrl(code), ...textPartUrls(code)]) {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous';
  link.href = url.href;
  document.head.append(link);
}
