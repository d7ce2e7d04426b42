// Every case of fixtures/reference/*.json (R's numbers) through the built
// wasm module: the same fixtures as tests/native/reference_test.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { call, root } from './engine.mjs';
import { compareJson, tolerance } from './compare.mjs';

const dir = path.join(root, 'fixtures/reference');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are reference files', () => assert.ok(files.length > 0));

for (const file of files) {
  const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const [i, c] of doc.cases.entries()) {
    test(`${file} #${i} ${c.name}`, async () => {
      const r = await call(c.request);
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
