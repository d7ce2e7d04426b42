// Finds and loads the study's documents (instrument, rubric, study) from the
// site's rubrics/ folder. rubrics/index.json, written by the build, lists
// every document with its format, id and version, so no file name is
// hard-coded here. A page may name another document in its URL:
//   questionnaire.html?instrument=my-scale.v2.json   (or ?instrument=my-scale)
//   rubric.html?rubric=...   any page: ?study=...
// or carry the study itself in the fragment (questionnaire.html#sd=...,
// study-link.js): that study wins over ?study= and is checked like a file.
import { engine } from './engine-client.js';

const RUBRICS = new URL('../rubrics/', import.meta.url);

export class DocumentError extends Error {
  constructor(key, params = {}, detail = '', msg = null, path = null) {
    super(detail || key);
    this.name = 'DocumentError';
    this.key = key;           // i18n key of the sentence to show
    this.params = params;
    this.detail = detail;     // the engine's message, if any (English)
    this.msg = msg;           // and its {id, params}, said in the page language (messages.js)
    this.path = path;         // the JSON pointer of what is wrong
  }
}

// The built pages carry rubrics/index.json inside them
// (<script type="application/json" id="rubrics-index">, scripts/bundle.mjs):
// one request fewer before the documents can be asked for.
function inlineIndex() {
  const text = document.getElementById('rubrics-index')?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text).documents || [];
  } catch {
    return null;
  }
}

let indexPromise;
export function documentIndex() {
  const inline = indexPromise ? null : inlineIndex();
  if (inline) indexPromise = Promise.resolve(inline);
  indexPromise ??= fetch(new URL('index.json', RUBRICS)).then((r) => {
    if (!r.ok) throw new DocumentError('doc.index_missing');
    return r.json();
  }).then((j) => j.documents || []);
  return indexPromise;
}

// A URL parameter naming a document -> a URL inside the site's rubrics/
// folder, or null when the value is not a plain file name.
function paramUrl(value) {
  if (!value) return null;
  const name = value.endsWith('.json') ? value : null;
  if (!/^[\p{L}\p{N}._-]+(\.json)?$/u.test(value) || value.includes('..')) {
    throw new DocumentError('doc.bad_param', { value });
  }
  return name ? new URL(name, RUBRICS) : null;
}

async function fetchJson(url) {
  let res;
  try {
    res = await fetch(url);
  } catch {
    throw new DocumentError('doc.not_found', { name: decodeURIComponent(url.pathname.split('/').pop()) });
  }
  if (!res.ok) throw new DocumentError('doc.not_found', { name: decodeURIComponent(url.pathname.split('/').pop()) });
  try {
    return await res.json();
  } catch (err) {
    throw new DocumentError('doc.not_json', { name: decodeURIComponent(url.pathname.split('/').pop()) }, err.message);
  }
}

// The entry of the index for `format`, picked by id (and version) when
// given, else the only/first one (highest version of the first id).
async function findEntry(format, { id, version } = {}) {
  const docs = (await documentIndex()).filter((d) => [].concat(format).includes(d.format));
  // Documents with items other than Likert are only found by their id: a
  // page picks a Likert instrument by default (only the questionnaire reads
  // the other item types, docs/formats.md "Until the readers follow").
  let pool = id ? docs.filter((d) => d.id === id) : docs.filter((d) => !d.item_types);
  if (version != null) pool = pool.filter((d) => d.version === version);
  if (!pool.length) return null;
  const firstId = pool[0].id;
  return pool.filter((d) => d.id === firstId).sort((a, b) => b.version - a.version)[0];
}

// The engine's check of a document: resolves when it is valid; a broken
// document is a DocumentError carrying the engine's sentence and JSON pointer.
// A study from a link (url null) is "the study in the link".
async function check(doc, url) {
  const reply = await engine().envelope({ op: 'validate_instrument', instrument: doc });
  if (!reply.ok) {
    const e = reply.error || {};
    throw new DocumentError(url ? 'doc.invalid' : 'link.invalid', url ? { name: decodeURIComponent(url.pathname.split('/').pop()) } : {},
      `${e.message || ''}${e.path ? ` (${e.path})` : ''}`, e.msg ?? null, e.path ?? null);
  }
}

// Loads a document and has the engine check it. With `later` (a list) a
// document of the expected kind is returned at once and its check is
// started only when the page calls checkStudy(): the page shows it while the
// engine loads. A document of another kind is checked first all the same, so
// that a broken file is reported as broken, not as of the wrong kind.
async function loadChecked(url, expectedFormat, later) {
  const doc = await fetchJson(url);
  const expected = [].concat(expectedFormat).includes(doc?.format);
  if (later && expected) {
    later.push({ doc, url });
    return doc;
  }
  await check(doc, url);
  if (!expected) {
    throw new DocumentError('doc.wrong_kind', { name: decodeURIComponent(url.pathname.split('/').pop()) });
  }
  return doc;
}

async function load(kind, format, ref, params, later) {
  const param = ref?.fixed ? null : params.get(kind);
  let url = paramUrl(param);
  if (!url && param) {
    const entry = await findEntry(format, { id: param });
    if (!entry) throw new DocumentError('doc.not_found', { name: param });
    url = new URL(entry.file, RUBRICS);
  }
  if (!url) {
    const entry = await findEntry(format, ref || {});
    if (!entry) return null;
    url = new URL(entry.file, RUBRICS);
  }
  return loadChecked(url, format, later);
}

const unchecked = new WeakMap();


// The study of the address's #sd=: decoded and bounded by study-link.js
// (loaded only for such an address), of a format this page reads, checked
// by the engine (now, or with the page's later checks), and naming only
// documents the site has. Any problem is a DocumentError (link.*).
export async function linkStudy(need, studyFormats, later) {
  const { decodeStudy, linkParam, fingerprint, recipientsFingerprint, keepLinkInAddress, LinkError } = await import('./study-link.js');
  let study;
  try {
    study = await decodeStudy(linkParam(location.hash));
  } catch (err) {
    // The page says why in its language; the technical detail (English,
    // from the decoder) goes to the console only.
    if (err instanceof LinkError) throw Object.assign(new DocumentError(err.key), { cause: err });
    throw err;
  }
  if (!studyFormats.includes(study.format)) {
    // A study this page does not read: the engine's verdict first, as for files.
    await check(study, null);
    throw new DocumentError('link.wrong_kind');
  }
  if (later) later.push({ doc: study, url: null });
  else await check(study, null);
  // The rubric page with a study for students only.
  if (need.length === 1 && need[0] === 'rubric' && study.rubric == null) throw new DocumentError('link.no_rubric');
  // Every document it names must be one of the site's (rubrics/index.json).
  const refs = [];
  if (study.format === 'assess-study/2') {
    if (need.includes('instrument') && Array.isArray(study.instruments)) {
      for (const r of study.instruments) refs.push(['assess-instrument/1', r]);
    }
  } else if (need.includes('instrument')) refs.push(['assess-instrument/1', study.instrument]);
  if (need.includes('rubric')) refs.push(['assess-rubric/1', study.rubric]);
  for (const [format, ref] of refs) {
    if (!ref || typeof ref !== 'object') continue;  // the engine's check names what is missing
    const entry = await findEntry(format, { id: String(ref.id), version: ref.version });
    if (!entry || entry.id !== ref.id) {
      throw new DocumentError('link.missing_document', { name: ref.version != null ? `${String(ref.id)} v${String(ref.version)}` : String(ref.id) });
    }
  }
  keepLinkInAddress();
  // The fingerprint of the keys the answers are encrypted to, which the
  // researcher shows beside the study's (a wrong list is refused later:
  // common-study.js, recipientsOf).
  const keys = (study.encryption ?? study['x-encryption'])?.recipients;
  const recipients = Array.isArray(keys) && keys.length && keys.every((k) => typeof k === 'string') ? await recipientsFingerprint(keys) : null;
  return { study, fingerprint: await fingerprint(study), recipients };
}

// A page that handles some item types only (the rubric and analysis pages:
// Likert, until the import reads the others) refuses an instrument with
// another one with the engine's message (instrument.item_type_unsupported);
// the questionnaire renders them all.
function refuseOtherItemTypes(doc, itemTypes) {
  const items = Array.isArray(doc?.items) ? doc.items : [];
  const i = items.findIndex((it) => it && typeof it === 'object' && !itemTypes.includes(it.type ?? 'likert'));
  if (i < 0) return;
  const item = String(items[i].id ?? i), type = String(items[i].type);
  throw new DocumentError('doc.unsupported', { name: `${doc.id}.v${doc.version}.json` },
    `item ${item} is of type ${type}, which this part of the engine does not read yet: only Likert items are scored, imported and analysed so far`,
    { id: 'instrument.item_type_unsupported', params: { item, item_type: type } }, `/items/${i}/type`);
}

// {study, instrument, rubric}: the study (may be null when there is none),
// and the documents it names (or those the URL names), each checked by the
// engine. With check: false the engine is not waited for (nor loaded): the
// page renders the documents and then calls checkStudy(docs), which checks
// them in the order they were read. With respondents ('students' or
// 'employers'), an assess-study/2 loads only the instruments those
// respondents answer (instruments[i] is null for the others), so that a
// student's phone does not download the employers' form.
// A study carried by the address's #sd= (study-link.js) is out.link =
// {fingerprint}; its documents must be on the site.
export async function loadStudy({ need = ['instrument'], check: now = true, itemTypes = ['likert'], studyFormats = ['assess-study/1'], respondents = null } = {}) {
  const params = new URLSearchParams(location.search);
  const later = now ? null : [];
  const link = location.hash.includes('sd=') ? await linkStudy(need, studyFormats, later) : null;
  // A page that reads assess-study/2 (the questionnaire) finds one named in
  // the address; by default it is still the first /1 study.
  const study = link ? link.study : await load('study', params.get('study') ? studyFormats : 'assess-study/1', null, params, later);
  const out = { study, instrument: null, rubric: null };
  if (link) out.link = { fingerprint: link.fingerprint, recipients: link.recipients };
  if (study?.format === 'assess-study/2' && need.includes('instrument')) {
    // Every instrument of the study, by id and version, in study order.
    const refs = Array.isArray(study.instruments) ? study.instruments : [];
    out.instruments = await Promise.all(refs.map(async (ref) => {
      if (respondents && (ref?.respondents ?? 'students') !== respondents) return null;
      const doc = await load('instrument', 'assess-instrument/1', { id: ref?.id, version: ref?.version, fixed: true }, params, later);
      if (!doc) throw new DocumentError('doc.not_found', { name: `${ref?.id}.v${ref?.version}.json` });
      refuseOtherItemTypes(doc, itemTypes);
      return doc;
    }));
    out.instrument = out.instruments.find(Boolean) ?? null;
  } else if (need.includes('instrument')) {
    out.instrument = await load('instrument', 'assess-instrument/1', study?.instrument, params, later);
    if (!out.instrument) throw new DocumentError('doc.no_instrument');
    refuseOtherItemTypes(out.instrument, itemTypes);
  }
  if (need.includes('rubric')) {
    out.rubric = await load('rubric', 'assess-rubric/1', study?.rubric, params, later);
    if (!out.rubric) throw new DocumentError('doc.no_rubric');
  }
  if (later) unchecked.set(out, later);
  return out;
}

// The engine's checks that loadStudy({check: false}) left for later;
// throws the first document's DocumentError.
export async function checkStudy(docs) {
  const list = unchecked.get(docs) ?? [];
  unchecked.delete(docs);
  const results = await Promise.allSettled(list.map(({ doc, url }) => check(doc, url)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

// The scale points of an instrument or rubric: [{value, label}] ascending.
export function scalePoints(doc) {
  const scale = doc.response_scale || doc.scale || doc.rating_scale || {};
  const min = Number(scale.min ?? 1);
  const max = Number(scale.max ?? 5);
  const labels = scale.labels || {};
  const out = [];
  for (let v = min; v <= max; v++) {
    let label = labels[String(v)];
    if (Array.isArray(labels)) label = labels.find((l) => Number(l.value) === v)?.text;
    out.push({ value: v, label: label ?? null });
  }
  return out;
}
