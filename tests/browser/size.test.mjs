// Size budgets (the developers' guide): the analysis engine (assess.wasm and
// its loader) <= 400 KB gzip; the rest of the site - pages, scripts, styles,
// texts, message catalogues, instruments - <= 200 KB gzip, so that the pages
// around the engine stay small for phones on slow campus connections. Gzip
// at level 9, as most static hosts serve it; the demo data is left out. The
// questionnaire page's own budget (<= 200 KB for everything it loads) needs
// the small engine build of the reports/phone issue and is measured there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { siteDir } from './helpers.mjs';

const KB = 1024;
const ENGINE_BUDGET = 400 * KB;
const REST_BUDGET = 200 * KB;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function measure() {
  const engine = [];
  const rest = [];
  for (const f of files(siteDir)) {
    const rel = path.relative(siteDir, f);
    if (rel.startsWith(`demo${path.sep}`)) continue;
    const gz = gzipSync(readFileSync(f), { level: 9 }).length;
    (rel.startsWith(`engine${path.sep}`) ? engine : rest).push([rel, gz]);
  }
  const sum = (list) => list.reduce((s, [, n]) => s + n, 0);
  const top = (list) => [...list].sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([f, n]) => `${f} ${(n / KB).toFixed(1)} KB`).join(', ');
  return { engine, rest, sum, top };
}

test(`the analysis engine <= ${ENGINE_BUDGET / KB} KB gzip`, () => {
  const { engine, sum, top } = measure();
  assert.ok(engine.some(([f]) => f.endsWith('.wasm')), 'no engine/*.wasm in the site');
  const total = sum(engine);
  assert.ok(total <= ENGINE_BUDGET, `engine is ${(total / KB).toFixed(1)} KB gzip: ${top(engine)}`);
  console.log(`engine: ${(total / KB).toFixed(1)} KB gzip (${top(engine)})`);
});

test(`the site around the engine <= ${REST_BUDGET / KB} KB gzip (demo data excluded)`, () => {
  const { rest, sum, top } = measure();
  const total = sum(rest);
  assert.ok(total <= REST_BUDGET, `the rest of the site is ${(total / KB).toFixed(1)} KB gzip; largest: ${top(rest)}`);
  console.log(`rest of the site: ${(total / KB).toFixed(1)} KB gzip; largest: ${top(rest)}`);
});
