// Start page: roles, language and what is stored where.
import { boot, ready } from './app.js';

await boot();
ready();
if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.ready.then(() => {
    document.getElementById('offline-note').hidden = false;
  });
}
