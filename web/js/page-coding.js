// The coding page (issue 19, the qualitative strand): texts (essays, a CSV
// of texts) read by the engine's `texts` op in the worker, a codebook
// (assess-coding-codebook/1) loaded or written here, a coder's marks of the
// themes present in each text (the unit is text x theme) and of quotes (by
// sentence, with the keyboard or the mouse), autosaved on the device and
// downloaded as a sealed coding file (assess-coding/1); the coders' files
// merged: their agreement (coding_agreement), the disagreements the team
// resolves, the consensus coding file (coding_consensus) and the theme
// frequencies (theme_analysis). The page loads the coding engine
// (engine/assess-coding.js). Texts are shown as text only (textContent).
//
// What stays on the device (localStorage, "assess.coding.*"): the codebook,
// the coder id and the marks, always (autosave); the texts themselves only
// when the coder ticks "keep the texts" (off by default: the essays are the
// students' words, and a shared computer keeps nothing of them unless asked).
// Without them a reload keeps the marks and asks for the text files again;
// the marks are matched to the texts by their hash.
//
// The essays demo (SITE/demo-essays/, fetched from the site itself): one
// button puts its 36 essays and its codebook into the pickers as if chosen
// and reads them; another merges its two coders' files and marks the demo
// team's decisions on their disagreements.
import { setTextLang } from './text-lang.js';
import { boot, ready } from './app.js';
import { t, pick, num, bounded, int, pval, onLanguageChange, LANGUAGES } from './i18n.js';
import { $, el, download, status, safeName } from './dom.js';
import { engine, useEngineBuild, EngineError } from './engine-client.js';
import { loadMessages, msgElement } from './messages.js';
import { storage } from './store.js';

useEngineBuild('coding');

const KEY = { work: 'coding.work', codebook: 'coding.codebook', keep: 'coding.keep', texts: 'coding.texts' };
const THRESHOLD = 0.667;

const state = {
  texts: [],          // the texts op's texts: {hash, code, text, length, file, row, ...}
  codebook: null,     // the codebook in use (checked by validate_coding)
  work: { coder: '', codebook: null, codings: {}, index: 0 },  // codings: hash -> {themes, quotes}
  sentences: [],      // the current text's sentences: {start, end, text, para}
  selected: new Set(),
  active: 0,
  csvFiles: [],
  coders: [],         // the coding files being merged
  agreement: null,
  consensus: null,
  themes: null,       // the last theme_analysis result
};

// ---- errors -------------------------------------------------------------------

async function showError(err, box = $('#error-box')) {
  box.hidden = false;
  if (err instanceof EngineError && err.msg) {
    await loadMessages([err.msg]);
    box.replaceChildren(msgElement('p', err.msg, err.message));
  } else {
    box.replaceChildren(el('p', { text: err?.key ? t(err.key, err.params) : String(err?.message || err) }));
  }
  box.scrollIntoView?.({ block: 'nearest' });
}

function clearError() {
  const box = $('#error-box');
  box.hidden = true;
  box.replaceChildren();
}

class PageError extends Error {
  constructor(key, params) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

// ---- texts --------------------------------------------------------------------

const isCsv = (name) => /\.csv$/i.test(name);

// The columns of a CSV's header row (the first line of its first 64 KB),
// split at the delimiter that occurs most in it.
async function csvHeader(file) {
  const head = await file.slice(0, 65536).text();
  const line = head.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)[0] ?? '';
  const delim = [',', ';', '\t'].map((d) => [d, line.split(d).length]).sort((a, b) => b[1] - a[1])[0][0];
  return line.split(delim).map((c) => c.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"')).filter(Boolean);
}

function fillColumns(columns) {
  const guess = (re, fallback) => columns.find((c) => re.test(c)) ?? fallback;
  const code = guess(/code|код|student|студент|оқушы/i, columns[0]);
  const text = guess(/text|essay|answer|мәтін|текст|эссе|ответ|жауап/i, columns[columns.length - 1]);
  for (const [id, value] of [['#code-column', code], ['#text-column', text]]) {
    const select = $(id);
    select.replaceChildren(...columns.map((c) => el('option', { value: c, text: c })));
    select.value = value;
  }
  // The optional columns: none unless the header names one.
  const optional = { programme: /programme|program|программа|бағдарлама/i, group: /group|группа|топ/i, wave: /wave|волна|толқын|кезең/i };
  for (const [name, re] of Object.entries(optional)) {
    const select = $(`#${name}-column`);
    select.replaceChildren(el('option', { value: '', 'data-i18n': 'c.load.no_column', text: t('c.load.no_column') }),
      ...columns.map((c) => el('option', { value: c, text: c })));
    select.value = columns.find((c) => re.test(c) && c !== code && c !== text) ?? '';
  }
}

// Files the demo put in a file input (a file the user picks replaces them).
// The input shows them too where the browser lets a page set its files.
const demoPicks = new Map();

function pickedFiles(selector) {
  return demoPicks.get(selector) ?? [...$(selector).files];
}

function pickFiles(selector, files) {
  demoPicks.set(selector, files);
  try {
    const transfer = new DataTransfer();
    for (const f of files) transfer.items.add(f);
    $(selector).files = transfer.files;
  } catch {
    // No DataTransfer(): the input shows nothing, the page still has the files.
  }
}

async function onTextFiles() {
  const files = pickedFiles('#texts-file');
  state.csvFiles = files.filter((f) => isCsv(f.name));
  $('#csv-columns').hidden = !state.csvFiles.length;
  if (state.csvFiles.length) fillColumns(await csvHeader(state.csvFiles[0]));
}

// A document of the site's rubrics/ folder by format, id and version
// (rubrics/index.json), or null.
const RUBRICS = new URL('../rubrics/', import.meta.url);
async function siteDocument(format, id, version) {
  try {
    const index = await (await fetch(new URL('index.json', RUBRICS))).json();
    const entry = (index.documents ?? []).find((d) => d.format.startsWith(format) && d.id === id && d.version === version);
    if (!entry) return null;
    const res = await fetch(new URL(entry.file, RUBRICS));
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

// Response files (assess-responses/*, assess-response/*) among the chosen
// .json files, and the study and instruments they need: those chosen with
// them, else the site's (by the study the response file names).
async function responseSources(named) {
  const out = { files: [], study: null, instruments: [], studyRef: null };
  for (const f of named.filter((x) => /\.json$/i.test(x.name))) {
    const head = await f.blob.slice(0, 4096).text();
    const format = head.match(/"format"\s*:\s*"([^"]+)"/)?.[1] ?? '';
    if (/^assess-(study|instrument)\//.test(format)) {
      let doc;
      try {
        doc = JSON.parse(await f.blob.text());
      } catch {
        throw new PageError('c.load.not_json', { name: f.name });
      }
      if (format.startsWith('assess-study/')) out.study = doc;
      else out.instruments.push(doc);
    } else {
      out.files.push(f);
      const ref = head.match(/"study"\s*:\s*\{\s*"id"\s*:\s*"([^"]+)"\s*,\s*"version"\s*:\s*(\d+)/);
      if (ref) out.studyRef ??= { id: ref[1], version: Number(ref[2]) };
    }
  }
  if (!out.files.length) return out;
  if (!out.study && out.studyRef && !out.instruments.length) out.study = await siteDocument('assess-study/', out.studyRef.id, out.studyRef.version);
  if (out.study) {
    for (const ref of out.study.instruments ?? []) {
      if (out.instruments.some((d) => d.id === ref.id && d.version === ref.version)) continue;
      const doc = await siteDocument('assess-instrument/', ref.id, ref.version);
      if (doc) out.instruments.push(doc);
    }
  } else if (out.instruments.length !== 1) {
    throw new PageError('c.load.no_study');
  }
  return out;
}

async function readTexts() {
  clearError();
  const files = pickedFiles('#texts-file');
  if (!files.length) throw new PageError('c.load.no_files');
  status(t('c.load.reading'));
  // Unique names for the engine's file store; the worker reads the bytes.
  const named = files.map((f, i) => ({ name: files.findIndex((g) => g.name === f.name) === i ? f.name : `${i + 1}-${f.name}`, blob: f }));
  const responses = await responseSources(named);
  const documents = new Set(named.filter((f) => /\.json$/i.test(f.name) && !responses.files.includes(f)).map((f) => f.name));
  const eng = engine();
  await eng.putFiles(named.filter((f) => !documents.has(f.name)));
  const request = { op: 'texts' };
  const docs = named.filter((f) => !isCsv(f.name) && !/\.json$/i.test(f.name)).map((f) => ({ name: f.name }));
  const csv = named.filter((f) => isCsv(f.name)).map((f) => ({ name: f.name }));
  if (responses.files.length) {
    request.files = responses.files.map((f) => ({ name: f.name }));
    if (responses.study) {
      request.study = responses.study;
      request.instruments = responses.instruments;
    } else {
      request.instrument = responses.instruments[0];
    }
  }
  if (docs.length) request.documents = docs;
  if (csv.length) {
    request.csv = csv;
    request.code_column = $('#code-column').value;
    request.text_column = $('#text-column').value;
    for (const name of ['programme', 'group', 'wave']) {
      const column = $(`#${name}-column`).value;
      if (column) request[`${name}_column`] = column;
    }
  }
  const result = await eng.call(request);
  await eng.putFiles([]);  // the bytes leave the worker's heap
  setTexts(result.texts.map(({ hash, code, text, length, file, row, programme, group, wave, item }) => ({
    hash, code, text, length, file, row, programme, group, wave, item,
  })));
  saveTexts();
  const problems = result.problems ?? [];
  await loadMessages(problems.map((p) => p.msg));
  const list = $('#texts-problems');
  list.replaceChildren(...problems.slice(0, 50).map((p) => {
    const li = msgElement('li', p.msg, p.message);
    li.prepend(el('span', { text: `${p.file ?? ''}${p.row ? ` (${p.row})` : ''}: ` }));
    return li;
  }));
  status(t('c.load.read_done', { n: result.texts.length }));
}

function setTexts(texts) {
  state.texts = texts;
  $('#texts-summary').textContent = texts.length ? t('c.load.texts_count', { n: texts.length }) : '';
  if (state.work.index >= texts.length) state.work.index = 0;
  renderCoding();
}

function saveTexts() {
  if (!$('#keep-texts').checked) {
    storage.remove(KEY.texts);
    return;
  }
  if (!storage.set(KEY.texts, state.texts)) {
    storage.remove(KEY.texts);
    status(t('c.load.keep_failed'), { error: true });
  }
}

// ---- codebook -----------------------------------------------------------------

async function useCodebook(doc, { fromEditor = false } = {}) {
  const r = await engine().call({ op: 'validate_coding', document: doc });
  if (r.kind !== 'codebook') throw new PageError('c.load.not_codebook');
  state.codebook = doc;
  storage.set(KEY.codebook, doc);
  $('#codebook-summary').textContent = t('c.load.codebook_ok', { id: doc.id, version: doc.version, n: doc.themes.length });
  if (!fromEditor) fillEditor(doc);
  renderCoding();
}

async function onCodebookFile() {
  clearError();
  const file = pickedFiles('#codebook-file')[0];
  if (!file) return;
  let doc;
  try {
    doc = JSON.parse(await file.text());
  } catch {
    throw new PageError('c.load.not_json', { name: file.name });
  }
  await useCodebook(doc);
}

// The editor: the codebook as fields, one group per theme, each text in
// every language of the study.
const FIELDS = ['name', 'definition', 'include', 'exclude', 'example'];
const REQUIRED = new Set(['name', 'definition']);
let editorBase = null;  // {id, version, content} of the codebook loaded into the editor
let themeSeq = 0;

function editorLanguages() {
  return LANGUAGES.map((l) => l.code).filter((c) => $(`#cb-lang-${c}`)?.checked);
}

function languageBoxes(chosen) {
  const box = $('#cb-languages');
  box.querySelectorAll('.check').forEach((n) => n.remove());
  for (const l of LANGUAGES) {
    const input = el('input', { type: 'checkbox', id: `cb-lang-${l.code}`, checked: chosen.includes(l.code) });
    input.addEventListener('change', () => renderThemeFields());
    box.append(el('div', { class: 'check' }, input, el('label', { for: `cb-lang-${l.code}`, lang: l.code, text: l.name })));
  }
}

function themeGroup(theme = {}) {
  const n = ++themeSeq;
  const group = el('fieldset', { class: 'cb-theme', 'data-n': n });
  group.append(el('legend', { text: t('c.edit.theme', { n: $('#cb-themes').children.length + 1 }) }));
  const idInput = el('input', { type: 'text', id: `th-${n}-id`, class: 'th-id', value: theme.id ?? '', autocomplete: 'off', spellcheck: 'false', maxlength: 64 });
  group.append(el('div', { class: 'field' }, el('label', { for: `th-${n}-id`, i18n: 'c.edit.theme_id' }), idInput));
  const parent = el('select', { id: `th-${n}-parent`, class: 'th-parent', 'data-value': theme.parent ?? '' });
  group.append(el('div', { class: 'field' }, el('label', { for: `th-${n}-parent`, i18n: 'c.edit.parent' }), parent));
  group.append(el('div', { class: 'th-texts' }));
  group.dataset.texts = JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, theme[f] ?? {}])));
  const remove = el('button', { type: 'button', class: 'secondary', i18n: 'c.edit.remove' });
  remove.addEventListener('click', () => {
    group.remove();
    renumberThemes();
    renderParents();
  });
  group.append(el('div', { class: 'actions' }, remove));
  idInput.addEventListener('change', renderParents);
  return group;
}

function renumberThemes() {
  [...$('#cb-themes').children].forEach((g, i) => { g.querySelector('legend').textContent = t('c.edit.theme', { n: i + 1 }); });
}

// The texts of every theme in the chosen languages (what was typed is kept
// in data-texts when a language is taken away and back).
function renderThemeFields() {
  const langs = editorLanguages();
  for (const group of $('#cb-themes').children) {
    const texts = readGroupTexts(group);
    const n = group.dataset.n;
    const box = group.querySelector('.th-texts');
    box.replaceChildren();
    for (const f of FIELDS) {
      for (const lang of langs) {
        const id = `th-${n}-${f}-${lang}`;
        const name = LANGUAGES.find((l) => l.code === lang).name;
        const input = el(f === 'name' ? 'input' : 'textarea', { id, 'data-field': f, 'data-lang': lang, lang, rows: f === 'name' ? null : 2, type: f === 'name' ? 'text' : null });
        input.value = texts[f]?.[lang] ?? '';
        box.append(el('div', { class: 'field' }, el('label', { for: id, text: `${t(`c.edit.${f}`)} (${name})${REQUIRED.has(f) ? '' : ` — ${t('c.edit.optional')}`}` }), input));
      }
    }
  }
}

function readGroupTexts(group) {
  const texts = JSON.parse(group.dataset.texts || '{}');
  for (const input of group.querySelectorAll('[data-field]')) {
    texts[input.dataset.field] ??= {};
    texts[input.dataset.field][input.dataset.lang] = input.value;
  }
  group.dataset.texts = JSON.stringify(texts);
  return texts;
}

function renderParents() {
  const ids = [...$('#cb-themes').children].map((g) => g.querySelector('.th-id').value.trim());
  for (const group of $('#cb-themes').children) {
    const select = group.querySelector('.th-parent');
    const own = group.querySelector('.th-id').value.trim();
    const current = select.value || select.dataset.value || '';
    select.replaceChildren(el('option', { value: '', text: t('c.edit.no_parent') }),
      ...ids.filter((id) => id && id !== own).map((id) => el('option', { value: id, text: id })));
    select.value = ids.includes(current) ? current : '';
    select.dataset.value = select.value;
  }
}

function fillEditor(doc) {
  $('#cb-id').value = doc.id ?? '';
  $('#cb-version').value = doc.version ?? 1;
  languageBoxes(doc.languages ?? ['kk', 'ru', 'en']);
  $('#cb-themes').replaceChildren(...(doc.themes ?? []).map((th) => themeGroup(th)));
  renumberThemes();
  renderParents();
  renderThemeFields();
  // The loaded codebook as the editor reads it back (its own order of
  // fields), so that only a real change raises the version.
  const read = editorCodebook({ bump: false });
  editorBase = { id: read.id, version: read.version, content: JSON.stringify(contentOf(read)) };
}

const contentOf = (doc) => ({ languages: doc.languages, title: doc.title, themes: doc.themes });

// The codebook the editor describes. A codebook loaded and then changed
// gets the next version, unless the coder set another.
function editorCodebook({ bump = true } = {}) {
  const langs = editorLanguages();
  const themes = [...$('#cb-themes').children].map((group) => {
    const texts = readGroupTexts(group);
    const theme = { id: group.querySelector('.th-id').value.trim() };
    const parent = group.querySelector('.th-parent').value;
    if (parent) theme.parent = parent;
    for (const f of FIELDS) {
      const v = Object.fromEntries(langs.map((l) => [l, (texts[f]?.[l] ?? '').trim()]).filter(([, s]) => s || REQUIRED.has(f)));
      if (Object.keys(v).length) theme[f] = v;
    }
    return theme;
  });
  const doc = { format: 'assess-coding-codebook/1', id: $('#cb-id').value.trim(), version: Number($('#cb-version').value) || 1, languages: langs };
  if (state.codebook?.title && state.codebook.id === doc.id) doc.title = Object.fromEntries(Object.entries(state.codebook.title).filter(([l]) => langs.includes(l)));
  doc.themes = themes;
  if (bump && editorBase && doc.id === editorBase.id && doc.version === editorBase.version
      && JSON.stringify(contentOf(doc)) !== editorBase.content) {
    doc.version += 1;
    $('#cb-version').value = doc.version;
  }
  return doc;
}

async function editorUse() {
  clearError();
  const doc = editorCodebook();
  await useCodebook(doc, { fromEditor: true });
  editorBase = { id: doc.id, version: doc.version, content: JSON.stringify(contentOf(doc)) };
  $('#cb-result').textContent = t('c.edit.used', { id: doc.id, version: doc.version });
  return doc;
}

async function editorDownload() {
  const doc = await editorUse();
  download(`codebook.${safeName(doc.id)}.v${doc.version}.json`, `${JSON.stringify(doc, null, 2)}\n`);
}

// ---- coding -------------------------------------------------------------------

function saveWork() {
  if (!storage.set(KEY.work, state.work)) status(t('c.code.save_failed'), { error: true });
}

// Sentences of a text as code-point ranges: a run of . ! ? … (and closing
// quotes or brackets) followed by white space ends one, unless the next word
// begins with a small letter (a quoted question inside a sentence: «…керек?»
// деген; an abbreviation), and so does a line break; white space between
// sentences belongs to none.
export function sentencesOf(text) {
  const cps = Array.from(text);
  const out = [];
  let start = null;
  let para = false;
  const close = (end) => {
    let e = end;
    while (e > start && /\s/u.test(cps[e - 1])) e--;
    if (e > start) out.push({ start, end: e, text: cps.slice(start, e).join(''), para });
    start = null;
    para = false;
  };
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (start === null) {
      if (/\s/u.test(c)) {
        if (c === '\n' && out.length) para = true;
        continue;
      }
      start = i;
    }
    if (c === '\n') {
      close(i);
      para = true;
      continue;
    }
    if (/[.!?…。]/u.test(c)) {
      let j = i + 1;
      while (j < cps.length && /[.!?…"'»”)\]]/u.test(cps[j])) j++;
      let k = j;
      while (k < cps.length && /[^\S\n]/u.test(cps[k])) k++;
      const goesOn = k > j && k < cps.length && /\p{Ll}/u.test(cps[k]);
      if ((j >= cps.length || /\s/u.test(cps[j])) && !goesOn) { close(j); i = j - 1; }
    }
  }
  if (start !== null) close(cps.length);
  return out;
}

const themeName = (id) => pick(state.codebook?.themes.find((th) => th.id === id)?.name) || id;
const currentText = () => state.texts[state.work.index];
const codingOf = (hash) => state.work.codings[hash];

function ensureCoding(hash) {
  state.work.codings[hash] ??= { themes: [], quotes: [] };
  return state.work.codings[hash];
}

function renderCoding() {
  const usable = Boolean(state.codebook && state.texts.length);
  $('#code-not-ready').hidden = usable;
  $('#code-ready').hidden = !usable;
  if (!usable) return;
  $('#coder-id').value = state.work.coder ?? '';
  const pickText = $('#text-pick');
  pickText.replaceChildren(...state.texts.map((tx, i) => el('option', {
    value: i, text: `${i + 1}. ${tx.code ?? ''}${codingOf(tx.hash) ? ` — ${t('c.code.coded_mark')}` : ''}`,
  })));
  pickText.value = String(state.work.index);
  renderProgress();
  renderText();
  renderThemes();
}

function renderProgress() {
  const done = state.texts.filter((tx) => codingOf(tx.hash)).length;
  $('#progress').textContent = t('c.code.progress', { done, total: state.texts.length });
}

function renderText() {
  const tx = currentText();
  $('#text-heading').textContent = t('c.code.text_heading', { n: state.work.index + 1, total: state.texts.length, code: tx.code ?? '—' });
  state.sentences = sentencesOf(tx.text);
  state.selected.clear();
  state.active = 0;
  const box = setTextLang($('#sentences'), tx.text);
  box.replaceChildren(...state.sentences.map((s, i) => el('span', {
    id: `s-${i}`, role: 'option', class: `sentence${s.para ? ' para' : ''}`, 'aria-selected': 'false', 'data-i': i, text: s.text,
  })));
  renderQuotes();
  renderActive(false);
  const coded = codingOf(tx.hash);
  $('#text-state').textContent = t(coded ? 'c.code.state_coded' : 'c.code.state_open');
}

function renderActive(scroll = true) {
  const box = $('#sentences');
  for (const n of box.children) {
    const i = Number(n.dataset.i);
    n.classList.toggle('active', i === state.active);
    n.setAttribute('aria-selected', String(state.selected.has(i)));
  }
  if (state.sentences.length) {
    box.setAttribute('aria-activedescendant', `s-${state.active}`);
    if (scroll) $(`#s-${state.active}`)?.scrollIntoView?.({ block: 'nearest' });
  } else {
    box.removeAttribute('aria-activedescendant');
  }
}

function renderThemes() {
  const tx = currentText();
  const coding = codingOf(tx.hash);
  const marked = new Set(coding?.themes ?? []);
  const box = $('#theme-checks');
  box.replaceChildren();
  const select = $('#quote-theme');
  select.replaceChildren();
  for (const th of state.codebook.themes) {
    const id = `theme-${th.id}`;
    const input = el('input', { type: 'checkbox', id, checked: marked.has(th.id), 'data-theme': th.id, 'aria-describedby': `${id}-def` });
    input.addEventListener('change', () => toggleTheme(th.id, input.checked));
    const more = [['include', 'c.code.include'], ['exclude', 'c.code.exclude'], ['example', 'c.code.example']]
      .filter(([f]) => pick(th[f])).map(([f, key]) => el('p', {}, el('strong', { text: `${t(key)}: ` }), pick(th[f])));
    box.append(el('div', { class: `theme${th.parent ? ' child' : ''}` },
      el('div', { class: 'check' }, input, el('label', { for: id, text: pick(th.name) })),
      el('p', { class: 'hint', id: `${id}-def`, text: pick(th.definition) }),
      more.length ? el('details', {}, el('summary', { text: t('c.code.notes') }), ...more) : null));
    select.append(el('option', { value: th.id, text: pick(th.name) }));
  }
}

function renderQuotes() {
  const coding = codingOf(currentText().hash);
  const quotes = coding?.quotes ?? [];
  const cps = Array.from(currentText().text);
  const list = $('#quotes');
  list.replaceChildren(...quotes.map((q, i) => {
    const remove = el('button', { type: 'button', class: 'secondary small', text: t('c.code.remove_quote') });
    remove.setAttribute('aria-label', t('c.code.remove_quote_n', { n: i + 1, theme: themeName(q.theme) }));
    remove.addEventListener('click', () => {
      coding.quotes.splice(i, 1);
      saveWork();
      renderQuotes();
    });
    return el('li', {}, el('strong', { text: `${themeName(q.theme)}: ` }), el('q', { text: cps.slice(q.start, q.end).join('') }), ' ', remove);
  }));
  if (!quotes.length) list.append(el('li', { class: 'hint', text: t('c.code.no_quotes') }));
  // Sentences inside a quote are shown as quoted.
  for (const n of $('#sentences').children) {
    const s = state.sentences[Number(n.dataset.i)];
    n.classList.toggle('quoted', quotes.some((q) => q.start < s.end && s.start < q.end));
  }
}

function markChanged() {
  saveWork();
  renderProgress();
  const opt = $('#text-pick').options[state.work.index];
  if (opt) opt.textContent = `${state.work.index + 1}. ${currentText().code ?? ''} — ${t('c.code.coded_mark')}`;
  $('#text-state').textContent = t('c.code.state_coded');
}

function toggleTheme(id, on) {
  const coding = ensureCoding(currentText().hash);
  const order = state.codebook.themes.map((th) => th.id);
  const set = new Set(coding.themes);
  if (on) set.add(id);
  else set.delete(id);
  coding.themes = order.filter((x) => set.has(x));
  if (!on && coding.quotes.some((q) => q.theme === id)) {
    coding.quotes = coding.quotes.filter((q) => q.theme !== id);
    renderQuotes();
    status(t('c.code.quotes_dropped', { theme: themeName(id) }));
  }
  markChanged();
}

function addQuote() {
  const theme = $('#quote-theme').value;
  const chosen = [...state.selected].sort((a, b) => a - b);
  if (!chosen.length) {
    status(t('c.code.choose_sentences'), { error: true });
    return;
  }
  const coding = ensureCoding(currentText().hash);
  // One quote per run of adjacent sentences.
  let run = [chosen[0]];
  const runs = [];
  for (const i of chosen.slice(1)) {
    if (i === run[run.length - 1] + 1) run.push(i);
    else { runs.push(run); run = [i]; }
  }
  runs.push(run);
  for (const r of runs) {
    const q = { theme, start: state.sentences[r[0]].start, end: state.sentences[r[r.length - 1]].end };
    if (!coding.quotes.some((x) => x.theme === q.theme && x.start === q.start && x.end === q.end)) coding.quotes.push(q);
  }
  if (!coding.themes.includes(theme)) {
    const order = state.codebook.themes.map((th) => th.id);
    coding.themes = order.filter((x) => x === theme || coding.themes.includes(x));
    const box = $(`#theme-${CSS.escape(theme)}`);
    if (box) box.checked = true;
  }
  state.selected.clear();
  renderActive(false);
  renderQuotes();
  markChanged();
  status(t('c.code.quote_added', { n: runs.length, theme: themeName(theme) }));
}

function onSentenceKey(event) {
  const n = state.sentences.length;
  if (!n) return;
  let next = state.active;
  switch (event.key) {
    case 'ArrowDown': case 'ArrowRight': next = Math.min(n - 1, state.active + 1); break;
    case 'ArrowUp': case 'ArrowLeft': next = Math.max(0, state.active - 1); break;
    case 'Home': next = 0; break;
    case 'End': next = n - 1; break;
    case ' ': case 'Enter':
      toggleSentence(state.active);
      event.preventDefault();
      return;
    default: return;
  }
  event.preventDefault();
  state.active = next;
  renderActive();
}

function toggleSentence(i) {
  if (state.selected.has(i)) state.selected.delete(i);
  else state.selected.add(i);
  state.active = i;
  renderActive(false);
}

function goTo(index) {
  state.work.index = Math.max(0, Math.min(state.texts.length - 1, index));
  $('#text-pick').value = String(state.work.index);
  saveWork();
  renderText();
  renderThemes();
}

function markCodedNext() {
  ensureCoding(currentText().hash);
  markChanged();
  if (state.work.index < state.texts.length - 1) {
    goTo(state.work.index + 1);
    $('#text-heading').setAttribute('tabindex', '-1');
    $('#text-heading').focus();
  } else {
    status(t('c.code.last_text'));
  }
}

// The coding file of this coder: every text coded, in the order of the
// texts read (then the marks of texts not read this time).
function codingDocument() {
  const coder = $('#coder-id').value.trim();
  if (!coder) throw new PageError('c.code.no_coder');
  const order = [...state.texts.map((tx) => tx.hash), ...Object.keys(state.work.codings)];
  const seen = new Set();
  const texts = [];
  for (const hash of order) {
    if (seen.has(hash) || !codingOf(hash)) continue;
    seen.add(hash);
    const c = codingOf(hash);
    const entry = { hash, themes: [...c.themes] };
    if (c.quotes.length) entry.quotes = c.quotes.map((q) => ({ ...q })).sort((a, b) => a.start - b.start || a.end - b.end);
    texts.push(entry);
  }
  if (!texts.length) throw new PageError('c.code.nothing_coded');
  return { format: 'assess-coding/1', coder, codebook: { id: state.codebook.id, version: state.codebook.version }, texts };
}

async function downloadCoding() {
  clearError();
  const doc = codingDocument();
  const eng = engine();
  await eng.call({ op: 'validate_coding', document: doc, codebook: state.codebook });
  const sealed = await eng.call({ op: 'seal', document: doc });
  download(`coding.${safeName(doc.coder)}.${safeName(doc.codebook.id)}.v${doc.codebook.version}.json`, sealed.text);
  status(t('c.code.downloaded', { n: doc.texts.length }));
}

// ---- merging ------------------------------------------------------------------

async function runAgreement() {
  clearError();
  if (!state.codebook) throw new PageError('c.merge.no_codebook');
  const files = pickedFiles('#coding-files');
  if (files.length < 2) throw new PageError('c.merge.too_few');
  state.coders = [];
  for (const f of files) {
    try {
      state.coders.push(JSON.parse(await f.text()));
    } catch {
      throw new PageError('c.load.not_json', { name: f.name });
    }
  }
  const r = await engine().call({ op: 'coding_agreement', codebook: state.codebook, coders: state.coders });
  state.agreement = r;
  state.consensus = null;
  await loadMessages(r.warning_msgs ?? []);
  renderAgreement();
  renderDisagreements();
  $('#consensus-box').hidden = false;
  $('#consensus-result').textContent = '';
  status(t('c.merge.done', { n: r.disagreements.length }));
}

const stat = (x) => bounded(x, 3);

function cell(tag, value, text, attrs = {}) {
  return el(tag, { ...attrs, class: `num${attrs.class ? ` ${attrs.class}` : ''}`, 'data-value': value == null ? 'null' : String(value), text });
}

function renderAgreement() {
  const r = state.agreement;
  if (!r) return;
  const many = r.coders.length > 2;
  const kappaHead = t(many ? 'c.merge.fleiss' : 'c.merge.cohen');
  const flagText = (f) => (f == null ? '—' : f ? t('c.merge.flag_low') : t('c.merge.flag_ok'));
  const head = el('tr', {}, ...[t('c.merge.theme'), t('c.merge.units'), kappaHead, t('c.merge.alpha'), t('c.merge.percent'), t('c.merge.flag')]
    .map((h, i) => el('th', { scope: 'col', class: i > 0 && i < 5 ? 'num' : null, text: h })));
  const row = (name, x, { overall = false } = {}) => {
    const kappa = overall ? null : (many ? x.fleiss_kappa : x.cohen_kappa);
    return el('tr', { class: `${x.flag ? 'low' : ''}${overall ? ' overall' : ''}`, 'data-theme': overall ? '*' : x.theme },
      el('th', { scope: 'row', text: name }),
      cell('td', x.n_units, int(x.n_units)),
      cell('td', overall ? null : kappa, overall ? '' : stat(kappa), { class: 'kappa' }),
      cell('td', x.alpha, stat(x.alpha), { class: 'alpha' }),
      cell('td', x.percent_agreement, num(x.percent_agreement, 1), { class: 'percent' }),
      el('td', { class: 'flag', text: flagText(x.flag) }));
  };
  const table = el('table', { id: 'agreement-table' },
    el('caption', { text: t('c.merge.caption', { coders: r.coders.join(', '), n: r.n_texts }) }),
    el('thead', {}, head),
    el('tbody', {}, ...r.themes.map((x) => row(themeName(x.theme), x))),
    el('tfoot', {}, row(t('c.merge.overall'), r.overall, { overall: true })));
  const box = $('#agreement');
  box.replaceChildren(
    el('h3', { id: 'agreement-heading', text: t('c.merge.table_heading') }),
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'agreement-heading' }, table),
    el('p', { class: 'hint', text: t('c.merge.overall_note') }),
    el('p', { class: 'hint', text: t('c.merge.threshold_note', { threshold: bounded(THRESHOLD, 3) }) }),
    ...(r.warning_msgs ?? []).map((m, i) => msgElement('p', m, r.warnings?.[i] ?? '', { class: 'warning' })));
}

function textByHash(hash) {
  return state.texts.find((tx) => tx.hash === hash);
}

function renderDisagreements() {
  const r = state.agreement;
  const box = $('#disagreements');
  if (!r) return;
  const previous = resolutions();
  box.replaceChildren(el('h3', { id: 'dis-heading', text: t('c.merge.dis_heading', { n: r.disagreements.length }) }));
  if (!r.disagreements.length) {
    box.append(el('p', { text: t('c.merge.dis_none') }));
    return;
  }
  box.append(el('p', { class: 'hint', text: t('c.merge.dis_intro') }));
  const list = el('ol', { class: 'disagreements' });
  r.disagreements.forEach((d, i) => {
    const tx = textByHash(d.hash);
    const label = tx ? t('c.merge.dis_text', { code: tx.code ?? '—' }) : t('c.merge.dis_hash', { hash: d.hash.slice(0, 12) });
    const name = `res-${i}`;
    const chosen = previous.find((x) => x.hash === d.hash && x.theme === d.theme)?.present;
    const radio = (value, key) => {
      const id = `${name}-${value ? 'p' : 'a'}`;
      return el('div', { class: 'check' },
        el('input', { type: 'radio', name, id, value: value ? 'present' : 'absent', checked: chosen === value, 'data-hash': d.hash, 'data-theme': d.theme }),
        el('label', { for: id, text: t(key) }));
    };
    const fs = el('fieldset', { class: 'dis', 'data-hash': d.hash, 'data-theme': d.theme },
      el('legend', { text: `${label} — ${themeName(d.theme)}` }),
      el('p', { class: 'hint', text: t('c.merge.dis_coders', { present: d.coders_present.join(', '), absent: d.coders_absent.join(', ') }) }),
      tx ? el('details', {}, el('summary', { text: t('c.merge.show_text') }), setTextLang(el('p', { class: 'essay', text: tx.text }), tx.text)) : null,
      radio(true, 'c.merge.present'), radio(false, 'c.merge.absent'));
    list.append(el('li', {}, fs));
  });
  box.append(list);
}

function resolutions() {
  return [...document.querySelectorAll('#disagreements input[type=radio]:checked')].map((input) => ({
    hash: input.dataset.hash, theme: input.dataset.theme, present: input.value === 'present',
  }));
}

async function makeConsensus() {
  clearError();
  if (!state.agreement) throw new PageError('c.merge.run_first');
  const r = await engine().call({ op: 'coding_consensus', codebook: state.codebook, coders: state.coders, resolutions: resolutions() });
  state.consensus = r.coding;
  const text = `${JSON.stringify(r.coding, null, 2)}\n`;
  download(`coding.consensus.${safeName(state.codebook.id)}.v${state.codebook.version}.json`, text);
  $('#consensus-result').textContent = r.complete
    ? t('c.merge.consensus_complete', { n: r.n_texts })
    : t('c.merge.consensus_unresolved', { n: r.n_texts, open: r.unresolved.length });
}

// ---- theme frequencies ----------------------------------------------------------

async function runThemes() {
  clearError();
  if (!state.consensus) throw new PageError('c.themes.no_consensus');
  if (!state.texts.length) throw new PageError('c.themes.no_texts');
  const r = await engine().call({ op: 'theme_analysis', codebook: state.codebook, coding: state.consensus, texts: state.texts });
  await loadMessages(r.warning_msgs ?? []);
  state.themes = r;
  renderThemeTables();
}

// The test across the levels of a grouping, in words.
function testText(test) {
  if (!test) return '—';
  if (test.reason) return t(`c.themes.reason.${test.reason}`);
  const p = pval(test.p);
  if (test.method === 'fisher_exact') return t('c.themes.fisher', { p });
  return t(test.method === 'chi_square_yates' ? 'c.themes.chi_yates' : 'c.themes.chi', { chi: num(test.statistic, 2), df: int(test.df), p });
}

function renderThemeTables() {
  const r = state.themes;
  if (!r) return;
  const head = el('tr', {}, ...[t('c.merge.theme'), t('c.themes.students'), t('c.themes.students_pct'), t('c.themes.texts'), t('c.themes.texts_pct')]
    .map((h, i) => el('th', { scope: 'col', class: i > 0 ? 'num' : null, text: h })));
  const table = el('table', { id: 'theme-frequencies' },
    el('caption', { text: t('c.themes.caption', { students: r.n_students, texts: r.n_texts }) }),
    el('thead', {}, head),
    el('tbody', {}, ...r.themes.map((x) => el('tr', { 'data-theme': x.theme },
      el('th', { scope: 'row', text: themeName(x.theme) }),
      cell('td', x.students, int(x.students)), cell('td', x.students_percent, num(x.students_percent, 1)),
      cell('td', x.texts, int(x.texts)), cell('td', x.texts_percent, num(x.texts_percent, 1))))));
  const byTables = ['programme', 'group', 'wave'].filter((g) => r.by?.[g]?.length).map((g) => {
    const levels = r.by[g][0].levels.map((l) => l.level);
    const headRow = el('tr', {}, el('th', { scope: 'col', text: t('c.merge.theme') }),
      ...levels.map((l) => el('th', { scope: 'col', class: 'num', text: String(l) })), el('th', { scope: 'col', text: t('c.themes.test') }));
    const body = r.by[g].map((x) => el('tr', { 'data-theme': x.theme }, el('th', { scope: 'row', text: themeName(x.theme) }),
      ...x.levels.map((l) => cell('td', l.mentioning, t('c.themes.of', { k: int(l.mentioning), n: int(l.students), pct: num(l.percent, 1) }))),
      el('td', { class: 'test', 'data-p': x.test?.p ?? 'null', text: testText(x.test) })));
    const id = `by-${g}-heading`;
    return [el('h3', { id, text: t(`c.themes.by_${g}`) }),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': id },
        el('table', { id: `by-${g}` }, el('thead', {}, headRow), el('tbody', {}, ...body)))];
  });
  const co = r.cooccurrence;
  const coTable = co?.themes?.length ? [
    el('h3', { id: 'co-heading', text: t('c.themes.co_heading') }),
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'co-heading' },
      el('table', { id: 'cooccurrence' },
        el('thead', {}, el('tr', {}, el('td'), ...co.themes.map((id) => el('th', { scope: 'col', class: 'num', text: themeName(id) })))),
        el('tbody', {}, ...co.themes.map((id, i) => el('tr', { 'data-theme': id }, el('th', { scope: 'row', text: themeName(id) }),
          ...co.themes.map((_, j) => cell('td', co.counts[i][j], i === j ? int(co.counts[i][j])
            : `${int(co.counts[i][j])} (${bounded(co.jaccard[i][j], 2)})`))))))),
    el('p', { class: 'hint', text: t('c.themes.co_note') }),
  ] : [];
  $('#theme-table').replaceChildren(
    el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('c.themes.heading') }, table),
    ...byTables.flat(),
    ...coTable,
    ...(byTables.length ? [el('p', { class: 'hint', text: t('c.themes.by_note') })] : []),
    ...(r.warning_msgs ?? []).map((m, i) => msgElement('p', m, r.warnings?.[i] ?? '', { class: 'warning' })));
}

// ---- the essays demo -------------------------------------------------------------

const DEMO = new URL('../demo-essays/', import.meta.url);
let demoBusy = false;
let demoLoaded = false;

async function demoFile(name, type) {
  const res = await fetch(new URL(name, DEMO));
  if (!res.ok) throw new Error(`demo-essays/${name}: HTTP ${res.status}`);
  return new File([await res.blob()], name.split('/').pop(), { type });
}

// The demo's files, fetched; a failure is said in the reader's language.
async function demoFetch(fn) {
  try {
    return await fn();
  } catch (err) {
    throw new PageError('c.demo.failed', { message: err.message });
  }
}

// One click at a time (a second click while the demo loads does nothing).
const once = (fn) => async () => {
  if (demoBusy) return;
  demoBusy = true;
  try {
    await fn();
  } finally {
    demoBusy = false;
  }
};

function renderDemoResult() {
  if (!demoLoaded || !state.codebook || !state.texts.length) {
    $('#demo-result').replaceChildren();
    return;
  }
  $('#demo-result').replaceChildren(t('c.demo.loaded', { n: state.texts.length, themes: state.codebook.themes.length }), ' ',
    el('a', { href: '#code', i18n: 'c.demo.start' }));
}

// The 36 essays and the codebook, as if the user had chosen them, read.
async function loadDemoEssays() {
  clearError();
  demoLoaded = false;
  renderDemoResult();
  status(t('c.demo.loading'));
  const [codebook, ...texts] = await demoFetch(async () => {
    const res = await fetch(new URL('index.json', DEMO));
    if (!res.ok) throw new Error(`demo-essays/index.json: HTTP ${res.status}`);
    const essays = ((await res.json()).files ?? []).filter((f) => /^essays\/[^/]+\.txt$/.test(f));
    return Promise.all([demoFile('codebook.json', 'application/json'), ...essays.map((f) => demoFile(f, 'text/plain'))]);
  });
  pickFiles('#codebook-file', [codebook]);
  pickFiles('#texts-file', texts);
  await onTextFiles();
  await onCodebookFile();
  await readTexts();
  demoLoaded = true;
  renderDemoResult();
  status('');
}

// The demo coders' files merged: the demo's texts and codebook first unless
// already in use, then the agreement, and the demo team's decisions marked
// on the disagreements (the user may change any before the consensus).
async function mergeDemo() {
  clearError();
  status(t('c.demo.loading'));
  const [coders, decisions] = await demoFetch(async () => {
    const files = await Promise.all(['coder_a.json', 'coder_b.json'].map((f) => demoFile(f, 'application/json')));
    const res = await fetch(new URL('resolutions.json', DEMO));
    if (!res.ok) throw new Error(`demo-essays/resolutions.json: HTTP ${res.status}`);
    return [files, await res.json()];
  });
  const first = JSON.parse(await coders[0].text());
  const read = new Set(state.texts.map((tx) => tx.hash));
  if (state.codebook?.id !== first.codebook?.id || state.codebook?.version !== first.codebook?.version
      || !(first.texts ?? []).every((x) => read.has(x.hash))) {
    await loadDemoEssays();
  }
  pickFiles('#coding-files', coders);
  await runAgreement();
  for (const d of Array.isArray(decisions) ? decisions : []) {
    const input = $(`#disagreements input[data-hash="${CSS.escape(String(d.hash))}"][data-theme="${CSS.escape(String(d.theme))}"][value="${d.present ? 'present' : 'absent'}"]`);
    if (input) input.checked = true;
  }
}

// ---- wiring -------------------------------------------------------------------

// A handler whose failures are shown in the page's error box.
const guarded = (fn) => async (...args) => {
  try {
    await fn(...args);
  } catch (err) {
    status('');
    await showError(err);
  }
};

function restore() {
  const work = storage.get(KEY.work);
  if (work && typeof work === 'object' && work.codings) state.work = { coder: '', codebook: null, index: 0, ...work };
  const keep = storage.get(KEY.keep) === true;
  $('#keep-texts').checked = keep;
  const texts = keep ? storage.get(KEY.texts) : null;
  if (Array.isArray(texts)) setTexts(texts);
  const cb = storage.get(KEY.codebook);
  return cb;
}

await boot();
languageBoxes(['kk', 'ru', 'en']);
$('#cb-version').value = 1;
const savedCodebook = restore();
if (savedCodebook) {
  try {
    await useCodebook(savedCodebook);
  } catch (err) {
    await showError(err);
  }
}
if (!state.texts.length && Object.keys(state.work.codings).length) status(t('c.load.reload_texts'));

$('#load-demo').addEventListener('click', guarded(once(loadDemoEssays)));
$('#load-demo-coders').addEventListener('click', guarded(once(mergeDemo)));
for (const id of ['#texts-file', '#codebook-file', '#coding-files']) {
  $(id).addEventListener('change', () => demoPicks.delete(id));
}
$('#texts-file').addEventListener('change', guarded(onTextFiles));
$('#read-texts').addEventListener('click', guarded(readTexts));
$('#keep-texts').addEventListener('change', () => {
  storage.set(KEY.keep, $('#keep-texts').checked);
  saveTexts();
});
$('#codebook-file').addEventListener('change', guarded(onCodebookFile));
$('#cb-add').addEventListener('click', () => {
  const group = themeGroup();
  $('#cb-themes').append(group);
  renderParents();
  renderThemeFields();
  group.querySelector('.th-id').focus();
});
$('#cb-use').addEventListener('click', guarded(editorUse));
$('#cb-download').addEventListener('click', guarded(editorDownload));
$('#coder-id').addEventListener('input', () => {
  state.work.coder = $('#coder-id').value.trim();
  saveWork();
});
$('#text-pick').addEventListener('change', () => goTo(Number($('#text-pick').value)));
$('#prev-text').addEventListener('click', () => goTo(state.work.index - 1));
$('#next-text').addEventListener('click', () => goTo(state.work.index + 1));
$('#mark-coded').addEventListener('click', markCodedNext);
$('#sentences').addEventListener('keydown', onSentenceKey);
$('#sentences').addEventListener('click', (event) => {
  const n = event.target.closest?.('.sentence');
  if (n) toggleSentence(Number(n.dataset.i));
});
$('#add-quote').addEventListener('click', addQuote);
$('#download-coding').addEventListener('click', guarded(downloadCoding));
$('#forget').addEventListener('click', () => {
  for (const k of Object.values(KEY)) storage.remove(k);
  state.work = { coder: '', codebook: null, codings: {}, index: 0 };
  state.texts = [];
  // The codebook goes too, as the message says (not only from storage).
  state.codebook = null;
  $('#codebook-summary').textContent = '';
  for (const id of ['#texts-file', '#codebook-file']) $(id).value = '';
  $('#keep-texts').checked = false;
  setTexts([]);
  demoLoaded = false;
  renderDemoResult();
  status(t('c.code.forgotten'));
});
$('#run-agreement').addEventListener('click', guarded(runAgreement));
$('#make-consensus').addEventListener('click', guarded(makeConsensus));
$('#run-themes').addEventListener('click', guarded(runThemes));
onLanguageChange(() => {
  renderCoding();
  renderAgreement();
  renderDisagreements();
  renderThemeTables();
  renumberThemes();
  renderParents();
  renderThemeFields();
  if (state.codebook) $('#codebook-summary').textContent = t('c.load.codebook_ok', { id: state.codebook.id, version: state.codebook.version, n: state.codebook.themes.length });
  if (state.texts.length) $('#texts-summary').textContent = t('c.load.texts_count', { n: state.texts.length });
  renderDemoResult();
});
ready();
