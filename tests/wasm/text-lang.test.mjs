// The language guessed for a student's text (web/js/text-lang.js), which the
// coding page and the analysis page's quotes put in its lang attribute: the
// essays demo's 36 essays (12 each in kk, ru, en, by their generator's
// reading), a Kazakh name inside a Russian sentence, and texts without letters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { textLang } from '../../web/js/text-lang.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the essays demo: 12 essays in each language, each guessed as its own', () => {
  const dir = path.join(root, 'fixtures/demo-essays/essays');
  const counts = {};
  for (const f of readdirSync(dir)) {
    const lang = textLang(readFileSync(path.join(dir, f), 'utf8'));
    counts[lang] = (counts[lang] ?? 0) + 1;
  }
  assert.deepEqual(counts, { kk: 12, ru: 12, en: 12 });
});

test('a name in another language does not change the text\'s, and no letters give none', () => {
  assert.equal(textLang('Мой коллега Әсел помогла мне с проектом, и мы вместе провели урок в школе.'), 'ru');
  assert.equal(textLang('Біз Moodle платформасында тест құрастырдық және нәтижелерін талдадық.'), 'kk');
  assert.equal(textLang('We used the «Күнделік» journal every week.'), 'en');
  assert.equal(textLang('12 345 — !'), null);
  assert.equal(textLang(''), null);
});
