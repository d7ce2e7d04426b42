// The pages' catalogues of engine messages (web/i18n/msg/<lang>/<part>.json,
// syntax in web/js/messages.js) against the engine's catalogue
// (engine/src/core/messages/*.inc, which tests/native/core/message_test.cpp
// holds to the ids the sources construct): every id the engine can emit is
// in kk, ru and en, in the part file the pages load for it, with the same
// parameter names, and no page catalogue has an id the engine lacks. The
// coded words ({type@type}) exist in every language; Russian forms that
// agree with a number give one, few, many and other; Kazakh and Russian
// attach no case ending to a parameter ("Файл: {file}.", not "{file}-да")
// and write decimals with a comma.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, partOf, PART_NAMES } from '../../web/js/msg-template.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const incDir = path.join(root, 'engine/src/core/messages');
const msgDir = path.join(root, 'web/i18n/msg');
const LANGS = ['en', 'kk', 'ru'];

// The engine's parameter names of a template, as core/message.cpp's
// template_params reads them.
function engineParams(tpl) {
  const out = new Set();
  for (let i = 0; i < tpl.length; i++) {
    if (tpl[i] !== '{') continue;
    if (tpl[i + 1] === '{') { i++; continue; }
    const end = tpl.indexOf('}', i);
    if (end < 0) break;
    out.add(tpl.slice(i + 1, end).split('|')[0]);
    i = end;
  }
  return out;
}

// id -> parameter names, from every {"id", "template"} line of the .inc files.
function engineCatalogue() {
  const ids = new Map();
  for (const f of readdirSync(incDir).filter((n) => n.endsWith('.inc'))) {
    for (const line of readFileSync(path.join(incDir, f), 'utf8').split('\n')) {
      const m = /^\{"([^"]+)", "((?:[^"\\]|\\.)*)"\},\s*$/.exec(line);
      if (!m) continue;
      assert.ok(!ids.has(m[1]), `${m[1]} twice in the engine's catalogue`);
      ids.set(m[1], engineParams(JSON.parse(`"${m[2]}"`)));
    }
  }
  return ids;
}

const engine = engineCatalogue();
const catalogues = Object.fromEntries(LANGS.map((lang) => [lang, Object.fromEntries(PART_NAMES.map((part) => [
  part, JSON.parse(readFileSync(path.join(msgDir, lang, `${part}.json`), 'utf8')),
]))]));

// The templates of an entry (a string or {text, detail}).
const templates = (e) => (typeof e === 'string' ? [e] : [e.text, e.detail].filter((s) => typeof s === 'string'));

function walk(nodes, fn) {
  for (const n of nodes) {
    if (typeof n === 'string') { fn(n, null); continue; }
    fn(null, n);
    for (const f of n.forms ?? []) walk(f.nodes, fn);
  }
}

test('the engine catalogue was read', () => {
  assert.ok(engine.size > 300, `only ${engine.size} ids read from ${incDir}`);
});

for (const lang of LANGS) {
  test(`${lang}: every engine id, in its part, with the engine's parameters`, () => {
    const missing = [];
    const wrong = [];
    for (const [id, names] of engine) {
      const e = catalogues[lang][partOf(id)][id];
      if (e === undefined) { missing.push(id); continue; }
      assert.ok(typeof e === 'string' || typeof e?.text === 'string', `${lang} ${id}: a template or {text, detail}`);
      const used = new Set();
      for (const tpl of templates(e)) {
        walk(parse(tpl), (s, n) => { if (n) used.add(n.name); });
      }
      const a = [...names].sort().join(',');
      const b = [...used].sort().join(',');
      if (a !== b) wrong.push(`${id}: engine {${a}}, ${lang} {${b}}`);
    }
    assert.deepEqual(missing, [], `${lang}: ${missing.length} ids missing from web/i18n/msg/${lang}/`);
    assert.deepEqual(wrong, [], `${lang}: parameters differ`);
  });

  test(`${lang}: no id the engine lacks, none in the wrong part`, () => {
    const extra = [];
    for (const part of PART_NAMES.filter((p) => p !== 'common')) {
      for (const id of Object.keys(catalogues[lang][part])) {
        if (!engine.has(id)) extra.push(`${part}/${id}`);
        else if (partOf(id) !== part) extra.push(`${part}/${id} (belongs in ${partOf(id)})`);
      }
    }
    assert.deepEqual(extra, []);
  });

  test(`${lang}: coded words, forms and notation`, () => {
    const common = catalogues[lang].common;
    const problems = [];
    for (const part of PART_NAMES.filter((p) => p !== 'common')) {
      for (const [id, e] of Object.entries(catalogues[lang][part])) {
        for (const tpl of templates(e)) {
          let nodes;
          try { nodes = parse(tpl); } catch (err) { problems.push(`${id}: ${err.message}`); continue; }
          walk(nodes, (s, n) => {
            if (n?.table && typeof common[`@${n.table}`] !== 'object') problems.push(`${id}: no table @${n.table} in common.json`);
            if (n?.format && !['hex', 'place', 'or'].includes(n.format)) problems.push(`${id}: unknown format #${n.format}`);
            if (n?.forms) {
              const keys = n.forms.map((f) => f.key);
              if (!keys.includes('other')) problems.push(`${id}: {${n.name}|...} has no "other" form`);
              if (lang === 'ru' && keys.some((k) => ['one', 'few', 'many'].includes(k))
                && !['one', 'few', 'many'].every((k) => keys.includes(k))) {
                problems.push(`${id}: {${n.name}|...} needs the forms one, few and many in Russian`);
              }
            }
          });
          if (lang !== 'en') {
            // "{file}-да", "{n}-ші": no ending glued to a parameter.
            if (/\}-?[\p{Script=Cyrillic}]/u.test(tpl.replace(/\}\}/g, ''))) problems.push(`${id}: a case ending on a parameter: ${tpl}`);
            if (/\d\.\d/.test(tpl)) problems.push(`${id}: a decimal point in ${lang}: ${tpl}`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('coded words and page words: the same codes in kk, ru and en', () => {
  const en = catalogues.en.common;
  for (const lang of ['kk', 'ru']) {
    const other = catalogues[lang].common;
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${lang} common.json keys`);
    for (const [key, v] of Object.entries(en)) {
      if (typeof v === 'object') assert.deepEqual(Object.keys(other[key]).sort(), Object.keys(v).sort(), `${lang} ${key}`);
    }
  }
});
