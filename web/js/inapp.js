// In-app browsers of messengers and social apps (a link opened inside
// Telegram, WhatsApp, Instagram, ...) often lose localStorage between visits
// and block downloads. Such a browser is told apart by the app's token in
// the user agent; the page then asks, in the reader's language, to open the
// address in Chrome or Safari. Nothing is sent anywhere.
import { $ } from './dom.js';
import { t, onLanguageChange } from './i18n.js';

const APPS = [
  ['Telegram', /Telegram/i],
  ['WhatsApp', /WhatsApp/i],
  ['Instagram', /Instagram/i],
  ['Facebook', /FBAN|FBAV|FB_IAB|FBIOS/],
  ['Messenger', /MessengerForiOS|Orca-Android/],
  ['TikTok', /BytedanceWebview|musical_ly|TikTok/i],
  ['LINE', /\bLine\//],
  ['VK', /VKAndroidApp|com\.vkontakte/i],
];

// The app whose built-in browser this is, or null.
export function inAppBrowser(ua = navigator.userAgent) {
  for (const [name, re] of APPS) if (re.test(ua)) return name;
  return null;
}

// Shows #inapp-warning (with #inapp-text and #inapp-url) when needed.
export function warnInAppBrowser() {
  const app = inAppBrowser();
  const box = $('#inapp-warning');
  if (!app || !box) return app;
  const fill = () => { $('#inapp-text').textContent = t('q.inapp.text', { app }); };
  fill();
  $('#inapp-url').textContent = location.href;
  box.hidden = false;
  onLanguageChange(fill);
  return app;
}
