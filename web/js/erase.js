// The "erase all local data" button with an in-page confirmation (no
// window.confirm, so it works the same with a keyboard and a screen reader).
import { $ } from './dom.js';
import { status } from './dom.js';
import { t } from './i18n.js';
import { storage } from './store.js';

export function setupErase(onErased) {
  const erase = $('#erase');
  const yes = $('#erase-confirm');
  const no = $('#erase-cancel');
  const toggle = (asking) => {
    erase.hidden = asking;
    yes.hidden = !asking;
    no.hidden = !asking;
    (asking ? no : erase).focus();
  };
  erase.addEventListener('click', () => { toggle(true); status(t('common.erase.ask')); });
  no.addEventListener('click', () => { toggle(false); status(''); });
  yes.addEventListener('click', () => {
    storage.eraseAll();
    toggle(false);
    onErased?.();
    status(t('common.erase.done'));
  });
}
