// The study ops through the wasm module give what `build/assess analyze` /
// `agreement` print: the same JSON (numbers to 1e-12 relative: the two
// builds use different libm), the same Markdown and CSV text. R's numbers
// are checked for both doors by the reference tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { call, loadEngine, root } from './engine.mjs';
import { compareJson, tolerance } from './compare.mjs';

const cli = path.join(root, 'build/assess');
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');
const demoResponses = ['fixtures/demo/responses.csv',
  ...readdirSync(path.join(root, 'fixtures/demo/responses')).sort().map((f) => `fixtures/demo/responses/${f}`)];
const demoRatings = ['fixtures/demo/ratings.csv',
  ...readdirSync(path.join(root, 'fixtures/demo/ratings')).sort().map((f) => `fixtures/demo/ratings/${f}`)];

function prepostRequest(format) {
  return {
    op: 'analyze_prepost',
    instrument: JSON.parse(read('rubrics/competency-12.v1.json')),
    study: JSON.parse(read('rubrics/study.microcredentials.v1.json')),
    files: demoResponses.map((name) => ({ name, text: read(name) })),
    links: JSON.parse(read('fixtures/demo/links.json')),
    format,
  };
}
function panelRequest(format) {
  return {
    op: 'analyze_panel',
    rubric: JSON.parse(read('rubrics/expert-panel.v1.json')),
    study: JSON.parse(read('rubrics/study.microcredentials.v1.json')),
    files: demoRatings.map((name) => ({ name, text: read(name) })),
    format,
  };
}
function runCli(args) {
  return execFileSync(cli, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
}
const analyzeArgs = ['analyze', '--instrument', 'rubrics/competency-12.v1.json',
  '--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...demoResponses,
  '--links', 'fixtures/demo/links.json'];
const agreementArgs = ['agreement', '--rubric', 'rubrics/expert-panel.v1.json',
  '--study', 'rubrics/study.microcredentials.v1.json', '--ratings', ...demoRatings];
const sameNumbers = { stat_rel: 1e-12, p_rel: 1e-12, abs: 1e-300 };
// The factor models are iterative fits (converged to 1e-10 in the gradient):
// the two builds' libm moves their last digits further (about 1e-10).
const FIT_FIELDS = ['omega', 'std_loadings', 'factor_correlations', 'chisq', 'p', 'cfi', 'tli', 'rmsea', 'rmsea_ci_low',
  'rmsea_ci_high', 'srmr'];
const sameReport = { ...sameNumbers, fields: Object.fromEntries(FIT_FIELDS.map((f) => [f, 1e-9])) };
const FIT_TABLES = new Set(['reliability', 'factor_model', 'factor_loadings', 'factor_correlations']);

test('analyze_prepost: wasm JSON equals the CLI report of the demo', async () => {
  const native = JSON.parse(runCli(analyzeArgs));
  const wasm = await call(prepostRequest('json'));
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  assert.deepEqual(Object.keys(wasm.result), Object.keys(native.result));
  assert.deepEqual(compareJson(native.result, wasm.result, tolerance(sameReport)), []);
  assert.deepEqual(compareJson(wasm.result, native.result, tolerance(sameReport)), []);
});

// responses.csv alone leaves programme teacher-facilitator below 5 pairs:
// the programme tests both present and null, r_rb and the Wilcoxon Holm p.
test('analyze_prepost: programme tests, r_rb and Wilcoxon p_holm equal the CLI (one programme below 5 pairs)', async () => {
  const files = ['fixtures/demo/responses.csv'];
  const native = JSON.parse(runCli(['analyze', '--instrument', 'rubrics/competency-12.v1.json',
    '--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...files,
    '--links', 'fixtures/demo/links.json']));
  const wasm = await call({ ...prepostRequest('json'), files: files.map((name) => ({ name, text: read(name) })) });
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  const small = wasm.result.programmes.filter((p) => p.n_pairs < 5);
  assert.equal(small.length, 1);
  assert.equal(small[0].subscales[0].t, null);
  assert.equal(small[0].subscales[0].wilcoxon.r_rb, null);
  assert.equal(typeof small[0].subscales[0].shapiro.p, 'number');
  assert.equal(typeof wasm.result.programmes[0].subscales[0].wilcoxon.r_rb, 'number');
  assert.equal(typeof wasm.result.subscales[0].wilcoxon.p_holm, 'number');
  assert.deepEqual(compareJson(native.result, wasm.result, tolerance(sameReport)), []);
  assert.deepEqual(compareJson(wasm.result, native.result, tolerance(sameReport)), []);
});

test('analyze_prepost: wasm Markdown and CSV equal the CLI output', async () => {
  const wasm = await call(prepostRequest('all'));
  assert.equal(wasm.ok, true);
  assert.equal(wasm.result.markdown, runCli([...analyzeArgs, '--format', 'md']));
  // CSV carries full precision: cell by cell, numbers to 1e-12 relative
  // (1e-9 in the tables of the factor models' results).
  const csv = Object.entries(wasm.result.csv).map(([name, text]) => `# ${name}.csv\n${text}\n`).join('');
  const native = runCli([...analyzeArgs, '--format', 'csv']);
  const a = csv.split('\n'), b = native.split('\n');
  assert.equal(a.length, b.length);
  let table = '';
  a.forEach((line, i) => {
    if (line.startsWith('# ')) table = line.slice(2, -4);
    const rel = FIT_TABLES.has(table) ? 1e-9 : 1e-12;
    const x = line.split(','), y = b[i].split(',');
    assert.equal(x.length, y.length, `line ${i + 1}`);
    x.forEach((cell, j) => {
      const u = Number(cell), v = Number(y[j]);
      if (cell !== '' && Number.isFinite(u) && Number.isFinite(v) && cell !== y[j]) {
        assert.ok(Math.abs(u - v) <= rel * Math.abs(v), `line ${i + 1} cell ${j + 1}: ${cell} vs ${y[j]}`);
      } else {
        assert.equal(cell, y[j], `line ${i + 1} cell ${j + 1}`);
      }
    });
  });
});

// fixtures/factor (300 generated participants): both waves above the CFA's
// n >= max(200, 10 k), so the factor model is fitted; the full engine gives
// the CLI's fields (R's numbers: the reference tests, both doors).
test('analyze_prepost: omega, Spearman-Brown and the fitted factor model equal the CLI (fixtures/factor)', async () => {
  const files = ['fixtures/factor/responses-pre.csv', 'fixtures/factor/responses-post.csv'];
  const native = JSON.parse(runCli(['analyze', '--instrument', 'rubrics/competency-12.v1.json',
    '--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...files]));
  const wasm = await call({ ...prepostRequest('json'), links: undefined, files: files.map((name) => ({ name, text: read(name) })) });
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  const fm = wasm.result.factor_model;
  for (const w of ['pre', 'post']) {
    assert.equal(fm[w].fitted, true);
    assert.equal(fm[w].reason, null);
    assert.equal(fm[w].converged, true);
    assert.equal(fm[w].std_loadings.length, 12);
    assert.equal(fm[w].factor_correlations.length, 5);
    assert.equal(typeof wasm.result.reliability[w].total.omega, 'number');
    assert.equal(typeof wasm.result.reliability[w].adapt.spearman_brown, 'number');
    assert.equal(wasm.result.reliability[w].adapt.omega, undefined);
  }
  const fit = sameReport;
  assert.deepEqual(compareJson(native.result.factor_model, wasm.result.factor_model, tolerance(fit)), []);
  assert.deepEqual(compareJson(wasm.result.factor_model, native.result.factor_model, tolerance(fit)), []);
  assert.deepEqual(compareJson(native.result.reliability, wasm.result.reliability, tolerance(fit)), []);
});

test('analyze_panel: wasm equals the CLI (JSON, Markdown, CSV)', async () => {
  const native = JSON.parse(runCli(agreementArgs));
  const wasm = await call(panelRequest('all'));
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  assert.deepEqual(compareJson(native.result, wasm.result, tolerance(sameNumbers)), []);
  assert.equal(wasm.result.markdown, runCli([...agreementArgs, '--format', 'md']));
});

test('errors cross the wasm door as envelopes with the pointer', async () => {
  const req = prepostRequest('json');
  req.instrument.items[3].subscale = 'nonexistent';
  const r = await call(req);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'invalid_input');
  assert.equal(r.error.path, '/instrument/items/3/subscale');
  const none = await call({ ...prepostRequest('json'), files: [{ name: 'empty.csv', text: '' }] });
  assert.equal(none.ok, false);
  // the instance is still usable
  assert.equal((await call(panelRequest('json'))).ok, true);
});

test('files stored as bytes (putFile) and named in the request give the same report', async () => {
  const engine = await loadEngine();
  engine.clearFiles();
  for (const name of demoResponses) engine.putFile(name, new Uint8Array(readFileSync(path.join(root, name))));
  const byName = await call({ ...prepostRequest('json'), files: demoResponses.map((name) => ({ name })) });
  const byText = await call(prepostRequest('json'));
  engine.clearFiles();
  assert.equal(byName.ok, true, JSON.stringify(byName).slice(0, 400));
  assert.deepEqual(byName.result, byText.result);
});

test('analyze_prepost: the demo loaded twice (a copy of every file) gives the same analysis, each copy a warning', async () => {
  const once = await call(prepostRequest('json'));
  const request = prepostRequest('json');
  request.files = [...request.files, ...request.files.map((f) => ({ name: `copy/${f.name}`, text: f.text }))];
  const twice = await call(request);
  assert.equal(twice.ok, true, JSON.stringify(twice).slice(0, 400));
  for (const key of ['subscales', 'total', 'reliability', 'programmes', 'groups', 'linking']) {
    assert.deepEqual(twice.result[key], once.result[key], key);
  }
  const c = twice.result.counts;
  assert.equal(c.records_used, once.result.counts.records_used);
  assert.equal(c.pairs, once.result.counts.pairs);
  assert.equal(c.rows, 2 * once.result.counts.rows);
  assert.equal(c.errors, 0);
  assert.equal(c.records_rejected, 0);
  assert.equal(c.warnings, once.result.counts.rows);
  assert.ok(twice.result.problems.length > 0);
  for (const p of twice.result.problems) {
    assert.equal(p.code, 'duplicate_identical', p.message);
    assert.equal(p.severity, 'warning');
    assert.match(p.file, /^copy\//);
    assert.equal(p.record_id, p.first_record_id);
    // at most 200 of a kind per file, then one line counts the rest
    assert.ok(['import.duplicate_identical', 'import.more_problems'].includes(p.msg.id), p.msg.id);
  }
});
