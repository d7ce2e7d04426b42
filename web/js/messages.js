// The engine's messages in the page language. Every error, import problem
// and warning the engine returns carries msg: {id, params} beside its English
// sentence; the pages say it from their own catalogues,
// i18n/msg/<lang>/<part>.json (one file per area, loaded only when a message
// of that area is shown, so that a page loads none of them until it has
// something to say), with the shared words in i18n/msg/<lang>/common.json.
//
// A catalogue entry is a template, or {text, detail} when part of it is
// technical (byte offsets, parser wording): the page folds the detail away
// under "Details". Template syntax:
//   {name}                 the parameter (numbers in the page's notation)
//   {name@table}           a coded word: common.json's "@table" entry for
//                          the parameter's code ("string" -> "a string")
//   {name#hex}             a byte as 0xC0
//   {name#place}           another record's place ("a.csv row 2") in the page's words
//   {name#or}              a list the engine joins with "or", joined in the page's words
//   {name|one:…|few:…|many:…|other:…}
//                          the form that agrees with the number (plural
//                          categories of Intl.PluralRules), or with the
//                          parameter's value ({integer|1:…|other:…},
//                          {kind|ratings:…|other:…}); "other" when none
//                          matches; forms may hold parameters themselves
//   {{ and }}              a brace
// An id missing from the page language's catalogue is said in English from
// the page's English catalogue, and one missing from that as the engine's
// own sentence; the element then carries data-msg-fallback, which the tests
// look for.
import { currentLanguage, numberLocale } from './i18n.js';
import { el } from './dom.js';
import { parse, partOf } from './msg-template.js';

const files = new Map();   // "lang/part" -> Promise of the part's entries
const loaded = new Map();  // "lang/part" -> the entries, once there

function fetchPart(lang, part) {
  const key = `${lang}/${part}`;
  if (!files.has(key)) {
    files.set(key, (async () => {
      const res = await fetch(new URL(`../i18n/msg/${lang}/${part}.json`, import.meta.url));
      if (!res.ok) throw new Error(`i18n/msg/${key}.json: HTTP ${res.status}`);
      const entries = await res.json();
      loaded.set(key, entries);
      return entries;
    })().catch((err) => {
      files.delete(key);  // a later call tries again
      console.warn(`messages: ${err.message}`);
      return null;
    }));
  }
  return files.get(key);
}

// Loads the catalogue parts that the messages need in the page language,
// and the English ones only for an id the page language lacks (the
// fallback). msgs: message objects ({id, params}) or ids, nulls skipped.
// Resolves when they are there (or could not be loaded).
export async function loadMessages(msgs, lang = currentLanguage()) {
  const ids = msgs.map((m) => (typeof m === 'string' ? m : m?.id)).filter(Boolean);
  const partsOf = (list) => new Set(['common', ...list.map(partOf)]);
  await Promise.all([...partsOf(ids)].map((p) => fetchPart(lang, p)));
  const missing = lang === 'en' ? [] : ids.filter((id) => !entry(lang, id));
  if (missing.length) await Promise.all([...partsOf(missing)].map((p) => fetchPart('en', p)));
}

function entry(lang, id) {
  const e = loaded.get(`${lang}/${partOf(id)}`)?.[id];
  if (typeof e === 'string') return { text: e, detail: null };
  if (e && typeof e.text === 'string') return { text: e.text, detail: e.detail ?? null };
  return null;
}

function common(lang, key) {
  return loaded.get(`${lang}/common`)?.[key] ?? loaded.get('en/common')?.[key];
}

// ---- rendering ------------------------------------------------------------------------

const numberFormats = new Map();
function formatNumber(x, lang) {
  if (!Number.isFinite(x)) return String(x);
  const locale = lang === currentLanguage() ? numberLocale() : lang;
  const whole = Number.isInteger(x) && Math.abs(x) < 1e15;
  const tiny = x !== 0 && Math.abs(x) < 1e-4;
  const key = `${locale}/${whole ? 'int' : tiny || Math.abs(x) >= 1e15 ? 'sci' : 'dec'}`;
  if (!numberFormats.has(key)) {
    const opts = whole ? { maximumFractionDigits: 0 }
      : key.endsWith('sci') ? { notation: 'scientific', maximumSignificantDigits: 6 }
        : { maximumSignificantDigits: 6 };
    numberFormats.set(key, new Intl.NumberFormat(locale, opts));
  }
  return numberFormats.get(key).format(x);
}

const pluralRules = new Map();
function pluralOf(x, lang) {
  if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(lang));
  return pluralRules.get(lang).select(x);
}

function value(node, params, lang) {
  const v = params?.[node.name];
  if (v === undefined || v === null) return v === null ? '—' : `{${node.name}?}`;
  if (typeof v === 'number') {
    if (node.format === 'hex') return `0x${v.toString(16).toUpperCase().padStart(2, '0')}`;
    return formatNumber(v, lang);
  }
  const s = String(v);
  if (node.format === 'or') {
    // A list the engine joins in English ("pre or post", "a, b or c").
    const parts = s.split(/, | or /);
    if (parts.length < 2) return s;
    return `${parts.slice(0, -1).join(', ')} ${common(lang, 'ui.or') ?? 'or'} ${parts[parts.length - 1]}`;
  }
  if (node.format === 'place') {
    // Another record's place as the engine writes it: "a.csv row 2", "b.json response 3".
    const m = /^(.*) (row|response|rating) (\d+)$/.exec(s);
    const word = m && common(lang, '@place')?.[m[2]];
    if (word) return `${m[1]}, ${word} ${formatNumber(Number(m[3]), lang)}`;
    return s;
  }
  if (node.table) {
    const word = common(lang, `@${node.table}`)?.[s];
    if (typeof word === 'string') return word;
  }
  return s;
}

function choose(node, params, lang) {
  const v = params?.[node.name];
  const byKey = (k) => node.forms.find((f) => f.key === k);
  let form = v == null ? null : byKey(String(v));
  if (!form && typeof v === 'number') form = byKey(pluralOf(v, lang));
  return form ?? byKey('other') ?? node.forms[node.forms.length - 1];
}

function fill(nodes, params, lang) {
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') out += n;
    else if (n.forms) out += fill(choose(n, params, lang).nodes, params, lang);
    else out += value(n, params, lang);
  }
  return out;
}

// A message in the page language: {id, text, detail, fallback} with
// fallback null, "en" (said from the English catalogue) or "engine" (the
// engine's own sentence, `english`). msg may be null (a reply without one).
export function renderMsg(msg, english = '', lang = currentLanguage()) {
  const id = msg?.id ?? '';
  if (id) {
    for (const l of lang === 'en' ? ['en'] : [lang, 'en']) {
      const e = entry(l, id);
      if (!e) continue;
      return {
        id,
        text: fill(parse(e.text), msg.params, l),
        detail: e.detail ? fill(parse(e.detail), msg.params, l) : null,
        fallback: l === lang ? null : 'en',
      };
    }
  }
  return { id, text: english || id, detail: null, fallback: 'engine' };
}

// The words of the pages around messages (common.json "ui.*").
export function msgWord(key, lang = currentLanguage()) {
  return common(lang, `ui.${key}`) ?? key;
}

// A message as an element: <tag data-msg-id> with the text, and the detail
// folded away in a <details> after it. attrs as for dom.el.
export function msgElement(tag, msg, english = '', attrs = {}) {
  const r = renderMsg(msg, english);
  const node = el(tag, { ...attrs, 'data-msg-id': r.id, 'data-msg-fallback': r.fallback ?? null });
  fillMsg(node, r);
  return node;
}

// Fills an existing element with a rendered message (renderMsg's result).
export function fillMsg(node, r) {
  node.dataset.msgId = r.id;
  if (r.fallback) node.dataset.msgFallback = r.fallback;
  else delete node.dataset.msgFallback;
  node.replaceChildren(el('span', { class: 'msg-text', text: r.text }));
  if (r.detail) {
    node.append(el('details', { class: 'msg-detail' }, el('summary', { text: msgWord('details') }), el('p', { text: r.detail })));
  }
  return node;
}
