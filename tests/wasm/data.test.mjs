// The data ops through the built wasm module: codes, imports of the fixture
// files (text through JSON, and raw bytes through putFile so that encodings
// are judged on the real bytes), linking with an override.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { call, loadEngine, root } from './engine.mjs';

const fixture = (p) => path.join(root, 'fixtures/import', p);
const doc = (p) => JSON.parse(readFileSync(path.join(root, p), 'utf8'));
const instrument = doc('rubrics/competency-12.v1.json');
const study = doc('rubrics/study.microcredentials.v1.json');
const rubric = doc('rubrics/expert-panel.v1.json');
const textFile = (p) => ({ name: path.basename(p), text: readFileSync(fixture(p), 'utf8') });

test('make_code normalises case, spaces and look-alikes and appends two check digits', async () => {
  const a = await call({ op: 'make_code', parts: ['ai', '07', 'al'] });
  const b = await call({ op: 'make_code', parts: ['АІ', ' 0-7 ', 'Аl'] });  // Cyrillic А І
  assert.equal(a.ok, true, JSON.stringify(a));
  assert.equal(a.result.body, 'AI07AL');
  assert.equal(b.result.code, a.result.code);
  const s = await call({ op: 'make_code', study, answers: { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' } });
  assert.equal(s.result.body, 'AЙ07AЛ');
  const n = await call({ op: 'normalise_code', code: a.result.code.toLowerCase() });
  assert.equal(n.ok, true);
  assert.equal(n.result.check, a.result.check);
  assert.equal(a.result.code, 'AI07AL-75');  // two check digits (docs/formats.md works this one by hand)
  const wrong = a.result.check === '10' ? '11' : '10';
  const bad = await call({ op: 'normalise_code', code: `AI07AL-${wrong}` });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.msg.id, 'code.check_mismatch');
  assert.equal(bad.error.msg.params.expected, '75');
});

test('import_responses merges good files and reports nothing', async () => {
  const files = ['responses/pre_semicolon_bom_crlf.csv', 'responses/post_comma_lf.csv', 'responses/pre_tab_cr.csv',
    'responses/bundle.json', 'responses/single.json'].map(textFile);
  const r = await call({ op: 'import_responses', instrument, study, files });
  assert.equal(r.ok, true, JSON.stringify(r).slice(0, 300));
  assert.equal(r.result.counts.records, 12);
  assert.deepEqual(r.result.problems, []);
  assert.equal(r.result.records[1].extra.comment, 'Первая строка\r\nвторая строка, "в кавычках"');
});

test('import_responses locates problems by file, row and column', async () => {
  const r = await call({ op: 'import_responses', instrument, study,
    files: ['bad/values.csv', 'bad/dup_a.csv', 'bad/dup_b.csv'].map(textFile) });
  assert.equal(r.ok, true);
  const p = r.result.problems.find((x) => x.code === 'out_of_scale');
  assert.deepEqual([p.file, p.row, p.column, p.field, p.severity], ['values.csv', 2, 5, 'ET1', 'record']);
  const d = r.result.problems.find((x) => x.code === 'duplicate_record');
  assert.match(d.message, /dup_b\.csv row 2.*first at dup_a\.csv row 2/);
});

test('raw bytes through putFile: Windows-1251 and UTF-16 are recognised', async () => {
  const engine = await loadEngine();
  engine.clearFiles();
  for (const p of ['bad/cp1251.csv', 'bad/utf16.csv', 'responses/pre_semicolon_bom_crlf.csv']) {
    const bytes = new Uint8Array(readFileSync(fixture(p)));
    assert.equal(engine.putFile(path.basename(p), bytes), bytes.length);
  }
  const r = await call({ op: 'import_responses', instrument, study,
    files: [{ name: 'cp1251.csv' }, { name: 'utf16.csv' }, { name: 'pre_semicolon_bom_crlf.csv' }] });
  assert.equal(r.ok, true, JSON.stringify(r).slice(0, 300));
  assert.equal(r.result.counts.files_rejected, 2);
  assert.equal(r.result.counts.records, 4);
  assert.match(r.result.problems[0].message, /Windows-1251/);
  assert.equal(r.result.problems[0].row, 3);
  assert.match(r.result.problems[1].message, /UTF-16/);
  assert.equal(engine.dropFile('cp1251.csv'), true);
  const missing = await call({ op: 'import_responses', instrument, files: [{ name: 'cp1251.csv' }] });
  assert.equal(missing.ok, false);
  assert.equal(missing.error.path, '/files/0/text');
  engine.clearFiles();
});

test('link lists a near match, and an override confirms it', async () => {
  const files = ['responses/pre_semicolon_bom_crlf.csv', 'responses/post_comma_lf.csv'].map(textFile);
  const r = await call({ op: 'link', instrument, study, files });
  assert.equal(r.ok, true);
  assert.equal(r.result.matched, 3);
  assert.equal(r.result.near_matches.length, 1);
  assert.deepEqual([r.result.near_matches[0].edit, r.result.near_matches[0].post], ['transposition', 'BE30UT']);
  const o = await call({ op: 'link', instrument, study, files, links: [{ pre: 'BE30TU', post: 'be30ut' }] });
  assert.equal(o.result.matched, 4);
  assert.equal(o.result.matched_by_override, 1);
  const e = await call({ op: 'link', instrument, study, files, links: [{ pre: 'AI07AL', post: 'BE30UT' }] });
  assert.equal(e.result.problems[0].code, 'override_already_linked');
});

test('import_ratings reads JSON and CSV ratings', async () => {
  const r = await call({ op: 'import_ratings', rubric, study, files: ['ratings/e01.json', 'ratings/panel.csv'].map(textFile) });
  assert.equal(r.ok, true, JSON.stringify(r).slice(0, 300));
  assert.equal(r.result.summary.ratings, 15);
  assert.deepEqual(r.result.problems, []);
});
