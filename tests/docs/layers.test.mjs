// The layering of docs/architecture.md, checked on the #include lines of
// engine/: each area includes only the areas below it, so that kernels stay
// free of data, analysis and API concerns and nothing reaches up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// area -> the areas it may include (besides itself)
const ALLOWED = {
  core: [],
  distributions: [],
  htest: ['core', 'distributions'],
  reliability: ['core', 'distributions'],
  agreement: ['core', 'distributions'],
  instrument: ['core'],
  data: ['core', 'instrument'],
  analysis: ['core', 'distributions', 'htest', 'reliability', 'agreement', 'instrument', 'data'],
  api: ['core', 'distributions', 'htest', 'reliability', 'agreement', 'instrument', 'data', 'analysis'],
};

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(cpp|hpp)$/.test(d.name) ? [p] : [];
  });
}

// The engine area an include names: "assess/<area>/x.hpp" or, for internal
// headers of src/, "<area>/x.hpp".
function includedArea(line) {
  const m = line.match(/^#include "(?:assess\/)?([a-z_]+)\//);
  return m ? m[1] : null;
}

test('every engine area includes only the areas below it', () => {
  const broken = [];
  let files = 0;
  for (const base of ['engine/include/assess', 'engine/src']) {
    for (const area of Object.keys(ALLOWED)) {
      for (const file of sources(path.join(root, base, area))) {
        files += 1;
        for (const line of readFileSync(file, 'utf8').split('\n')) {
          const to = includedArea(line);
          if (to && to !== area && !ALLOWED[area].includes(to)) {
            broken.push(`${path.relative(root, file)}: ${area} may not include ${to} (${line.trim()})`);
          }
        }
      }
    }
  }
  assert.ok(files > 80, `${files} engine files read`);
  assert.deepEqual(broken, []);
});

test('every engine area is in the table', () => {
  const areas = readdirSync(path.join(root, 'engine/src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  assert.deepEqual(areas.filter((a) => !(a in ALLOWED)), [], 'a new area needs its row here and in docs/architecture.md');
});

test('the doors (CLI, wasm) go through the API and touch only file bytes, limits and the small text helpers besides', () => {
  const allowed = new Set(['assess/api/api.hpp', 'assess/core/limits.hpp', 'assess/data/file_store.hpp',
    'assess/core/text.hpp', 'assess/core/json.hpp']);
  for (const rel of ['engine/cli/main.cpp', 'wasm/bindings.cpp']) {
    const engineIncludes = readFileSync(path.join(root, rel), 'utf8')
      .split('\n')
      .map((l) => l.match(/^#include "(assess\/[^"]+)"/))
      .filter(Boolean)
      .map((m) => m[1]);
    assert.deepEqual(engineIncludes.filter((i) => !allowed.has(i)), [], rel);
  }
});

// The statistics kernels compute and nothing else: they write no JSON and no
// sentence (docs/architecture.md, invariant 1). They return faults and notes
// in numbers (core/fault.hpp); the API handlers and the analyses say them.
// Checked on every header a kernel file reaches through its includes, so
// that core/result.hpp (whose Error carries a Message) cannot bring the
// catalogue in by the back door.
const KERNEL_AREAS = ['htest', 'reliability', 'agreement', 'distributions'];
const FORBIDDEN = [/^nlohmann\//, /^assess\/core\/json\.hpp$/, /^assess\/core\/message\.hpp$/];

// The engine file an include line names: "assess/<area>/x.hpp" in
// engine/include, "<area>/x.hpp" (internal headers) in engine/src; null for
// the standard library and third parties.
function engineFile(name) {
  for (const p of [path.join(root, 'engine/include', name), path.join(root, 'engine/src', name)]) {
    try {
      readFileSync(p);
      return p;
    } catch {
      // not there
    }
  }
  return null;
}

function includes(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.match(/^#include\s*[<"]([^">]+)[">]/))
    .filter(Boolean)
    .map((m) => m[1]);
}

// Every include name reached from a file, with the chain that reached it.
function reached(file) {
  const seen = new Map();
  const stack = [[file, []]];
  const visited = new Set();
  while (stack.length) {
    const [f, chain] = stack.pop();
    if (visited.has(f)) continue;
    visited.add(f);
    for (const name of includes(f)) {
      const next = [...chain, name];
      if (!seen.has(name)) seen.set(name, next);
      const target = engineFile(name);
      if (target) stack.push([target, next]);
    }
  }
  return seen;
}

test('the statistics kernels include no JSON and no message catalogue, not even through another header', () => {
  const broken = [];
  let files = 0;
  for (const base of ['engine/include/assess', 'engine/src']) {
    for (const area of KERNEL_AREAS) {
      for (const file of sources(path.join(root, base, area))) {
        files += 1;
        for (const [name, chain] of reached(file)) {
          if (FORBIDDEN.some((re) => re.test(name))) {
            broken.push(`${path.relative(root, file)} reaches ${name} (${chain.join(' -> ')})`);
          }
        }
      }
    }
  }
  assert.ok(files > 25, `${files} kernel files read`);
  assert.deepEqual(broken, []);
});
