// The pages compute no statistic: every number they show or draw comes from
// the engine, which is checked against R (docs/web.md). A second, untested
// implementation of a distribution, a mean or an interval in web/js would
// break that promise quietly, so the scripts are searched for the tools of
// one: special functions, square roots and powers, sums over arrays,
// quantiles and distribution names. A use that is layout, not statistics,
// is allowed below by its file and line text, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webJs = path.join(root, 'web/js');

const FORBIDDEN = [
  [/\bMath\.(sqrt|cbrt|exp|expm1|log|log1p|log2|log10|pow|hypot|sin|cos|tan|atan|atan2|PI|E)\b/, 'a special function'],
  [/\*\*\s*\(?\s*(0?\.5|1\s*\/\s*2)\b/, 'a square root'],
  [/\.reduce\(/, 'a sum over an array'],
  [/\b(quantile|qt|pt|qnorm|pnorm|qchisq|pchisq|lgamma|gamma|ibeta|betacf|erfc?|tQuantile|meanCi|variance|stdev)\s*\(/i,
    'a distribution or a moment'],
  [/\btdist\b/, 'the removed t distribution'],
];

// [file, a substring of the line, why it is not a statistic]
const ALLOWED = [
  ['charts.js', 'Math.floor(Math.log10(raw))', 'the decade of an axis step (tick layout)'],
  ['page-rubric.js', 'programmes.reduce((s, p) => s + ratedCount(p.id), 0)', 'counts the ratings entered so far'],
];

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

test('web/js computes no statistic (the engine computes every number shown)', () => {
  const found = [];
  const used = new Set();
  for (const name of readdirSync(webJs).filter((n) => n.endsWith('.js')).sort()) {
    const lines = stripComments(readFileSync(path.join(webJs, name), 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const [re, what] of FORBIDDEN) {
        if (!re.test(line)) continue;
        const allowed = ALLOWED.findIndex(([f, s]) => f === name && line.includes(s));
        if (allowed >= 0) used.add(allowed);
        else found.push(`web/js/${name}:${i + 1}: ${what}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(found, [], 'statistics belong in the engine (and its R reference), not in the pages');
  const stale = ALLOWED.filter((_, i) => !used.has(i)).map(([f, s]) => `${f}: ${s}`);
  assert.deepEqual(stale, [], 'allow-list entries that no longer match a line');
});

test('the check finds what it looks for', () => {
  const hits = (line) => FORBIDDEN.filter(([re]) => re.test(stripComments(line))).length;
  assert.ok(hits('const h = (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);') >= 2);
  assert.ok(hits('const m = xs.reduce((a, b) => a + b, 0) / xs.length;') >= 1);
  assert.ok(hits("import { meanCi } from './tdist.js';") >= 1);
  assert.ok(hits('const se = (v / n) ** 0.5;') >= 1);
  assert.equal(hits('// mean +- t(.975) sd / Math.sqrt(n)'), 0, 'comments may explain');
  assert.equal(hits('const x = Math.max(lo, v.lo);'), 0);
});
