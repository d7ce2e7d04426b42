// What scripts/bundle.mjs relies on in web/: every dynamic import names a
// module of web/js by a literal './name.js' (esbuild bundles only those; an
// import(variable) would ask the built site for a file it does not have),
// and every page loads its entry module with the one <script> tag the
// bundler looks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const jsDir = path.join(root, 'web/js');

test('dynamic imports in web/js name a module of web/js literally', () => {
  const bad = [];
  let found = 0;
  for (const name of readdirSync(jsDir).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(jsDir, name), 'utf8');
    for (const m of text.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
      found++;
      const arg = m[1].trim();
      const lit = arg.match(/^'(\.\/[a-z0-9-]+\.js)'$/);
      if (!lit) bad.push(`${name}: import(${arg}) is not a literal './name.js'`);
      else if (!existsSync(path.join(jsDir, lit[1]))) bad.push(`${name}: import(${arg}) names no file of web/js`);
    }
  }
  assert.ok(found > 0, 'no dynamic import found: the scan is broken');
  assert.deepEqual(bad, []);
});

test('every page loads one entry module js/page-<name>.js', () => {
  const pages = readdirSync(path.join(root, 'web')).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 4);
  for (const page of pages) {
    const html = readFileSync(path.join(root, 'web', page), 'utf8');
    const entries = [...html.matchAll(/<script type="module" src="(js\/page-[a-z0-9-]+\.js)"><\/script>\n/g)].map((m) => m[1]);
    assert.equal(entries.length, 1, `${page}: ${entries.length} entry modules`);
    assert.ok(existsSync(path.join(root, 'web', entries[0])), `${page}: ${entries[0]} missing`);
  }
});
