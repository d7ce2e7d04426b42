// The study designer (issue 18 §1 and §3, docs/web.md "The study designer"):
// composes an assess-study/2 in a form, without writing JSON. The engine
// (the collect build the questionnaire uses) validates it as it is typed;
// the draft is kept in localStorage (assess.designer.draft) as it goes; the
// study downloads as <id>.v<version>.json and travels in the student's and
// the expert's links (study-link.js). An existing study file opens as the
// draft of its next version, never as an edit of the published one.
// "Protect answers" makes age X25519 identities in the browser (age.js,
// loaded on demand): an identity is offered as a key file and otherwise
// lives in this page's memory only - never in the draft, the study file or
// a link; only the recipients (age1...) go into "encryption".
import { boot, ready } from './app.js';
import { t, pick, onLanguageChange, LANGUAGES } from './i18n.js';
import { $, el, status, download, focusHeading } from './dom.js';
import { storage } from './store.js';
import { engine, useEngineBuild } from './engine-client.js';
import { documentIndex } from './study.js';
import { canEncrypt } from './common-study.js';
import { studyLinks, fingerprint, LIMITS } from './study-link.js';

const DRAFT_KEY = 'designer.draft';
const AGE_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;
const CODES = LANGUAGES.map((l) => l.code);
const langName = (code) => LANGUAGES.find((l) => l.code === code)?.name ?? code;

useEngineBuild('collect');

// --- The draft ---------------------------------------------------------------
// The form's state: the study's own member names where it has them (so that
// the engine's JSON pointers name the form's fields), texts for every
// language of the site (a language unticked keeps its texts), the
// instruments of the site's index with a "use" box, and the recipients with
// where each came from. No secret key is ever part of it.
function newDraft() {
  return {
    id: '',
    version: 1,
    languages: ['kk', 'ru', 'en'],
    title: {},
    description: {},
    consent: { text: {}, organiser: {}, contact: {} },
    programmes: [{ id: '', title: {} }],
    waves: [{ id: 'pre', title: {} }, { id: 'post', title: {} }],
    groups: [],
    instruments: [],
    rubric: '',
    code: { questions: [newQuestion('letters'), newQuestion('digits')] },
    recipients: [],
    ack: false,
    from: null,
    extra: {},
  };
}

function newQuestion(kind) {
  return kind === 'digits'
    ? { id: '', kind: 'digits', length: 2, min: 1, max: 31, prompt: {}, hint: {} }
    : { id: '', kind: 'letters', length: 2, prompt: {}, hint: {} };
}

let draft = loadDraft();
let siteDocs = [];          // the index's entries of instruments and rubrics
let siteStudy = null;       // the site's first study with code questions (to copy them from)
const titles = new Map();   // "id@version" -> the document's title (texts)
const itemsOf = new Map();  // "id@version" of an instrument -> its items [{id, text}]
const documents = new Map(); // "format|id@version" -> the site's document (for the engine's "uses")
const secrets = new Map();  // recipient -> {identity, recipient}: memory only
let lastStudy = null;
let validity = { state: 'checking' };

function loadDraft() {
  const saved = storage.get(DRAFT_KEY);
  if (!saved || typeof saved !== 'object') return newDraft();
  const d = { ...newDraft(), ...saved };
  // A draft kept before the engine read "consent": its x-organiser and x-contact.
  if (!saved.consent && (saved['x-organiser'] || saved['x-contact'])) {
    d.consent = { text: {}, organiser: saved['x-organiser'] ?? {}, contact: saved['x-contact'] ?? {} };
  }
  delete d['x-organiser'];
  delete d['x-contact'];
  // A secret that slipped into an old draft would be dropped here.
  d.recipients = (Array.isArray(d.recipients) ? d.recipients : []).filter((r) => AGE_RECIPIENT.test(r?.key ?? ''));
  return d;
}

function save() {
  const ok = storage.set(DRAFT_KEY, draft);
  $('#save-problem').hidden = ok;
}

// JSON pointer helpers (RFC 6901).
const parts = (pointer) => pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
function getAt(obj, pointer) {
  let o = obj;
  for (const k of parts(pointer)) o = o == null ? undefined : o[k];
  return o;
}
function setAt(obj, pointer, value) {
  const ks = parts(pointer);
  let o = obj;
  for (let i = 0; i < ks.length - 1; i++) {
    if (o[ks[i]] == null || typeof o[ks[i]] !== 'object') o[ks[i]] = /^\d+$/.test(ks[i + 1]) ? [] : {};
    o = o[ks[i]];
  }
  o[ks[ks.length - 1]] = value;
}
const fieldId = (pointer) => `f${pointer.replace(/[^A-Za-z0-9_-]/g, '-')}`;

// --- The study the draft describes --------------------------------------------
function buildStudy(d) {
  const langs = CODES.filter((l) => d.languages.includes(l));
  const text = (o) => Object.fromEntries(langs.map((l) => [l, String(o?.[l] ?? '')]));
  const optional = (o) => (langs.some((l) => String(o?.[l] ?? '').trim()) ? text(o) : undefined);
  const study = { format: 'assess-study/2', id: d.id, version: d.version };
  for (const [k, v] of Object.entries(d.extra ?? {})) if (k.startsWith('x-')) study[k] = v;
  Object.assign(study, {
    title: text(d.title),
    description: optional(d.description),
    languages: langs,
  });
  const consent = {
    text: optional(d.consent?.text), organiser: optional(d.consent?.organiser), contact: optional(d.consent?.contact),
  };
  if (consent.text || consent.organiser || consent.contact) study.consent = consent;
  const waveIds = d.waves.map((w) => w.id);
  const used = d.instruments.filter((i) => i.use);
  study.instruments = used.map((i) => ({
    id: i.id,
    version: i.version,
    waves: waveIds.filter((w) => i.waves.includes(w)),
    respondents: i.respondents === 'employers' ? 'employers' : undefined,
    item_waves: i.item_waves && Object.keys(i.item_waves).length ? i.item_waves : undefined,
  }));
  if (d.rubric) {
    const [id, version] = d.rubric.split('@');
    study.rubric = { id, version: Number(version) };
  }
  study.programmes = d.programmes.map((p) => ({ id: p.id, title: text(p.title) }));
  study.waves = d.waves.map((w) => ({ id: w.id, title: text(w.title) }));
  if (d.groups.length) {
    study.groups = d.groups.map((g) => ({
      id: g.id, title: text(g.title), description: optional(g.description),
      role: g.role || undefined, without_programme: g.without_programme || undefined,
    }));
  }
  if (d.code.questions.length || used.some((i) => i.respondents !== 'employers')) {
    study.code = {
      questions: d.code.questions.map((q) => ({
        id: q.id, kind: q.kind, length: q.length,
        ...(q.kind === 'digits' ? { min: q.min, max: q.max } : {}),
        prompt: text(q.prompt), hint: text(q.hint),
      })),
    };
  }
  if (d.recipients.length) study.encryption = { recipients: d.recipients.map((r) => r.key) };
  // Members left undefined are not written (JSON.stringify, canonicalJson).
  return JSON.parse(JSON.stringify(study));
}

// A study file -> the draft of its next version.
function draftFromStudy(doc) {
  const d = newDraft();
  const texts = (o) => (o && typeof o === 'object' ? { ...o } : {});
  d.id = String(doc.id ?? '');
  d.version = Number.isInteger(doc.version) ? doc.version + 1 : 1;
  d.from = { id: d.id, version: doc.version };
  d.languages = Array.isArray(doc.languages) ? CODES.filter((l) => doc.languages.includes(l)) : d.languages;
  d.title = texts(doc.title);
  d.description = texts(doc.description);
  // The study's own consent words; an older study's x-organiser and x-contact
  // become consent.organiser and consent.contact.
  const c = doc.consent && typeof doc.consent === 'object' ? doc.consent : {};
  d.consent = { text: texts(c.text), organiser: texts(c.organiser ?? doc['x-organiser']), contact: texts(c.contact ?? doc['x-contact']) };
  const list = (a) => (Array.isArray(a) ? a.filter((x) => x && typeof x === 'object') : []);
  d.programmes = list(doc.programmes).map((p) => ({ id: String(p.id ?? ''), title: texts(p.title) }));
  d.waves = list(doc.waves).map((w) => ({ id: String(w.id ?? ''), title: texts(w.title) }));
  d.groups = list(doc.groups).map((g) => ({
    id: String(g.id ?? ''), title: texts(g.title), description: texts(g.description),
    role: ['focal', 'reference'].includes(g.role) ? g.role : '', without_programme: g.without_programme === true,
  }));
  d.instruments = list(doc.instruments).map((i) => ({
    id: String(i.id ?? ''), version: i.version, use: true, waves: Array.isArray(i.waves) ? i.waves.map(String) : [],
    respondents: i.respondents === 'employers' ? 'employers' : 'students', item_waves: i.item_waves,
  }));
  d.rubric = doc.rubric?.id ? `${doc.rubric.id}@${doc.rubric.version}` : '';
  d.code = { questions: list(doc.code?.questions ?? doc.code_questions).map((q) => ({ ...q, prompt: texts(q.prompt), hint: texts(q.hint) })) };
  const enc = doc.encryption ?? doc['x-encryption'];
  d.recipients = (Array.isArray(enc?.recipients) ? enc.recipients : [])
    .filter((r) => typeof r === 'string' && AGE_RECIPIENT.test(r)).map((key) => ({ key, kind: 'kept', saved: true }));
  for (const [k, v] of Object.entries(doc)) {
    if (k.startsWith('x-') && !['x-organiser', 'x-contact', 'x-encryption'].includes(k)) d.extra[k] = v;
  }
  return d;
}

// Every instrument of the site's index has a row; the draft's order first.
function mergeIndex() {
  const ids = [...new Set(siteDocs.filter((e) => e.format === 'assess-instrument/1').map((e) => e.id))];
  for (const id of ids) {
    if (draft.instruments.some((i) => i.id === id)) continue;
    const versions = versionsOf('assess-instrument/1', id);
    draft.instruments.push({ id, version: versions[versions.length - 1], use: false, waves: draft.waves.map((w) => w.id), respondents: id === 'employer-feedback' ? 'employers' : 'students' });
  }
}
const versionsOf = (format, id) => siteDocs.filter((e) => e.format === format && e.id === id).map((e) => e.version).sort((a, b) => a - b);

// --- The form ------------------------------------------------------------------
function section(key, ...children) {
  const hid = `h-${key.replace(/\./g, '-')}`;
  return el('section', { class: 'designer-part', 'aria-labelledby': hid }, el('h2', { id: hid, text: t(key) }), ...children);
}

function textInput(pointer, label, { hint = '', type = 'text', inputmode = null, lang = null, textarea = false } = {}) {
  const id = fieldId(pointer);
  const hintId = hint ? `${id}-hint` : null;
  const input = el(textarea ? 'textarea' : 'input', {
    id, type: textarea ? null : type, 'data-path': pointer, lang, inputmode, 'aria-describedby': hintId,
    spellcheck: lang ? null : 'false',
  });
  const v = getAt(draft, pointer);
  input.value = v == null ? '' : String(v);
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), hint ? el('span', { class: 'hint', id: hintId, text: hint }) : null, input);
}

// A text in each of the study's languages: a group of fields.
function multiText(pointer, label, { optional = false, textarea = false } = {}) {
  const legend = optional ? `${label} ${t('d.optional')}` : label;
  return el('fieldset', { class: 'multi-text' }, el('legend', { text: legend }),
    ...draft.languages.map((l) => textInput(`${pointer}/${l}`, langName(l), { lang: l, textarea })));
}

function checkbox(pointer, label, checked, attrs = {}) {
  const id = fieldId(pointer);
  return el('div', { class: 'check' }, el('input', { type: 'checkbox', id, 'data-path': pointer, checked, ...attrs }), el('label', { for: id, text: label }));
}

function select(pointer, label, options, value, attrs = {}) {
  const id = fieldId(pointer);
  const s = el('select', { id, 'data-path': pointer, ...attrs }, ...options.map(([v, text]) => el('option', { value: v, text })));
  s.value = value;
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), s);
}

const idHint = () => t('d.element_id_hint');

// A list of entities (programmes, waves, groups, code questions): each a
// fieldset with a remove button, and an add button after them.
function entityList(listPointer, items, { legend, body, add, min = 0 }) {
  const box = el('div', { class: 'entity-list' });
  items.forEach((item, i) => {
    const p = `${listPointer}/${i}`;
    const fs = el('fieldset', { class: 'entity', id: fieldId(p) }, el('legend', { text: legend(i) }), ...body(item, p, i));
    if (items.length > min) {
      fs.append(el('div', { class: 'actions compact' },
        el('button', { type: 'button', class: 'secondary', 'data-remove': listPointer, 'data-index': i, text: t('d.remove_named', { name: legend(i) }) })));
    }
    box.append(fs);
  });
  box.append(el('div', { class: 'actions' }, el('button', { type: 'button', class: 'secondary', id: `add${fieldId(listPointer)}`, 'data-add': listPointer, text: add })));
  return box;
}

function renderForm() {
  const body = $('#form-body');
  const focused = document.activeElement?.id;
  const langs = el('fieldset', { class: 'multi-text', id: fieldId('/languages') }, el('legend', { text: t('d.languages') }),
    el('p', { class: 'hint', text: t('d.languages_hint') }),
    ...CODES.map((l) => {
      const id = `lang-${l}`;
      return el('div', { class: 'check' },
        el('input', { type: 'checkbox', id, 'data-language': l, checked: draft.languages.includes(l), lang: l }),
        el('label', { for: id, lang: l, text: langName(l) }));
    }));

  const basics = section('d.basics',
    textInput('/id', t('d.id'), { hint: t('d.id_hint') }),
    el('p', { id: 'version-line', text: t('d.version', { version: draft.version }) }),
    langs,
    multiText('/title', t('d.study_title')),
    multiText('/description', t('d.description'), { optional: true, textarea: true }));

  const programmes = section('d.programmes',
    el('p', { class: 'hint', text: t('d.programmes_hint') }),
    entityList('/programmes', draft.programmes, {
      legend: (i) => t('d.programme_n', { n: i + 1 }),
      body: (p, ptr) => [textInput(`${ptr}/id`, t('d.element_id'), { hint: idHint() }), multiText(`${ptr}/title`, t('d.name'))],
      add: t('d.add_programme'), min: 1,
    }));

  const waves = section('d.waves',
    el('p', { class: 'hint', text: t('d.waves_hint') }),
    entityList('/waves', draft.waves, {
      legend: (i) => t('d.wave_n', { n: i + 1 }),
      body: (w, ptr) => [textInput(`${ptr}/id`, t('d.element_id'), { hint: idHint() }), multiText(`${ptr}/title`, t('d.name'))],
      add: t('d.add_wave'), min: 1,
    }));

  const roles = [['', t('d.role.none')], ['focal', t('d.role.focal')], ['reference', t('d.role.reference')]];
  const groups = section('d.groups',
    el('p', { class: 'hint', text: t('d.groups_hint') }),
    entityList('/groups', draft.groups, {
      legend: (i) => t('d.group_n', { n: i + 1 }),
      body: (g, ptr) => [
        textInput(`${ptr}/id`, t('d.element_id'), { hint: idHint() }),
        multiText(`${ptr}/title`, t('d.name')),
        multiText(`${ptr}/description`, t('d.description'), { optional: true, textarea: true }),
        select(`${ptr}/role`, t('d.role'), roles, g.role ?? ''),
        checkbox(`${ptr}/without_programme`, t('d.without_programme'), g.without_programme === true),
      ],
      add: t('d.add_group'),
    }));

  const instruments = section('d.instruments',
    el('p', { class: 'hint', text: t('d.instruments_hint') }),
    ...draft.instruments.map((ins, i) => instrumentRow(ins, i)),
    rubricSelect());

  const code = section('d.code',
    el('p', { class: 'hint', text: t('d.code_hint') }),
    siteStudy ? el('div', { class: 'actions' }, el('button', {
      type: 'button', class: 'secondary', id: 'code-from-site', text: t('d.code_from_site', { title: pick(siteStudy.title) || siteStudy.id }),
    })) : null,
    entityList('/code/questions', draft.code.questions, {
      legend: (i) => t('d.question_n', { n: i + 1 }),
      body: (q, ptr) => [
        textInput(`${ptr}/id`, t('d.element_id'), { hint: idHint() }),
        select(`${ptr}/kind`, t('d.kind'), [['letters', t('d.kind.letters')], ['digits', t('d.kind.digits')]], q.kind, { 'data-rerender': '' }),
        textInput(`${ptr}/length`, t('d.length'), { inputmode: 'numeric', hint: t('d.length_hint') }),
        ...(q.kind === 'digits'
          ? [textInput(`${ptr}/min`, t('d.min'), { inputmode: 'numeric' }), textInput(`${ptr}/max`, t('d.max'), { inputmode: 'numeric' })]
          : []),
        multiText(`${ptr}/prompt`, t('d.prompt')),
        multiText(`${ptr}/hint`, t('d.hint')),
      ],
      add: t('d.add_question'),
    }));

  const consent = section('d.consent',
    el('p', { class: 'hint', text: t('d.consent_hint') }),
    multiText('/consent/text', t('d.consent_text'), { optional: true, textarea: true }),
    multiText('/consent/organiser', t('d.organiser'), { optional: true, textarea: true }),
    multiText('/consent/contact', t('d.contact'), { optional: true, textarea: true }));

  body.replaceChildren(basics, programmes, waves, groups, instruments, code, consent, protectSection());
  if (focused) document.getElementById(focused)?.focus();
}

function docTitle(format, id, version) {
  const text = titles.get(`${format}|${id}@${version}`);
  const name = text ? pick(text) : '';
  return name ? `${name} (${id}, v${version})` : `${id}, v${version}`;
}

function instrumentRow(ins, i) {
  const p = `/instruments/${ins.id}`;
  const fs = el('fieldset', { class: 'entity', id: fieldId(p) }, el('legend', { id: `${fieldId(p)}-name`, text: docTitle('assess-instrument/1', ins.id, ins.version) }),
    checkbox(`${p}/use`, t('d.instrument_use'), ins.use, { 'data-rerender': '' }));
  if (ins.use && draft.instruments.slice(0, i).some((x) => x.use)) {
    fs.append(el('div', { class: 'actions compact' }, el('button', {
      type: 'button', class: 'secondary', id: `up-${ins.id}`, 'data-move-up': ins.id,
      'aria-describedby': `${fieldId(p)}-name`, text: t('d.move_up'),
    })));
  }
  if (!ins.use) return fs;
  const versions = versionsOf('assess-instrument/1', ins.id);
  if (versions.length > 1 || !versions.includes(ins.version)) {
    fs.append(select(`${p}/version`, t('d.doc_version'), [...new Set([...versions, ins.version])].map((v) => [String(v), `v${v}`]), String(ins.version), { 'data-type': 'int', 'data-rerender': '' }));
  }
  fs.append(select(`${p}/respondents`, t('d.respondents'), [['students', t('d.respondents.students')], ['employers', t('d.respondents.employers')]], ins.respondents));
  const waves = el('fieldset', { class: 'inline-checks', id: fieldId(`${p}/waves`) }, el('legend', { text: t('d.instrument_waves') }),
    ...draft.waves.map((w, k) => {
      const id = `${fieldId(`${p}/waves`)}-${k}`;
      const name = pick(w.title) || w.id || t('d.wave_n', { n: k + 1 });
      return el('div', { class: 'check' }, el('input', { type: 'checkbox', id, 'data-instrument-wave': ins.id, value: w.id, checked: ins.waves.includes(w.id) }), el('label', { for: id, text: name }));
    }));
  fs.append(waves);
  // Items asked at waves besides the instrument's (item_waves): each item's
  // full list of waves, in the study's order.
  const items = itemsOf.get(`${ins.id}@${ins.version}`) ?? [];
  const others = draft.waves.filter((w) => !ins.waves.includes(w.id));
  if (items.length && others.length) {
    const chosen = ins.item_waves ?? {};
    const box = el('details', { class: 'item-waves', open: Object.keys(chosen).length > 0 },
      el('summary', { text: t('d.item_waves') }), el('p', { class: 'hint', text: t('d.item_waves_hint') }));
    for (const item of items) {
      const set = el('fieldset', { class: 'inline-checks' }, el('legend', { text: `${item.id}: ${pick(item.text) || ''}` }));
      for (const w of others) {
        const id = `${fieldId(`${p}/item_waves/${item.id}`)}-${w.id}`;
        set.append(el('div', { class: 'check' },
          el('input', { type: 'checkbox', id, 'data-item-wave': ins.id, 'data-item': item.id, value: w.id, checked: (chosen[item.id] ?? []).includes(w.id) }),
          el('label', { for: id, text: pick(w.title) || w.id })));
      }
      box.append(set);
    }
    fs.append(box);
  }
  fs.dataset.index = String(i);
  return fs;
}

function rubricSelect() {
  const rubrics = siteDocs.filter((e) => e.format === 'assess-rubric/1');
  const options = [['', t('d.no_rubric')], ...rubrics.map((e) => [`${e.id}@${e.version}`, docTitle('assess-rubric/1', e.id, e.version)])];
  if (draft.rubric && !options.some(([v]) => v === draft.rubric)) options.push([draft.rubric, draft.rubric.replace('@', ', v')]);
  return select('/rubric', t('d.rubric'), options, draft.rubric);
}

// --- Protect answers (age) -------------------------------------------------------
function protectSection() {
  const s = section('d.protect',
    el('p', { text: t('d.protect.intro') }),
    el('p', { class: 'hint', text: t('d.protect.https') }));
  if (!canEncrypt()) {
    s.append(el('p', { class: 'error-box', text: t('d.protect.insecure') }));
  }
  const hasMine = draft.recipients.some((r) => r.kind === 'mine');
  s.append(el('div', { class: 'actions' },
    el('button', { type: 'button', id: 'make-key', disabled: !canEncrypt() || hasMine, text: t('d.protect.make_key') })));

  const list = el('ul', { class: 'recipients', id: 'recipients', 'aria-labelledby': 'recipients-heading' });
  draft.recipients.forEach((r, i) => {
    const secret = secrets.get(r.key);
    const li = el('li', { class: 'recipient' },
      el('span', { class: 'recipient-kind', text: t(`d.protect.kind.${r.kind}`) }), ' ',
      el('code', { class: 'age-key', text: r.key }));
    const actions = el('div', { class: 'actions compact' });
    if (secret) {
      actions.append(el('button', { type: 'button', 'data-save-key': r.key, text: t(r.kind === 'paper' ? 'd.protect.download_paper' : 'd.protect.download_key') }));
    }
    if (r.kind !== 'team' && r.kind !== 'kept' && !r.saved) {
      li.append(el('p', { class: 'warning', text: secret ? t('d.protect.not_saved') : t('d.protect.lost') }));
    }
    if (secret && r.kind === 'paper') {
      li.append(el('p', { class: 'hint', text: t('d.protect.paper_hint') }), el('pre', { class: 'paper-key', text: secret.identity }));
      actions.append(el('button', { type: 'button', class: 'secondary', 'data-print-key': r.key, text: t('d.protect.print') }));
    }
    actions.append(el('button', { type: 'button', class: 'secondary', 'data-remove-recipient': String(i), text: t('d.protect.remove') }));
    li.append(actions);
    list.append(li);
  });
  s.append(el('h3', { id: 'recipients-heading', text: t('d.protect.recipients', { n: draft.recipients.length }) }),
    draft.recipients.length ? list : el('p', { class: 'hint', text: t('d.protect.none') }));

  s.append(el('h3', { text: t('d.protect.second') }), el('p', { text: t('d.protect.second_hint') }),
    el('div', { class: 'field' },
      el('label', { for: 'team-key', text: t('d.protect.team_key') }),
      el('span', { class: 'hint', id: 'team-key-hint', text: t('d.protect.team_key_hint') }),
      el('input', { type: 'text', id: 'team-key', spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': 'team-key-hint team-key-error' }),
      el('p', { class: 'field-error', id: 'team-key-error', hidden: true })),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', id: 'add-team-key', text: t('d.protect.add_team') }),
      el('button', { type: 'button', class: 'secondary', id: 'make-paper-key', disabled: !canEncrypt(), text: t('d.protect.make_paper') })),
    checkbox('/ack', t('d.protect.ack'), draft.ack === true));
  return s;
}

async function makeKey(kind) {
  status(t('d.protect.making'));
  const { newIdentity } = await import('./age.js');
  const id = await newIdentity();
  secrets.set(id.recipient, id);
  draft.recipients.push({ key: id.recipient, kind, saved: false });
  changed({ rerender: true });
  status(t(kind === 'paper' ? 'd.protect.paper_made' : 'd.protect.key_made'));
  document.querySelector(`[data-save-key="${id.recipient}"]`)?.focus();
}

async function saveKey(recipient) {
  const secret = secrets.get(recipient);
  if (!secret) return;
  const { keyFileText } = await import('./age.js');
  const r = draft.recipients.find((x) => x.key === recipient);
  const name = r?.kind === 'paper' ? `assess-paper-key-${draft.id || 'study'}.txt` : `assess-key-${draft.id || 'study'}.txt`;
  download(name, keyFileText(secret), 'text/plain');
  if (r) r.saved = true;
  changed({ rerender: true });
  status(t('d.protect.saved', { name }));
}

async function addTeamKey() {
  const input = $('#team-key');
  const error = $('#team-key-error');
  const key = input.value.trim();
  const { isRecipient } = await import('./age.js');
  let problem = '';
  if (!isRecipient(key)) problem = key.startsWith('AGE-SECRET-KEY-') ? t('d.protect.team_secret') : t('d.protect.team_bad');
  else if (draft.recipients.some((r) => r.key === key)) problem = t('d.protect.team_twice');
  else if (draft.recipients.length >= 20) problem = t('d.protect.too_many');
  error.textContent = problem;
  error.hidden = !problem;
  input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  if (problem) {
    if (key.startsWith('AGE-SECRET-KEY-')) input.value = '';
    input.focus();
    return;
  }
  draft.recipients.push({ key, kind: 'team', saved: true });
  changed({ rerender: true });
  status(t('d.protect.team_added'));
  $('#team-key')?.focus();
}

// --- Checks and publishing -----------------------------------------------------------
// Why the study cannot be handed out yet: i18n keys (with params).
function blockers() {
  const out = [];
  if (validity.state !== 'valid') out.push(['d.publish.invalid']);
  const rs = draft.recipients;
  const unsaved = rs.filter((r) => (r.kind === 'mine' || r.kind === 'paper') && !r.saved);
  for (const r of unsaved) out.push([secrets.has(r.key) ? 'd.publish.key_not_saved' : 'd.publish.key_lost', { key: `${r.key.slice(0, 12)}…` }]);
  if (rs.length === 1 && !draft.ack) out.push(['d.publish.one_key']);
  return out;
}

let timer = null;
let checking = 0;
function scheduleCheck() {
  clearTimeout(timer);
  timer = setTimeout(check, 350);
}

async function check() {
  const study = buildStudy(draft);
  lastStudy = study;
  const run = ++checking;
  // Every problem at once; and, when the site has every document the study
  // names, those documents too (their texts in the study's languages, the
  // items item_waves names), in the order of the study's instruments, then
  // the rubric (fieldFor reads /uses/<i> so).
  const request = { op: 'validate_instrument', instrument: study, all_problems: true };
  const uses = [...study.instruments.map((r) => documents.get(`assess-instrument/1|${r.id}@${r.version}`)),
    ...(study.rubric ? [documents.get(`assess-rubric/1|${study.rubric.id}@${study.rubric.version}`)] : [])];
  if (uses.length && uses.every(Boolean)) request.uses = uses;
  let reply;
  try {
    reply = await engine().envelope(request);
  } catch (err) {
    reply = { ok: false, error: { message: String(err?.message || err), msg: null } };
  }
  if (run !== checking) return;
  if (!reply.ok) validity = { state: 'invalid', problems: [reply.error ?? {}] };
  else if (reply.result?.valid === false) validity = { state: 'invalid', problems: reply.result.problems ?? [] };
  else validity = { state: 'valid' };
  await showCheck();
  await showPublish(study);
}

// The field an engine's JSON pointer names (/instrument/programmes/0/title/kk).
function fieldFor(pointer) {
  let p = String(pointer ?? '').replace(/^\/instrument(?=\/|$)/, '');
  const used = draft.instruments.filter((i) => i.use);
  const m = p.match(/^\/instruments\/(\d+)(.*)$/);
  if (m && used[Number(m[1])]) p = `/instruments/${used[Number(m[1])].id}${m[2]}`;
  // A problem inside a document the study uses: its row (or the rubric).
  const u = p.match(/^\/uses\/(\d+)/);
  if (u) p = used[Number(u[1])] ? `/instruments/${used[Number(u[1])].id}/use` : '/rubric';
  if (/^\/encryption/.test(p)) return document.getElementById('recipients') ?? document.getElementById('make-key');
  if (/^\/rubric/.test(p)) return document.getElementById(fieldId('/rubric'));
  if (/^\/code(\/questions)?$/.test(p)) return document.getElementById('add-code-questions');
  const fields = [...document.querySelectorAll('#form-body [data-path], #form-body fieldset[id]')];
  let best = null;
  let bestLen = -1;
  for (const f of fields) {
    const fp = f.dataset.path ?? null;
    const fsPath = f.tagName === 'FIELDSET' ? f.id : null;
    if (fp && (p === fp || p.startsWith(`${fp}/`)) && fp.length > bestLen) { best = f; bestLen = fp.length; }
    if (fsPath && fieldId(p).startsWith(fsPath) && fsPath.length > bestLen && !best) best = f;
  }
  if (!best && p) {
    // A pointer to a text object or a list: its first field.
    best = fields.find((f) => (f.dataset.path ?? '').startsWith(`${p}/`)) ?? null;
  }
  if (best?.tagName === 'FIELDSET') best = best.querySelector('input, select, textarea') ?? best;
  return best;
}

// The documents the study names that this site does not have: a link to
// the study would be refused by the pages (the file may be meant for another site).
function missingDocuments(study) {
  const has = (format, ref) => siteDocs.some((e) => e.format === format && e.id === ref.id && e.version === ref.version);
  const out = study.instruments.filter((r) => !has('assess-instrument/1', r));
  if (study.rubric && !has('assess-rubric/1', study.rubric)) out.push(study.rubric);
  return out.map((r) => `${r.id} v${r.version}`);
}

// A field's name in the form's words: the legends around it and its label
// ("Programme 1 · Name · Қазақша").
function fieldName(field) {
  const names = [];
  for (let fs = field.closest('fieldset'); fs; fs = fs.parentElement?.closest('fieldset')) {
    const legend = fs.querySelector(':scope > legend')?.textContent.trim();
    if (legend) names.unshift(legend);
  }
  const label = field.id ? document.querySelector(`label[for="${field.id}"]`)?.textContent.trim() : '';
  if (label && field.type !== 'checkbox') names.push(label);
  else if (!names.length) names.push(field.closest('section')?.querySelector('h2')?.textContent.trim() ?? '');
  return names.filter(Boolean).join(' · ');
}

async function showCheck() {
  const box = $('#check-status');
  const list = $('#problems');
  list.replaceChildren(...missingDocuments(lastStudy).map((name) => el('li', { class: 'warning', text: t('d.check.not_on_site', { name }) })));
  for (const f of document.querySelectorAll('#form-body [aria-invalid="true"]')) if (f.id !== 'team-key') f.removeAttribute('aria-invalid');
  if (validity.state === 'valid') {
    box.textContent = t('d.check.valid');
    box.className = 'notice';
    return;
  }
  box.textContent = t('d.check.invalid');
  box.className = 'warning';
  const problems = validity.problems;
  const { loadMessages, msgElement } = await import('./messages.js');
  await loadMessages(problems.map((e) => e.msg).filter(Boolean));
  for (const e of problems) {
    const field = fieldFor(e.path);
    const li = el('li', { class: 'problem' });
    const where = /^(\/instrument)?\/instruments$/.test(e.path ?? '') ? t('d.instruments') : field ? fieldName(field) : '';
    if (where) li.append(el('strong', { text: `${where}: ` }));
    li.append(msgElement('span', e.msg, e.message ?? ''));
    if (field?.id) {
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(field.tagName)) field.setAttribute('aria-invalid', 'true');
      li.append(' ', el('a', { href: `#${field.id}`, 'data-focus': field.id, text: t('d.check.go') }));
    }
    list.append(li);
  }
}

async function showPublish(study) {
  const reasons = blockers();
  const ul = $('#blockers');
  ul.replaceChildren(...reasons.map(([key, params]) => el('li', { text: t(key, params) })));
  $('#download-study').disabled = reasons.length > 0;
  const links = $('#links');
  if (reasons.length) {
    links.hidden = true;
    return;
  }
  // A link naming a document the site lacks would be refused (said under Check).
  if (missingDocuments(study).length) {
    links.hidden = true;
    return;
  }
  const base = new URL('./', location.href);
  const [{ questionnaire: student, rubric: expert }, fp] = await Promise.all([studyLinks(study, base), fingerprint(study)]);
  if (study !== lastStudy) return;
  const sd = new URL(student).hash.slice('#sd='.length);
  $('#link-student').value = student;
  $('#link-expert').value = expert;
  $('#open-student').href = student;
  $('#open-expert').href = expert;
  // Experts rate the programmes with the study's rubric: no rubric, no expert link.
  $('#expert-link-field').hidden = !study.rubric;
  $('#link-sheet').href = new URL(`sheet.html#sd=${sd}`, base).href;
  $('#fingerprint').textContent = fp;
  $('#link-length').textContent = sd.length > LIMITS.link ? t('d.links.too_long') : t('d.links.length', { n: student.length });
  links.hidden = false;
}

function downloadStudy() {
  if (blockers().length) return;
  const study = buildStudy(draft);
  const name = `${study.id}.v${study.version}.json`;
  download(name, `${JSON.stringify(study, null, 2)}\n`);
  status(t('d.publish.downloaded', { name }));
}

// --- Events --------------------------------------------------------------------
function changed({ rerender = false } = {}) {
  save();
  if (rerender) renderForm();
  scheduleCheck();
  // The publish state follows at once for the key rules.
  showPublishSoon();
}
let publishSoon = null;
function showPublishSoon() {
  cancelAnimationFrame(publishSoon);
  publishSoon = requestAnimationFrame(() => {
    const reasons = blockers();
    $('#blockers').replaceChildren(...reasons.map(([key, params]) => el('li', { text: t(key, params) })));
    $('#download-study').disabled = reasons.length > 0;
    if (reasons.length) $('#links').hidden = true;
  });
}

function valueOf(input) {
  if (input.type === 'checkbox') return input.checked;
  const v = input.value;
  const p = input.dataset.path;
  if (input.dataset.type === 'int' || /\/(length|min|max)$/.test(p)) {
    return /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  }
  return v;
}

function onInput(event) {
  const input = event.target;
  if (input.dataset.language) {
    const l = input.dataset.language;
    draft.languages = CODES.filter((c) => (c === l ? input.checked : draft.languages.includes(c)));
    changed({ rerender: true });
    return;
  }
  if (input.dataset.item) {
    const ins = draft.instruments.find((i) => i.id === input.dataset.itemWave);
    const all = { ...(ins.item_waves ?? {}) };
    const cur = new Set(all[input.dataset.item] ?? ins.waves);
    if (input.checked) cur.add(input.value);
    else cur.delete(input.value);
    const list = draft.waves.map((w) => w.id).filter((w) => cur.has(w));
    if (list.every((w) => ins.waves.includes(w))) delete all[input.dataset.item];
    else all[input.dataset.item] = list;
    ins.item_waves = all;
    changed();
    return;
  }
  if (input.dataset.instrumentWave) {
    const ins = draft.instruments.find((i) => i.id === input.dataset.instrumentWave);
    ins.waves = input.checked ? [...new Set([...ins.waves, input.value])] : ins.waves.filter((w) => w !== input.value);
    changed({ rerender: true });
    return;
  }
  const p = input.dataset.path;
  if (!p) return;
  if (event.type === 'input' && (input.tagName === 'SELECT' || input.type === 'checkbox')) return;
  if (event.type === 'change' && input.tagName !== 'SELECT' && input.type !== 'checkbox') return;
  const m = p.match(/^\/instruments\/([^/]+)\/(.+)$/);
  if (m) {
    const ins = draft.instruments.find((i) => i.id === m[1]);
    ins[m[2]] = valueOf(input);
  } else {
    const old = getAt(draft, p);
    setAt(draft, p, valueOf(input));
    // A wave renamed: the instruments' waves follow.
    if (/^\/waves\/\d+\/id$/.test(p)) {
      for (const ins of draft.instruments) ins.waves = ins.waves.map((w) => (w === old ? input.value : w));
    }
  }
  changed({ rerender: 'rerender' in input.dataset });
}

function onClick(event) {
  const b = event.target.closest('button, a[data-focus]');
  if (!b) return;
  if (b.dataset.focus) {
    event.preventDefault();
    const f = document.getElementById(b.dataset.focus);
    f?.focus();
    f?.scrollIntoView({ block: 'center' });
    return;
  }
  if (b.dataset.add) {
    const list = getAt(draft, b.dataset.add);
    if (b.dataset.add === '/code/questions') list.push(newQuestion('letters'));
    else if (b.dataset.add === '/groups') list.push({ id: '', title: {}, description: {}, role: '', without_programme: false });
    else list.push({ id: '', title: {} });
    changed({ rerender: true });
    document.getElementById(fieldId(`${b.dataset.add}/${list.length - 1}/id`))?.focus();
    return;
  }
  if (b.dataset.remove) {
    const list = getAt(draft, b.dataset.remove);
    const [gone] = list.splice(Number(b.dataset.index), 1);
    if (b.dataset.remove === '/waves') for (const ins of draft.instruments) ins.waves = ins.waves.filter((w) => w !== gone.id);
    changed({ rerender: true });
    document.getElementById(`add${fieldId(b.dataset.remove)}`)?.focus();
    status(t('d.removed'));
    return;
  }
  if (b.dataset.moveUp) {
    // Before the used instrument above it.
    const i = draft.instruments.findIndex((x) => x.id === b.dataset.moveUp);
    const j = draft.instruments.slice(0, i).findLastIndex((x) => x.use);
    if (j >= 0) draft.instruments.splice(j, 0, ...draft.instruments.splice(i, 1));
    changed({ rerender: true });
    (document.getElementById(`up-${b.dataset.moveUp}`) ?? document.getElementById(fieldId(`/instruments/${b.dataset.moveUp}/use`)))?.focus();
    return;
  }
  if (b.id === 'code-from-site' && siteStudy) {
    draft.code.questions = JSON.parse(JSON.stringify(siteStudy.code.questions));
    changed({ rerender: true });
    document.getElementById('code-from-site')?.focus();
    status(t('d.code_copied', { title: pick(siteStudy.title) || siteStudy.id }));
    return;
  }
  if (b.id === 'make-key') { makeKey('mine'); return; }
  if (b.id === 'make-paper-key') { makeKey('paper'); return; }
  if (b.id === 'add-team-key') { addTeamKey(); return; }
  if (b.dataset.saveKey) { saveKey(b.dataset.saveKey); return; }
  if (b.dataset.printKey) {
    const r = draft.recipients.find((x) => x.key === b.dataset.printKey);
    if (r) r.saved = true;
    save();
    // Only the paper key is printed (css/designer.css).
    document.body.classList.add('printing-key');
    b.closest('.recipient')?.classList.add('printed');
    window.print();
    document.body.classList.remove('printing-key');
    b.closest('.recipient')?.classList.remove('printed');
    changed({ rerender: true });
    return;
  }
  if (b.dataset.removeRecipient) {
    const [gone] = draft.recipients.splice(Number(b.dataset.removeRecipient), 1);
    if (gone) secrets.delete(gone.key);
    changed({ rerender: true });
    $('#make-key')?.disabled ? $('#team-key')?.focus() : $('#make-key')?.focus();
    status(t('d.removed'));
  }
}

async function openFile(file) {
  const box = $('#open-error');
  box.hidden = true;
  let doc;
  try {
    doc = JSON.parse(await file.text());
  } catch {
    box.textContent = t('d.open.not_json', { name: file.name });
    box.hidden = false;
    return;
  }
  if (doc?.format !== 'assess-study/2') {
    box.textContent = t('d.open.not_study2', { name: file.name });
    box.hidden = false;
    return;
  }
  draft = draftFromStudy(doc);
  secrets.clear();
  mergeIndex();
  changed({ rerender: true });
  showFrom();
  focusHeading($('#from-file'));
}

function showFrom() {
  const p = $('#from-file');
  p.hidden = !draft.from;
  if (draft.from) p.textContent = t('d.open.new_version', { id: draft.from.id, old: draft.from.version, version: draft.version });
}

function startAgain(step) {
  const ask = step === 'ask';
  $('#start-again').hidden = ask;
  $('#start-again-yes').hidden = !ask;
  $('#start-again-no').hidden = !ask;
  $('#again-ask').hidden = !ask;
  if (step === 'yes') {
    storage.remove(DRAFT_KEY);
    secrets.clear();
    draft = newDraft();
    mergeIndex();
    changed({ rerender: true });
    showFrom();
    status(t('d.again.done'));
  }
  (ask ? $('#start-again-no') : $('#start-again')).focus();
}

async function copyField(id) {
  const input = document.getElementById(id);
  try {
    await navigator.clipboard.writeText(input.value);
    status(t('d.links.copied'));
  } catch {
    input.select();
    status(t('d.links.copy_failed'));
  }
}

// --- Start ---------------------------------------------------------------------
await boot();
let index = [];
try {
  index = await documentIndex();
} catch {
  index = [];
}
siteDocs = index.filter((e) => e.format === 'assess-instrument/1' || e.format === 'assess-rubric/1');
// The site's own study (the first of the index with code questions, a /2
// one first): its code questions have their texts in kk, ru and en.
for (const e of index.filter((x) => x.format === 'assess-study/2').concat(index.filter((x) => x.format === 'assess-study/1'))) {
  try {
    const doc = await (await fetch(new URL(`../rubrics/${e.file}`, import.meta.url))).json();
    if (Array.isArray(doc.code?.questions) && doc.code.questions.length) { siteStudy = doc; break; }
  } catch { /* the next one */ }
}
// The documents' titles, for the instrument and rubric choices.
await Promise.all(siteDocs.map(async (e) => {
  try {
    const doc = await (await fetch(new URL(`../rubrics/${e.file}`, import.meta.url))).json();
    titles.set(`${e.format}|${e.id}@${e.version}`, doc.title);
    documents.set(`${e.format}|${e.id}@${e.version}`, doc);
    if (Array.isArray(doc.items)) itemsOf.set(`${e.id}@${e.version}`, doc.items.filter((it) => it?.id).map((it) => ({ id: String(it.id), text: it.text })));
  } catch { /* the id stands for it */ }
}));
mergeIndex();
renderForm();
showFrom();
const form = $('#designer-form');
form.addEventListener('input', onInput);
form.addEventListener('change', onInput);
form.addEventListener('submit', (e) => e.preventDefault());
document.addEventListener('click', onClick);
$('#open-file').addEventListener('change', (e) => {
  const f = e.target.files?.[0];
  if (f) openFile(f);
  e.target.value = '';
});
$('#start-again').addEventListener('click', () => startAgain('ask'));
$('#start-again-no').addEventListener('click', () => startAgain('no'));
$('#start-again-yes').addEventListener('click', () => startAgain('yes'));
$('#download-study').addEventListener('click', downloadStudy);
for (const b of document.querySelectorAll('[data-copy]')) b.addEventListener('click', () => copyField(b.dataset.copy));
onLanguageChange(() => { renderForm(); showFrom(); check(); });
// A secret is in this page only: leaving with a key not yet downloaded asks first.
addEventListener('beforeunload', (e) => {
  if (draft.recipients.some((r) => secrets.has(r.key) && !r.saved)) e.preventDefault();
});
await check();
ready();
