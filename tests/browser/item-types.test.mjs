// The questionnaire with every item type (docs/formats.md "Item types"):
// Likert and choice as radio groups, multi as a group of checkboxes, number
// as a field with its range, unit and an inline error in the page language,
// text as a textarea with a counter. Answered with the keyboard alone in kk
// (phone) and in ru (desktop), a reload in the middle keeping everything,
// zero axe violations at 360 and 1280 px, and the downloaded response an
// `assess-response/2` as the formats define it. The shipped instruments
// with other item types (background, satisfaction, employer-feedback) run
// end to end; Likert-only instruments keep their `/1` file
// (questionnaire.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, screenshots,
  siteDir, root, PHONE, DESKTOP,
} from './helpers.mjs';
import { study, codeQuestions, startQuestionnaire, tabTo } from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

const FIXTURE = 'test-item-types.v1.json';
const fixture = JSON.parse(readFileSync(path.join(root, 'tests/browser/fixtures', FIXTURE), 'utf8'));
const texts = Object.fromEntries(['kk', 'ru', 'en'].map((l) => [l, JSON.parse(readFileSync(path.join(root, 'web/i18n', `${l}.json`), 'utf8'))]));
const say = (lang, key, params = {}) => texts[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
const shipped = (id) => JSON.parse(readFileSync(path.join(root, 'rubrics', `${id}.v1.json`), 'utf8'));

const codeAnswers = { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' };

let site;
before(async () => {
  site = await startSite();
  copyFileSync(path.join(root, 'tests/browser/fixtures', FIXTURE), path.join(siteDir, 'rubrics', FIXTURE));
});
after(async () => {
  rmSync(path.join(siteDir, 'rubrics', FIXTURE), { force: true });
  await site?.close();
});

const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');

// Consent, code, programme (the second) and the wave, keys only.
async function keyboardStart(page, wave) {
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
  await kb.press('Enter');
  await page.waitForSelector('#code-result:not([hidden])');
  await tabTo(page, '#programme');
  await kb.press('ArrowDown');
  await kb.press('ArrowDown');
  await tabTo(page, 'input[name="wave"]');
  await kb.press('Space');
  if (wave === 'post') await kb.press('ArrowRight');
  await tabTo(page, '#code-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-items:not([hidden])');
  return (await page.textContent('#code-value')).trim();
}

// Selects all of a field's text and types over it.
async function retype(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

async function errorOf(page, id) {
  const box = page.locator(`#a-${id}-error`);
  return (await box.isVisible()) ? (await box.textContent()).trim() : null;
}

// Every item type of the fixture answered with the keys alone; a reload in
// the middle; the review; the file.
async function answerAllTypesByKeyboard({ lang, viewport, wave, decimal }) {
  const device = await site.newDevice({ viewport });
  const page = await open(device, `questionnaire.html?instrument=${FIXTURE}&lang=${lang}`);
  assert.equal(await page.textContent('#instrument-title'), fixture.title[lang]);
  const kb = page.keyboard;
  const code = await keyboardStart(page, wave);

  // Likert: the first point with Space, then arrows (P1 = 4, P2 = 2).
  await tabTo(page, 'input[name="item-P1"]');
  await kb.press('Space');
  for (let i = 0; i < 3; i++) await kb.press('ArrowRight');
  await tabTo(page, 'input[name="item-P2"]');
  await kb.press('Space');
  await kb.press('ArrowRight');
  // Choice: a radio group of its options.
  assert.equal(await page.locator('#item-role input[type="radio"]').count(), 3);
  assert.equal((await page.textContent('#item-role legend')).includes(fixture.items[2].text[lang]), true);
  await tabTo(page, 'input[name="item-role"]');
  await kb.press('Space');
  await kb.press('ArrowDown');
  // Multi: checkboxes in a fieldset whose legend says several may be chosen;
  // ticked out of order, written in option order.
  assert.equal(await page.locator('fieldset#item-tools input[type="checkbox"]').count(), 4);
  assert.ok((await page.textContent('#item-tools legend')).includes(texts[lang]['q.multi.hint']));
  await tabTo(page, '#a-tools-ai');
  await kb.press('Space');
  await tabTo(page, '#a-tools-lms', { shift: true });
  await kb.press('Space');

  // Number: its label, range and unit; inputmode and an inline error.
  const hours = fixture.items[4];
  assert.equal(await page.getAttribute('#a-hours', 'inputmode'), 'numeric');
  assert.equal(await page.getAttribute('#a-GPA', 'inputmode'), 'decimal');
  assert.equal(await page.textContent('#a-hours-hint'), say(lang, 'q.number.hint_int_unit', { min: 0, max: 40, unit: hours.unit[lang] }));
  assert.equal((await page.getAttribute('#a-hours', 'aria-describedby')).split(' ').includes('a-hours-hint'), true);
  assert.match(await page.textContent('label[for="a-hours"]'), new RegExp(fixture.items[4].text[lang].replace(/[?()]/g, '.')));
  await tabTo(page, '#a-hours');
  await kb.type('45');
  await kb.press('Tab');
  assert.equal(await errorOf(page, 'hours'), say(lang, 'q.number.range', { min: 0, max: 40 }));
  assert.equal(await page.getAttribute('#a-hours', 'aria-invalid'), 'true');
  await assertAccessible(page, `(items step with an error, ${lang}, ${viewport.width} px)`);

  // A reload keeps every answer so far, the wrong number and its error too.
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.ok(await page.isVisible('#step-items'), 'resumes on the questions');
  assert.ok(await page.isChecked('#a-P1-4'));
  assert.ok(await page.isChecked('#a-P2-2'));
  assert.ok(await page.isChecked('#a-role-lecturer'));
  assert.deepEqual(await page.$$eval('#item-tools input:checked', (x) => x.map((i) => i.value)), ['lms', 'ai']);
  assert.equal(await page.inputValue('#a-hours'), '45');
  assert.equal(await errorOf(page, 'hours'), say(lang, 'q.number.range', { min: 0, max: 40 }));
  assert.equal(await page.textContent('#progress-text'), say(lang, 'q.items.progress', { n: 4, total: 7 }));

  // Going on with a wrong number stays on the page, at that field.
  await tabTo(page, '#items-next');
  await kb.press('Enter');
  assert.ok(await page.isVisible('#step-items'));
  assert.equal(await focused(page), 'a-hours');
  await retype(page, `12${decimal}5`);
  await kb.press('Tab');
  assert.equal(await errorOf(page, 'hours'), say(lang, 'q.number.not_whole'));
  await tabTo(page, '#a-hours', { shift: true });
  await retype(page, 'двенадцать');
  await kb.press('Tab');
  assert.equal(await errorOf(page, 'hours'), say(lang, 'q.number.not_number_int'));
  await tabTo(page, '#a-hours', { shift: true });
  await retype(page, '12');
  assert.equal(await errorOf(page, 'hours'), null, 'the error goes as soon as the number is right');
  assert.equal(await page.getAttribute('#a-hours', 'aria-invalid'), null);
  await tabTo(page, '#a-GPA');
  await kb.type(`3${decimal}5`);
  await kb.press('Tab');
  assert.equal(await errorOf(page, 'GPA'), null);

  // Text: a textarea with its limit and a counter.
  const note = fixture.items[6];
  assert.equal(await page.getAttribute('#a-note', 'maxlength'), String(note.max_length));
  assert.equal(await page.getAttribute('#a-note', 'aria-describedby'), 'a-note-count');
  assert.equal(await page.textContent('#a-note-count'), say(lang, 'q.text.count', { n: 0, max: 120 }));
  await tabTo(page, '#a-note');
  const words = lang === 'kk' ? 'Практика көбірек болса екен. ' : 'Хотелось бы больше практики. ';
  const long = words.repeat(5);  // beyond 120 characters: the field stops at its limit
  await kb.type(long);
  const written = await page.inputValue('#a-note');
  assert.equal(written, long.slice(0, 120));
  assert.equal(await page.textContent('#a-note-count'), say(lang, 'q.text.count', { n: 120, max: 120 }));
  // The live region speaks once the student pauses, and only near the limit.
  await page.waitForFunction(() => document.querySelector('#item-note [aria-live="polite"]').textContent !== '', null, { timeout: 5000 });
  assert.equal(await page.textContent('#item-note [aria-live="polite"]'), say(lang, 'q.text.left', { n: 0 }));
  await kb.press('Control+A');
  await kb.type(words.trim());
  await page.waitForTimeout(1400);
  assert.equal(await page.textContent('#item-note [aria-live="polite"]'), '', 'far from the limit nothing is announced');
  assert.equal(await page.textContent('#progress-text'), say(lang, 'q.items.progress', { n: 7, total: 7 }));
  await screenshots(page, `item-types-${lang}-items`);
  await page.setViewportSize(PHONE);
  await assertAccessible(page, `(items step, ${lang}, 360 px)`);
  await page.setViewportSize(DESKTOP);
  await assertAccessible(page, `(items step, ${lang}, 1280 px)`);
  await page.setViewportSize(viewport);

  await tabTo(page, '#items-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-review:not([hidden])');
  const review = await page.$$eval('#review-list .answer', (x) => x.map((a) => a.textContent));
  const label = (item, id) => item.options.find((o) => o.id === id).label[lang];
  assert.deepEqual(review.slice(2), [
    label(fixture.items[2], 'lecturer'),
    `${label(fixture.items[3], 'lms')}; ${label(fixture.items[3], 'ai')}`,
    `12 (${hours.unit[lang]})`,
    `3,5 (${fixture.items[5].unit[lang]})`,
    words.trim(),
  ]);
  assert.ok(await page.isHidden('#review-missing'));
  await screenshots(page, `item-types-${lang}-review`);
  await assertAccessible(page, `(review step, ${lang})`);
  await tabTo(page, '#submit');
  await kb.press('Enter');
  await page.waitForSelector('#step-done:not([hidden])');

  const file = await downloadText(page, async () => {
    await tabTo(page, '#download-json');
    await kb.press('Enter');
  });
  const response = JSON.parse(file.text);
  const expected = { P1: 4, P2: 2, role: 'lecturer', tools: ['lms', 'ai'], hours: 12, GPA: 3.5, note: words.trim() };
  assertResponse2(response, { instrument: fixture, code, wave, lang, answers: expected });
  await assertScores(page, fixture, expected);
  await screenshots(page, `item-types-${lang}-done`);
  await assertAccessible(page, `(results step, ${lang})`);

  const csv = await downloadText(page, () => page.click('#download-csv'));
  const [head, row] = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(head, 'instrument,version,respondent,code,programme,wave,lang,group,P1,P2,role,tools_lms,tools_video,tools_quiz,tools_ai,hours,GPA,note');
  assert.equal(row, `test-item-types,1,student,${code},${study.programmes[1].id},${wave},${lang},,4,2,lecturer,1,0,0,1,12,3.5,${words.trim()}`);
  // The engine reads both files alike: the same answers by type.
  const fromJson = await assertImported(fixture, file);
  const fromCsv = await assertImported(fixture, { name: csv.name, text: csv.text });
  assert.deepEqual(fromCsv.records[0].answers, fromJson.records[0].answers);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
}

// The file as docs/formats.md defines assess-response/2.
function assertResponse2(r, { instrument, code, wave, lang, answers }) {
  assert.deepEqual(Object.keys(r).filter((k) => !['engine', 'integrity'].includes(k)),
    ['format', 'instrument', 'respondent', 'code', 'programme', 'wave', 'lang', 'submitted', 'answers']);
  assert.equal(r.format, 'assess-response/2');
  assert.deepEqual(r.instrument, { id: instrument.id, version: instrument.version });
  assert.equal(r.respondent, 'student');
  assert.equal(r.code, code);
  assert.equal(r.programme, study.programmes[1].id);
  assert.equal(r.wave, wave);
  assert.equal(r.lang, lang);
  assert.ok(!Number.isNaN(Date.parse(r.submitted)));
  assert.deepEqual(Object.keys(r.answers), instrument.items.map((i) => i.id), 'every item, in item order');
  assert.deepEqual(r.answers, Object.fromEntries(instrument.items.map((i) => [i.id, answers[i.id] ?? null])));
  const text = JSON.stringify(r);
  for (const q of codeQuestions) assert.ok(!text.includes(`"${q.id}"`), `the file names the code question ${q.id}`);
}

// The score summary is the engine's: its subscales and total as the engine
// scores these answers, or none for an instrument without them (background).
async function assertScores(page, instrument, answers) {
  const engine = await engineCall({ op: 'score', instrument, answers });
  assert.ok(engine.ok, JSON.stringify(engine.error));
  const rows = [...engine.result.subscales, ...(engine.result.total ? [engine.result.total] : [])];
  if (rows.length) {
    await page.waitForSelector('#score-table');
    const shown = await page.$$eval('#score-table tbody tr', (trs) => Object.fromEntries(trs.map((r) => [r.dataset.subscale, r.querySelector('td[data-value]').dataset.value])));
    assert.deepEqual(shown, Object.fromEntries(rows.map((s) => [s.id, s.score == null ? '' : String(s.score)])));
  } else {
    await page.waitForTimeout(1000);  // the page has asked the engine by now
    assert.equal(await page.locator('#scores > *').count(), 0, 'no summary and no error');
  }
  assert.equal(await page.locator('#step-done .error-box:visible').count(), 0);
}

// The engine imports the downloaded file without a problem (every item type
// read by import_responses; no study, since the default study names another
// instrument).
async function assertImported(instrument, file) {
  const r = await engineCall({ op: 'import_responses', instrument, files: [{ name: file.name, text: file.text }] });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.equal(r.result.counts.records, 1);
  assert.deepEqual(r.result.problems.filter((p) => p.severity !== 'warning'), []);
  return r.result;
}

test('every item type, keyboard only, in Kazakh on a phone', async () => {
  await answerAllTypesByKeyboard({ lang: 'kk', viewport: PHONE, wave: 'pre', decimal: ',' });
});

test('every item type, keyboard only, in Russian on a desktop', async () => {
  await answerAllTypesByKeyboard({ lang: 'ru', viewport: DESKTOP, wave: 'post', decimal: '.' });
});

// A value for every item of a shipped instrument (the second option, the
// middle of a number's range, a Likert point), entered with the mouse.
function valuesFor(instrument, lang) {
  return Object.fromEntries(instrument.items.map((item, i) => {
    switch (item.type ?? 'likert') {
      case 'choice': return [item.id, item.options[1].id];
      case 'multi': return [item.id, [item.options[0].id]];
      case 'number': return [item.id, item.integer ? Math.round((item.min + item.max) / 2) : (item.min + item.max) / 2 + 0.25];
      case 'text': return [item.id, lang === 'kk' ? 'Тәжірибелік сабақтар көбірек болса екен.' : 'Больше практических занятий.'];
      default: return [item.id, (i % 5) + 1];
    }
  }));
}

async function enter(page, item, v) {
  switch (item.type ?? 'likert') {
    case 'multi': for (const id of v) await page.check(`#a-${item.id}-${id}`); break;
    case 'number': await page.fill(`#a-${item.id}`, String(v).replace('.', ',')); await page.press(`#a-${item.id}`, 'Tab'); break;
    case 'text': await page.fill(`#a-${item.id}`, v); break;
    default: await page.check(`#a-${item.id}-${v}`);
  }
}

for (const [id, lang] of [['background', 'ru'], ['satisfaction', 'kk'], ['employer-feedback', 'ru']]) {
  test(`the shipped ${id} instrument: answered, kept across a reload, downloaded (${lang})`, async () => {
    const instrument = shipped(id);
    const values = valuesFor(instrument, lang);
    const device = await site.newDevice({ viewport: PHONE });
    const page = await open(device, `questionnaire.html?instrument=${id}&lang=${lang}`);
    assert.ok(await page.isHidden('#load-error'), 'the page runs the instrument');
    assert.equal(await page.textContent('#instrument-title'), instrument.title[lang]);
    const code = await startQuestionnaire(page, { codeAnswers, programme: study.programmes[1].id, wave: 'post' });
    const half = Math.ceil(instrument.items.length / 2);
    for (const item of instrument.items.slice(0, half)) await enter(page, item, values[item.id]);
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    assert.ok(await page.isVisible('#step-items'));
    assert.equal(await page.textContent('#progress-text'), say(lang, 'q.items.progress', { n: half, total: instrument.items.length }));
    for (const item of instrument.items.slice(half)) await enter(page, item, values[item.id]);
    await assertAccessible(page, `(${id} items)`);
    await page.click('#items-next');
    await page.waitForSelector('#step-review:not([hidden])');
    await page.click('#submit');
    await page.waitForSelector('#step-done:not([hidden])');
    const file = await downloadText(page, () => page.click('#download-json'));
    assertResponse2(JSON.parse(file.text), { instrument, code, wave: 'post', lang, answers: values });
    await assertScores(page, instrument, values);
    await assertImported(instrument, file);
    assertNoForeignRequests(device);
    assertNoProblems(device);
    await device.context.close();
  });
}
