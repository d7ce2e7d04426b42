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

// ---------------------------------------------------------------- measurement (issue 16)
// Request texts of the measurement ops, made by concatenation around the
// generator's bare JSON matrices (items-N.json, codes-OxR.json), so every
// door parses the same bytes. The cfa model is the instrument's own
// subscale structure (factors: [{id, items: [column indices]}]).
export const cfaText = (itemsText, factors) => `{"op":"cfa","factors":${JSON.stringify(factors)},"items":${itemsText.trim()}}`;
export const omegaText = (itemsText) => `{"op":"omega","items":${itemsText.trim()}}`;
// The same fit through the measurement engine's door (callKernel): the
// kernels' channel request (engine/src/api/kernel_wire.hpp) with the options
// the cfa op uses by default (reliability::CfaOptions).
// Options as the channel sends them: [max_iterations, gradient_tolerance,
// step_tolerance].
export const CFA_OPTIONS = [500, 1e-10, 1e-10];
export const kernelCfaText = (itemsText, factors) => `{"kernel":"cfa","factors":${JSON.stringify(factors.map((f) => f.items))},"options":${JSON.stringify(CFA_OPTIONS)},"items":${itemsText.trim()}}`;
// A cfa reply's flat numbers (engine/src/api/kernel_codec.hpp, put(CfaFit))
// read back into named fields.
export function readCfaReply(values) {
  let i = 0;
  const next = () => values[i++];
  const list = () => { const n = next(); const v = values.slice(i, i + n); i += n; return v; };
  const [n, k, nExcluded, m, converged, iterations] = [next(), next(), next(), next(), next(), next()];
  const column = list(); const factor = list(); const loadings = list(); const residualVariances = list();
  const stdLoadings = list(); const factorCorrelations = list();
  const [fmin, maxGradient, df, chisq, p, cfi, tli, rmsea, rmseaLow, rmseaHigh, srmr] = values.slice(i, i + 11);
  return { n, k, n_excluded: nExcluded, m, converged: converged === 1, iterations, column, factor, loadings,
    residual_variances: residualVariances, std_loadings: stdLoadings, factor_correlations: factorCorrelations,
    fmin, max_gradient: maxGradient, df, chisq, p, cfi, tli, rmsea, rmsea_ci_low: rmseaLow, rmsea_ci_high: rmseaHigh, srmr };
}
export const iccText = (codesText) => `{"op":"icc","ratings":${codesText.trim()}}`;
export const fleissText = (codesText) => `{"op":"fleiss_kappa","ratings":${codesText.trim()}}`;
export const KRIPPENDORFF_LEVEL = 'ordinal';
export const krippendorffText = (codesText) => `{"op":"krippendorff_alpha","level":"${KRIPPENDORFF_LEVEL}","data":${codesText.trim()}}`;
// Cohen's kappa: the first two raters, quadratic weights over the rubric's
// five scale points.
export const cohenText = (codesText) => {
  const m = JSON.parse(codesText);
  return `{"op":"cohen_kappa","weights":"quadratic","levels":[1,2,3,4,5],"x":${JSON.stringify(m[0])},"y":${JSON.stringify(m[1])}}`;
};

// Key numbers of the measurement answers. A kernel reply (callKernel) is
// read into the same names as the cfa op's answer, so the two compare.
const pickOk = (response, f) => (!response || !response.ok ? { ok: false, error: response?.error ?? null } : { ok: true, ...f(response.result) });
export const MEASURE_KEYS = {
  cfa: (res) => pickOk(res, (r) => ({ n: r.n, converged: r.converged, iterations: r.iterations, chisq: r.chisq, df: r.df, cfi: r.cfi, tli: r.tli, rmsea: r.rmsea, rmsea_ci_high: r.rmsea_ci_high, srmr: r.srmr, first_std_loading: r.std_loadings[0], last_std_loading: r.std_loadings[r.std_loadings.length - 1], corr_12: r.factor_correlations[0][1] })),
  kernel_cfa: (reply) => {
    if (!reply || !reply.value) return { ok: false, error: reply?.fault ?? reply?.error ?? reply ?? null };
    const v = readCfaReply(reply.value);
    const m = v.m;
    return { ok: true, n: v.n, converged: v.converged, iterations: v.iterations, chisq: v.chisq, df: v.df, cfi: v.cfi, tli: v.tli, rmsea: v.rmsea, rmsea_ci_high: v.rmsea_ci_high, srmr: v.srmr, first_std_loading: v.std_loadings[0], last_std_loading: v.std_loadings[v.std_loadings.length - 1], corr_12: m > 1 ? v.factor_correlations[1] : null };
  },
  omega: (res) => pickOk(res, (r) => ({ n: r.n, k: r.k, converged: r.converged, iterations: r.iterations, omega_total: r.omega_total, alpha: r.alpha, first_std_loading: r.std_loadings[0] })),
  icc: (res) => pickOk(res, (r) => {
    const f = Object.fromEntries(r.forms.map((x) => [x.type, x]));
    return { n: r.n, k: r.k, icc2: f.ICC2.icc, icc2_low: f.ICC2.ci_low, icc2_high: f.ICC2.ci_high, icc2k: f.ICC2k.icc, icc3: f.ICC3.icc, F1: f.ICC1.F };
  }),
  cohen_kappa: (res) => pickOk(res, (r) => ({ n: r.n, kappa: r.kappa, se: r.se, ci_low: r.ci_low })),
  fleiss_kappa: (res) => pickOk(res, (r) => ({ n: r.n, m: r.m, kappa: r.kappa, z: r.z })),
  krippendorff_alpha: (res) => pickOk(res, (r) => ({ alpha: r.alpha, n_pairable: r.n_pairable })),
};
