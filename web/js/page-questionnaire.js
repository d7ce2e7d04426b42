// The student questionnaire: consent, the self-generated code, programme and
// wave, the items of the instrument (generated from its file), review, and
// the student's own scores with downloads. Every change is autosaved in
// localStorage, so a reload or a closed tab resumes where the student was;
// when the browser refuses to store it, the page works on in memory and
// offers the download at once (safekeep.js). Downloads carry the engine's
// integrity seal. The answers to the code questions are never stored; only
// the code is.
import { boot, ready } from './app.js';
import { t, pick, num, int, onLanguageChange, currentLanguage } from './i18n.js';
import { $, $$, el, fromTemplate, status, focusHeading, download, safeName, scrollBox } from './dom.js';
import { storage } from './store.js';
import { engine, EngineError, useEngineBuild } from './engine-client.js';
import { loadStudy, checkStudy, scalePoints, DocumentError } from './study.js';
import { makeCode, entities, codeQuestions, showDocumentError } from './common-study.js';
import { setupErase } from './erase.js';
import { safekeeping, sealedJson, safeCsv } from './safekeep.js';
import { warnInAppBrowser } from './inapp.js';
import { TYPES, renderItem, isAnswered, answerOf, answerText, hasOtherTypes, itemType } from './items.js';

const STEPS = ['consent', 'code', 'items', 'review', 'done'];
const COMPLETED_KEY = 'q.completed';

let docs;            // {study, instrument}
let draft;           // the autosaved state
let draftKey;
let points;          // scale points of the instrument
let keeper;          // storage alert and leave warning (safekeep.js)

// A programme may hand out links that preselect it (and the group):
// questionnaire.html?programme=teacher-mediator&group=control
function fromUrl(kind, param) {
  const v = new URLSearchParams(location.search).get(param);
  return entities(docs.study, kind).some((e) => e.id === v) ? v : null;
}

function newDraft() {
  const ins = docs.instrument;
  return {
    format: 'assess-draft/1',
    instrument: { id: ins.id, version: ins.version },
    step: 'consent', consent: false, code: null,
    programme: fromUrl('programmes', 'programme'), wave: null, group: fromUrl('groups', 'group'),
    answers: {}, typed: {}, started: new Date().toISOString(), response: null,
  };
}

// On a shared computer (the student's choice at the start, or after
// erasing) nothing is written to this browser: the draft lives in memory.
function save() {
  draft.updated = new Date().toISOString();
  if (draft.shared) {
    storage.remove(draftKey);
    keeper?.saved(true);
    return;
  }
  const ok = storage.set(draftKey, draft);
  keeper?.saved(ok);
}

// What a download must cover: the code, the choices about the questionnaire
// and the answers.
function fingerprint() {
  return JSON.stringify([draft.code, draft.programme, draft.wave, draft.group, draft.answers]);
}

function markExported() {
  keeper.exported();
  save();
  // The next person at a shared computer must not find the answers.
  if (draft.step === 'done' && !draft.shared) $('#after-download').hidden = false;
}

// The finished responses on this device; in memory once storing them failed.
let completedInMemory = null;
function completed() { return completedInMemory ?? storage.get(COMPLETED_KEY, []); }

// ---- steps ---------------------------------------------------------------

function show(step, { focus = true, persist = true } = {}) {
  draft.step = step;
  if (persist) save();
  for (const s of $$('section[data-step]')) s.hidden = s.dataset.step !== step;
  for (const li of $$('#steps li')) {
    if (li.dataset.step === step) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  render[step]();
  if (focus) focusHeading($(`#step-${step} h2`));
}

const render = {
  consent() {
    $('#consent-box').checked = !!draft.consent;
    $('#shared-box').checked = !!draft.shared;
    $('#consent-msg').hidden = true;
    renderOrganiser();
  },
  code() { renderCode(); },
  items() { renderItems(); },
  review() { renderReview(); },
  done() { renderDone(); },
};

// Who runs the study and whom to contact, from the study file's optional
// texts "x-organiser" and "x-contact" (docs/formats.md, Study); the paragraph
// is left out when the study names neither.
function renderOrganiser() {
  const organiser = pick(docs.study?.['x-organiser']);
  const contact = pick(docs.study?.['x-contact']);
  const parts = [];
  if (organiser) parts.push(t('q.consent.organiser', { organiser }));
  if (contact) parts.push(t('q.consent.contact', { contact }));
  const p = $('#consent-organiser');
  p.textContent = parts.join(' ');
  p.hidden = !parts.length;
}

// ---- code, programme, wave --------------------------------------------------

function renderCode() {
  const box = $('#code-questions');
  box.replaceChildren();
  const questions = codeQuestions(docs.study);
  // Values typed so far survive a language switch (they live in the inputs,
  // never in storage).
  const typed = renderCode.typed || {};
  questions.forEach((q, i) => {
    const { frag, el: field } = fromTemplate('tpl-code-question');
    const id = `cq-${i}`;
    const label = field.querySelector('.cq-label');
    const hint = field.querySelector('.cq-hint');
    const input = field.querySelector('.cq-input');
    label.htmlFor = id;
    label.textContent = pick(q.prompt);
    input.id = id;
    input.name = q.id;
    input.dataset.question = q.id;
    input.value = typed[q.id] ?? '';
    input.addEventListener('input', () => { (renderCode.typed ??= {})[q.id] = input.value; });
    const hintText = pick(q.hint) || (q.kind === 'digits'
      ? t('q.code.hint_digits', { min: int(q.min), max: int(q.max) })
      : t('q.code.hint_letters', { n: int(q.length ?? 2) }));
    hint.id = `${id}-hint`;
    hint.textContent = hintText;
    input.setAttribute('aria-describedby', hint.id);
    if (q.kind === 'digits') input.inputMode = 'numeric';
    box.append(frag);
  });
  $('#code-error').hidden = true;
  showCode();

  const prog = $('#programme');
  prog.replaceChildren(el('option', { value: '', i18n: 'q.about.choose' }));
  for (const p of entities(docs.study, 'programmes')) prog.append(el('option', { value: p.id, text: pick(p.title) || p.id }));
  prog.value = draft.programme ?? '';

  const waves = $('#wave-options');
  waves.replaceChildren();
  for (const w of entities(docs.study, 'waves', [{ id: 'pre', title: t('q.wave.pre') }, { id: 'post', title: t('q.wave.post') }])) {
    const input = el('input', { type: 'radio', name: 'wave', value: w.id, id: `wave-${w.id}` });
    input.checked = draft.wave === w.id;
    input.addEventListener('change', () => { draft.wave = w.id; save(); });
    const text = pick(w.title) || w.id;
    waves.append(el('label', { for: `wave-${w.id}` }, input, el('span', { class: 'option-text', text })));
  }

  const groups = entities(docs.study, 'groups', []);
  $('#group-field').hidden = groups.length === 0;
  const group = $('#group');
  group.replaceChildren(el('option', { value: '', i18n: 'q.about.group_none' }));
  for (const g of groups) group.append(el('option', { value: g.id, text: pick(g.title) || g.id }));
  group.value = draft.group ?? '';
  $('#code-next-msg').hidden = true;
}

function showCode() {
  const has = !!draft.code;
  $('#code-result').hidden = !has;
  $('#code-form').hidden = has;
  $('#code-value').textContent = draft.code ?? '';
}

async function onMakeCode(event, { focus = true } = {}) {
  event?.preventDefault();
  const errBox = $('#code-error');
  errBox.hidden = true;
  const answers = {};
  for (const input of $$('.cq-input')) {
    const q = codeQuestions(docs.study).find((x) => x.id === input.dataset.question);
    const v = input.value.trim();
    if (!v) {
      errBox.textContent = t('q.code.empty', { question: pick(q.prompt) });
      errBox.hidden = false;
      input.focus();
      return;
    }
    answers[q.id] = v;
  }
  try {
    const code = await makeCode(docs.study, answers);
    draft.code = code;
    renderCode.typed = {};
    save();
    showCode();
    // A post-test is likely when this device already holds the pre-test;
    // its programme and group are carried over (the programme link
    // ?programme=&group= is the reliable way: browsers may delete storage
    // between the waves).
    const done = completed().filter((r) => r.code === code);
    const last = done[done.length - 1];
    if (last) {
      if (!draft.programme && entities(docs.study, 'programmes').some((p) => p.id === last.programme)) {
        draft.programme = last.programme;
        $('#programme').value = last.programme;
      }
      if (!draft.group && last.group && entities(docs.study, 'groups', []).some((g) => g.id === last.group)) {
        draft.group = last.group;
        $('#group').value = last.group;
      }
      save();
    }
    if (!draft.wave) {
      if (done.some((r) => r.wave === 'pre') && !done.some((r) => r.wave === 'post')) {
        draft.wave = 'post';
        save();
        const radio = $('#wave-post');
        if (radio) radio.checked = true;
      }
    }
    if (focus) focusHeading($('#code-value'));
  } catch (err) {
    if (err instanceof EngineError && err.msg) {
      // The engine says what to write; the question is named by its prompt.
      const params = { ...err.msg.params };
      const q = codeQuestions(docs.study).find((x) => x.id === params.question);
      if (q) params.question = pick(q.prompt) || q.id;
      const { loadMessages, renderMsg, fillMsg } = await import('./messages.js');
      await loadMessages([err.msg]);
      fillMsg(errBox, renderMsg({ ...err.msg, params }, err.message));
    } else {
      errBox.textContent = err instanceof EngineError ? t('q.code.engine_error', { message: err.message }) : String(err.message || err);
      delete errBox.dataset.msgId;
    }
    errBox.hidden = false;
  }
}

// The code questions filled in but "Make my code" not pressed: Continue
// makes the code first (an error there is shown at the questions).
function codeTyped() {
  const inputs = $$('.cq-input');
  return !$('#code-form').hidden && inputs.length > 0 && inputs.every((i) => i.value.trim() !== '');
}

async function onCodeNext() {
  if (!draft.code && codeTyped()) {
    await onMakeCode(null, { focus: false });
    if (!draft.code) return;
  }
  draft.programme = $('#programme').value || null;
  draft.group = $('#group').value || null;
  const missing = [];
  if (!draft.code) missing.push(t('q.missing.code'));
  if (!draft.programme) missing.push(t('q.missing.programme'));
  if (!draft.wave) missing.push(t('q.missing.wave'));
  save();
  const msg = $('#code-next-msg');
  if (missing.length) {
    msg.textContent = t('q.missing.intro', { list: missing.join(', ') });
    msg.hidden = false;
    return;
  }
  msg.hidden = true;
  show('items');
}

// ---- items -------------------------------------------------------------------

function renderItems() {
  const ins = docs.instrument;
  $('#instructions').textContent = pick(ins.instructions);
  const form = $('#items-form');
  form.replaceChildren();
  draft.typed ??= {};
  const ctx = {
    points,
    answers: draft.answers,
    typed: draft.typed,
    // value null = not answered; typed = the text of a number field that is
    // not a valid answer (kept, so that a reload shows it with its error).
    set(id, value, typed = null) {
      if (value == null) delete draft.answers[id];
      else draft.answers[id] = value;
      if (typed == null) delete draft.typed[id];
      else draft.typed[id] = typed;
      save();
      updateProgress();
    },
  };
  ins.items.forEach((item, i) => form.append(renderItem(item, i + 1, ctx)));
  updateProgress();
}

// Says what is wrong with every number field that holds no valid answer;
// false (and the focus on the first of them) when there is one.
function itemsValid() {
  const bad = $$('#items-form .item[data-type="number"]').filter((node) => !node.validate());
  bad[0]?.querySelector('input')?.focus();
  return bad.length === 0;
}

function answeredCount() {
  return docs.instrument.items.filter((it) => isAnswered(it, draft.answers[it.id])).length;
}

function updateProgress() {
  const total = docs.instrument.items.length;
  const n = answeredCount();
  const bar = $('#progress');
  bar.max = total;
  bar.value = n;
  $('#progress-text').textContent = t('q.items.progress', { n: int(n), total: int(total) });
}

// ---- review ------------------------------------------------------------------

function renderReview() {
  const about = $('#review-about');
  about.replaceChildren();
  const programme = entities(docs.study, 'programmes').find((p) => p.id === draft.programme);
  const wave = entities(docs.study, 'waves', []).find((w) => w.id === draft.wave);
  const rows = [
    [t('q.review.code'), draft.code],
    [t('q.about.programme'), programme ? pick(programme.title) : draft.programme],
    [t('q.review.wave'), wave ? pick(wave.title) : draft.wave],
  ];
  for (const [k, v] of rows) about.append(el('dt', { text: k }), el('dd', { text: v ?? '—' }));

  const list = $('#review-list');
  list.replaceChildren();
  let missing = 0;
  docs.instrument.items.forEach((item, i) => {
    const { frag, el: li } = fromTemplate('tpl-review-row');
    li.querySelector('.question').textContent = `${int(i + 1)}. ${pick(item.text)}`;
    const a = answerText(item, draft.answers[item.id], points);
    const ans = li.querySelector('.answer');
    ans.textContent = a ?? t('q.review.no_answer');
    if (!a) { ans.classList.add('none'); missing++; }
    const change = li.querySelector('.change');
    change.textContent = t('q.review.change');
    change.setAttribute('aria-label', t('q.review.change_item', { n: int(i + 1) }));
    change.addEventListener('click', () => {
      show('items', { focus: false });
      const sel = `#item-${CSS.escape(item.id)}`;
      const target = $(`${sel} input:checked`) || $(`${sel} :is(input, textarea)`);
      target?.focus();
    });
    list.append(frag);
  });
  const m = $('#review-missing');
  m.hidden = missing === 0;
  m.textContent = missing ? t('q.review.missing', { n: int(missing) }) : '';
}

// The response file: `assess-response/1` of a Likert instrument in a /1
// study, exactly as before; `assess-response/2` (docs/formats.md) when the
// instrument has other item types or the study is a /2 one.
function responseFormat() {
  return hasOtherTypes(docs.instrument) || docs.study?.format === 'assess-study/2' ? 2 : 1;
}

function buildResponse() {
  const ins = docs.instrument;
  const answers = {};
  for (const item of ins.items) answers[item.id] = answerOf(item, draft.answers[item.id]);
  if (responseFormat() === 2) {
    const r = {
      format: 'assess-response/2',
      instrument: { id: ins.id, version: ins.version },
      respondent: 'student',
      code: draft.code,
      programme: draft.programme,
      wave: draft.wave,
    };
    if (draft.group) r.group = draft.group;
    r.lang = currentLanguage();
    r.submitted = new Date().toISOString();
    r.answers = answers;
    return r;
  }
  const r = {
    format: 'assess-response/1',
    instrument: { id: ins.id, version: ins.version },
    code: draft.code,
    programme: draft.programme,
    wave: draft.wave,
    lang: currentLanguage(),
  };
  if (draft.group) r.group = draft.group;
  r.submitted = new Date().toISOString();
  r.answers = answers;
  return r;
}

function onSubmit() {
  const response = buildResponse();
  const list = completed().filter((r) => !(r.code === response.code && r.wave === response.wave
    && r.instrument?.id === response.instrument.id && r.instrument?.version === response.instrument.version));
  list.push(response);
  draft.response = response;
  if (draft.shared) {
    completedInMemory = list;
  } else if (!storage.set(COMPLETED_KEY, list)) {
    completedInMemory = list;
    keeper.saved(false);
  }
  show('done');
}

// ---- done: scores and downloads ---------------------------------------------------

async function scoresOf(response) {
  return engine().call({ op: 'score', instrument: docs.instrument, answers: response.answers });
}

function subscaleTitle(id) {
  if (id === (docs.instrument.total?.id ?? 'total')) return pick(docs.instrument.total?.title) || t('q.done.total');
  const s = docs.instrument.subscales.find((x) => x.id === id);
  return s ? pick(s.title) : id;
}

function scoreRows(scores) {
  const rows = (scores.subscales || []).map((s) => ({ id: s.id, score: s.score, answered: s.answered, n_items: s.n_items }));
  if (scores.total) rows.push({ id: scores.total.id ?? 'total', score: scores.total.score, answered: scores.total.answered, n_items: scores.total.n_items, total: true });
  return rows;
}

async function renderDone() {
  const response = draft.response;
  const box = $('#scores');
  const pp = $('#prepost');
  box.replaceChildren();
  pp.replaceChildren();
  if (!response) return;
  const scale = scalePoints(docs.instrument);
  const range = t('q.done.range', { min: int(scale[0].value), max: int(scale[scale.length - 1].value) });
  try {
    const mine = await scoresOf(response);
    const rows = scoreRows(mine);
    if (!rows.length) return;  // an instrument without subscales or total (background)
    const table = el('table', { id: 'score-table' },
      el('caption', { text: t('q.done.scores_caption', { code: response.code }) }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: t('q.done.col_scale') }),
        el('th', { scope: 'col', class: 'num', text: t('q.done.col_score') }),
        el('th', { scope: 'col', class: 'num', text: t('q.done.col_answered') }))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-subscale': r.id },
        el('th', { scope: 'row', text: subscaleTitle(r.id) }),
        el('td', { class: 'num', 'data-value': r.score ?? '', text: num(r.score, 2) }),
        el('td', { class: 'num', text: t('q.done.answered_of', { n: int(r.answered), k: int(r.n_items) }) })))));
    box.append(el('h3', { text: t('q.done.scores_heading') }), el('p', { text: range }), scrollBox(table, t('q.done.scores_heading')));
    if (rows.some((r) => r.score == null)) box.append(el('p', { class: 'table-note', text: t('q.done.missing_note') }));

    // Pre vs post when this device holds both waves of this code.
    const both = completed().filter((r) => r.code === response.code && r.instrument?.id === docs.instrument.id
      && r.instrument?.version === docs.instrument.version);
    const pre = both.find((r) => r.wave === 'pre');
    const post = both.find((r) => r.wave === 'post');
    if (pre && post) {
      const [a, b] = await Promise.all([scoresOf(pre), scoresOf(post)]);
      const ra = scoreRows(a);
      const rb = scoreRows(b);
      const t2 = el('table', { id: 'prepost-table' },
        el('caption', { text: t('q.done.prepost_caption') }),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: t('q.done.col_scale') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_pre') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_post') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_change') }))),
        el('tbody', {}, ra.map((r, i) => {
          const post1 = rb[i]?.score;
          const change = r.score != null && post1 != null ? post1 - r.score : null;
          return el('tr', { 'data-subscale': r.id },
            el('th', { scope: 'row', text: subscaleTitle(r.id) }),
            el('td', { class: 'num', text: num(r.score, 2) }),
            el('td', { class: 'num', text: num(post1, 2) }),
            el('td', { class: 'num', text: change == null ? '—' : `${change > 0 ? '+' : ''}${num(change, 2)}` }));
        })));
      pp.append(el('h3', { text: t('q.done.prepost_heading') }), scrollBox(t2, t('q.done.prepost_heading')));
    }
  } catch (err) {
    // An engine that scores Likert items only refuses an instrument with
    // other item types: no summary then, the answers are complete all the same.
    if (err?.msg?.id === 'instrument.item_type_unsupported' && hasOtherTypes(docs.instrument)) return;
    const { loadMessages, renderMsg, fillMsg } = await import('./messages.js');
    if (err?.msg) await loadMessages([err.msg]);
    const said = renderMsg(err?.msg, String(err?.message || err));
    box.append(fillMsg(el('div', { class: 'error-box', role: 'alert' }), { ...said, text: t('q.done.score_failed', { message: said.text }) }));
  }
}

// Named by wave and time, never by the code: file names travel in e-mails
// and folder listings (the demo data follows the same pattern).
// A file exported before the end (storage alert) is named "draft" until the
// wave is chosen.
function fileBase(r) {
  const d = new Date(r.submitted);
  const p = (n) => String(n).padStart(2, '0');
  const stampText = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `response-${safeName(r.wave ?? 'draft')}-${stampText}`;
}

// JSON with the engine's integrity seal (format, instrument and engine
// inside the digest).
async function downloadJson(r = draft.response) {
  if (!r) return;
  download(`${fileBase(r)}.json`, await sealedJson(r));
  markExported();
}

async function downloadCsv() {
  const r = draft.response;
  if (!r) return;
  let head;
  let row;
  if (r.format === 'assess-response/2') {
    // docs/formats.md: the /1 columns, respondent, and the instrument that
    // routes the row; a multi item is one 0/1 column per option.
    head = ['instrument', 'version', 'respondent', 'code', 'programme', 'wave', 'lang', 'group'];
    row = [r.instrument.id, r.instrument.version, r.respondent, r.code, r.programme, r.wave, r.lang, r.group ?? ''];
    for (const item of docs.instrument.items) {
      const v = r.answers[item.id];
      if (itemType(item) === 'multi') {
        for (const o of item.options) {
          head.push(`${item.id}_${o.id}`);
          row.push(v == null ? '' : Number(v.includes(o.id)));
        }
      } else {
        head.push(item.id);
        row.push(v);
      }
    }
  } else {
    const ids = docs.instrument.items.map((i) => i.id);
    head = ['code', 'programme', 'wave', 'lang', 'group', ...ids];
    row = [r.code, r.programme, r.wave, r.lang, r.group ?? '', ...ids.map((id) => r.answers[id])];
  }
  download(`${fileBase(r)}.csv`, await safeCsv([head, row]), 'text/csv');
  markExported();
}

// The storage alert's button: everything so far, finished or not.
async function downloadSoFar() {
  await downloadJson(draft.response ?? buildResponse());
  status(t('q.storage.exported'));
}

// ---- erase -------------------------------------------------------------------------

function eraseAll() {
  setupErase(() => {
    renderCode.typed = {};
    draft = newDraft();
    show('consent', { persist: false });
  });
}

// ---- start ---------------------------------------------------------------------------

function wire() {
  $('#consent-next').addEventListener('click', () => {
    draft.consent = $('#consent-box').checked;
    save();
    if (!draft.consent) { $('#consent-msg').hidden = false; $('#consent-box').focus(); return; }
    show('code');
  });
  $('#consent-box').addEventListener('change', () => { draft.consent = $('#consent-box').checked; save(); });
  $('#shared-box').addEventListener('change', () => { draft.shared = $('#shared-box').checked; save(); });
  $('#erase-now').addEventListener('click', () => {
    storage.eraseAll();
    completedInMemory = null;
    draft.shared = true;  // nothing is written again while this page is open
    $('#after-download').hidden = true;
    status(t('q.done.erased'));
  });
  $('#code-form').addEventListener('submit', onMakeCode);
  $('#code-again').addEventListener('click', () => {
    draft.code = null;
    save();
    showCode();
    $('.cq-input')?.focus();
  });
  $('#programme').addEventListener('change', () => { draft.programme = $('#programme').value || null; save(); });
  $('#group').addEventListener('change', () => { draft.group = $('#group').value || null; save(); });
  $('#code-back').addEventListener('click', () => show('consent'));
  $('#code-next').addEventListener('click', onCodeNext);
  $('#items-back').addEventListener('click', () => show('code'));
  $('#items-next').addEventListener('click', () => { if (itemsValid()) show('review'); });
  $('#items-form').addEventListener('submit', (e) => e.preventDefault());
  $('#review-back').addEventListener('click', () => show('items'));
  $('#submit').addEventListener('click', onSubmit);
  $('#download-json').addEventListener('click', () => downloadJson());
  $('#download-csv').addEventListener('click', downloadCsv);
  $('#start-again').addEventListener('click', () => {
    draft = newDraft();
    draft.consent = true;
    show('code');
  });
  eraseAll();
}

// The small engine (codes, scores, seal, CSV) is enough here; it loads after
// the first step is shown, to check the documents (study.js, checkStudy).
useEngineBuild('collect');
const docsLoading = loadStudy({ need: ['instrument'], check: false, itemTypes: TYPES });  // beside the texts
docsLoading.catch(() => {});  // reported below, once the texts are there
await boot();
warnInAppBrowser();
let failure = null;
try {
  docs = await docsLoading;
  if (!codeQuestions(docs.study).length) throw new DocumentError('doc.no_code_questions');
  points = scalePoints(docs.instrument);
  const ins = docs.instrument;
  draftKey = `q.draft.${docs.study?.id ?? 'none'}.${ins.id}.v${ins.version}`;
  draft = storage.get(draftKey);
  if (!draft || draft.format !== 'assess-draft/1') draft = newDraft();
  const renderTitle = () => { $('#instrument-title').textContent = pick(ins.title); };
  renderTitle();
  keeper = safekeeping({
    textKey: 'q.save_failed',
    hasAnswers: () => docs.instrument.items.some((it) => isAnswered(it, draft.answers[it.id])),
    fingerprint,
    exportNow: downloadSoFar,
    getExported: () => draft.exported ?? null,
    setExported: (fp) => { draft.exported = fp; },
  });
  wire();
  show(STEPS.includes(draft.step) ? draft.step : 'consent', { focus: false, persist: false });
  onLanguageChange(() => { renderTitle(); render[draft.step](); keeper.retranslate(); });
} catch (err) {
  failure = err;
}
// The engine's verdict on the documents comes first: a broken document is
// reported as such even when the page could not show it.
if (docs) await checkStudy(docs).catch((err) => { failure = err; });
if (failure) showDocumentError(failure);
ready();
