// The whole site (pages, scripts, styles, texts, instruments and the wasm
// engine; not the demo data) stays within 400 KB when gzip-compressed, as
// most static hosts serve it, so that a phone on a slow campus connection
// loads it quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { siteDir } from './helpers.mjs';

const BUDGET = 400 * 1024;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test(`site <= ${BUDGET / 1024} KB gzip (demo data excluded)`, () => {
  let total = 0;
  const sizes = [];
  for (const f of files(siteDir)) {
    const rel = path.relative(siteDir, f);
    if (rel.startsWith(`demo${path.sep}`)) continue;
    const gz = gzipSync(readFileSync(f), { level: 9 }).length;
    total += gz;
    sizes.push([rel, gz]);
  }
  sizes.sort((a, b) => b[1] - a[1]);
  const top = sizes.slice(0, 5).map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ');
  assert.ok(total <= BUDGET, `site is ${(total / 1024).toFixed(1)} KB gzip; largest: ${top}`);
  console.log(`site: ${(total / 1024).toFixed(1)} KB gzip; largest: ${top}`);
});
