// What every page does first: language (picker in the header, remembered),
// texts and a message when the page cannot start; and last: the service
// worker for offline use. Each page module calls boot(), renders itself and
// calls ready().
import { LANGUAGES, initI18n, setLanguage, currentLanguage, t } from './i18n.js';
import { status } from './dom.js';

function languagePicker() {
  const select = document.getElementById('lang-select');
  if (!select) return;
  select.replaceChildren();
  for (const l of LANGUAGES) {
    const opt = document.createElement('option');
    opt.value = l.code;
    opt.lang = l.code;
    opt.textContent = l.name;
    select.append(opt);
  }
  select.value = currentLanguage();
  select.addEventListener('change', () => {
    setLanguage(select.value).catch((err) => status(String(err.message || err), { error: true }));
  });
}

// Registered once the page has rendered and loaded: the service worker's
// first install downloads the files of the site for offline use, which must
// not compete with what the page itself needs first on a slow connection.
function registerServiceWorker() {
  // Needs HTTPS or localhost; elsewhere the site still works, online only.
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (document.readyState !== 'complete') {
    window.addEventListener('load', registerServiceWorker, { once: true });
    return;
  }
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname })
    .catch((err) => console.warn('service worker not registered:', err));
}

export async function boot() {
  try {
    await initI18n();
  } catch (err) {
    status(`Texts could not be loaded (${err.message}).`, { error: true });
    throw err;
  }
  languagePicker();
  window.addEventListener('unhandledrejection', (event) => {
    status(t('common.unexpected', { message: String(event.reason?.message || event.reason) }), { error: true });
  });
}

// Marks the page as rendered (tests wait for body[data-ready]) and starts
// the service worker.
export function ready() {
  document.body.dataset.ready = '';
  registerServiceWorker();
}
