// Every case of fixtures/reference/*.json (R's numbers) through the built
// wasm module: the same fixtures as tests/native/api/reference_test.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { call, root } from './engine.mjs';
import { compareJson, tolerance } from './compare.mjs';

const dir = path.join(root, 'fixtures/reference');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

// Requests may name repository files instead of embedding them:
// {"$file": path} becomes the file's text, {"$json": path} its parsed JSON.
// Twin of resolve_files() in tests/native/api/reference_test.cpp.
function resolveFiles(v) {
  if (Array.isArray(v)) return v.map(resolveFiles);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === '$file' || keys[0] === '$json')) {
      const text = readFileSync(path.join(root, v[keys[0]]), 'utf8');
      return keys[0] === '$file' ? text : JSON.parse(text);
    }
    return Object.fromEntries(keys.map((k) => [k, resolveFiles(v[k])]));
  }
  return v;
}

test('there are reference files', () => assert.ok(files.length > 0));

for (const file of files) {
  const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const [i, c] of doc.cases.entries()) {
    test(`${file} #${i} ${c.name}`, async () => {
      const r = await call(resolveFiles(c.request));
      if (c.expected_error) {
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(r.error.code, c.expected_error);
        return;
      }
      assert.equal(r.ok, true, JSON.stringify(r));
      const problems = compareJson(c.expected, r.result, tolerance(c.tolerance));
      assert.deepEqual(problems, []);
    });
  }
}
