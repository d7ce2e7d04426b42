// The student questionnaire on a phone-sized screen: a reload in the middle
// keeps every answer (and the code, but never the answers to the code
// questions); completion with the keyboard alone; the scores shown equal the
// engine's; the exported file is the documented format; erase leaves nothing;
// another instrument works through ?instrument= without code changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, siteDir, PHONE,
} from './helpers.mjs';
import {
  instrument, study, codeQuestions, setLanguage, startQuestionnaire, answerItems, finishQuestionnaire, shownScores,
  assertResponseFile, tabTo,
} from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const codeAnswers = { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' };
const programme = study.programmes[1].id;
// One answer left out (AD1) to exercise the missing-item rule.
const values = [4, 5, 3, null, 2, 4, 4, 5, 3, 4, 2, 3];

test('a reload in the middle keeps every answer; scores equal the engine; export', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  await setLanguage(page, 'kk');
  const code = await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
  const expected = await engineCall({ op: 'make_code', study, answers: { ...codeAnswers } });
  assert.equal(code, expected.result.code);
  await answerItems(page, values, { to: 6 });
  await assertAccessible(page, '(items step, kk)');

  // What is stored: the code and the answers, never the code questions' answers.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(stored.includes(code));
  for (const v of [codeAnswers.mother, codeAnswers.birthplace]) assert.ok(!stored.includes(v), `"${v}" was stored`);
  for (const q of codeQuestions) assert.ok(!stored.includes(`"${q.id}"`), `the answer to ${q.id} was stored`);

  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.ok(await page.isVisible('#step-items'), 'resumes on the questions');
  for (let i = 0; i < 6; i++) {
    const id = instrument.items[i].id;
    if (values[i] == null) {
      assert.equal(await page.$$eval(`input[name="item-${id}"]:checked`, (x) => x.length), 0);
    } else {
      assert.ok(await page.isChecked(`#a-${id}-${values[i]}`), `${id} kept after reload`);
    }
  }
  assert.equal(await page.textContent('#progress-text'), 'Жауап берілді: 5 / 12');
  await answerItems(page, values, { from: 6 });
  await page.click('#items-next');
  assert.match(await page.textContent('#review-missing'), /1/);
  assert.equal(await page.textContent('#review-about dd'), code);
  await page.click('#submit');
  await page.waitForSelector('#score-table');
  await assertAccessible(page, '(results step, kk)');

  const answers = Object.fromEntries(instrument.items.map((it, i) => [it.id, values[i] ?? null]));
  const engine = (await engineCall({ op: 'score', instrument, answers })).result;
  const shown = await shownScores(page);
  for (const s of engine.subscales) assert.equal(shown[s.id], s.score, s.id);
  assert.equal(shown[engine.total.id], engine.total.score);

  const json = await downloadText(page, () => page.click('#download-json'));
  assert.match(json.name, /^response-pre-\d{8}-\d{6}\.json$/);
  assertResponseFile(JSON.parse(json.text), { code, programme, wave: 'pre', lang: 'kk', values });
  const csv = await downloadText(page, () => page.click('#download-csv'));
  const [head, row] = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(head, ['code', 'programme', 'wave', 'lang', 'group', ...instrument.items.map((i) => i.id)].join(','));
  assert.equal(row, [code, programme, 'pre', 'kk', '', ...values.map((v) => v ?? '')].join(','));
  // The engine imports what the page exported, without a problem.
  const imported = (await engineCall({ op: 'import_responses', instrument, study, files: [
    { name: json.name, text: json.text }, { name: 'x.csv', text: csv.text.replace(/pre/, 'post') }] })).result;
  assert.equal(imported.counts.records, 2);
  assert.deepEqual(imported.problems.filter((p) => p.severity !== 'warning'), []);

  // Erase: nothing of the site's data is left.
  await page.click('#erase');
  await page.click('#erase-confirm');
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('assess.') && k !== 'assess.lang'));
  assert.deepEqual(left, []);
  assert.ok(await page.isVisible('#step-consent'));
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('a programme link preselects programme, group and language', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const p = study.programmes[3].id;
  const page = await open(device, `questionnaire.html?programme=${p}&group=control&lang=ru`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  await page.check('#consent-box');
  await page.click('#consent-next');
  assert.equal(await page.inputValue('#programme'), p);
  assert.equal(await page.inputValue('#group'), 'control');
  assertNoProblems(device);
});

test('keyboard alone completes the questionnaire', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  const kb = page.keyboard;
  await tabTo(page, '#consent-box');
  await kb.press('Space');
  await tabTo(page, '#consent-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-code:not([hidden])');
  for (const q of codeQuestions) {
    await tabTo(page, `.cq-input[data-question="${q.id}"]`);
    await kb.type(codeAnswers[q.id]);
  }
  await kb.press('Enter'); // submits the code form
  await page.waitForSelector('#code-result:not([hidden])');
  await tabTo(page, '#programme');
  await kb.press('ArrowDown');
  await kb.press('ArrowDown');
  await tabTo(page, 'input[name="wave"]');
  await kb.press('Space');
  await tabTo(page, '#code-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-items:not([hidden])');
  for (const [i, item] of instrument.items.entries()) {
    await tabTo(page, `input[name="item-${item.id}"]`);
    await kb.press('Space'); // the first point of the scale
    for (let k = 1; k < (i % 5) + 1; k++) await kb.press('ArrowRight');
  }
  await tabTo(page, '#items-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-review:not([hidden])');
  await tabTo(page, '#submit');
  await kb.press('Enter');
  await page.waitForSelector('#score-table');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('assess.q.completed')));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].programme, study.programmes[1].id);
  assert.equal(stored[0].wave, study.waves[0].id);
  assert.deepEqual(Object.values(stored[0].answers), instrument.items.map((_, i) => (i % 5) + 1));
  assertNoProblems(device);
});

test('another instrument (1-7 scale, other subscales) works through ?instrument=', async () => {
  const custom = {
    format: 'assess-instrument/1', id: 'test-climate', version: 2,
    title: { en: 'Classroom climate', ru: 'Климат в классе', kk: 'Сынып ахуалы' },
    languages: ['en', 'ru', 'kk'],
    response_scale: { min: 1, max: 7, integer: true, labels: {
      1: { en: 'Never', ru: 'Никогда', kk: 'Ешқашан' }, 7: { en: 'Always', ru: 'Всегда', kk: 'Әрқашан' } } },
    subscales: [
      { id: 'warmth', title: { en: 'Warmth', ru: 'Теплота', kk: 'Жылылық' }, min_answered: 1 },
      { id: 'order', title: { en: 'Order', ru: 'Порядок', kk: 'Тәртіп' }, min_answered: 2 },
    ],
    items: [
      { id: 'W1', subscale: 'warmth', reverse: false, text: { en: 'I greet every student.', ru: 'Я приветствую каждого студента.', kk: 'Мен әр студентпен амандасамын.' } },
      { id: 'W2', subscale: 'warmth', reverse: true, text: { en: 'I lose patience.', ru: 'Я теряю терпение.', kk: 'Мен шыдамымды жоғалтамын.' } },
      { id: 'O1', subscale: 'order', reverse: false, text: { en: 'Lessons start on time.', ru: 'Занятия начинаются вовремя.', kk: 'Сабақтар уақытында басталады.' } },
      { id: 'O2', subscale: 'order', reverse: false, text: { en: 'Rules are clear.', ru: 'Правила понятны.', kk: 'Ережелер түсінікті.' } },
    ],
    total: { id: 'total', min_answered: 3 },
  };
  const file = path.join(siteDir, 'rubrics', 'test-climate.v2.json');
  writeFileSync(file, JSON.stringify(custom));
  try {
    const device = await site.newDevice({ viewport: PHONE });
    const page = await open(device, 'questionnaire.html?instrument=test-climate.v2.json');
    assert.equal(await page.textContent('#instrument-title'), 'Classroom climate');
    await startQuestionnaire(page, { codeAnswers, programme, wave: 'post' });
    assert.equal(await page.$$eval('#items-form fieldset', (x) => x.length), 4);
    assert.equal(await page.$$eval('input[name="item-W1"]', (x) => x.length), 7);
    assert.match(await page.textContent('label[for="a-W1-7"]'), /Always/);
    await answerItems(page, [7, 2, 5, 6], { ids: ['W1', 'W2', 'O1', 'O2'] });
    await finishQuestionnaire(page);
    const shown = await shownScores(page);
    assert.equal(shown.warmth, (7 + (8 - 2)) / 2);
    assert.equal(shown.order, 5.5);
    assert.equal(shown.total, (7 + 6 + 5 + 6) / 4);
    const json = await downloadText(page, () => page.click('#download-json'));
    assert.deepEqual(JSON.parse(json.text).instrument, { id: 'test-climate', version: 2 });
    assertNoProblems(device);
  } finally {
    rmSync(file, { force: true });
  }
});

test('a broken instrument is reported with the engine\'s message, the page stays usable', async () => {
  const file = path.join(siteDir, 'rubrics', 'broken.v1.json');
  writeFileSync(file, JSON.stringify({ format: 'assess-instrument/1', id: 'broken', version: 1, items: 'none' }));
  try {
    const device = await site.newDevice();
    const page = await open(device, 'questionnaire.html?instrument=broken.v1.json');
    assert.ok(await page.isVisible('#load-error'));
    // The engine's reason by its message id, the JSON pointer under "Details".
    await page.waitForSelector('#load-error .msg-text');
    assert.equal(await page.getAttribute('#load-error', 'data-msg-id'), 'document.missing_field');
    assert.match(await page.textContent('#load-error'), /broken\.v1\.json.*languages/s);
    assert.match(await page.textContent('#load-error details'), /\/instrument/);
    await setLanguage(page, 'ru');
    assert.match(await page.textContent('#erase'), /Удалить/);
    await assertAccessible(page, '(broken instrument)');
    assertNoProblems(device);
  } finally {
    rmSync(file, { force: true });
  }
});

test('an instrument with other item types is not offered by default; named, the questionnaire runs it', async () => {
  // The index lists the shipped satisfaction survey with its item types; the
  // default questionnaire stays the study's Likert instrument.
  const index = JSON.parse(readFileSync(path.join(siteDir, 'rubrics', 'index.json'), 'utf8'));
  const entry = index.documents.find((d) => d.id === 'satisfaction');
  assert.deepEqual(entry.item_types, ['likert', 'text']);
  assert.equal(index.documents.find((d) => d.id === 'competency-12').item_types, undefined);
  const device = await site.newDevice();
  const q = await open(device, 'questionnaire.html');
  assert.equal(await q.textContent('#instrument-title'), instrument.title.en);
  // Named by id, the questionnaire renders it (every type: item-types.test.mjs).
  const named = await open(device, 'questionnaire.html?instrument=satisfaction');
  assert.ok(await named.isHidden('#load-error'));
  assert.equal(await named.textContent('#instrument-title'), 'Satisfaction with your study pathway');
  await assertAccessible(named, '(satisfaction)');
  assertNoProblems(device);
});

test('the consent names who runs the study and whom to contact from the study file, or leaves that out', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  for (const lang of ['ru', 'en', 'kk']) {
    await setLanguage(page, lang);
    assert.ok(await page.isVisible('#consent-organiser'), `${lang}: the paragraph is shown`);
    const text = await page.textContent('#consent-organiser');
    assert.ok(text.includes(study['x-organiser'][lang]), `${lang}: names the organiser: ${text}`);
    assert.ok(text.includes(study['x-contact'][lang]), `${lang}: names the contact: ${text}`);
  }
  assert.match(await page.textContent('#step-consent'), /зерттеушілерге хабарлаңыз/);

  // A study without x-organiser and x-contact: no paragraph, no placeholder.
  const bare = { ...study, id: 'bare' };
  delete bare['x-organiser'];
  delete bare['x-contact'];
  const file = path.join(siteDir, 'rubrics', 'study.bare.v1.json');
  writeFileSync(file, JSON.stringify(bare));
  try {
    const other = await open(device, 'questionnaire.html?study=study.bare.v1.json');
    assert.ok(await other.isVisible('#step-consent'));
    assert.ok(await other.isHidden('#consent-organiser'));
    assert.doesNotMatch(await other.textContent('#step-consent'), /\{|\[/);
    assertNoProblems(device);
  } finally {
    rmSync(file, { force: true });
  }
});
