// The questionnaire: consent, the self-generated code, programme and wave,
// the items (generated from the instrument files), review, and the
// respondent's own scores with downloads. Every change is autosaved in
// localStorage, so a reload or a closed tab resumes where the respondent
// was; when the browser refuses to store it, the page works on in memory and
// offers the download at once (safekeep.js). Downloads carry the engine's
// integrity seal. The answers to the code questions are never stored; only
// the code is.
//
// Two shapes (docs/formats.md): one instrument (a /1 study, or an instrument
// named in the address), every item, one response file; or an
// assess-study/2, whose instruments of the chosen wave are asked one after
// the other ("parts", each with the items asked at that wave) with one
// progress bar, downloaded as one assess-responses/2 bundle. With
// ?role=employer a /2 study asks its employers' instruments: the employer
// code, the graduate's programme and (optionally) code replace the student's
// code questions.
import { boot, ready } from './app.js';
import { t, pick, num, int, onLanguageChange, currentLanguage, applyI18n } from './i18n.js';
import { $, $$, el, fromTemplate, status, focusHeading, download, safeName, scrollBox } from './dom.js';
import { storage } from './store.js';
import { engine, EngineError, useEngineBuild } from './engine-client.js';
import { loadStudy, checkStudy, scalePoints, DocumentError } from './study.js';
import { makeCode, entities, codeQuestions, showDocumentError, showLinkStudy, recipientsOf, canEncrypt, canShareFiles, encryptedMaker, handInEncrypted } from './common-study.js';
import { setupErase } from './erase.js';
import { safekeeping, sealedJson, safeCsv } from './safekeep.js';
import { warnInAppBrowser } from './inapp.js';
import { TYPES, renderItem, addRenderers, isAnswered, answerOf, answerText, hasOtherTypes, itemType } from './items.js';

const STEPS = ['consent', 'code', 'items', 'review', 'done'];
const COMPLETED_KEY = 'q.completed';

let docs;            // {study, instrument, instruments}
let multi = false;   // an assess-study/2: its instruments in parts
let employer = false; // ?role=employer
let draft;           // the autosaved state
let draftKey;
let keeper;          // storage alert and leave warning (safekeep.js)
let recipients = null; // the study's age recipients: every file handed out is encrypted to them

const urlParams = new URLSearchParams(location.search);

// A programme may hand out links that preselect it (and the group):
// questionnaire.html?programme=teacher-mediator&group=control
function fromUrl(kind, param) {
  const v = urlParams.get(param);
  return entities(docs.study, kind).some((e) => e.id === v) ? v : null;
}

function newDraft() {
  const d = {
    format: 'assess-draft/1',
    step: 'consent', consent: false, code: null,
    programme: fromUrl('programmes', 'programme'), wave: null, group: employer ? null : fromUrl('groups', 'group'),
    answers: {}, typed: {}, started: new Date().toISOString(), response: null,
  };
  if (multi) {
    Object.assign(d, { study: { id: docs.study.id, version: docs.study.version }, role: employer ? 'employer' : 'student', part: 0, responses: null });
    delete d.response;
    if (employer) Object.assign(d, { employer: null, graduate: null });
    const waves = respondentWaves();
    if (waves.length === 1) d.wave = waves[0];
  } else {
    d.instrument = { id: docs.instrument.id, version: docs.instrument.version };
  }
  return d;
}

// On a shared computer (the respondent's choice at the start, or after
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
  const who = employer ? [draft.employer, draft.graduate] : [draft.code];
  return JSON.stringify([...who, draft.programme, draft.wave, draft.group, draft.answers]);
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

// ---- parts: the instruments asked and their items ----------------------------------

// The study's instruments of this respondent ({ref, instrument}), in study order.
function mine() {
  const want = employer ? 'employers' : 'students';
  return docs.study.instruments.map((ref, i) => ({ ref, instrument: docs.instruments[i] }))
    .filter(({ ref }) => (ref.respondents ?? 'students') === want);
}

// The waves at which an item is asked: its item_waves entry, else the
// instrument's waves (all waves of the study when it names none).
function wavesOf(ref, item) {
  return ref.item_waves?.[item.id] ?? ref.waves ?? entities(docs.study, 'waves', []).map((w) => w.id);
}

// The waves at which this respondent is asked anything, in study order.
function respondentWaves() {
  const asked = new Set(mine().flatMap(({ ref, instrument }) => instrument.items.flatMap((it) => wavesOf(ref, it))));
  return entities(docs.study, 'waves', []).map((w) => w.id).filter((w) => asked.has(w));
}

// [{instrument, items, points}] asked now: one part with every item of the
// instrument, or the study's instruments with the items asked at the wave.
function parts() {
  if (!multi) return [{ instrument: docs.instrument, items: docs.instrument.items, points: scalePoints(docs.instrument) }];
  if (!draft.wave) return [];
  return mine().map(({ ref, instrument }) => ({
    instrument,
    items: instrument.items.filter((it) => wavesOf(ref, it).includes(draft.wave)),
    points: scalePoints(instrument),
  })).filter((p) => p.items.length > 0);
}

// Where the answers of a part live in the draft: {item id: value} (one
// instrument), or {instrument id: {item id: value}} (a /2 study).
function answersOf(part) {
  return multi ? (draft.answers[part.instrument.id] ??= {}) : draft.answers;
}
function typedOf(part) {
  draft.typed ??= {};
  return multi ? (draft.typed[part.instrument.id] ??= {}) : draft.typed;
}

function currentPart(list = parts()) {
  const i = Math.min(Math.max(draft.part ?? 0, 0), Math.max(list.length - 1, 0));
  return { i, part: list[i] };
}

// The background questions of the study: the items of the respondent's
// instruments that have no Likert item (facts about the respondent, not
// outcomes), listed in the consent.
function backgroundItems() {
  if (!multi) return [];
  return mine().filter(({ instrument }) => !instrument.items.some((it) => itemType(it) === 'likert'))
    .flatMap(({ instrument }) => instrument.items);
}

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
    const items = backgroundItems();
    $('#consent-background').hidden = items.length === 0;
    $('#consent-background-list').replaceChildren(...items.map((it) => el('li', { text: pick(it.text) })));
  },
  code() { renderCode(); },
  items() { renderItems(); },
  review() { renderReview(); },
  done() { renderDone(); },
};

// The study's own words on the consent step (docs/formats.md, Study): its
// statement, who runs it and whom to contact, from "consent" (or the older
// "x-organiser" and "x-contact"); a paragraph the study leaves empty is
// left out. Texts only, never markup.
function renderOrganiser() {
  const study = docs.study ?? {};
  const c = study.consent ?? {};
  const organiser = pick(c.organiser ?? study['x-organiser']);
  const contact = pick(c.contact ?? study['x-contact']);
  const said = [];
  if (organiser) said.push(t('q.consent.organiser', { organiser }));
  if (contact) said.push(t('q.consent.contact', { contact }));
  const fill = (p, text) => { p.textContent = text || ''; p.hidden = !text; };
  fill($('#consent-organiser'), said.join(' '));
  fill($('#consent-study'), pick(c.text));
}

// An employer reads other texts in a few places (data-i18n keys swapped, so
// that a language change fills them in).
function employerTexts() {
  const swap = { '[data-i18n="q.consent.p1"]': 'q.employer.consent.p1', '[data-i18n="q.consent.p2"]': 'q.employer.consent.p2',
    '[data-i18n="q.consent.p3"]': 'q.employer.consent.p3', '[data-i18n="q.consent.p5"]': 'q.employer.consent.p5',
    '#step-label-code': 'q.employer.step', '#code-heading': 'q.employer.step', '#code-intro': 'q.employer.intro',
    '#programme-label': 'q.employer.programme', '#export-text': 'q.employer.export_text', '#start-again': 'q.employer.again' };
  for (const [sel, key] of Object.entries(swap)) {
    const node = $(sel);
    if (node) node.dataset.i18n = key;
  }
  applyI18n(document);
  // Employer code, the graduate's programme, the graduate's code.
  $('#about-heading').hidden = true;
  $('#programme-field').after($('#graduate').closest('.field'));
}

// ---- code, programme, wave --------------------------------------------------

const ELEMENT_ID = /^\p{L}[\p{L}\p{N}_-]{0,63}$/u;  // docs/formats.md: an employer id is an element id

function renderCode() {
  $('#employer-fields').hidden = !employer;
  if (employer) {
    $('#code-form').hidden = true;
    $('#code-result').hidden = true;
    $('#employer').value = draft.employer ?? '';
    $('#graduate').value = draft.graduate ?? '';
  } else {
    renderCodeQuestions();
  }

  const prog = $('#programme');
  prog.replaceChildren(el('option', { value: '', i18n: 'q.about.choose' }));
  for (const p of entities(docs.study, 'programmes')) prog.append(el('option', { value: p.id, text: pick(p.title) || p.id }));
  prog.value = draft.programme ?? '';

  const waves = $('#wave-options');
  waves.replaceChildren();
  let list = entities(docs.study, 'waves', [{ id: 'pre', title: t('q.wave.pre') }, { id: 'post', title: t('q.wave.post') }]);
  if (multi) {
    const asked = respondentWaves();
    list = list.filter((w) => asked.includes(w.id));
  }
  // A single wave needs no question (an employers' instrument asked after the programme).
  $('#wave-set').hidden = multi && list.length === 1;
  for (const w of list) {
    const input = el('input', { type: 'radio', name: 'wave', value: w.id, id: `wave-${w.id}` });
    input.checked = draft.wave === w.id;
    input.addEventListener('change', () => { setWave(w.id); });
    const text = pick(w.title) || w.id;
    waves.append(el('label', { for: `wave-${w.id}` }, input, el('span', { class: 'option-text', text })));
  }

  const groups = employer ? [] : entities(docs.study, 'groups', []);
  $('#group-field').hidden = groups.length === 0;
  const group = $('#group');
  group.replaceChildren(el('option', { value: '', i18n: 'q.about.group_none' }));
  for (const g of groups) group.append(el('option', { value: g.id, text: pick(g.title) || g.id }));
  group.value = draft.group ?? '';
  // A group without programme (an ordinary-track control group) is chosen
  // first; its students name no programme.
  if (groups.some((g) => g.without_programme)) $('#programme-field').before($('#group-field'));
  showProgramme();
  $('#code-next-msg').hidden = true;
}

function setWave(id) {
  if (draft.wave !== id) draft.part = 0;
  draft.wave = id;
  save();
}

function withoutProgramme() {
  return !employer && entities(docs.study, 'groups', []).some((g) => g.id === draft.group && g.without_programme);
}

function showProgramme() {
  const none = withoutProgramme();
  $('#programme-field').hidden = none;
  if (none) {
    draft.programme = null;
    $('#programme').value = '';
  }
}

function renderCodeQuestions() {
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
        showProgramme();
      }
      save();
    }
    if (!draft.wave) {
      if (done.some((r) => r.wave === 'pre') && !done.some((r) => r.wave === 'post') && $('#wave-post')) {
        setWave('post');
        $('#wave-post').checked = true;
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

// A field's error: text (or true when it is filled in already), or null to
// take it away; a hidden error is also emptied, since aria-describedby would
// still read it.
function fieldError(id, text) {
  const box = $(`#${id}-error`);
  box.hidden = !text;
  if (typeof text === 'string') box.textContent = text;
  if (!text) {
    box.replaceChildren();
    delete box.dataset.msgId;
  }
  if (text) $(`#${id}`).setAttribute('aria-invalid', 'true');
  else $(`#${id}`).removeAttribute('aria-invalid');
}

// The employer's fields: the employer code (an element id) and the
// graduate's code, whose check characters the engine verifies. False (and
// the focus on the field) when one is wrong.
async function checkEmployer() {
  const id = $('#employer').value.trim();
  draft.employer = id || null;
  const idOk = !id || ELEMENT_ID.test(id);
  fieldError('employer', idOk ? null : t('q.employer.id_bad'));
  const typed = $('#graduate').value.trim();
  let gradOk = true;
  if (!typed) {
    draft.graduate = null;
    fieldError('graduate', null);
  } else {
    try {
      const r = await engine().call({ op: 'normalise_code', code: typed });
      draft.graduate = r.code;
      fieldError('graduate', null);
    } catch (err) {
      gradOk = false;
      draft.graduate = null;
      const box = $('#graduate-error');
      if (err instanceof EngineError && err.msg) {
        const { loadMessages, renderMsg, fillMsg } = await import('./messages.js');
        await loadMessages([err.msg]);
        // The engine says what is wrong with the code (a mistyped character).
        fillMsg(box, renderMsg(err.msg, err.message));
      } else {
        box.textContent = t('q.employer.graduate_bad', { message: String(err?.message || err) });
      }
      fieldError('graduate', true);
    }
  }
  save();
  if (!idOk) $('#employer').focus();
  else if (!gradOk) $('#graduate').focus();
  return idOk && gradOk;
}

async function onCodeNext() {
  $('#code-next-msg').hidden = true;
  if (employer) {
    if (!await checkEmployer()) return;
  } else if (!draft.code && codeTyped()) {
    await onMakeCode(null, { focus: false });
    if (!draft.code) return;
  }
  draft.programme = $('#programme').value || null;
  draft.group = employer ? null : $('#group').value || null;
  const missing = [];
  if (employer) {
    if (!draft.employer) missing.push(t('q.missing.employer'));
    if (!draft.programme) missing.push(t('q.missing.graduate_programme'));
  } else {
    if (!draft.code) missing.push(t('q.missing.code'));
    if (!draft.programme && !withoutProgramme()) missing.push(t('q.missing.programme'));
  }
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
  const list = parts();
  const { i: index, part } = currentPart(list);
  if (!part) { show('code'); return; }  // no wave chosen yet
  draft.part = index;
  const ins = part.instrument;
  const heading = $('#part-heading');
  heading.hidden = list.length < 2;
  heading.textContent = list.length < 2 ? '' : t('q.items.part', { part: int(index + 1), parts: int(list.length), title: pick(ins.title) });
  $('#instructions').textContent = pick(ins.instructions);
  $('#items-next').textContent = index < list.length - 1 ? t('q.items.next_part') : t('q.items.to_review');
  const form = $('#items-form');
  form.replaceChildren();
  const answers = answersOf(part);
  const typed = typedOf(part);
  const ctx = {
    points: part.points,
    answers,
    typed,
    // value null = not answered; typed = the text of a number field that is
    // not a valid answer (kept, so that a reload shows it with its error).
    set(id, value, text = null) {
      if (value == null) delete answers[id];
      else answers[id] = value;
      if (text == null) delete typed[id];
      else typed[id] = text;
      save();
      updateProgress();
    },
  };
  // Items are numbered through all parts.
  const before = list.slice(0, index).flatMap((p) => p.items).length;
  part.items.forEach((item, i) => form.append(renderItem(item, before + i + 1, ctx)));
  updateProgress();
}

// Says what is wrong with every number field that holds no valid answer;
// false (and the focus on the first of them) when there is one.
function itemsValid() {
  const bad = $$('#items-form .item[data-type="number"]').filter((node) => !node.validate());
  bad[0]?.querySelector('input')?.focus();
  return bad.length === 0;
}

function answeredCount(list) {
  return list.flatMap((p) => p.items.filter((it) => isAnswered(it, answersOf(p)[it.id]))).length;
}

function updateProgress() {
  const list = parts();
  const total = list.flatMap((p) => p.items).length;
  const n = answeredCount(list);
  const bar = $('#progress');
  bar.max = total;
  bar.value = n;
  $('#progress-text').textContent = list.length > 1
    ? t('q.items.progress_parts', { part: int(currentPart(list).i + 1), parts: int(list.length), n: int(n), total: int(total) })
    : t('q.items.progress', { n: int(n), total: int(total) });
}

function onItemsNext() {
  if (!itemsValid()) return;
  const list = parts();
  if (draft.part < list.length - 1) {
    draft.part += 1;
    save();
    renderItems();
    focusHeading($('#part-heading'));
    return;
  }
  show('review');
}

function onItemsBack() {
  if (multi && draft.part > 0) {
    draft.part -= 1;
    save();
    renderItems();
    focusHeading($('#part-heading'));
    return;
  }
  show('code');
}

// ---- review ------------------------------------------------------------------

function renderReview() {
  const about = $('#review-about');
  about.replaceChildren();
  const programme = entities(docs.study, 'programmes').find((p) => p.id === draft.programme);
  const wave = entities(docs.study, 'waves', []).find((w) => w.id === draft.wave);
  const programmeText = programme ? pick(programme.title) : draft.programme;
  const rows = employer ? [
    [t('q.review.employer'), draft.employer],
    [t('q.employer.programme'), programmeText],
    [t('q.review.graduate'), draft.graduate],
  ] : [
    [t('q.review.code'), draft.code],
    ...(withoutProgramme() ? [] : [[t('q.about.programme'), programmeText]]),
  ];
  rows.push([t('q.review.wave'), wave ? pick(wave.title) : draft.wave]);
  for (const [k, v] of rows) about.append(el('dt', { text: k }), el('dd', { text: v ?? '—' }));

  const box = $('#review-list');
  box.replaceChildren();
  let missing = 0;
  let n = 0;
  const list = parts();
  list.forEach((part, index) => {
    if (list.length > 1) box.append(el('h3', { text: pick(part.instrument.title) }));
    const ol = el('ol', { class: 'review' });
    const answers = answersOf(part);
    for (const item of part.items) {
      const number = ++n;
      const { frag, el: li } = fromTemplate('tpl-review-row');
      li.querySelector('.question').textContent = `${int(number)}. ${pick(item.text)}`;
      const a = answerText(item, answers[item.id], part.points);
      const ans = li.querySelector('.answer');
      ans.textContent = a ?? t('q.review.no_answer');
      if (!a) { ans.classList.add('none'); missing++; }
      const change = li.querySelector('.change');
      change.textContent = t('q.review.change');
      change.setAttribute('aria-label', t('q.review.change_item', { n: int(number) }));
      change.addEventListener('click', () => {
        draft.part = index;
        show('items', { focus: false });
        const sel = `#item-${CSS.escape(item.id)}`;
        const target = $(`${sel} input:checked`) || $(`${sel} :is(input, textarea)`);
        target?.focus();
      });
      ol.append(frag);
    }
    box.append(ol);
  });
  const m = $('#review-missing');
  m.hidden = missing === 0;
  m.textContent = missing ? t('q.review.missing', { n: int(missing) }) : '';
}

// The response file: `assess-response/1` of a Likert instrument in a /1
// study, exactly as before; `assess-response/2` (docs/formats.md) when the
// instrument has other item types or the study is a /2 one. A /2 response
// carries the items asked at its wave.
function buildResponse(part) {
  const ins = part.instrument;
  const source = answersOf(part);
  const answers = {};
  for (const item of part.items) answers[item.id] = answerOf(item, source[item.id]);
  if (multi || hasOtherTypes(ins)) {
    const r = { format: 'assess-response/2', instrument: { id: ins.id, version: ins.version } };
    if (employer) {
      Object.assign(r, { respondent: 'employer', employer: draft.employer, programme: draft.programme });
      if (draft.graduate) r.graduate = draft.graduate;
    } else {
      Object.assign(r, { respondent: 'student', code: draft.code });
      if (!withoutProgramme()) r.programme = draft.programme;
    }
    r.wave = draft.wave;
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

// Two responses of one record key (docs/formats.md "Record key").
const sameKey = (a, b) => a.wave === b.wave && a.instrument?.id === b.instrument?.id && a.instrument?.version === b.instrument?.version
  && (a.respondent === 'employer'
    ? b.respondent === 'employer' && a.employer === b.employer && (a.graduate ?? a.programme) === (b.graduate ?? b.programme)
    : b.respondent !== 'employer' && a.code === b.code);

function onSubmit() {
  const responses = parts().map(buildResponse);
  const list = completed().filter((r) => !responses.some((x) => sameKey(x, r)));
  list.push(...responses);
  if (multi) draft.responses = responses;
  else draft.response = responses[0];
  if (draft.shared) {
    completedInMemory = list;
  } else if (!storage.set(COMPLETED_KEY, list)) {
    completedInMemory = list;
    keeper.saved(false);
  }
  show('done');
}

function finished() {
  return multi ? draft.responses ?? [] : draft.response ? [draft.response] : [];
}

// ---- done: scores and downloads ---------------------------------------------------

async function scoresOf(instrument, response) {
  return engine().call({ op: 'score', instrument, answers: response.answers });
}

function subscaleTitle(ins, id) {
  if (id === (ins.total?.id ?? 'total')) return pick(ins.total?.title) || t('q.done.total');
  const s = (ins.subscales ?? []).find((x) => x.id === id);
  return s ? pick(s.title) : id;
}

function scoreRows(scores) {
  const rows = (scores.subscales || []).map((s) => ({ id: s.id, score: s.score, answered: s.answered, n_items: s.n_items }));
  if (scores.total) rows.push({ id: scores.total.id ?? 'total', score: scores.total.score, answered: scores.total.answered, n_items: scores.total.n_items, total: true });
  return rows;
}

async function renderDone() {
  const box = $('#scores');
  const pp = $('#prepost');
  box.replaceChildren();
  pp.replaceChildren();
  // Employers rate a graduate: their form shows no "your scores".
  // The encrypted file made ahead (handIn).
  if (recipients && canEncrypt() && finished().length) makeEncrypted(finished()).catch(() => {});
  if (employer) return;
  for (const response of finished()) {
    const ins = multi ? docs.instruments.find((d) => d && d.id === response.instrument.id && d.version === response.instrument.version) : docs.instrument;
    if (ins) await renderScores(ins, response, box, pp);
  }
}

// The scores of one response and, when this device holds both waves of the
// code, pre against post. A /2 study names the instrument in each caption and
// gives each table its own id.
async function renderScores(ins, response, box, pp) {
  const scale = scalePoints(ins);
  const range = t('q.done.range', { min: int(scale[0].value), max: int(scale[scale.length - 1].value) });
  const suffix = multi ? `-${ins.id}` : '';
  try {
    const rows = scoreRows(await scoresOf(ins, response));
    if (!rows.length) return;  // an instrument without subscales or total (background)
    const caption = multi ? t('q.done.scores_caption_part', { title: pick(ins.title), code: response.code })
      : t('q.done.scores_caption', { code: response.code });
    const table = el('table', { id: `score-table${suffix}`, class: 'score-table' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: t('q.done.col_scale') }),
        el('th', { scope: 'col', class: 'num', text: t('q.done.col_score') }),
        el('th', { scope: 'col', class: 'num', text: t('q.done.col_answered') }))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-subscale': r.id },
        el('th', { scope: 'row', text: subscaleTitle(ins, r.id) }),
        el('td', { class: 'num', 'data-value': r.score ?? '', text: num(r.score, 2) }),
        el('td', { class: 'num', text: t('q.done.answered_of', { n: int(r.answered), k: int(r.n_items) }) })))));
    if (!box.querySelector('h3')) box.append(el('h3', { text: t('q.done.scores_heading') }));
    box.append(el('p', { text: range }), scrollBox(table, multi ? caption : t('q.done.scores_heading')));
    if (rows.some((r) => r.score == null)) box.append(el('p', { class: 'table-note', text: t('q.done.missing_note') }));

    // Pre vs post when this device holds both waves of this code.
    const both = completed().filter((r) => r.code === response.code && r.instrument?.id === ins.id
      && r.instrument?.version === ins.version);
    const pre = both.find((r) => r.wave === 'pre');
    const post = both.find((r) => r.wave === 'post');
    if (pre && post) {
      const [a, b] = await Promise.all([scoresOf(ins, pre), scoresOf(ins, post)]);
      const ra = scoreRows(a);
      const rb = scoreRows(b);
      const prepost = multi ? t('q.done.prepost_caption_part', { title: pick(ins.title) }) : t('q.done.prepost_caption');
      const t2 = el('table', { id: `prepost-table${suffix}` },
        el('caption', { text: prepost }),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: t('q.done.col_scale') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_pre') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_post') }),
          el('th', { scope: 'col', class: 'num', text: t('q.done.col_change') }))),
        el('tbody', {}, ra.map((r, i) => {
          const post1 = rb[i]?.score;
          const change = r.score != null && post1 != null ? post1 - r.score : null;
          return el('tr', { 'data-subscale': r.id },
            el('th', { scope: 'row', text: subscaleTitle(ins, r.id) }),
            el('td', { class: 'num', text: num(r.score, 2) }),
            el('td', { class: 'num', text: num(post1, 2) }),
            el('td', { class: 'num', text: change == null ? '—' : `${change > 0 ? '+' : ''}${num(change, 2)}` }));
        })));
      if (!pp.querySelector('h3')) pp.append(el('h3', { text: t('q.done.prepost_heading') }));
      pp.append(scrollBox(t2, multi ? prepost : t('q.done.prepost_heading')));
    }
  } catch (err) {
    const { loadMessages, renderMsg, fillMsg } = await import('./messages.js');
    if (err?.msg) await loadMessages([err.msg]);
    const said = renderMsg(err?.msg, String(err?.message || err));
    box.append(fillMsg(el('div', { class: 'error-box', role: 'alert' }), { ...said, text: t('q.done.score_failed', { message: said.text }) }));
  }
}

// Named by wave and time, never by the code: file names travel in e-mails
// and folder listings (the demo data follows the same pattern).
// A file exported before the end (storage alert) is named "draft" until the
// wave is chosen. A /2 study's bundle is "responses-...".
function fileBase(r, prefix = 'response') {
  const d = new Date(r.submitted);
  const p = (n) => String(n).padStart(2, '0');
  const stampText = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${prefix}-${safeName(r.wave ?? 'draft')}-${stampText}`;
}

// The downloaded document: the response (one instrument), or the
// assess-responses/2 bundle of a /2 study's responses.
function exportDoc(list) {
  if (!multi) return { doc: list[0], name: `${fileBase(list[0])}.json` };
  const doc = { format: 'assess-responses/2', study: { id: docs.study.id, version: docs.study.version }, responses: list };
  return { doc, name: `${fileBase(list[0] ?? { submitted: new Date().toISOString(), wave: draft.wave }, 'responses')}.json` };
}

// The answers of an encrypted study handed in (common-study.js); their
// encrypted file is made ahead when the done step shows (renderDone).
let makeEncrypted = null;
async function handIn(how, list = finished()) {
  if (!list.length) return;
  if (await handInEncrypted(how, { made: () => makeEncrypted(list), box: $('#enc-problem'), prefix: 'q.enc' })) markExported();
}

// JSON with the engine's integrity seal (format, instrument and engine
// inside the digest); for a study with recipients the same file encrypted
// (<name>.json.age, binary age).
async function downloadJson(list = finished()) {
  if (!list.length) return;
  if (recipients) {
    await handIn('file', list);
    return;
  }
  const { doc, name } = exportDoc(list);
  download(name, await sealedJson(doc));
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
  await downloadJson(finished().length ? finished() : parts().map(buildResponse));
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
  $('#group').addEventListener('change', () => { draft.group = $('#group').value || null; showProgramme(); save(); });
  $('#employer').addEventListener('input', () => { draft.employer = $('#employer').value.trim() || null; save(); });
  $('#graduate').addEventListener('input', () => { draft.graduate = $('#graduate').value.trim() || null; save(); });
  $('#code-back').addEventListener('click', () => show('consent'));
  $('#code-next').addEventListener('click', onCodeNext);
  $('#items-back').addEventListener('click', onItemsBack);
  $('#items-next').addEventListener('click', onItemsNext);
  $('#items-form').addEventListener('submit', (e) => e.preventDefault());
  $('#review-back').addEventListener('click', () => {
    draft.part = parts().length - 1;
    show('items');
  });
  $('#submit').addEventListener('click', onSubmit);
  $('#download-json').addEventListener('click', () => downloadJson());
  $('#download-csv').addEventListener('click', downloadCsv);
  // One JSON bundle for the instruments of a /2 study; an encrypted study
  // hands out its encrypted JSON only (as a file, as text, shared).
  $('#download-csv').hidden = multi || Boolean(recipients);
  $('#copy-armored').addEventListener('click', () => handIn('copy'));
  $('#share-armored').addEventListener('click', () => handIn('share'));
  if (recipients) {
    $('#download-json').dataset.i18n = 'q.enc.download';
    $('#export-text').dataset.i18n = 'q.enc.export_text';
    $('#copy-armored').hidden = !canEncrypt();
    $('#share-armored').hidden = !canEncrypt() || !canShareFiles();
    applyI18n($('#step-done'));
  }
  $('#start-again').addEventListener('click', () => {
    const last = draft;
    draft = newDraft();
    draft.consent = true;
    // An employer rating another graduate keeps the employer code.
    if (employer) draft.employer = last.employer;
    show('code');
  });
  eraseAll();
}

// The small engine (codes, scores, seal, CSV) is enough here; it loads after
// the first step is shown, to check the documents (study.js, checkStudy).
useEngineBuild('collect');
// A student's phone loads the students' instruments only (?role=employer:
// the employers').
const docsLoading = loadStudy({
  need: ['instrument'], check: false, itemTypes: TYPES, studyFormats: ['assess-study/1', 'assess-study/2'],
  respondents: urlParams.get('role') === 'employer' ? 'employers' : 'students',
});
docsLoading.catch(() => {});  // reported below, once the texts are there
await boot();
warnInAppBrowser();
let failure = null;
try {
  docs = await docsLoading;
  multi = docs.study?.format === 'assess-study/2';
  employer = multi && urlParams.get('role') === 'employer';
  if (multi && !mine().length) throw new DocumentError(employer ? 'doc.no_employer_instrument' : 'doc.no_student_instrument');
  if (!employer && !codeQuestions(docs.study).length) throw new DocumentError('doc.no_code_questions');
  recipients = recipientsOf(docs.study);
  if (recipients) {
    makeEncrypted = encryptedMaker(recipients, async (list) => {
      const { doc, name } = exportDoc(list);
      return { text: await sealedJson(doc), name };
    });
  }
  // Said at once: a student must not answer everything to learn at the end
  // that this address cannot hand the answers in.
  if (recipients && !canEncrypt()) $('#enc-insecure').hidden = false;
  // The library now, while the student answers: ready at the end, and
  // cached by the service worker for a later offline sitting.
  else if (recipients) import('./age.js').catch(() => {});
  if (employer) employerTexts();
  // The renderers of the other item types, only when an instrument has such items.
  const asked = multi ? mine().map((m) => m.instrument) : [docs.instrument];
  if (asked.some(hasOtherTypes)) addRenderers((await import('./items-more.js')).renderers);
  draftKey = multi ? `q.draft.${docs.study.id}.v${docs.study.version}.${employer ? 'employer' : 'student'}`
    : `q.draft.${docs.study?.id ?? 'none'}.${docs.instrument.id}.v${docs.instrument.version}`;
  // A link's study (#sd=) keeps its drafts apart from a file's of the same id.
  if (docs.link) draftKey += `.${docs.link.fingerprint}`;
  draft = storage.get(draftKey);
  if (!draft || draft.format !== 'assess-draft/1') draft = newDraft();
  const renderTitle = () => { $('#instrument-title').textContent = pick(multi ? docs.study.title : docs.instrument.title); showLinkStudy(docs); };
  renderTitle();
  keeper = safekeeping({
    textKey: 'q.save_failed',
    hasAnswers: () => parts().some((p) => p.items.some((it) => isAnswered(it, answersOf(p)[it.id]))),
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
