// Exemplar quotes of the themes on the analysis page (issue 19): the coded
// passages of the consensus with the student's code only, grouped by theme.
// The researcher picks which go into the report (the first two of each
// theme, from different students, to begin with) and redacts names of
// people, schools and places: in a read-only box the words are selected
// (mouse, or Shift and the arrows) and replaced by "[…]". The choices and
// redactions stay on this device (localStorage, by the quote's text hash and
// offsets) so that a reload keeps the work; before an export that holds
// quotes (the report, the Word file, the quotes' CSV) the page reminds the
// researcher to check them (confirmQuotes).
import { t, pick, int } from './i18n.js';
import { el } from './dom.js';
import { setTextLang } from './text-lang.js';
import { storage } from './store.js';

// localStorage key (store.js adds "assess.", so "erase all local data" finds it).
const STORE = 'analysis.quotes';
const MARK = '[…]';

function loadStore() {
  const s = storage.get(STORE, {});
  return { redacted: s?.redacted ?? {}, chosen: s?.chosen ?? {} };
}

// A full or blocked storage keeps the work for this visit only.
const saveStore = (s) => storage.set(STORE, s);

const store = loadStore();
let reviewed = false;  // the researcher confirmed the quotes as they are now

// The quote's words as they go out: redacted when the researcher did.
export const quoteText = (q) => store.redacted[q.id] ?? q.text;

// Chosen for the report: the researcher's choice, else the first two of
// each theme from different students.
function defaults(quotes) {
  const out = new Set();
  const seen = new Map();
  for (const q of quotes) {
    const s = seen.get(q.theme) ?? new Set();
    if (s.size < 2 && !s.has(q.code)) {
      s.add(q.code);
      out.add(q.id);
    }
    seen.set(q.theme, s);
  }
  return out;
}
function isChosen(q, first) {
  return store.chosen[q.id] ?? first.has(q.id);
}

// Replaces the selected part of the box's text by the mark.
function redactSelection(box, q, shown) {
  const [a, b] = [box.selectionStart, box.selectionEnd];
  if (a === b) return false;
  const next = `${box.value.slice(0, a)}${MARK}${box.value.slice(b)}`;
  store.redacted[q.id] = next;
  saveStore(store);
  reviewed = false;
  box.value = next;
  shown.textContent = next;
  box.setSelectionRange(a, a + MARK.length);
  return true;
}

function quoteItem(q, first, themeTitle, status) {
  const shown = el('span', { class: 'quote-words', text: quoteText(q) });
  const li = el('li', { class: 'quote', 'data-quote': q.id },
    el('blockquote', {}, setTextLang(el('p', {}, shown), q.text), el('footer', { text: `— ${q.code}` })));
  const chosen = isChosen(q, first);
  if (!chosen) li.classList.add('no-print');
  // Not `readonly`: Chromium gives a read-only box no caret, so no keyboard
  // selection; typing, pasting and deleting are refused instead (only the
  // redact button changes the words).
  const box = setTextLang(el('textarea', { class: 'quote-edit', rows: 3, 'aria-readonly': 'true', 'aria-label': t('a.q.edit_label', { code: q.code, theme: themeTitle }) }), q.text);
  box.addEventListener('beforeinput', (e) => e.preventDefault());
  const say = el('p', { class: 'quote-said', 'aria-live': 'polite' });
  const editor = el('div', { class: 'quote-editor', hidden: '' },
    el('p', { class: 'hint', text: t('a.q.edit_hint') }), box,
    el('div', { class: 'quote-actions' },
      el('button', { type: 'button', class: 'secondary quote-redact', text: t('a.q.redact_selection'), onclick: () => {
        say.textContent = redactSelection(box, q, shown) ? t('a.q.redacted') : t('a.q.select_first');
        box.focus();
        status();
      } }),
      el('button', { type: 'button', class: 'link quote-undo', text: t('a.q.undo'), onclick: () => {
        delete store.redacted[q.id];
        saveStore(store);
        reviewed = false;
        box.value = q.text;
        shown.textContent = q.text;
        say.textContent = t('a.q.undone');
        status();
      } })), say);
  const toggle = el('button', {
    type: 'button', class: 'link quote-open', 'aria-expanded': 'false', text: t('a.q.redact'),
    'aria-label': t('a.q.redact_of', { code: q.code, theme: themeTitle }),
  });
  toggle.addEventListener('click', () => {
    const open = editor.hidden;
    editor.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      box.value = quoteText(q);
      box.focus();
    }
  });
  const pickBox = el('input', { type: 'checkbox', class: 'quote-choose', ...(chosen ? { checked: '' } : {}) });
  pickBox.addEventListener('change', () => {
    store.chosen[q.id] = pickBox.checked;
    saveStore(store);
    reviewed = false;
    li.classList.toggle('no-print', !pickBox.checked);
    status();
  });
  li.append(el('div', { class: 'quote-tools no-print' },
    el('label', {}, pickBox, ' ', t('a.q.in_report')), ' ', toggle), el('div', { class: 'no-print' }, editor));
  return li;
}

// The quotes' block: per theme (codebook order) its quotes; null when the
// coding marks none.
export function renderQuotes(th) {
  const quotes = th.quotes ?? [];
  if (!quotes.length) return null;
  reviewed = false;
  const first = defaults(quotes);
  const count = el('p', { id: 'quotes-count', class: 'no-print' });
  const status = () => {
    const list = quotes.filter((q) => isChosen(q, first));
    count.textContent = t('a.q.count', {
      chosen: int(list.length), n: int(quotes.length), redacted: int(quotes.filter((q) => store.redacted[q.id] != null).length),
    });
  };
  const box = el('section', { id: 'themes-quotes', class: 'quotes', 'aria-labelledby': 'quotes-heading' },
    el('h4', { id: 'quotes-heading', text: t('a.q.heading') }),
    el('p', { class: 'table-note', text: t('a.q.note') }), count);
  for (const theme of th.codebook.themes) {
    const list = quotes.filter((q) => q.theme === theme.id);
    if (!list.length) continue;
    const title = pick(theme.name);
    // Each theme folded (79 quotes in the essays demo); the report opens them.
    const section = el('details', { class: 'quote-theme', 'data-theme': theme.id },
      el('summary', { text: t('a.q.theme', { theme: title, n: int(list.length) }) }),
      el('ul', { class: 'quote-list' }, list.map((q) => quoteItem(q, first, title, status))));
    // A theme none of whose quotes is chosen is left out of the report.
    if (!list.some((q) => isChosen(q, first))) section.classList.add('no-print');
    section.addEventListener('change', () => section.classList.toggle('no-print', !list.some((q) => isChosen(q, first))));
    box.append(section);
  }
  status();
  return box;
}

// The coded quotes as CSV rows (the page's csv_safe neutralises formulas).
export function quotesRows(th) {
  const first = defaults(th.quotes ?? []);
  const head = ['theme', 'theme_name', 'code', 'programme', 'group', 'quote', 'redacted', 'in_report', 'text_hash', 'start', 'end'];
  return [head, ...(th.quotes ?? []).map((q) => {
    const theme = th.codebook.themes.find((x) => x.id === q.theme);
    return [q.theme, theme ? pick(theme.name) : q.theme, q.code, q.programme ?? '', q.group ?? '', quoteText(q),
      store.redacted[q.id] != null ? 1 : 0, isChosen(q, first) ? 1 : 0, q.hash, q.start, q.end];
  })];
}

// Before an export with quotes: a dialog reminding the researcher that
// quotes may name people and places. Resolves true to go on.
export function confirmQuotes(th, { csv = false } = {}) {
  const quotes = th?.quotes ?? [];
  if (!quotes.length || reviewed) return Promise.resolve(true);
  const first = defaults(quotes);
  const n = csv ? quotes.length : quotes.filter((q) => isChosen(q, first)).length;
  if (!n) return Promise.resolve(true);
  return new Promise((resolve) => {
    const go = el('button', { type: 'button', id: 'quotes-go', text: t('a.q.remind_go') });
    const back = el('button', { type: 'button', class: 'secondary', id: 'quotes-back', text: t('a.q.remind_back') });
    const dialog = el('dialog', { id: 'quotes-reminder', 'aria-labelledby': 'quotes-reminder-title' },
      el('h2', { id: 'quotes-reminder-title', text: t('a.q.remind_title') }),
      el('p', { text: t('a.q.remind_text', { n: int(n) }) }),
      el('div', { class: 'actions' }, go, back));
    const close = (ok) => {
      if (ok) reviewed = true;
      dialog.close();
      dialog.remove();
      resolve(ok);
      if (!ok) document.getElementById('quotes-heading')?.scrollIntoView();
    };
    go.addEventListener('click', () => close(true));
    back.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    go.focus();
  });
}
