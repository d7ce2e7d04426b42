// The generated demo files are what their generator writes: a generator run
// with --check rebuilds every file in memory and exits 1 when one differs
// (fixtures/demo4/generate.mjs), so an edited CSV or a changed generator
// that was not rerun fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

for (const generator of ['fixtures/demo4/generate.mjs']) {
  test(`${generator} --check: the files are the generator's`, () => {
    const run = spawnSync(process.execPath, [path.join(root, generator), '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
}
