// One analysis run in the engine worker: the response files go to
// analyze_prepost (import, linking with the confirmed links, scoring and
// statistics in one op), the rating files to analyze_panel; both run one
// after the other inside the worker with progress between the steps, so the
// page never blocks. Returns what the page shows:
//   {responses: {import}, ratings: {import}, prepost, panel, merged,
//    linksUsed, errors[], notAvailable[]}
import { engine } from './engine-client.js';

const asInput = (f) => ({ name: f.name, text: f.text });

// The import part of an analysis result ({counts, problems}).
function importOf(result) {
  if (!result) return null;
  const imp = result.import ?? result.imports ?? null;
  if (imp) return { counts: imp.counts ?? imp, problems: imp.problems ?? [] };
  if (result.problems || result.counts) return { counts: result.counts ?? {}, problems: result.problems ?? [] };
  return null;
}

export async function runAnalysis({ docs, files, links, onProgress }) {
  const responses = files.filter((f) => f.kind === 'responses' && f.text != null).map(asInput);
  const ratings = files.filter((f) => f.kind === 'ratings' && f.text != null).map(asInput);
  const jobs = [];
  if (responses.length) {
    jobs.push({
      role: 'prepost',
      request: { op: 'analyze_prepost', instrument: docs.instrument, study: docs.study, files: responses, links, format: 'json' },
      fallback: { op: 'import_responses', instrument: docs.instrument, study: docs.study, files: responses },
    });
  }
  if (ratings.length) {
    jobs.push({
      role: 'panel',
      request: { op: 'analyze_panel', rubric: docs.rubric, study: docs.study, files: ratings, format: 'json' },
      fallback: { op: 'import_ratings', rubric: docs.rubric, study: docs.study, files: ratings },
    });
  }
  const out = { responses: null, ratings: null, prepost: null, panel: null, merged: null, linksUsed: links, errors: [], notAvailable: [] };
  if (!jobs.length) return out;

  const replies = await engine().batch(jobs.map((j) => j.request), { labels: jobs.map((j) => j.role), onProgress });
  const retry = [];
  jobs.forEach((job, i) => {
    const r = replies[i];
    if (r?.ok) {
      out[job.role] = r.result;
      out[job.role === 'prepost' ? 'responses' : 'ratings'] = { import: importOf(r.result) };
    } else if (r?.error?.code === 'unknown_op') {
      out.notAvailable.push(job.request.op);
      retry.push(job);
    } else {
      out.errors.push(r?.error?.message ?? 'no reply');
      const imp = importOf(r?.error?.details ?? r?.error);
      if (imp) out[job.role === 'prepost' ? 'responses' : 'ratings'] = { import: imp };
    }
  });
  // An engine without the analysis ops still gives the import summary.
  if (retry.length) {
    const more = await engine().batch(retry.map((j) => j.fallback), { labels: retry.map(() => 'import'), onProgress });
    retry.forEach((job, i) => {
      const r = more[i];
      const key = job.role === 'prepost' ? 'responses' : 'ratings';
      if (r?.ok) out[key] = { import: importOf(r.result) };
      else if (r?.error?.code === 'unknown_op') out.notAvailable.push(job.fallback.op);
      else out.errors.push(r?.error?.message ?? 'no reply');
    });
  }
  return out;
}
