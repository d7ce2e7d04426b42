// One analysis run in the engine worker: the response files go to
// analyze_prepost (import, linking with the confirmed links, scoring and
// statistics in one op), the rating files to analyze_panel; they run one
// after the other inside the worker with progress between the steps, so the
// page never blocks. An engine without the analysis ops still gives the
// import summary and the linking report (ops link and import_ratings).
// A study of groups (an assess-study/2 with two groups or more) also gets
// the whole study's report (analyze_study): the page shows it in place of
// the pre-post result, which still gives the import summary and the linking.
// Returns what the page shows:
//   {responses: {import}, ratings: {import}, linking, prepost, panel, study,
//    studyError, linksUsed, errors[] ({message, msg, path, code}), notAvailable[]}
import { engine, EngineClient, workerUrl } from './engine-client.js';

// Files go to the engine as bytes (putFiles) and are named in requests.
const asInput = (f) => ({ name: f.name });

// An engine error as the page shows it: the English sentence and the
// message (msg: {id, params}) that the page says in its language.
function errorOf(reply) {
  return {
    message: reply?.error?.message ?? 'no reply', msg: reply?.error?.msg ?? null, path: reply?.error?.path ?? null,
    code: reply?.error?.code ?? null,
  };
}

// {counts, problems} of an op's result. analyze_* put the import problems in
// `problems` and the linking ones in `linking.problems`; the link op puts
// them in `import_problems` and `problems`.
function importOf(result) {
  if (!result) return null;
  return {
    counts: result.counts ?? {},
    problems: [...(result.import_problems ?? []), ...(result.problems ?? []), ...(result.linking?.problems ?? [])],
  };
}

export function responseInputs(files) {
  return files.filter((f) => f.kind === 'responses').map(asInput);
}

// What the engine's `links` takes: the pairs, or a links file when there
// are choices on records that differ (`duplicates`, by record_id).
function linksArg(pairs, duplicates) {
  return duplicates?.length ? { format: 'assess-links/1', links: pairs, duplicates } : pairs;
}

// An assess-study/2 whose students are in groups: its report is the study's.
export function isGroupStudy(docs) {
  return docs.study?.format === 'assess-study/2' && (docs.study.groups?.length ?? 0) >= 2 && Boolean(docs.instruments);
}

// The links as the study ops (dataset, analyze_study) take them: a links
// file /2, whose links keep all their codes.
function studentLinks(links, duplicates) {
  const note = (l) => (l.note ? { note: l.note } : {});
  const students = links.map((l) => (l.codes ? { codes: l.codes, ...note(l) } : { pre: l.pre, post: l.post, ...note(l) }));
  return { format: 'assess-links/2', links: students, duplicates };
}

export async function runAnalysis({ docs, files, links, duplicates = [], onProgress }) {
  const responses = responseInputs(files);
  const ratings = files.filter((f) => f.kind === 'ratings').map(asInput);
  // The engine takes exactly {pre, post}; notes from link files stay here.
  const overrides = links.map((l) => ({ pre: l.pre, post: l.post }));
  const linkArg = linksArg(overrides, duplicates);
  const panelLinks = duplicates.length ? { links: linksArg([], duplicates) } : {};
  // An assess-study/2 routes the records of all its instruments: the engine gets them all.
  const base = { instrument: docs.instrument, study: docs.study, ...(docs.instruments ? { instruments: docs.instruments } : {}) };
  const jobs = [];
  if (responses.length) {
    jobs.push({
      role: 'prepost', side: 'responses',
      request: { op: 'analyze_prepost', ...base, files: responses, links: linkArg },
      fallback: { op: 'link', ...base, files: responses, links: linkArg, include_pairs: false },
    });
  }
  if (ratings.length) {
    jobs.push({
      role: 'panel', side: 'ratings',
      request: { op: 'analyze_panel', rubric: docs.rubric, study: docs.study, files: ratings, ...panelLinks },
      fallback: { op: 'import_ratings', rubric: docs.rubric, study: docs.study, files: ratings, include_records: false, ...panelLinks },
    });
  }
  if (responses.length && isGroupStudy(docs)) {
    jobs.push({
      role: 'study',
      request: {
        op: 'analyze_study', study: docs.study, instruments: docs.instruments, files: responses, links: studentLinks(links, duplicates), format: 'json',
        // The expert panel is the report's section 7.
        ...(ratings.length && docs.rubric ? { ratings, rubric: docs.rubric } : {}),
      },
    });
  }
  const out = {
    responses: null, ratings: null, linking: null, prepost: null, panel: null, study: null, studyError: null,
    linksUsed: overrides, errors: [], notAvailable: [],
  };
  if (!jobs.length) return out;
  await engine().putFiles(files.filter((f) => f.kind === 'responses' || f.kind === 'ratings'));

  const replies = await engine().batch(jobs.map((j) => j.request), { labels: jobs.map((j) => j.role), onProgress });
  const retry = [];
  jobs.forEach((job, i) => {
    const r = replies[i];
    if (job.role === 'study') {
      // The study's report has no fallback: without it the page shows the pre-post result.
      if (r?.ok) out.study = r.result;
      else if (r?.error?.code === 'unknown_op') out.notAvailable.push(job.request.op);
      else out.studyError = errorOf(r);
      return;
    }
    if (r?.ok) {
      out[job.role] = r.result;
      out[job.side] = { import: importOf(r.result) };
      if (job.role === 'prepost') out.linking = r.result.linking ?? null;
    } else if (r?.error?.code === 'unknown_op') {
      out.notAvailable.push(job.request.op);
      retry.push(job);
    } else {
      // The analysis itself failed (e.g. no linked pair at all): say why, and
      // still show the import problems and the linking, which tell the fix.
      out.errors.push(errorOf(r));
      retry.push(job);
    }
  });
  // The study's report failed where the pre-post analysis did not: said with the other errors.
  if (out.studyError && !out.errors.some((e) => e.msg?.id && e.msg.id === out.studyError.msg?.id)) out.errors.push(out.studyError);
  if (retry.length) {
    const more = await engine().batch(retry.map((j) => j.fallback), { labels: retry.map((j) => `${j.side}_import`), onProgress });
    retry.forEach((job, i) => {
      const r = more[i];
      if (r?.ok) {
        out[job.side] = { import: importOf(r.result) };
        if (job.fallback.op === 'link') out.linking = r.result;
      } else if (r?.error?.code === 'unknown_op') {
        out.notAvailable.push(job.fallback.op);
      } else {
        out.errors.push(errorOf(r));
      }
    });
  }
  // The analysis imports without the answers' text columns and gives the
  // answers' memory back before its report: the evidence of near matches
  // (when submitted, every answer) comes from the link op, asked only when
  // there are near matches to confirm.
  if (out.linking?.near_matches?.length && !out.linking.near_matches[0].pre_record?.answers) {
    const [r] = await engine().batch([{ op: 'link', ...base, files: responses, links: linkArg, include_pairs: false }],
      { labels: ['responses_link'], onProgress });
    if (r?.ok) out.linking = { ...out.linking, near_matches: r.result.near_matches };
  }
  await conflictTimestamps(out, { base, responses, ratings, docs, linkArg, panelLinks, onProgress });
  return out;
}

// The analyses import without the timestamps, so their evidence on records
// that differ has none: the imports alone (which keep them) are asked for
// it, only when there is such a conflict.
async function conflictTimestamps(out, { base, responses, ratings, docs, linkArg, panelLinks, onProgress }) {
  const jobs = [];
  const has = (side, code) => out[side]?.import?.problems?.some((p) => p.code === code && p.records);
  if (has('responses', 'duplicate_record')) {
    const links = Array.isArray(linkArg) ? {} : { links: { ...linkArg, links: [] } };
    jobs.push(['responses', { op: 'import_responses', ...base, files: responses, include_records: false, ...links }]);
  }
  if (has('ratings', 'duplicate_rating')) {
    jobs.push(['ratings', { op: 'import_ratings', rubric: docs.rubric, study: docs.study, files: ratings, include_records: false, ...panelLinks }]);
  }
  if (!jobs.length) return;
  const replies = await engine().batch(jobs.map(([, r]) => r), { labels: jobs.map(([side]) => `${side}_import`), onProgress });
  jobs.forEach(([side], i) => {
    const full = new Map((replies[i]?.result?.problems ?? []).filter((p) => p.records).map((p) => [p.record_id, p.records]));
    for (const p of out[side].import.problems) {
      if (p.records && full.has(p.record_id)) p.records = full.get(p.record_id);
    }
  });
}

// The merged, cleaned response table as CSV (the records the engine
// imported, in its order): code,programme,wave,lang,group,submitted,<items>,
// <extra columns>,file,row. toCsv(rows) -> Promise of the CSV text.
export async function mergedResponsesCsv({ docs, files, duplicates = [] }, toCsv) {
  await engine().putFiles(files.filter((f) => f.kind === 'responses'));
  const result = await engine().call({
    op: 'import_responses', instrument: docs.instrument, study: docs.study, files: responseInputs(files), include_records: true,
    ...(duplicates.length ? { links: linksArg([], duplicates) } : {}),
  });
  const items = result.summary?.items ?? docs.instrument.items.map((i) => i.id);
  const extras = result.summary?.extra_columns ?? [];
  const head = ['code', 'programme', 'wave', 'lang', 'group', 'submitted', ...items, ...extras, 'file', 'row'];
  const rows = (result.records ?? []).map((r) => [
    r.code, r.programme, r.wave, r.lang ?? '', r.group ?? '', r.submitted ?? '',
    ...items.map((id) => r.answers?.[id] ?? null), ...extras.map((x) => r.extra?.[x] ?? ''), r.file, r.row,
  ]);
  return toCsv([head, ...rows]);
}

// The per-student data set of the study (op dataset) as a ZIP of
// dataset.csv and dataset.codebook.json: one row per student after linking,
// every score at every wave with its gains, the background answers
// (docs/formats.md "The per-student data set").
export async function datasetZip({ docs, files, links = [], duplicates = [] }) {
  await engine().putFiles(files.filter((f) => f.kind === 'responses'));
  // A link of a links file /2 keeps all its codes (one student across waves and instruments).
  const result = await engine().call({
    op: 'dataset', study: docs.study, instruments: docs.instruments ?? [docs.instrument],
    files: responseInputs(files), links: studentLinks(links, duplicates), format: 'csv',
  });
  const { storedZip } = await import('./zip.js');
  return storedZip([
    { name: 'dataset.csv', data: result.csv },
    { name: 'dataset.codebook.json', data: `${JSON.stringify(result.codebook, null, 2)}\n` },
  ]);
}

// The exports the analysis page's engine leaves out (its size budget): the
// SPSS .sav and the reproducibility bundle come from the engine of every op
// (engine/assess.js), started in a second worker on the first such click
// (docs/web.md, "Exports from the full engine").
let fullEngine = null;
function exportEngine() {
  fullEngine ??= new EngineClient(workerUrl('full'));
  return fullEngine;
}

// What the study ops take: the study, its documents, the files, the links.
export function studyRequest(op, { docs, files, links = [], duplicates = [] }) {
  return {
    op, study: docs.study, ...(docs.instruments ? { instruments: docs.instruments } : { instrument: docs.instrument }),
    files: responseInputs(files), links: studentLinks(links, duplicates),
  };
}

const base64Bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

// The per-student data set as an SPSS system file, labels in `lang`
// (docs/formats.md "The data set as an SPSS file"); text: false leaves the
// open answers out. Returns {bytes, warnings}.
export async function datasetSav(state, { lang, text = true }) {
  const eng = exportEngine();
  await eng.putFiles(state.files.filter((f) => f.kind === 'responses'));
  const result = await eng.call({ ...studyRequest('dataset', state), format: 'sav', lang, ...(text ? {} : { text: false }) });
  return { bytes: base64Bytes(result.sav), warnings: result.warning_msgs ?? [] };
}

// The reproducibility bundle as a ZIP written by the engine
// (docs/formats.md "The reproducibility bundle"), with the page's HTML
// report added as report.html; text: false is the command line's --no-text.
export async function bundleZip(state, { lang, text = true, reportHtml = null }) {
  const eng = exportEngine();
  await eng.putFiles(state.files.filter((f) => f.kind === 'responses' || f.kind === 'ratings'));
  const ratings = state.files.filter((f) => f.kind === 'ratings').map(asInput);
  const result = await eng.call({
    ...studyRequest('bundle', state), format: 'zip', lang, ...(text ? {} : { text: false }),
    ...(ratings.length && state.docs.rubric ? { ratings, rubric: state.docs.rubric } : {}),
    ...(reportHtml ? { report_html: reportHtml } : {}),
  });
  return { bytes: base64Bytes(result.zip), warnings: result.warning_msgs ?? [] };
}
