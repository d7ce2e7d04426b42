// The expert rubric: the expert's code, every programme of the study rated on
// every criterion of the rubric (level descriptors shown with each choice),
// a comment per programme, autosave, and export of the ratings file
// (assess-ratings/1, JSON with the engine's integrity seal, or CSV).
// Generated from the rubric and study files. When the browser refuses to
// store the draft, the page works on in memory and offers the download at
// once (safekeep.js).
import { boot, ready } from './app.js';
import { t, pick, int, onLanguageChange, currentLanguage, applyI18n } from './i18n.js';
import { $, fromTemplate, status, focusHeading, download, safeName, stamp } from './dom.js';
import { storage } from './store.js';
import { loadStudy, checkStudy, scalePoints } from './study.js';
import { useEngineBuild } from './engine-client.js';
import { entities, showDocumentError, showLinkStudy, recipientsOf, canEncrypt, canShareFiles, encryptedMaker, handInEncrypted } from './common-study.js';
import { setupErase } from './erase.js';
import { safekeeping, sealedJson, safeCsv } from './safekeep.js';

let docs;
let draft;
let draftKey;
let programmes;
let criteria;
let keeper;          // storage alert and leave warning (safekeep.js)
let recipients = null; // the study's age recipients: the ratings are handed out encrypted to them

function newDraft() {
  return {
    format: 'assess-rubric-draft/1',
    rubric: { id: docs.rubric.id, version: docs.rubric.version },
    expert: '', current: programmes[0]?.id ?? null, ratings: {},
    started: new Date().toISOString(),
  };
}

function save() {
  draft.updated = new Date().toISOString();
  const ok = storage.set(draftKey, draft);
  keeper?.saved(ok);
}

// The content of a download: the expert, the scores and the comments.
function content() {
  return programmes.map((p) => {
    const r = draft.ratings[p.id];
    return [p.id, criteria.map((c) => (Number.isFinite(r?.scores[c.id]) ? r.scores[c.id] : null)), (r?.comment ?? '').trim()];
  });
}
const fingerprint = () => JSON.stringify([(draft.expert ?? '').trim(), content()]);
const hasAnswers = () => content().some(([, scores, comment]) => comment || scores.some((x) => x != null));

function markExported() {
  keeper.exported();
  save();
}

function ratingOf(pid) {
  draft.ratings[pid] ??= { scores: {}, comment: '' };
  return draft.ratings[pid];
}

function ratedCount(pid) {
  const r = draft.ratings[pid];
  if (!r) return 0;
  return criteria.filter((c) => Number.isFinite(r.scores[c.id])).length;
}

// The levels of a criterion; a rubric without per-criterion levels falls
// back to its scale's points.
function levelsOf(c) {
  if (Array.isArray(c.levels) && c.levels.length) return c.levels;
  return scalePoints(docs.rubric).map((p) => ({ score: p.value, label: p.label, descriptor: null }));
}

function renderNav() {
  const nav = $('#programme-nav');
  nav.replaceChildren();
  for (const p of programmes) {
    const { frag, el: li } = fromTemplate('tpl-nav-item');
    const b = li.querySelector('.prog-button');
    b.textContent = pick(p.title) || p.id;
    b.dataset.programme = p.id;
    if (p.id === draft.current) b.setAttribute('aria-current', 'true');
    b.addEventListener('click', () => select(p.id));
    li.querySelector('.prog-status').textContent = t('r.rated_of', { n: int(ratedCount(p.id)), k: int(criteria.length) });
    nav.append(frag);
  }
}

function renderProgress() {
  const total = programmes.length * criteria.length;
  const n = programmes.reduce((s, p) => s + ratedCount(p.id), 0);
  $('#progress').max = total;
  $('#progress').value = n;
  $('#progress-text').textContent = t('r.progress', { n: int(n), total: int(total) });
  const missing = total - n;
  const m = $('#export-missing');
  m.hidden = missing === 0;
  m.textContent = missing ? t('r.export.missing', { n: int(missing) }) : '';
}

function renderProgramme() {
  const scaleLabels = new Map(scalePoints(docs.rubric).map((x) => [x.value, x.label]));
  const p = programmes.find((x) => x.id === draft.current) ?? programmes[0];
  const r = ratingOf(p.id);
  $('#programme-heading').textContent = pick(p.title) || p.id;
  $('#programme-desc').textContent = pick(p.description);
  const form = $('#criteria-form');
  form.replaceChildren();
  criteria.forEach((c) => {
    const { frag, el: set } = fromTemplate('tpl-criterion');
    set.id = `crit-${c.id}`;
    set.dataset.criterion = c.id;
    set.querySelector('.crit-title').textContent = pick(c.title) || c.id;
    const desc = set.querySelector('.crit-desc');
    desc.textContent = pick(c.description);
    desc.hidden = !desc.textContent;
    const scale = set.querySelector('.scale');
    for (const level of levelsOf(c)) {
      const { frag: lf, el: label } = fromTemplate('tpl-level');
      const input = label.querySelector('input');
      const id = `l-${p.id}-${c.id}-${level.score}`;
      input.id = id;
      input.name = `crit-${c.id}`;
      input.value = String(level.score);
      input.checked = r.scores[c.id] === level.score;
      label.htmlFor = id;
      const name = pick(level.label) || pick(scaleLabels.get(level.score));
      label.querySelector('.level-name').textContent = name ? `${int(level.score)} — ${name}` : int(level.score);
      label.querySelector('.level-desc').textContent = pick(level.descriptor);
      input.addEventListener('change', () => {
        ratingOf(p.id).scores[c.id] = level.score;
        save();
        renderProgress();
        renderNav();
      });
      scale.append(lf);
    }
    form.append(frag);
  });
  $('#comment').value = r.comment ?? '';
  const i = programmes.indexOf(p);
  $('#prev').disabled = i === 0;
  $('#next').disabled = i === programmes.length - 1;
}

function select(pid, { focus = true } = {}) {
  draft.current = pid;
  save();
  renderNav();
  renderProgramme();
  if (focus) focusHeading($('#programme-heading'));
}

function step(delta) {
  const i = programmes.findIndex((p) => p.id === draft.current);
  const j = Math.min(programmes.length - 1, Math.max(0, i + delta));
  select(programmes[j].id);
}

function renderAll() {
  $('#rubric-title').textContent = pick(docs.rubric.title);
  showLinkStudy(docs);
  $('#rubric-instructions').textContent = pick(docs.rubric.instructions);
  $('#expert').value = draft.expert ?? '';
  renderNav();
  renderProgramme();
  renderProgress();
}

function ratingsFile() {
  return {
    format: 'assess-ratings/1',
    rubric: { id: docs.rubric.id, version: docs.rubric.version },
    expert: draft.expert.trim(),
    lang: currentLanguage(),
    submitted: new Date().toISOString(),
    ratings: programmes.map((p) => {
      const r = draft.ratings[p.id] ?? { scores: {}, comment: '' };
      const scores = {};
      for (const c of criteria) scores[c.id] = Number.isFinite(r.scores[c.id]) ? r.scores[c.id] : null;
      const out = { object: p.id, scores };
      if (r.comment && r.comment.trim()) out.comment = r.comment.trim();
      return out;
    }),
  };
}

function checkExpert() {
  const msg = $('#export-msg');
  if (!draft.expert.trim()) {
    msg.textContent = t('r.export.need_expert');
    msg.hidden = false;
    $('#expert').focus();
    return false;
  }
  msg.hidden = true;
  return true;
}

function fileBase(f) {
  return `ratings-${safeName(f.expert)}-${stamp(new Date(f.submitted))}`;
}

// JSON with the engine's integrity seal (format, rubric and engine inside
// the digest). The storage alert's button exports even without an expert
// code: nothing entered may be lost.
// For a study with recipients the same file encrypted (<name>.json.age,
// binary age; common-study.js, handInEncrypted).
async function downloadJson({ force = false } = {}) {
  if (!force && !checkExpert()) return;
  if (recipients) {
    await handIn('file');
    return;
  }
  const f = ratingsFile();
  download(`${fileBase(f)}.json`, await sealedJson(f));
  markExported();
}

// The encrypted ratings, made once per content (fingerprint): ahead, as a
// finger or the pointer reaches the copy and share buttons (common-study.js).
let makeEncrypted = null;
const made = () => makeEncrypted(null, fingerprint());
async function handIn(how) {
  if (await handInEncrypted(how, { made, box: $('#enc-problem'), prefix: 'r.enc' })) markExported();
}

async function downloadCsv() {
  if (!checkExpert()) return;
  const f = ratingsFile();
  const ids = criteria.map((c) => c.id);
  const rows = [['expert', 'object', ...ids, 'comment']];
  for (const r of f.ratings) rows.push([f.expert, r.object, ...ids.map((id) => r.scores[id]), r.comment ?? '']);
  download(`${fileBase(f)}.csv`, await safeCsv(rows), 'text/csv');
  markExported();
}

async function downloadSoFar() {
  await downloadJson({ force: true });
  status(t('r.storage.exported'));
}

function wire() {
  $('#expert').addEventListener('input', () => { draft.expert = $('#expert').value; save(); });
  $('#comment').addEventListener('input', () => { ratingOf(draft.current).comment = $('#comment').value; save(); });
  $('#criteria-form').addEventListener('submit', (e) => e.preventDefault());
  $('#prev').addEventListener('click', () => step(-1));
  $('#next').addEventListener('click', () => step(1));
  $('#download-json').addEventListener('click', () => downloadJson());
  $('#download-csv').addEventListener('click', downloadCsv);
  for (const [id, how] of [['#copy-armored', 'copy'], ['#share-armored', 'share']]) {
    $(id).addEventListener('click', () => { if (checkExpert()) handIn(how); });
    for (const ev of ['pointerdown', 'focus']) {
      $(id).addEventListener(ev, () => { if (recipients && canEncrypt() && draft.expert?.trim()) made().catch(() => {}); });
    }
  }
  // An encrypted study hands out its encrypted JSON only (file, text, shared).
  if (recipients) {
    $('#download-csv').hidden = true;
    $('#download-json').dataset.i18n = 'r.enc.download';
    $('#export-text').dataset.i18n = 'r.enc.export_text';
    $('#copy-armored').hidden = !canEncrypt();
    $('#share-armored').hidden = !canEncrypt() || !canShareFiles();
    applyI18n($('#rubric-main'));
  }
  setupErase(() => {
    draft = newDraft();
    renderAll();
  });
}

// The small engine (documents, seal, CSV) is enough here; it loads after the
// rubric is shown, to check the documents (study.js, checkStudy).
useEngineBuild('collect');
const docsLoading = loadStudy({ need: ['rubric'], check: false, studyFormats: ['assess-study/1', 'assess-study/2'] });  // beside the texts
docsLoading.catch(() => {});  // reported below, once the texts are there
await boot();
let failure = null;
try {
  docs = await docsLoading;
  programmes = entities(docs.study, 'programmes', docs.rubric.objects ?? []);
  criteria = docs.rubric.criteria ?? [];
  if (!programmes.length) throw new Error(t('r.no_programmes'));
  recipients = recipientsOf(docs.study);
  if (recipients) {
    makeEncrypted = encryptedMaker(recipients, async () => {
      const f = ratingsFile();
      return { text: await sealedJson(f), name: `${fileBase(f)}.json` };
    });
  }
  if (recipients && !canEncrypt()) $('#enc-insecure').hidden = false;
  else if (recipients) import('./age.js').catch(() => {});
  draftKey = `r.draft.${docs.study?.id ?? 'none'}.${docs.rubric.id}.v${docs.rubric.version}`;
  if (docs.link) draftKey += `.${docs.link.fingerprint}`;  // apart from a file's study of the same id
  draft = storage.get(draftKey);
  if (!draft || draft.format !== 'assess-rubric-draft/1') draft = newDraft();
  if (!programmes.some((p) => p.id === draft.current)) draft.current = programmes[0].id;
  keeper = safekeeping({
    textKey: 'r.save_failed',
    hasAnswers,
    fingerprint,
    exportNow: downloadSoFar,
    getExported: () => draft.exported ?? null,
    setExported: (fp) => { draft.exported = fp; },
  });
  wire();
  renderAll();
  $('#rubric-main').hidden = false;
  onLanguageChange(() => { renderAll(); keeper.retranslate(); });
} catch (err) {
  failure = err;
}
// The engine's verdict on the documents comes first: a broken document is
// reported as such even when the page could not show it.
if (docs) await checkStudy(docs).catch((err) => { failure = err; });
if (failure) showDocumentError(failure);
ready();
