// The op bundle through the wasm module (engine/assess.js, which the
// analysis page loads for it) gives the files `build/assess bundle` writes:
// the data files, the codebook, the links, the scripts and the .sav byte for
// byte; report.json's numbers to 1e-12 relative (the two builds use
// different libm); SHA256SUMS right for its own files; the ZIP's entries
// the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, root } from './engine.mjs';
import { compareJson, tolerance } from './compare.mjs';

const cli = path.join(root, 'build/assess');
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');
const list = (dir, ext) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => `${dir}/${f}`);
const responses = [...list('fixtures/demo2', '.csv'), ...list('fixtures/demo2/responses', '.json'), ...list('fixtures/demo2/employers', '.json')];
const ratings = [...list('fixtures/demo2/ratings', '.csv'), ...list('fixtures/demo2/ratings', '.json')];
const sameNumbers = { stat_rel: 1e-12, p_rel: 1e-12, abs: 1e-300 };
const BYTE_EQUAL = ['dataset.csv', 'dataset.sav', 'items.csv', 'ratings.csv', 'links.json', 'codebook.json', 'analysis.R', 'analysis.py'];

function cliBundle() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assess-bundle-'));
  try {
    execFileSync(cli, ['bundle', '--study', 'rubrics/study.stackable.v1.json', '--responses', ...responses, '--ratings', ...ratings,
      '--links', 'fixtures/demo2/links.json', '--lang', 'kk', '--out', dir], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
    return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function request(format) {
  const ids = ['background', 'competency-12', 'satisfaction', 'employer-feedback'];
  return {
    op: 'bundle', format, lang: 'kk',
    study: JSON.parse(read('rubrics/study.stackable.v1.json')),
    instruments: ids.map((id) => JSON.parse(read(`rubrics/${id}.v1.json`))),
    rubric: JSON.parse(read('rubrics/expert-panel.v1.json')),
    files: responses.map((name) => ({ name, text: read(name) })),
    ratings: ratings.map((name) => ({ name, text: read(name) })),
    links: read('fixtures/demo2/links.json'),
  };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (f) => (f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : Buffer.from(f.text, 'utf8'));

test('bundle: wasm writes the command line\'s files (the second demo, kk)', async () => {
  const native = cliBundle();
  const reply = await call(request('files'));
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  const files = Object.fromEntries(reply.result.files.map((f) => [f.name, bytesOf(f)]));
  assert.deepEqual(Object.keys(files).sort(), Object.keys(native).sort());
  for (const name of BYTE_EQUAL) assert.ok(files[name].equals(native[name]), `${name} differs from the command line's`);
  const problems = compareJson(JSON.parse(native['report.json']), JSON.parse(files['report.json']), tolerance(sameNumbers));
  assert.deepEqual(problems, []);
  // SHA256SUMS names every other file with its digest.
  const sums = files.SHA256SUMS.toString().trim().split('\n').map((l) => l.split('  '));
  assert.deepEqual(sums.map(([, n]) => n).sort(), Object.keys(files).filter((n) => n !== 'SHA256SUMS').sort());
  for (const [digest, name] of sums) assert.equal(digest, sha256(files[name]), name);
});

test('bundle: the ZIP holds the files', async () => {
  const [a, b] = [await call(request('files')), await call(request('zip'))];
  const zip = Buffer.from(b.result.zip, 'base64');
  assert.equal(zip.readUInt32LE(0), 0x04034b50);
  for (const [i, f] of a.result.files.entries()) {
    assert.equal(b.result.files[i].name, f.name);
    assert.equal(b.result.files[i].sha256, sha256(bytesOf(f)));
    assert.ok(zip.includes(bytesOf(f)), f.name);
  }
});
