// The map a newcomer reads must point at real files: every relative link of
// README.md and docs/*.md names a file or folder of the repository, and the
// README's table "Where each operation lives" has one row per registered op
// (engine/src/api/registry.cpp) whose every link resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');

// [text](target) outside code spans; targets without a scheme are files.
function links(markdown) {
  const out = [];
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of prose.matchAll(/\[[^\]\n]*\]\(([^)\s]+)\)/g)) out.push(m[1]);
  return out;
}

const local = (target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#');

const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

for (const doc of documents) {
  test(`every relative link of ${doc} resolves`, () => {
    const missing = links(read(doc))
      .filter(local)
      .map((t) => t.split('#')[0])
      .filter((t) => t && !existsSync(path.join(root, path.dirname(doc), decodeURIComponent(t))));
    assert.deepEqual(missing, [], `${doc} links to files that do not exist`);
  });
}

test('the README maps every registered op, each link to a file', () => {
  // Each op once (the coding engine's table, ASSESS_OPS_CODING, names some again).
  const registered = [...new Set([...read('engine/src/api/registry.cpp').matchAll(/\{"([a-z_]+)", op_[a-z_]+\}/g)].map((m) => m[1]))];
  assert.ok(registered.length >= 24, `registry.cpp lists ${registered.length} ops`);
  const readme = read('README.md');
  const start = readme.indexOf('## Where each operation lives');
  assert.ok(start >= 0, 'README has the section "Where each operation lives"');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
  const rows = section.split('\n').filter((l) => /^\| `[a-z_]+` \|/.test(l));
  const mapped = rows.map((l) => l.match(/^\| `([a-z_]+)`/)[1]);
  assert.deepEqual([...mapped].sort(), [...registered].sort(), 'one row per registered op');
  for (const row of rows) {
    const cells = row.split(' | ');
    // header, source, handler and the test columns name at least one file each
    for (const c of [1, 2, 3, 5, 6]) assert.ok(links(cells[c]).length > 0, `${cells[0]} column ${c} names a file`);
    for (const t of links(row)) assert.ok(existsSync(path.join(root, t)), `${cells[0]}: ${t} exists`);
  }
});
