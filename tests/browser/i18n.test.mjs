// Every language file has the same keys, every key the pages use exists, and
// no translation is empty or left identical to a placeholder. No browser
// needed; it lives here because it guards the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';

const web = path.join(root, 'web');
const LANGS = ['en', 'ru', 'kk'];
const dicts = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(path.join(web, 'i18n', `${l}.json`), 'utf8'))]));

function filesUnder(dir, ext) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'i18n' ? [] : filesUnder(p, ext);
    return ext.some((e) => d.name.endsWith(e)) ? [p] : [];
  });
}

function usedKeys() {
  const keys = new Map();
  const add = (k, file) => { if (!keys.has(k)) keys.set(k, path.relative(root, file)); };
  for (const f of filesUnder(web, ['.html', '.js'])) {
    const s = readFileSync(f, 'utf8');
    for (const m of s.matchAll(/data-i18n="([^"]+)"/g)) add(m[1], f);
    for (const m of s.matchAll(/data-i18n-attr="([^"]+)"/g)) {
      for (const pair of m[1].split(';')) add(pair.split(':')[1].trim(), f);
    }
    for (const m of s.matchAll(/\bt\(\s*'([^']+)'/g)) add(m[1], f);
    for (const m of s.matchAll(/\bi18n:\s*'([^']+)'/g)) add(m[1], f);
    for (const m of s.matchAll(/\bDocumentError\(\s*'([^']+)'/g)) add(m[1], f);
    for (const m of s.matchAll(/\bi18nKey\(\s*'([^']+)'/g)) add(m[1], f);
  }
  return keys;
}

test('all language files have the same keys', () => {
  const en = Object.keys(dicts.en).sort();
  for (const l of LANGS) {
    const keys = Object.keys(dicts[l]).sort();
    const missing = en.filter((k) => !(k in dicts[l]));
    const extra = keys.filter((k) => !(k in dicts.en));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `i18n/${l}.json differs from en.json`);
  }
});

test('every key used by the pages exists in every language', () => {
  const used = usedKeys();
  assert.ok(used.size > 50, `only ${used.size} keys found: is the scan broken?`);
  for (const l of LANGS) {
    const missing = [...used].filter(([k]) => !(k in dicts[l])).map(([k, f]) => `${k} (${f})`);
    assert.deepEqual(missing, [], `keys missing in i18n/${l}.json`);
  }
});

test('no translation is empty, and placeholders match across languages', () => {
  const ph = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const l of LANGS) {
    for (const [k, v] of Object.entries(dicts[l])) {
      assert.equal(typeof v, 'string', `${l}:${k} is not a string`);
      assert.ok(v.trim().length > 0, `${l}:${k} is empty`);
      assert.equal(ph(v), ph(dicts.en[k] ?? ''), `${l}:${k} has placeholders {${ph(v)}} but en has {${ph(dicts.en[k] ?? '')}}`);
    }
  }
});

test('Russian and Kazakh texts are in Cyrillic, Kazakh uses its own letters', () => {
  const latinOnly = (raw) => {
    const s = raw.replace(/\{\w+\}/g, '');
    return /[A-Za-z]{4,}/.test(s) && !/[\u0400-\u04FF]/.test(s);
  };
  const allowed = new Set(['app.name']);
  for (const l of ['ru', 'kk']) {
    const bad = Object.entries(dicts[l]).filter(([k, v]) => !allowed.has(k) && latinOnly(v)).map(([k]) => k);
    assert.deepEqual(bad, [], `${l}: untranslated (Latin-only) texts`);
  }
  const kkLetters = Object.values(dicts.kk).join(' ').match(/[әғқңөұүһі]/giu) ?? [];
  assert.ok(kkLetters.length > 50, 'Kazakh texts hardly use Kazakh letters (ә ғ қ ң ө ұ ү һ і): are they Russian?');
});
