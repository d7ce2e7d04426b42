// The op dataset through the wasm module gives what `build/assess dataset`
// writes: the same data set (numbers to 1e-12 relative: the two builds use
// different libm) and the same codebook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, root } from './engine.mjs';
import { compareJson, tolerance } from './compare.mjs';

const cli = path.join(root, 'build/assess');
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');
const demoResponses = ['fixtures/demo/responses.csv',
  ...readdirSync(path.join(root, 'fixtures/demo/responses')).sort().map((f) => `fixtures/demo/responses/${f}`)];
const sameNumbers = { stat_rel: 1e-12, p_rel: 1e-12, abs: 1e-300 };

function runCli(args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assess-dataset-'));
  try {
    execFileSync(cli, [...args, '--format', 'all', '--out', dir], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    return {
      dataset: JSON.parse(readFileSync(path.join(dir, 'dataset.json'), 'utf8')),
      csv: readFileSync(path.join(dir, 'dataset.csv'), 'utf8'),
      codebook: JSON.parse(readFileSync(path.join(dir, 'dataset.codebook.json'), 'utf8')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('dataset: wasm equals the CLI on the first demo (an assess-study/1)', async () => {
  const native = runCli(['dataset', '--study', 'rubrics/study.microcredentials.v1.json',
    '--responses', ...demoResponses, '--links', 'fixtures/demo/links.json']);
  const wasm = await call({
    op: 'dataset',
    study: JSON.parse(read('rubrics/study.microcredentials.v1.json')),
    instruments: [JSON.parse(read('rubrics/competency-12.v1.json'))],
    files: demoResponses.map((name) => ({ name, text: read(name) })),
    links: JSON.parse(read('fixtures/demo/links.json')),
    format: 'all',
  });
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  assert.equal(wasm.result.dataset.rows.length, 120);
  assert.deepEqual(compareJson(native.dataset, wasm.result.dataset, tolerance(sameNumbers)), []);
  assert.deepEqual(wasm.result.codebook, native.codebook);
  assert.equal(wasm.result.csv.split('\r\n').length, native.csv.split('\r\n').length);
});

const demo2Files = [
  ...readdirSync(path.join(root, 'fixtures/demo2')).filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/demo2/${f}`),
  ...readdirSync(path.join(root, 'fixtures/demo2/responses')).sort().map((f) => `fixtures/demo2/responses/${f}`),
  ...readdirSync(path.join(root, 'fixtures/demo2/employers')).sort().map((f) => `fixtures/demo2/employers/${f}`),
];

// R recomputes every cell from the raw files (fixtures/reference/R/dataset_demo2.R).
test('dataset: the second demo (an assess-study/2) equals R in wasm and natively', async () => {
  const ref = JSON.parse(read('fixtures/reference/datasets/dataset_demo2.json'));
  const wasm = await call({
    op: 'dataset',
    study: JSON.parse(read('rubrics/study.stackable.v1.json')),
    instruments: ['background', 'competency-12', 'satisfaction', 'employer-feedback']
      .map((id) => JSON.parse(read(`rubrics/${id}.v1.json`))),
    files: demo2Files.map((name) => ({ name, text: read(name) })),
    links: JSON.parse(read('fixtures/demo2/links.json')),
    format: 'all',
  });
  assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
  const native = runCli(['dataset', '--study', 'rubrics/study.stackable.v1.json',
    '--responses', ...demo2Files, '--links', 'fixtures/demo2/links.json']);
  const expected = { variables: ref.variables, rows: ref.rows };
  const close = tolerance(sameNumbers);
  for (const got of [wasm.result.dataset, native.dataset]) {
    assert.deepEqual(compareJson(expected, { variables: got.variables, rows: got.rows }, close), []);
  }
  assert.deepEqual(wasm.result.codebook, native.codebook);
  assert.deepEqual(wasm.result.problems, []);
});

// format "sav": the wasm module's base64 is the CLI's dataset.sav byte for
// byte (the analysis page downloads these bytes), with the same codebook.
function cliSav(args, lang) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assess-dataset-sav-'));
  try {
    execFileSync(cli, [...args, '--format', 'sav', '--lang', lang, '--out', dir], { cwd: root, stdio: 'pipe' });
    return {
      sav: readFileSync(path.join(dir, 'dataset.sav')),
      codebook: JSON.parse(readFileSync(path.join(dir, 'dataset.codebook.json'), 'utf8')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('dataset: format sav in wasm is the CLI\'s dataset.sav byte for byte (both demos, kk and ru)', async () => {
  const demos = [
    {
      args: ['--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...demoResponses,
        '--links', 'fixtures/demo/links.json'],
      request: {
        study: JSON.parse(read('rubrics/study.microcredentials.v1.json')),
        instruments: [JSON.parse(read('rubrics/competency-12.v1.json'))],
        files: demoResponses.map((name) => ({ name, text: read(name) })),
        links: JSON.parse(read('fixtures/demo/links.json')),
      },
    },
    {
      args: ['--study', 'rubrics/study.stackable.v1.json', '--responses', ...demo2Files,
        '--links', 'fixtures/demo2/links.json'],
      request: {
        study: JSON.parse(read('rubrics/study.stackable.v1.json')),
        instruments: ['background', 'competency-12', 'satisfaction', 'employer-feedback']
          .map((id) => JSON.parse(read(`rubrics/${id}.v1.json`))),
        files: demo2Files.map((name) => ({ name, text: read(name) })),
        links: JSON.parse(read('fixtures/demo2/links.json')),
      },
    },
  ];
  for (const demo of demos) {
    for (const lang of ['kk', 'ru']) {
      const native = cliSav(['dataset', ...demo.args], lang);
      const wasm = await call({ op: 'dataset', ...demo.request, format: 'sav', lang });
      assert.equal(wasm.ok, true, JSON.stringify(wasm).slice(0, 400));
      const bytes = Buffer.from(wasm.result.sav, 'base64');
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '$FL2');
      assert.ok(bytes.equals(native.sav), `${lang}: the wasm .sav differs from the CLI's`);
      assert.deepEqual(wasm.result.codebook, native.codebook);
      assert.equal(wasm.result.codebook.sav.lang, lang);
    }
  }
});
