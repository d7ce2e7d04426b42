// The bad-input corpus (tests/bad_inputs/manifest.json) through the built
// wasm module: the same expectations as tests/native/api/bad_input_test.cpp, with
// the bytes handed over unchanged (a Uint8Array to call() and putFile(), as
// the pages do), and the instance still usable after every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEngine, root } from './engine.mjs';

const dir = path.join(root, 'tests/bad_inputs');
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const instrument = JSON.parse(readFileSync(path.join(root, manifest.instrument), 'utf8'));
const rubric = JSON.parse(readFileSync(path.join(root, manifest.rubric), 'utf8'));
const utf8 = new TextEncoder();

function bytesOf(c) {
  if (c.file) return new Uint8Array(readFileSync(path.join(dir, c.file)));
  const g = c.generate;
  return utf8.encode(g.prefix + g.unit.repeat(g.count) + g.suffix);
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function answer(engine, c, bytes) {
  if (c.feed === 'stat') return engine.call(bytes);
  if (c.feed === 'validate_instrument') {
    return engine.call(concat(utf8.encode('{"op":"validate_instrument","instrument":'), bytes, utf8.encode('}')));
  }
  engine.putFile(c.name, bytes);
  const req = { op: c.feed, files: [{ name: c.name }], include_records: false };
  if (c.feed === 'import_responses') {
    req.instrument = c.instrument ? JSON.parse(readFileSync(path.join(root, c.instrument), 'utf8')) : instrument;
  }
  else req.rubric = rubric;
  try {
    return engine.call(JSON.stringify(req));
  } finally {
    engine.dropFile(c.name);
  }
}

function check(c, r) {
  const e = c.expect;
  const id = `${c.feed}/${c.name} (${c.why})`;
  if (e.error) {
    assert.equal(r.ok, false, id);
    assert.equal(r.error.code, e.error, id);
    if (e.message) assert.ok(r.error.message.includes(e.message), `${id}: ${r.error.message}`);
    if (e.path !== undefined) assert.equal(r.error.path, e.path, id);
    return;
  }
  if (e.array) {
    assert.ok(Array.isArray(r), id);
    assert.deepEqual(r.map((x) => (x.ok ? 'ok' : x.error.code)), e.array, id);
    return;
  }
  assert.equal(r.ok, true, `${id}: ${JSON.stringify(r).slice(0, 300)}`);
  if (e.warnings) {
    assert.equal(r.result.warnings.length, e.warnings.length, id);
    for (const f of e.warnings) assert.ok(r.result.warnings.some((w) => w.includes(f)), `${id}: ${f}`);
  }
  if (e.problems) {
    const kinds = [...new Set(r.result.problems.map((p) => p.code))].sort();
    assert.deepEqual(kinds, [...e.problems].sort(), id);
    for (const p of r.result.problems) assert.ok(p.file.includes(c.name), id);
    if (e.message) assert.ok(r.result.problems[0].message.includes(e.message), id);
    if (e.records !== undefined) assert.equal(r.result.counts.records, e.records, id);
  }
}

test('the corpus has at least 60 cases', () => {
  assert.ok(manifest.cases.length >= 60);
});

for (const c of manifest.cases) {
  test(`${c.feed}/${c.name}: ${c.why}`, async () => {
    const engine = await loadEngine();
    const bytes = bytesOf(c);
    const text = answer(engine, c, bytes);
    check(c, JSON.parse(text));
    assert.ok(text.length < bytes.length + 20000, 'the answer does not echo the input');
    const ok = JSON.parse(engine.call('{"op":"describe","x":[1,2,3]}'));
    assert.equal(ok.result.mean, 2);
  });
}
