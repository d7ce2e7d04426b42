// The researcher's page: files in (picked, dropped or the demo study), the
// engine (in its Web Worker) imports, links and analyses them, and the page
// shows the import problems by file/row/column, the linking report with near
// matches to confirm, APA-style tables and SVG charts, and offers the
// downloads. Nothing leaves the browser.
import { boot, ready } from './app.js';
import { t, pick, num, int, date, onLanguageChange, currentLanguage } from './i18n.js';
import { $, el, fromTemplate, status, focusHeading, download, scrollBox } from './dom.js';
import { engine, EngineError, useEngineBuild } from './engine-client.js';
import { loadStudy } from './study.js';
import { showDocumentError, entities } from './common-study.js';
import { readFiles, demoFiles, linksOf, parseIdentities, wantsThemes } from './analysis-files.js';
import { conflictsOf, choiceEntries, duplicatesOf, renderConflicts, renderChoices } from './analysis-duplicates.js';
import { runAnalysis, mergedResponsesCsv, datasetZip, datasetSav, bundleZip } from './analysis-run.js';
import { renderResults, groupLabel } from './analysis-results.js';
import { reportHtml } from './report.js';
import { loadMessages, renderMsg, fillMsg } from './messages.js';
import { sealedJson, safeCsv } from './safekeep.js';

// The analysis page's engine: its ops, without the standalone statistics (engine-client.js).
useEngineBuild('analysis');

const state = {
  docs: null,
  files: [],
  confirmed: new Map(),   // "pre\u0000post" -> {pre, post}, chosen on this page
  choices: new Map(),     // first record's id -> the choice on records that differ (analysis-duplicates.js)
  outcome: null,          // what runAnalysis returned
  themes: null,           // what runThemes returned (analysis-themes.js), with the codebook and coding files
  themeModules: null,     // {themes, quotes}: their modules, loaded on the first files that ask for themes
  running: false,
};

// ---- files --------------------------------------------------------------------

function fileKindText(f) {
  if (f.problem) return t(f.problem.key, f.problem.params);
  return t(`a.kind.${f.kind}`);
}

function renderFiles() {
  const body = $('#file-table tbody');
  body.replaceChildren();
  for (const f of state.files) {
    const { frag, el: tr } = fromTemplate('tpl-file-row');
    tr.querySelector('.file-name').textContent = f.name;
    const kind = tr.querySelector('.file-kind');
    kind.textContent = fileKindText(f);
    if (f.problem) kind.classList.add('warning');
    tr.querySelector('.file-size').textContent = t('a.files.kb', { n: num(f.size / 1024, 1) });
    const rm = tr.querySelector('.remove');
    rm.textContent = t('a.files.remove');
    rm.setAttribute('aria-label', t('a.files.remove_name', { name: f.name }));
    rm.addEventListener('click', () => {
      state.files = state.files.filter((x) => x !== f);
      renderFiles();
      $('#pick-files').focus();
    });
    body.append(frag);
  }
  $('#file-list-wrap').hidden = state.files.length === 0;
}

function addFiles(list) {
  // A file of the same name replaces the earlier one (a corrected re-export),
  // unless the new one cannot be used at all: then the earlier one stays in
  // the analysis and the new one is listed with its problem.
  for (const f of list) {
    const same = state.files.filter((x) => x.name === f.name && !(f.problem && !x.problem));
    state.files = state.files.filter((x) => !same.includes(x));
    state.files.push(f);
  }
  renderFiles();
  status(t('a.files.added', { n: int(list.length) }));
}

// The researcher's age identities for encrypted answers (.age): typed or
// pasted into a password field, or read from the key file age-keygen wrote.
// Kept in this page's memory only: never stored, never sent.
let keyFileIdentities = [];
function identities() {
  return [...new Set([...parseIdentities($('#age-identity').value), ...keyFileIdentities])];
}

// What readFiles needs to open .age files.
const decrypt = async (ids, bytes) => (await import('./age.js')).decryptBytes(ids, bytes);
const keys = () => ({ identities: identities(), decrypt });

function showKeyStatus() {
  const n = identities().length;
  const typed = $('#age-identity').value.trim();
  const box = $('#age-key-status');
  box.textContent = n ? t('a.age.loaded', { n: int(n) }) : typed ? t('a.age.not_a_key') : '';
  box.classList.toggle('error-text', !n && Boolean(typed));
}

function setupKey() {
  const input = $('#age-key-input');
  $('#age-key-file').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    const found = file.size <= 64 * 1024 ? parseIdentities(await file.text()) : [];
    if (found.length) keyFileIdentities = found;
    showKeyStatus();
    if (!found.length) $('#age-key-status').textContent = t('a.age.no_key_in_file', { name: file.name });
    status($('#age-key-status').textContent);
  });
  $('#age-identity').addEventListener('input', showKeyStatus);
  // Pasted armored answers (a chat message) are opened as a file of their own.
  $('#age-paste-open').addEventListener('click', async () => {
    const text = $('#age-paste').value.trim();
    if (!text) return;
    pasted += 1;
    const file = new File([`${text}\n`], `pasted-${pasted}.age.txt`, { type: 'text/plain' });
    addFiles(await readFiles([file], keys()));
    $('#age-paste').value = '';
  });
  onLanguageChange(showKeyStatus);
}
let pasted = 0;

function setupDrop() {
  const zone = $('#dropzone');
  const input = $('#file-input');
  $('#pick-files').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    addFiles(await readFiles(input.files, keys()));
    input.value = '';
  });
  const over = (on) => (e) => {
    e.preventDefault();
    zone.classList.toggle('over', on);
  };
  zone.addEventListener('dragenter', over(true));
  zone.addEventListener('dragover', over(true));
  zone.addEventListener('dragleave', over(false));
  zone.addEventListener('drop', async (e) => {
    over(false)(e);
    if (e.dataTransfer?.files?.length) addFiles(await readFiles(e.dataTransfer.files, keys()));
  });
  // A drop outside the zone must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('#load-demo').addEventListener('click', () => {
    // The first demo is of the first study: from another study, the page opens it.
    if (state.docs.study?.format === 'assess-study/2') {
      location.assign(`${location.pathname}?demo=1`);
      return;
    }
    loadDemo('demo');
  });
  $('#load-demo2').addEventListener('click', () => {
    // The second demo is of the two-group study (study.stackable): the page opens it with its documents.
    if (state.docs.study?.id !== 'stackable') {
      location.assign(`${location.pathname}?study=stackable&demo=2`);
      return;
    }
    loadDemo('demo2');
  });
  // The second demo with its students' essays, the codebook and the team's
  // consensus coding (fixtures/demo-essays): the themes beside the numbers.
  $('#load-demo-essays').addEventListener('click', () => {
    if (state.docs.study?.id !== 'stackable') {
      location.assign(`${location.pathname}?study=stackable&demo=essays`);
      return;
    }
    loadDemo('demo2', { essays: true });
  });
  $('#clear-files').addEventListener('click', () => {
    state.files = [];
    state.confirmed.clear();
    state.choices.clear();
    state.outcome = null;
    state.themes = null;
    renderFiles();
    for (const id of ['import-section', 'linking-section', 'results-section', 'downloads-section']) $(`#${id}`).hidden = true;
    status(t('a.files.cleared'));
    $('#pick-files').focus();
  });
}

// ---- running ---------------------------------------------------------------------

function links() {
  const fromFiles = state.files.filter((f) => f.kind === 'links').flatMap(linksOf);
  return [...fromFiles, ...state.confirmed.values()];
}

// The choices on records that differ: a loaded links file's, then this page's.
function duplicateChoices() {
  const fromFiles = state.files.filter((f) => f.kind === 'links').flatMap(duplicatesOf);
  return [...fromFiles, ...[...state.choices.values()].flatMap(choiceEntries)];
}

// The links file the page gives (download) and sends (engine): the links,
// and the choices when there are any.
function linksDoc() {
  const duplicates = duplicateChoices();
  // Links of a links file /2 keep their codes: then the file written is /2 as well.
  const all = links();
  const v2 = all.some((l) => l.codes);
  const list = v2 ? all.map((l) => (l.codes ? { codes: l.codes, ...(l.note ? { note: l.note } : {}) } : l)) : all;
  return { format: v2 ? 'assess-links/2' : 'assess-links/1', links: list, ...(duplicates.length ? { duplicates } : {}) };
}

async function run() {
  if (state.running || !state.files.length) return;
  state.running = true;
  const bar = $('#progress');
  const box = $('#run-progress');
  box.hidden = false;
  $('#run').disabled = true;
  status(t('a.running'));
  const started = performance.now();
  try {
    const onProgress = ({ done, total, label }) => {
      bar.max = Math.max(1, total);
      bar.value = done;
      $('#progress-text').textContent = label ? t(`a.step.${label}`) : t('a.step.done');
    };
    state.outcome = await runAnalysis({ docs: state.docs, files: state.files, links: links(), duplicates: duplicateChoices(), onProgress });
    state.themes = null;
    if (wantsThemes(state.files)) {
      onProgress({ done: 0, total: 1, label: 'themes' });
      state.themeModules ??= { themes: await import('./analysis-themes.js'), quotes: await import('./analysis-quotes.js') };
      state.themes = await state.themeModules.themes.runThemes({ docs: state.docs, files: state.files, links: links(), duplicates: duplicateChoices() });
    }
    await render({ staged: true });
    const secs = (performance.now() - started) / 1000;
    status(t('a.finished', { s: num(secs, 1) }));
    await nextFrame();
    focusHeading($('#import-heading'));
  } catch (err) {
    await failed(err);
  } finally {
    state.running = false;
    box.hidden = true;
    $('#run').disabled = false;
  }
}

// A failed run or download in the status line: the engine's reason in the
// page language.
async function failed(err) {
  if (err instanceof EngineError && err.msg) {
    await loadMessages([err.msg]);
    const said = renderMsg(err.msg, err.message);
    status(t('a.failed', { message: said.text }), { error: true, msgId: said.id });
  } else {
    const msg = err instanceof EngineError ? `${err.message} (${err.code})` : String(err.message || err);
    status(t('a.failed', { message: msg }), { error: true });
  }
}

// ---- import summary ---------------------------------------------------------------

// The rows of the problem table: the page's own file problems (said from
// i18n/<lang>.json, carrying their key as data-msg-id) and the engine's
// import and linking problems (said from the page catalogues of engine
// messages by their msg; the English `message` only when an id is unknown).
function problemRows(outcome) {
  const rows = [];
  for (const f of state.files) {
    if (f.problem) {
      rows.push({ file: f.name, row: null, column: null, severity: 'file', said: { id: f.problem.key, text: t(f.problem.key, f.problem.params), detail: null, fallback: null } });
    }
  }
  for (const imp of [outcome.responses?.import, outcome.ratings?.import, { problems: state.themes?.problems }]) {
    for (const p of imp?.problems ?? []) {
      rows.push({ file: p.file, row: p.row || null, column: p.field || (p.column ? String(p.column) : null), severity: p.severity, said: renderMsg(p.msg, p.message) });
    }
  }
  return rows;
}

// Every engine message an outcome holds (to load their catalogue parts).
function outcomeMsgs(o) {
  const msgs = [];
  for (const imp of [o.responses?.import, o.ratings?.import]) msgs.push(...(imp?.problems ?? []).map((p) => p.msg));
  msgs.push(...(o.errors ?? []).map((e) => e.msg));
  for (const r of [o.prepost, o.panel, o.study]) msgs.push(...(r?.warning_msgs ?? []));
  for (const e of o.study?.prepost ?? []) msgs.push(e.error?.msg, ...(e.result?.warning_msgs ?? []));
  return msgs.filter(Boolean);
}

function renderImport() {
  const o = state.outcome;
  const box = $('#import-summary');
  box.replaceChildren();
  const list = el('ul', {});
  for (const [kind, part] of [['responses', o.responses], ['ratings', o.ratings]]) {
    const c = part?.import?.counts;
    if (!c) continue;
    // The data ops and the analysis ops name their counts differently.
    const problems = part.import.problems ?? [];
    const warnings = c.warnings ?? problems.filter((p) => p.severity === 'warning').length;
    const errors = c.errors ?? problems.length - warnings;
    list.append(el('li', { 'data-kind': kind, text: t(`a.import.counts_${kind}`, {
      files: int(c.files), records: int(c.records ?? c.records_used ?? c.records_read - c.records_excluded),
      rejected: int(c.records_rejected ?? c.records_excluded),
      errors: int(errors), warnings: int(warnings),
    }) }));
  }
  const tc = state.themes?.textCounts;
  if (tc) {
    list.append(el('li', { 'data-kind': 'texts', text: t('a.import.counts_texts', {
      files: int(tc.files), texts: int(tc.texts), errors: int(tc.errors), warnings: int(tc.warnings),
    }) }));
  }
  const nLinks = o.linksUsed?.length ?? 0;
  if (nLinks) list.append(el('li', { text: t('a.import.links', { n: int(nLinks) }) }));
  box.append(list);
  if (o.notAvailable?.length) {
    box.append(el('p', { class: 'notice', text: t('a.import.not_available', { ops: o.notAvailable.join(', ') }) }));
  }
  // The engine stopped: its message in the page language, the technical
  // part (and the JSON pointer) folded away. Too few data for a statistic
  // (one expert, one student) is no failure: said calmly, once, as a note.
  for (const e of o.errors ?? []) {
    const said = renderMsg(e.msg, e.message);
    const detail = [said.detail, e.path].filter(Boolean).join(' ');
    if (e.code === 'insufficient_data') {
      box.append(fillMsg(el('p', { class: 'notice small-sample' }), { ...said, detail: null }));
      continue;
    }
    box.append(fillMsg(el('div', { class: 'error-box engine-error', role: 'alert' }),
      { ...said, text: t('a.import.engine_error', { message: said.text }), detail: detail || null }));
  }
  renderIntegrity(box, o);
  renderDuplicates();

  const rows = problemRows(o);
  const pbox = $('#problems');
  pbox.replaceChildren();
  if (!rows.length) {
    pbox.append(el('p', { class: 'notice', text: t('a.import.no_problems') }));
    return;
  }
  pbox.append(scrollBox(el('table', { id: 'problem-table' },
    el('caption', { text: t('a.import.problems_caption', { n: int(rows.length) }) }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: t('a.import.col_file') }),
      el('th', { scope: 'col', class: 'num', text: t('a.import.col_row') }),
      el('th', { scope: 'col', text: t('a.import.col_column') }),
      el('th', { scope: 'col', text: t('a.import.col_severity') }),
      el('th', { scope: 'col', text: t('a.import.col_message') }))),
    el('tbody', {}, rows.map((r) => el('tr', { 'data-severity': r.severity },
      el('td', { text: r.file ?? '' }),
      el('td', { class: 'num', text: r.row == null ? '—' : int(r.row) }),
      el('td', { text: r.column ?? '—' }),
      el('td', { text: t(`a.severity.${['file', 'record', 'warning'].includes(r.severity) ? r.severity : 'record'}`) }),
      fillMsg(el('td', { class: 'msg' }), r.said)))))));
}

// Files whose integrity seal does not match (edited or damaged after the
// export) or cannot be checked: the engine imports them with a warning; the
// page says so above the problem list, file by file.
function renderIntegrity(box, o) {
  const seen = new Set();
  const items = [];
  for (const imp of [o.responses?.import, o.ratings?.import]) {
    for (const p of imp?.problems ?? []) {
      if (p.code !== 'integrity_mismatch' && p.code !== 'integrity_invalid') continue;
      const key = `${p.code}\u0000${p.file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(el('li', { 'data-code': p.code, 'data-msg-id': p.msg?.id ?? p.code, text: t(`a.import.${p.code}`, { file: p.file }) }));
    }
  }
  if (!items.length) return;
  box.append(el('div', { class: 'error-box', role: 'alert', id: 'integrity-alert' },
    el('p', { text: t('a.import.integrity_intro') }), el('ul', {}, items)));
}

// Records that differ under one key: side by side, one kept or all left out;
// the choices made, each with "undo". Either re-runs the analysis.
function renderDuplicates() {
  const box = $('#conflicts');
  const names = {
    programme: programmeTitle,
    group: (id) => groupLabel(state.docs, id),
    wave: (id) => (id === 'pre' || id === 'post' ? t(`a.link.ev_${id}`) : id),
  };
  renderConflicts(box, conflictsOf(state.outcome), {
    names,
    onApply: (choices) => {
      for (const ch of choices) state.choices.set(ch.key, ch);
      run();
    },
  });
  renderChoices(box, [...state.choices.values()], {
    names,
    onUndo: (key) => {
      state.choices.delete(key);
      run();
    },
  });
}

// ---- linking -------------------------------------------------------------------------

const linkKey = (pre, post) => `${pre}\u0000${post}`;

function renderLinking() {
  const box = $('#linking');
  box.replaceChildren();
  const lk = state.outcome.linking;
  if (!lk) return false;
  const count = (v) => (Array.isArray(v) ? v.length : Number(v ?? 0));
  box.append(el('p', { id: 'link-counts', text: t('a.link.counts', {
    matched: int(count(lk.matched)), pre: int(count(lk.unmatched_pre)), post: int(count(lk.unmatched_post)),
    near: int(count(lk.near_matches)),
  }) }));
  const near = lk.near_matches ?? [];
  if (near.length) {
    box.append(el('h3', { text: t('a.link.near_heading') }), el('p', { text: t('a.link.near_text') }));
    const ul = el('ul', { class: 'review', id: 'near-matches' });
    near.forEach((m, i) => {
      const { frag, el: li } = fromTemplate('tpl-near-match');
      const input = li.querySelector('input');
      const label = li.querySelector('label');
      input.id = `near-${i}`;
      label.htmlFor = input.id;
      const pre = codeText(m.pre);
      const post = codeText(m.post);
      input.checked = state.confirmed.has(linkKey(pre, post));
      input.dataset.pre = pre;
      input.dataset.post = post;
      const prog = m.pre_record?.programme ?? m.programme ?? '';
      li.querySelector('.nm-text').textContent = m.edit === 'spelling'
        ? t('a.link.near_item_spelling', { pre, post, programme: programmeTitle(prog) })
        : t('a.link.near_item', { pre, post, programme: programmeTitle(prog), distance: int(m.distance ?? 1) });
      const ev = evidence(m);
      if (ev) li.append(ev);
      input.addEventListener('change', () => {
        if (input.checked) state.confirmed.set(linkKey(pre, post), { pre, post });
        else state.confirmed.delete(linkKey(pre, post));
        $('#relink').hidden = false;
      });
      ul.append(frag);
    });
    box.append(ul);
    box.append(el('div', { class: 'actions' }, el('button', {
      type: 'button', id: 'relink', hidden: true, i18n: 'a.link.apply', onclick: () => run(),
    })));
  }
  if (state.confirmed.size) {
    box.append(el('h3', { text: t('a.link.confirmed_heading') }));
    box.append(el('ul', { class: 'review', id: 'confirmed-links' }, [...state.confirmed.entries()].map(([key, l]) => el('li', {},
      el('span', { text: t('a.link.confirmed_item', { pre: l.pre, post: l.post }) }),
      el('button', {
        type: 'button', class: 'link', i18n: 'a.link.unconfirm',
        'aria-label': t('a.link.unconfirm_item', { pre: l.pre, post: l.post }),
        onclick: () => { state.confirmed.delete(key); run(); },
      })))));
  }
  for (const [key, list] of [['unmatched_pre', lk.unmatched_pre], ['unmatched_post', lk.unmatched_post]]) {
    if (!Array.isArray(list) || !list.length) continue;
    box.append(el('h3', { text: t(`a.link.${key}`) }));
    box.append(el('ul', { class: 'code-list', 'data-list': key }, list.map((c) => el('li', {
      text: typeof c === 'object' ? t('a.link.code_in', { code: codeText(c), programme: programmeTitle(c.programme ?? '') }) : c,
    }))));
  }
  return true;
}

// The two records of a near match side by side (the engine's pre_record and
// post_record): file and row, when submitted, group and every answer, so
// that the researcher confirms a pair on evidence, not on a code alone.
function evidence(m) {
  const a = m.pre_record;
  const b = m.post_record;
  if (!a || !b) return null;
  const items = Object.keys(a.answers ?? {});
  const answers = (r) => items.map((id) => (r.answers?.[id] == null ? '—' : num(r.answers[id], 0))).join(' ');
  const row = (head, r) => el('tr', {},
    el('th', { scope: 'row', text: head }),
    el('td', { text: `${r.file ?? ''}, ${r.row == null ? '—' : int(r.row)}` }),
    el('td', { text: r.submitted ? date(r.submitted) : '—' }),
    el('td', { text: r.group ? groupLabel(state.docs, r.group) : '—' }),
    el('td', { class: 'answers', text: answers(r) }));
  return scrollBox(el('table', { class: 'evidence' },
    el('caption', { text: t('a.link.ev_caption') }),
    el('thead', {}, el('tr', {},
      el('td', {}),
      el('th', { scope: 'col', text: t('a.link.ev_file') }),
      el('th', { scope: 'col', text: t('a.link.ev_submitted') }),
      el('th', { scope: 'col', text: t('a.link.ev_group') }),
      el('th', { scope: 'col', text: items.length ? t('a.link.ev_answers', { first: items[0], last: items[items.length - 1] }) : '' }))),
    el('tbody', {}, row(t('a.link.ev_pre'), a), row(t('a.link.ev_post'), b))), t('a.link.ev_caption'));
}

function codeText(c) {
  if (c == null) return '';
  if (typeof c === 'string') return c;
  return c.code ?? c.text ?? '';
}

function programmeTitle(id) {
  const p = entities(state.docs.study, 'programmes').find((x) => x.id === id);
  return p ? pick(p.title) : id;
}

// The essays demo's files the analysis reads: the essays, the codebook and
// the consensus (the coders' own files are the coding page's).
const ESSAY_DEMO_FILES = /^(essays\/.*\.txt|codebook\.json|consensus\.json)$/;

async function loadDemo(folder, { essays = false } = {}) {
  try {
    status(t('a.files.demo_loading'));
    state.files = [];
    state.confirmed.clear();
    state.choices.clear();
    const more = essays ? (await demoFiles('demo-essays', ESSAY_DEMO_FILES)) : [];
    addFiles([...(await demoFiles(folder)), ...more]);
    await run();
  } catch (err) {
    status(t('a.files.demo_failed', { message: err.message }), { error: true });
  }
}

// The instrument a pre-post analysis of an assess-study/2 reads: the first
// students instrument given at both pre and post, else the first students
// instrument (the engine's main_instrument, model.hpp).
function mainInstrument(study, instruments) {
  const students = (study.instruments ?? []).map((ref, i) => ({ ref, doc: instruments[i] }))
    .filter(({ ref }) => (ref.respondents ?? 'students') === 'students');
  const both = students.find(({ ref }) => ref.waves?.includes('pre') && ref.waves?.includes('post'));
  return (both ?? students[0])?.doc ?? instruments[0];
}

// ---- results and downloads -------------------------------------------------------------

// Lets the browser lay out and paint before the next step (at most 100 ms
// wait, since a hidden tab gets no animation frames).
const nextFrame = () => new Promise((resolve) => {
  const timer = setTimeout(resolve, 100);
  requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
});

// staged (after a run): the import summary and the linking first, the
// results after a frame, so that no single task of the page builds and lays
// out everything at once.
async function render({ staged = false } = {}) {
  const o = state.outcome;
  if (!o) return;
  await loadMessages([...outcomeMsgs(o), ...(state.themes ? state.themeModules.themes.themeMsgs(state.themes) : [])]);
  if (o !== state.outcome) return;  // a newer run has begun meanwhile
  $('#import-section').hidden = false;
  renderImport();
  $('#linking-section').hidden = !renderLinking();
  if (staged) await nextFrame();
  const results = $('#results');
  results.replaceChildren();
  state.chartWidth = $('#import-section').clientWidth || results.clientWidth || 640;
  let any;
  if (o.study) {
    // The report of the whole study; its module loads on first use.
    const { renderStudy } = await import('./analysis-study.js');
    if (o !== state.outcome) return;
    results.replaceChildren();
    any = renderStudy(results, o, state.docs, { width: state.chartWidth, lang: currentLanguage() });
  } else {
    any = renderResults(results, o, state.docs, { width: state.chartWidth });
  }
  if (state.themes) {
    // The themes after the numbers, numbered on from them (tables, figures).
    const { themes, quotes } = state.themeModules;
    const part = el('section', { class: 'study-part', id: 'themes', 'aria-labelledby': 'themes-heading' });
    themes.renderThemes(part, state.themes, state.docs, { quotes: state.themes.quotes?.length ? quotes.renderQuotes(state.themes) : null });
    results.append(part);
    any = true;
  }
  $('#results-section').hidden = !any;
  $('#downloads-section').hidden = !any && !o.responses;
  for (const id of ['dl-report', 'dl-docx', 'dl-csv', 'dl-json']) $(`#${id}`).hidden = !any;
  $('#dl-quotes').hidden = !state.themes?.quotes?.length;
  const anyResponses = state.files.some((f) => f.kind === 'responses');
  // A study of several instruments has the per-student data set instead of one instrument's merged records.
  $('#dl-merged').hidden = !anyResponses || Boolean(state.docs.instruments);
  $('#dl-dataset').hidden = !anyResponses;
  // The .sav and the bundle (the bundle needs a study: its report is the study's).
  $('#exports').hidden = !anyResponses;
  $('#dl-bundle').hidden = !state.docs.study;
  $('#dl-links').hidden = links().length === 0 && duplicateChoices().length === 0;
}

// The CSV format follows the page language (the reader's Excel) until the
// researcher picks one.
function csvFormatDefault() {
  if (state.csvChosen) return;
  const id = currentLanguage() === 'en' ? 'csv-comma' : 'csv-semicolon';
  $(`#${id}`).checked = true;
}

function stampName(base, ext) {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${base}-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.${ext}`;
}

function setupDownloads() {
  // JSON downloads carry the engine's integrity seal; the merged data set
  // has spreadsheet formulas neutralised (the importers read it back as is).
  $('#dl-json').addEventListener('click', async () => {
    const o = state.outcome;
    // The results as the engine gave them (as `assess analyze` prints them),
    // without the Markdown and CSV renderings, which have their own download.
    const bare = (r) => {
      if (!r) return null;
      const { csv, markdown, ...rest } = r;
      return rest;
    };
    const doc = {
      format: 'assess-analysis/1', generated: new Date().toISOString(), prepost: bare(o.prepost), panel: bare(o.panel),
      ...(o.study ? { study: bare(o.study) } : {}),
      // The themes' figures (no text of a student: the quotes have their own download).
      ...(state.themes?.analysis ? { themes: state.themes.analysis } : {}),
    };
    download(stampName('analysis', 'json'), await sealedJson(doc));
  });
  // The numbered tables, one CSV each in a ZIP, for the Excel the reader chose.
  for (const r of document.querySelectorAll('input[name="csv-format"]')) r.addEventListener('change', () => { state.csvChosen = true; });
  $('#dl-csv').addEventListener('click', async () => {
    try {
      const { tablesZip } = await import('./table-csv.js');
      const format = document.querySelector('input[name="csv-format"]:checked')?.value;
      download(stampName('analysis-tables', 'zip'), await tablesZip($('#results'), format), 'application/zip');
    } catch (err) {
      await failed(err);
    }
  });
  // An export that holds quotes of the students' texts asks first (analysis-quotes.js).
  const quotesChecked = async ({ csv = false } = {}) => !state.themes?.quotes?.length || state.themeModules.quotes.confirmQuotes(state.themes, { csv });
  $('#dl-report').addEventListener('click', async () => {
    if (!(await quotesChecked())) return;
    download(stampName('analysis-report', 'html'), reportHtml($('#results'), state), 'text/html');
  });
  $('#dl-quotes').addEventListener('click', async () => {
    try {
      if (!(await quotesChecked({ csv: true }))) return;
      download(stampName('quotes', 'csv'), await safeCsv(state.themeModules.quotes.quotesRows(state.themes)), 'text/csv');
    } catch (err) {
      await failed(err);
    }
  });
  // The same report as a Word document, made here from the HTML report; its
  // module loads on first use.
  $('#dl-docx').addEventListener('click', async () => {
    try {
      if (!(await quotesChecked())) return;
      const { reportDocx, DOCX_MIME } = await import('./docx.js');
      const bytes = await reportDocx(reportHtml($('#results'), state), { lang: currentLanguage() });
      download(stampName('analysis-report', 'docx'), bytes, DOCX_MIME);
    } catch (err) {
      await failed(err);
    }
  });
  $('#dl-merged').addEventListener('click', async () => {
    try {
      download(stampName('merged-responses', 'csv'), await mergedResponsesCsv({ ...state, duplicates: duplicateChoices() }, safeCsv), 'text/csv');
    } catch (err) {
      await failed(err);
    }
  });
  $('#dl-dataset').addEventListener('click', async () => {
    try {
      const zip = await datasetZip({ docs: state.docs, files: state.files, links: links(), duplicates: duplicateChoices() });
      download(stampName('dataset', 'zip'), zip, 'application/zip');
    } catch (err) {
      await failed(err);
    }
  });
  // The SPSS .sav and the reproducibility bundle: made by the engine of
  // every op, which loads in a second worker on the first click. Open
  // answers, comments and identifying variables stay in unless the
  // researcher leaves them out; the warning says so while they are in.
  const exportText = () => !$('#exports-no-text').checked;
  const exportState = () => ({ docs: state.docs, files: state.files, links: links(), duplicates: duplicateChoices() });
  $('#exports-no-text').addEventListener('change', () => { $('#exports-warning').hidden = !exportText(); });
  const exportDone = async (warnings) => {
    if (warnings.length) await loadMessages(warnings);
    status(warnings.length ? t('a.dl.shortened', { n: warnings.length }) : t('a.dl.saved'));
  };
  $('#dl-sav').addEventListener('click', async () => {
    try {
      status(t('a.dl.preparing'));
      const { bytes, warnings } = await datasetSav(exportState(), { lang: currentLanguage(), text: exportText() });
      download(stampName('dataset', 'sav'), bytes, 'application/x-spss-sav');
      await exportDone(warnings);
    } catch (err) {
      await failed(err);
    }
  });
  $('#dl-bundle').addEventListener('click', async () => {
    try {
      if (!(await quotesChecked())) return;
      status(t('a.dl.preparing'));
      const html = $('#results-section').hidden ? null : reportHtml($('#results'), state);
      const { bytes, warnings } = await bundleZip(exportState(), { lang: currentLanguage(), text: exportText(), reportHtml: html });
      download(stampName('bundle', 'zip'), bytes, 'application/zip');
      await exportDone(warnings);
    } catch (err) {
      await failed(err);
    }
  });
  $('#dl-links').addEventListener('click', async () => {
    download(stampName('links', 'json'), await sealedJson(linksDoc()));
  });
}

await boot();
try {
  state.docs = await loadStudy({
    need: ['instrument', 'rubric'],
    studyFormats: ['assess-study/1', 'assess-study/2'],
    itemTypes: ['likert', 'choice', 'multi', 'number', 'text'],
  });
  if (state.docs.instruments) state.docs.instrument = mainInstrument(state.docs.study, state.docs.instruments);
  $('#study-title').textContent = pick(state.docs.study?.title);
  setupDrop();
  setupKey();
  setupDownloads();
  csvFormatDefault();
  $('#run').addEventListener('click', () => run());
  onLanguageChange(() => {
    csvFormatDefault();
    $('#study-title').textContent = pick(state.docs.study?.title);
    renderFiles();
    render();
  });
  // Charts are drawn for the width they are shown at: again when it changes much.
  let resizing = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (state.outcome && !state.running && Math.abs(($('#import-section').clientWidth || 0) - (state.chartWidth ?? 0)) > 48) render();
    }, 200);
  });
  // Start the engine now so that the first analysis does not wait for it.
  engine().start();
  // A demo asked for in the address (the demo buttons open the study of their demo so).
  const demo = new URLSearchParams(location.search).get('demo');
  if (demo === '1' || demo === '2') loadDemo(demo === '2' ? 'demo2' : 'demo');
  else if (demo === 'essays') loadDemo('demo2', { essays: true });
} catch (err) {
  showDocumentError(err);
  $('#files-section').hidden = true;
}
ready();
