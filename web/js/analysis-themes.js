// The themes beside the numbers (issue 19, docs/web.md "Themes on the
// analysis page"): with a codebook (assess-coding-codebook/1), a coding file
// (the team's consensus, assess-coding/1) and the texts it codes (essays,
// a CSV of texts, the open answers of the response files), the analysis page
// shows the theme frequencies by programme, group and wave with their tests,
// the co-occurrence of themes (a table and a heat map), the joint display
// (the gains of students whose texts mention a theme against the others',
// per subscale, Holm over the themes) and exemplar quotes, which the
// researcher redacts before any export.
//
// The analysis engine has no room for the coding ops (its size budget): the
// texts and the theme analysis run in the coding page's engine
// (engine/assess-coding.js), started in a second worker when there is
// something to analyse; the gains come from the analysis engine's data set
// (op dataset), one row per student, joined on the normalised code as the
// texts are. An essay names its student only: its programme and group are
// the student's in the data set.
import { t, pick, num, int, pval, bounded } from './i18n.js';
import { el } from './dom.js';
import { engine, EngineClient, workerUrl } from './engine-client.js';
import { apaTable, cell, scoreLabel, programmeLabel, groupLabel, finite, warningsBlock } from './analysis-results.js';
import { heatmap } from './charts.js';
import { studyRequest } from './analysis-run.js';
import { msgElement } from './messages.js';

let codingEngine = null;
function codingClient() {
  codingEngine ??= new EngineClient(workerUrl('coding'));
  return codingEngine;
}

const stripBom = (s) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
const asInput = (f) => ({ name: f.name });

// A page problem of the themes: {key, params} said from the page catalogue.
class ThemeProblem extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

async function readJson(f) {
  try {
    return JSON.parse(stripBom(await f.blob.text()));
  } catch {
    throw new ThemeProblem('a.th.bad_json', { name: f.name });
  }
}

// The instruments of the study have a text item (open answers to code).
function hasTextItems(docs) {
  const list = docs.instruments ?? [docs.instrument];
  return list.some((ins) => (ins?.items ?? []).some((i) => i.type === 'text'));
}

// The coding the analysis reads: the consensus when there is one, else the
// only coding file; several coders' files without a consensus are merged
// on the coding page first.
async function pickCoding(files) {
  const docs = [];
  for (const f of files.filter((x) => x.kind === 'coding')) docs.push({ file: f, doc: await readJson(f) });
  const consensus = docs.filter((d) => d.doc?.coder === 'consensus');
  if (consensus.length === 1) return consensus[0];
  if (consensus.length > 1) throw new ThemeProblem('a.th.several_consensus', { n: consensus.length });
  if (docs.length === 1) return docs[0];
  throw new ThemeProblem('a.th.several_coders', { n: docs.length });
}

// The per-student gains of the data set: {score: {code: gain}} for the
// main instrument's scores (the columns `<score>_gain`, post - pre), and
// each student's programme and group.
async function studentGains(docs, files, links, duplicates) {
  const request = studyRequest('dataset', { docs, files, links, duplicates });
  if (!request.files.length) return { gains: null, students: new Map() };
  await engine().putFiles(files.filter((f) => f.kind === 'responses'));
  const { variables, rows } = (await engine().call({ ...request, format: 'json', text: false })).dataset;
  const [ic, ip, ig] = ['code', 'programme', 'group'].map((name) => variables.indexOf(name));
  // [score, its column] of every `<score>_gain` of the main instrument (no `<instrument>__` prefix).
  const scores = variables.map((v, i) => [v, i]).filter(([v]) => /_gain$/.test(v) && !v.includes('__'))
    .map(([v, i]) => [v.slice(0, -'_gain'.length), i]);
  const gains = Object.fromEntries(scores.map(([s]) => [s, {}]));
  const students = new Map();
  for (const row of rows) {
    const code = row[ic];
    students.set(code, { programme: ip >= 0 ? row[ip] : null, group: ig >= 0 ? row[ig] : null });
    for (const [s, i] of scores) gains[s][code] = row[i];
  }
  return { gains: scores.length ? gains : null, students };
}

// The texts of the files (op texts in the coding engine); withResponses:
// the open answers of the response files too.
async function readTexts(docs, files, { withResponses }) {
  const eng = codingClient();
  const essays = files.filter((f) => f.kind === 'texts' && f.textSource === 'document');
  const csvs = files.filter((f) => f.kind === 'texts' && f.textSource === 'csv');
  const responses = withResponses && hasTextItems(docs) ? files.filter((f) => f.kind === 'responses') : [];
  await eng.putFiles([...essays, ...csvs, ...responses]);
  const header = csvs[0]?.columns ?? [];
  const column = (name) => header.find((c) => c.toLowerCase() === name);
  const csvArgs = csvs.length ? {
    csv: csvs.map(asInput), code_column: column('code'), text_column: column('text'),
    ...Object.fromEntries(['programme', 'group', 'wave', 'item'].filter((c) => column(c)).map((c) => [`${c}_column`, column(c)])),
  } : {};
  const studyArgs = responses.length
    ? { files: responses.map(asInput), study: docs.study, ...(docs.instruments ? { instruments: docs.instruments } : { instrument: docs.instrument }) }
    : {};
  if (!essays.length && !csvs.length && !responses.length) throw new ThemeProblem('a.th.no_texts');
  return eng.call({ op: 'texts', ...(essays.length ? { documents: essays.map(asInput) } : {}), ...csvArgs, ...studyArgs });
}

// The quotes of the coding, with their words (code points into the text's
// identity form) and the student's code: [{id, theme, hash, code, start,
// end, text}] in codebook order of themes, then text order.
function quotesOf(codebook, coding, texts) {
  const byHash = new Map(texts.map((x) => [x.hash, x]));
  const order = new Map(codebook.themes.map((th, i) => [th.id, i]));
  const out = [];
  for (const c of coding.texts ?? []) {
    const x = byHash.get(c.hash);
    if (!x) continue;
    const points = Array.from(x.text);
    for (const q of c.quotes ?? []) {
      out.push({
        id: `${c.hash}:${q.theme}:${q.start}:${q.end}`, theme: q.theme, hash: c.hash, code: x.code,
        programme: x.programme, group: x.group, start: q.start, end: q.end, text: points.slice(q.start, q.end).join('').trim(),
      });
    }
  }
  return out.sort((a, b) => (order.get(a.theme) ?? 0) - (order.get(b.theme) ?? 0));
}

// Runs the themes: {analysis, codebook, coding, codingFile, texts, quotes,
// problems, textCounts}, or {problem: {key, params}} / {error:
// {message, msg}} with the texts' problems and counts when they were read.
// Texts are read first, so that their problems (a file name that is not a
// code, an encoding) are listed even before the codebook comes.
export async function runThemes({ docs, files, links = [], duplicates = [] }) {
  const read = { problems: [], textCounts: null };
  try {
    const cbFiles = files.filter((f) => f.kind === 'codebook');
    const hasCoding = files.some((f) => f.kind === 'coding');
    let textsResult = null;
    const readAll = async (withResponses) => {
      textsResult = await readTexts(docs, files, { withResponses });
      read.problems = textsResult.problems ?? [];
      read.textCounts = textsResult.counts ?? null;
    };
    const essays = files.some((f) => f.kind === 'texts');
    if (essays) await readAll(false);
    if (!cbFiles.length) throw new ThemeProblem('a.th.no_codebook');
    if (cbFiles.length > 1) throw new ThemeProblem('a.th.several_codebooks', { n: cbFiles.length });
    const codebook = await readJson(cbFiles[0]);
    if (!hasCoding) throw new ThemeProblem('a.th.no_coding');
    const { file: codingFile, doc: coding } = await pickCoding(files);
    // The open answers of the response files are read only when the coding
    // codes texts that the essays and CSVs do not hold (their problems, such
    // as short answers that many students share, are otherwise not the
    // themes' business).
    const known = new Set((textsResult?.texts ?? []).map((x) => x.hash));
    if (!essays || (coding.texts ?? []).some((c) => !known.has(c?.hash))) await readAll(true);
    const { gains, students } = await studentGains(docs, files, links, duplicates);
    // An essay says only its student: programme and group are the student's.
    const texts = textsResult.texts.map((x) => {
      const s = students.get(x.code);
      return { ...x, programme: x.programme ?? s?.programme ?? null, group: x.group ?? s?.group ?? null };
    });
    const analysis = await codingClient().call({
      op: 'theme_analysis', codebook, coding,
      texts: texts.map(({ hash, code, programme, group, wave }) => ({ hash, code, programme, group, wave })),
      ...(gains ? { gains } : {}),
    });
    return { ...read, analysis, codebook, coding, codingFile: codingFile.name, texts, quotes: quotesOf(codebook, coding, texts) };
  } catch (err) {
    if (err instanceof ThemeProblem) return { ...read, problem: { key: err.key, params: err.params } };
    return { ...read, error: { message: err.message, msg: err.msg ?? null, path: err.path ?? null } };
  }
}

// Every engine message the themes hold (to load their catalogue parts).
export function themeMsgs(th) {
  if (!th) return [];
  return [th.error?.msg, ...(th.analysis?.warning_msgs ?? []), ...(th.problems ?? []).map((p) => p.msg)].filter(Boolean);
}

// ---- the page's tables -------------------------------------------------------------

const themeName = (codebook, id) => {
  const th = codebook.themes.find((x) => x.id === id);
  return th ? pick(th.name) : id;
};
// A child theme is indented under its parent (two levels); no-break spaces,
// so that a narrow cell does not wrap the indent onto a line of its own.
const themeRowLabel = (codebook, id) => {
  const th = codebook.themes.find((x) => x.id === id);
  return th?.parent ? `\u00a0\u00a0\u00a0${themeName(codebook, id)}` : themeName(codebook, id);
};
const pct = (x) => (finite(x) ? `${num(x, 1)}%` : '—');

function frequencyTable(th) {
  const a = th.analysis;
  return apaTable({
    id: 'table-themes',
    title: t('a.th.freq_title', { students: int(a.n_students), texts: int(a.n_texts) }),
    head: [t('a.th.col.theme'), t('a.th.col.students'), '%', t('a.th.col.texts'), '%'],
    rows: a.themes.map((x) => ({
      key: `themes.${x.theme}`,
      cells: [themeRowLabel(th.codebook, x.theme),
        cell(int(x.students), `themes.${x.theme}.students`, x.students), cell(pct(x.students_percent), `themes.${x.theme}.students_percent`, x.students_percent),
        cell(int(x.texts), `themes.${x.theme}.texts`, x.texts), cell(pct(x.texts_percent), `themes.${x.theme}.texts_percent`, x.texts_percent)],
    })),
    note: t('a.th.freq_note'),
  });
}

function levelLabel(docs, by, level) {
  if (by === 'programme') return programmeLabel(docs, level);
  if (by === 'group') return groupLabel(docs, level);
  if (level === 'pre') return t('a.pre');
  if (level === 'post') return t('a.post');
  const w = (docs.study?.waves ?? []).find((x) => x.id === level);
  return w ? pick(w.title) : level;
}

// The test across the levels as one cell: "χ²(2) = 4.12, p = .127", Fisher's p, or why none.
function testText(test) {
  if (!test?.method) return t(`a.th.reason.${test?.reason ?? 'none'}`);
  if (test.method === 'fisher_exact') return t('a.th.test.fisher', { p: pval(test.p) });
  const key = test.method === 'chi_square_yates' ? 'a.th.test.chi_yates' : 'a.th.test.chi';
  return t(key, { df: int(test.df), x: num(test.statistic, 2), p: pval(test.p) });
}

function byTable(th, docs, by) {
  const list = th.analysis.by?.[by];
  if (!list?.length) return null;
  const levels = [...new Set(list.flatMap((x) => x.levels.map((l) => l.level)))];
  const count = (x, level) => x.levels.find((l) => l.level === level);
  return apaTable({
    id: `table-themes-${by}`,
    title: t(`a.th.by_title.${by}`),
    head: [t('a.th.col.theme'), ...levels.map((l) => levelLabel(docs, by, l)), t('a.th.col.test')],
    rows: list.map((x) => ({
      key: `themes.by.${by}.${x.theme}`,
      cells: [themeRowLabel(th.codebook, x.theme),
        ...levels.map((l) => {
          const c = count(x, l);
          return c ? cell(t('a.th.n_of', { n: int(c.mentioning), of: int(c.students), pct: num(c.percent, 0) }), `themes.by.${by}.${x.theme}.${l}.mentioning`, c.mentioning) : '—';
        }),
        cell(testText(x.test), `themes.by.${by}.${x.theme}.p`, x.test?.p ?? null)],
    })),
    note: t('a.th.by_note'),
  });
}

function cooccurrenceTable(th) {
  const co = th.analysis.cooccurrence;
  if (!co?.themes?.length) return null;
  const names = co.themes.map((id) => themeName(th.codebook, id));
  return apaTable({
    id: 'table-themes-cooccurrence',
    title: t('a.th.co_title'),
    head: [t('a.th.col.theme'), ...names],
    rows: co.themes.map((id, i) => ({
      key: `themes.cooccurrence.${id}`,
      cells: [names[i], ...co.themes.map((id2, j) => cell(
        i === j ? int(co.counts[i][j]) : `${int(co.counts[i][j])} (${bounded(co.jaccard[i][j], 2)})`,
        `themes.cooccurrence.${id}.${id2}`, co.counts[i][j]))],
    })),
    note: t('a.th.co_note'),
  });
}

function cooccurrenceMap(th) {
  const co = th.analysis.cooccurrence;
  if (!co?.themes?.length || co.themes.length < 2) return null;
  const names = co.themes.map((id) => themeName(th.codebook, id));
  return heatmap({
    rows: names, columns: names, scale: { min: 0, max: 1 },
    cells: co.themes.map((_, i) => co.themes.map((__, j) => (i === j ? null : co.jaccard[i][j]))),
    words: {
      title: t('a.th.map_title'), desc: t('a.th.map_desc'), caption: t('a.th.map_caption'), rowHead: t('a.th.col.theme'), note: null,
    },
  });
}

// The joint display: per subscale (group rows) and theme, the gains of the
// students who mention it and of the others.
function jointTable(th, docs) {
  const list = th.analysis.joint ?? [];
  if (!list.length) return null;
  const rows = [];
  for (const s of list) {
    rows.push({ group: true, key: `joint.${s.subscale}`, cells: [scoreLabel(docs, s.subscale)] });
    for (const x of s.themes) {
      const k = `joint.${s.subscale}.${x.theme}`;
      rows.push({
        key: k,
        cells: [themeRowLabel(th.codebook, x.theme),
          cell(`${int(x.n_mention)} / ${int(x.n_other)}`, `${k}.n_mention`, x.n_mention),
          cell(`${num(x.mean_mention)} (${num(x.sd_mention)})`, `${k}.mean_mention`, x.mean_mention),
          cell(`${num(x.mean_other)} (${num(x.sd_other)})`, `${k}.mean_other`, x.mean_other),
          cell(num(x.mean_diff), `${k}.mean_diff`, x.mean_diff),
          cell(finite(x.t) ? `${num(x.t, 2)} (${num(x.df, 1)})` : '—', `${k}.t`, x.t),
          cell(pval(x.p), `${k}.p`, x.p),
          cell(pval(x.p_holm), `${k}.p_holm`, x.p_holm),
          cell(num(x.d), `${k}.d`, x.d)],
      });
    }
  }
  return apaTable({
    id: 'table-themes-joint',
    title: t('a.th.joint_title'),
    head: [t('a.th.col.theme'), t('a.th.col.n_mention_other'), t('a.th.col.m_mention'), t('a.th.col.m_other'), t('a.th.col.diff'),
      t('a.col.tdf'), 'p', t('a.col.p_holm'), 'd'],
    rows,
    note: t('a.th.joint_note'),
  });
}

// Fills `box` (the section of the themes inside the results) with what a
// run gave; `quotes` draws the quotes' block (analysis-quotes.js).
export function renderThemes(box, th, docs, { quotes = null } = {}) {
  box.append(el('h3', { id: 'themes-heading', text: t('a.th.heading') }));
  if (th.problem) {
    box.append(el('p', { class: 'notice', id: 'themes-problem', text: t(th.problem.key, th.problem.params) }));
    return;
  }
  if (th.error) {
    box.append(msgElement('p', th.error.msg, th.error.message, { class: 'error-box', id: 'themes-error' }));
    return;
  }
  const a = th.analysis;
  box.append(el('p', { id: 'themes-counts', text: t('a.th.counts', {
    students: int(a.n_students), texts: int(a.n_texts), coder: th.coding.coder, file: th.codingFile,
    codebook: `${th.codebook.id} v${th.codebook.version}`,
  }) }));
  box.append(frequencyTable(th));
  for (const by of ['programme', 'group', 'wave']) {
    const table = byTable(th, docs, by);
    if (table) box.append(table);
  }
  const co = cooccurrenceTable(th);
  if (co) box.append(co);
  const map = cooccurrenceMap(th);
  if (map) box.append(map);
  const joint = jointTable(th, docs);
  if (joint) box.append(joint);
  else box.append(el('p', { class: 'table-note', id: 'themes-no-joint', text: t('a.th.no_joint') }));
  if (quotes) box.append(quotes);
  const w = warningsBlock(docs, a.warnings, a.warning_msgs);
  if (w) box.append(w);
}
