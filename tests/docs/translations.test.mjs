// Every text of every shipped document (rubrics/*.json: instruments,
// rubrics, studies, including x- extension texts such as a provenance note)
// is written in Kazakh and Russian, not left in English: the kk and ru texts
// differ from the en text and are Cyrillic (more Cyrillic letters than Latin
// ones; names such as TPACK or GPA may stay in Latin letters inside them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'rubrics');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

// [pointer, {kk, ru, en}] for every text object of a document.
function texts(value, pointer = '', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${pointer}/${i}`, out));
  else if (value && typeof value === 'object') {
    if (typeof value.en === 'string') out.push([pointer, value]);
    else for (const [k, v] of Object.entries(value)) texts(v, `${pointer}/${k}`, out);
  }
  return out;
}

const count = (s, re) => (s.match(re) || []).length;
const cyrillic = (s) => count(s, /\p{Script=Cyrillic}/gu);
const latin = (s) => count(s, /\p{Script=Latin}/gu);

test('the shipped documents are there', () => {
  for (const f of ['competency-12.v1.json', 'satisfaction.v1.json', 'employer-feedback.v1.json', 'background.v1.json',
    'study.stackable.v1.json']) {
    assert.ok(files.includes(f), f);
  }
});

for (const f of files) {
  test(`${f}: kk and ru texts are translations, in Cyrillic`, () => {
    const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const list = texts(doc);
    assert.ok(list.length > 0, 'the document has texts');
    for (const [pointer, t] of list) {
      for (const lang of ['kk', 'ru']) {
        const s = t[lang];
        assert.equal(typeof s, 'string', `${pointer}: no ${lang} text`);
        assert.notEqual(s.trim(), t.en.trim(), `${pointer}: the ${lang} text is the English one`);
        assert.ok(cyrillic(s) > latin(s), `${pointer}: the ${lang} text is not Cyrillic: ${s}`);
      }
    }
  });
}

// Kazakh, not Russian, in the kk texts: each document's kk texts have
// letters of the Kazakh alphabet that Russian lacks (a ru text may name them:
// the code hints do).
test('the Kazakh texts of every document use Kazakh letters', () => {
  const kazakh = /[әғқңөұүһі]/iu;
  for (const f of files) {
    const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const list = texts(doc);
    const kk = list.map(([, t]) => t.kk).join(' ');
    assert.ok(kazakh.test(kk), `${f}: no Kazakh letter in the kk texts`);
  }
});
