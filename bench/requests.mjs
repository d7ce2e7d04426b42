// The benchmark's engine requests and the key numbers read from the answers,
// shared by the native driver (written to files), Node and the browser page
// (imported as a module), so that all three doors do exactly the same work.
// Documents are passed as objects; bulk data as named files (putFile /
// store_file), never as JSON text.

export const dataName = (file) => `bench/${file}`;

export function prepostRequest({ instrument, study, files }) {
  return { op: 'analyze_prepost', instrument, study, files: files.map((f) => ({ name: dataName(f) })) };
}
export function importRequest({ instrument, study, files }) {
  return { op: 'import_responses', instrument, study, files: files.map((f) => ({ name: dataName(f) })), include_records: false };
}
export function panelRequest({ rubric, study, file, withStudy }) {
  const r = { op: 'analyze_panel', rubric, files: [{ name: dataName(file) }] };
  if (withStudy) r.study = study;
  return r;
}
// The first answer of a cold engine.
export const FIRST_CALL = '{"op":"describe","x":[3.1,4.5,null,5.0]}';

// Bulk numbers through the JSON door (what a JavaScript caller would do).
export const pairedText = (pairedJsonText) => `{"op":"paired_t",${pairedJsonText.trim().slice(1)}`;
export const describeText = (pairedJsonText) => {
  // {"pre":[...],"post":[...]} -> describe of pre
  const t = pairedJsonText.trim();
  const end = t.indexOf('],"post"');
  return `{"op":"describe","x":${t.slice(t.indexOf('['), end + 1)}}`;
};
// The same payload to an op that does not exist: the engine parses the JSON
// and answers unknown_op, so this measures the JSON door alone.
export const parseOnlyText = (pairedJsonText) => `{"op":"bench_parse_only",${pairedJsonText.trim().slice(1)}`;

// Key numbers that must agree between native, Node-wasm and the browser.
export function prepostKeys(response) {
  if (!response || !response.ok) return { ok: false, error: response?.error ?? null };
  const r = response.result;
  const ed = r.subscales.find((s) => s.id === 'edtech');
  return {
    ok: true,
    pairs: r.counts.pairs,
    records_used: r.counts.records_used,
    near_matches_total: r.linking.near_matches_total,
    edtech_n: ed.n_pairs,
    edtech_t: ed.t,
    edtech_p: ed.p,
    edtech_dz: ed.dz,
    edtech_V: ed.wilcoxon?.V ?? null,
    total_t: r.total.t,
    alpha_pre_total: r.reliability?.pre?.total?.alpha ?? null,
  };
}
export function importKeys(response) {
  if (!response || !response.ok) return { ok: false, error: response?.error ?? null };
  const c = response.result.counts;
  return { ok: true, records: c.records, rows: c.rows, records_rejected: c.records_rejected, errors: c.errors };
}
export function panelKeys(response) {
  if (!response || !response.ok) return { ok: false, error: response?.error ?? null };
  const r = response.result;
  return {
    ok: true,
    experts: r.counts.experts,
    objects: r.counts.objects,
    overall_W: r.overall.W,
    first_W: r.criteria[0].W,
    first_p: r.criteria[0].p,
  };
}
export function statKeys(response, fields) {
  if (!response || !response.ok) return { ok: false, error: response?.error ?? null };
  const out = { ok: true };
  for (const f of fields) out[f] = response.result[f];
  return out;
}
export const PAIRED_FIELDS = ['n', 't', 'df', 'p', 'mean_diff', 'sd_diff', 'ci_low', 'ci_high', 'dz'];
export const DESCRIBE_FIELDS = ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'];
export const SHAPIRO_FIELDS = ['n', 'W', 'p'];

// Median of numbers (the figure reported for every timing).
export function median(xs) {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
