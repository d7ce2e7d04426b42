// The questionnaire of the shipped assess-study/2, study.stackable.v1
// (docs/formats.md "Study assess-study/2"): the instruments of the chosen wave asked one after the
// other with one progress bar (background and competency-12 at pre; GPA,
// competency-12 and satisfaction at post), the consent listing the
// background questions, a control group without programme, the employer
// link (?role=employer: employer code, the graduate's programme and code),
// and one assess-responses/2 bundle per sitting. Kazakh with the keyboard
// alone, Russian with the mouse; zero axe violations at 360 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, screenshots,
  root, PHONE, DESKTOP,
} from './helpers.mjs';
import { codeQuestions, tabTo } from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

const FILE = 'study.stackable.v1.json';
const study = JSON.parse(readFileSync(path.join(root, 'rubrics', FILE), 'utf8'));
const doc = (id) => JSON.parse(readFileSync(path.join(root, 'rubrics', `${id}.v1.json`), 'utf8'));
const background = doc('background');
const competency = doc('competency-12');
const satisfaction = doc('satisfaction');
const employerFeedback = doc('employer-feedback');
const texts = Object.fromEntries(['kk', 'ru', 'en'].map((l) => [l, JSON.parse(readFileSync(path.join(root, 'web/i18n', `${l}.json`), 'utf8'))]));
const say = (lang, key, params = {}) => texts[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));

const codeAnswers = { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' };

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// axe at both widths, the page no wider than either (screenshots()).
async function checkBothWidths(page, name) {
  await screenshots(page, name);
  const size = page.viewportSize();
  for (const vp of [PHONE, DESKTOP]) {
    await page.setViewportSize(vp);
    await assertAccessible(page, `(${name}, ${vp.width} px)`);
  }
  await page.setViewportSize(size);
}

// The answers given: Likert i -> (i % 5) + 1, the first option of a choice,
// the middle of a number's range, a sentence for a text.
function valueOf(item, i, lang) {
  switch (item.type ?? 'likert') {
    case 'choice': return item.options[0].id;
    case 'number': return item.integer ? Math.round((item.min + item.max) / 2) : 3.5;
    case 'text': return lang === 'kk' ? 'Көбірек тәжірибе керек.' : 'Больше практики.';
    default: return (i % 5) + 1;
  }
}

// The items of one part answered with the keys alone.
async function answerPartByKeyboard(page, items, lang) {
  const kb = page.keyboard;
  for (const [i, item] of items.entries()) {
    const v = valueOf(item, i, lang);
    switch (item.type ?? 'likert') {
      case 'number':
        await tabTo(page, `#a-${item.id}`);
        await kb.type(String(v).replace('.', ','));
        break;
      case 'text':
        await tabTo(page, `#a-${item.id}`);
        await kb.type(v);
        break;
      default:
        // Space checks the first point or option; Likert moves on with the arrows.
        await tabTo(page, `input[name="item-${item.id}"]`);
        await kb.press('Space');
        if ((item.type ?? 'likert') === 'likert') for (let k = 1; k < v; k++) await kb.press('ArrowRight');
    }
  }
  return Object.fromEntries(items.map((item, i) => [item.id, valueOf(item, i, lang)]));
}

async function answerPartByMouse(page, items, lang) {
  for (const [i, item] of items.entries()) {
    const v = valueOf(item, i, lang);
    const type = item.type ?? 'likert';
    if (type === 'number' || type === 'text') await page.fill(`#a-${item.id}`, String(v));
    else await page.check(`#a-${item.id}-${v}`);
  }
  return Object.fromEntries(items.map((item, i) => [item.id, valueOf(item, i, lang)]));
}

async function keyboardCode(page, { wave, programme }) {
  const kb = page.keyboard;
  await tabTo(page, '#consent-box');
  await kb.press('Space');
  await tabTo(page, '#consent-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-code:not([hidden])');
  if (await page.isVisible('#code-form')) {
    for (const q of codeQuestions) {
      await tabTo(page, `.cq-input[data-question="${q.id}"]`);
      await kb.type(codeAnswers[q.id]);
    }
    await kb.press('Enter');
    await page.waitForSelector('#code-result:not([hidden])');
  }
  // The experimental group, then its programme (the group comes first: the
  // control group names none).
  await tabTo(page, '#group');
  await kb.press('ArrowDown');
  await tabTo(page, '#programme');
  const index = study.programmes.findIndex((p) => p.id === programme);
  for (let k = 0; k <= index; k++) await kb.press('ArrowDown');
  await tabTo(page, 'input[name="wave"]');
  await kb.press('Space');
  if (!await page.isChecked(`#wave-${wave}`)) await kb.press('ArrowRight');
  assert.ok(await page.isChecked(`#wave-${wave}`));
  await tabTo(page, '#code-next');
  await kb.press('Enter');
  await page.waitForSelector('#step-items:not([hidden])');
}

function assertBundle(bundle, { wave, lang, code, programme, group, parts }) {
  assert.equal(bundle.format, 'assess-responses/2');
  assert.deepEqual(bundle.study, { id: study.id, version: study.version });
  assert.deepEqual(bundle.responses.map((r) => r.instrument.id), parts.map((p) => p.instrument.id));
  bundle.responses.forEach((r, i) => {
    const { instrument, items, answers } = parts[i];
    assert.equal(r.format, 'assess-response/2');
    assert.deepEqual(r.instrument, { id: instrument.id, version: instrument.version });
    assert.equal(r.respondent, 'student');
    assert.equal(r.code, code);
    if (programme) assert.equal(r.programme, programme);
    else assert.ok(!('programme' in r), 'a group without programme names none');
    assert.equal(r.group, group);
    assert.equal(r.wave, wave);
    assert.equal(r.lang, lang);
    // The items asked at this wave, in item order, each answered as given.
    assert.deepEqual(Object.keys(r.answers), items.map((it) => it.id));
    assert.deepEqual(r.answers, answers);
  });
  const text = JSON.stringify(bundle);
  for (const q of codeQuestions) assert.ok(!text.includes(`"${q.id}"`), `the file names the code question ${q.id}`);
}

// The engine reads the bundle without a problem (import_responses with the
// study's instruments: every record in its instrument's table).
async function assertImported(file, instruments, n) {
  const r = await engineCall({ op: 'import_responses', study, instruments, files: [{ name: file.name, text: file.text }] });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.result.problems.filter((p) => p.severity !== 'warning'), []);
  assert.equal(r.result.counts.records, n);
}

test('a student in Kazakh, keyboard only: pre-test (background, competency-12), then post-test (GPA, competency-12, satisfaction)', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, `questionnaire.html?study=${FILE}&lang=kk`);
  assert.ok(await page.isHidden('#load-error'));
  assert.equal(await page.textContent('#instrument-title'), study.title.kk);
  // The consent lists the background questions.
  assert.ok(await page.isVisible('#consent-background'));
  assert.deepEqual(await page.$$eval('#consent-background-list li', (x) => x.map((li) => li.textContent)), background.items.map((it) => it.text.kk));
  await checkBothWidths(page, 'study2-kk-consent');

  const programme = study.programmes[2].id;
  await keyboardCode(page, { wave: 'pre', programme });
  const code = (await page.textContent('#code-value')).trim();
  const total = background.items.length + competency.items.length;
  assert.equal(await page.textContent('#part-heading'), say('kk', 'q.items.part', { part: 1, parts: 2, title: background.title.kk }));
  assert.equal(await page.textContent('#progress-text'), say('kk', 'q.items.progress_parts', { part: 1, parts: 2, n: 0, total }));
  const bg = await answerPartByKeyboard(page, background.items, 'kk');
  await checkBothWidths(page, 'study2-kk-items');
  await tabTo(page, '#items-next');
  assert.equal(await page.textContent('#items-next'), say('kk', 'q.items.next_part'));
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('#part-heading').textContent === t, say('kk', 'q.items.part', { part: 2, parts: 2, title: competency.title.kk }));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'part-heading', 'the focus moves to the new part');
  // Numbered through the parts.
  assert.match(await page.textContent(`#item-${competency.items[0].id} .item-number`), new RegExp(`^${background.items.length + 1}\\.`));
  // A reload keeps the part and every answer.
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.equal(await page.textContent('#progress-text'), say('kk', 'q.items.progress_parts', { part: 2, parts: 2, n: background.items.length, total }));
  const comp = await answerPartByKeyboard(page, competency.items, 'kk');
  await tabTo(page, '#items-next');
  assert.equal(await page.textContent('#items-next'), say('kk', 'q.items.to_review'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-review:not([hidden])');
  assert.deepEqual(await page.$$eval('#review-list h3', (x) => x.map((h) => h.textContent)), [background.title.kk, competency.title.kk]);
  assert.equal(await page.locator('#review-list .answer.none').count(), 0);
  await checkBothWidths(page, 'study2-kk-review');
  await tabTo(page, '#submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-done:not([hidden])');
  // competency-12's scores (background has none to show).
  await page.waitForSelector('#score-table-competency-12');
  assert.ok(await page.isHidden('#download-csv'), 'one JSON bundle');
  await checkBothWidths(page, 'study2-kk-done');
  const pre = await downloadText(page, async () => {
    await tabTo(page, '#download-json');
    await page.keyboard.press('Enter');
  });
  assert.match(pre.name, /^responses-pre-\d{8}-\d{6}\.json$/);
  assertBundle(JSON.parse(pre.text), { wave: 'pre', lang: 'kk', code, programme, group: 'experimental', parts: [
    { instrument: background, items: background.items, answers: bg },
    { instrument: competency, items: competency.items, answers: comp },
  ] });
  await assertImported(pre, [background, competency, satisfaction, employerFeedback], 2);

  // The post-test on the same device: the code's programme and group are
  // carried over, the wave is post; GPA is the only background question.
  await tabTo(page, '#start-again');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-code:not([hidden])');
  for (const q of codeQuestions) {
    await tabTo(page, `.cq-input[data-question="${q.id}"]`);
    await page.keyboard.type(codeAnswers[q.id]);
  }
  await page.keyboard.press('Enter');
  await page.waitForSelector('#code-result:not([hidden])');
  assert.equal(await page.inputValue('#programme'), programme);
  assert.ok(await page.isChecked('#wave-post'));
  await tabTo(page, '#code-next');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-items:not([hidden])');
  const gpaItems = background.items.filter((it) => it.id === 'GPA');
  const gpa = await answerPartByKeyboard(page, gpaItems, 'kk');
  await tabTo(page, '#items-next');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'part-heading');
  const comp2 = await answerPartByKeyboard(page, competency.items, 'kk');
  await tabTo(page, '#items-next');
  await page.keyboard.press('Enter');
  await page.waitForFunction((t) => document.querySelector('#part-heading').textContent === t, say('kk', 'q.items.part', { part: 3, parts: 3, title: satisfaction.title.kk }));
  const sat = await answerPartByKeyboard(page, satisfaction.items, 'kk');
  await checkBothWidths(page, 'study2-kk-post-items');
  await tabTo(page, '#items-next');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-review:not([hidden])');
  await tabTo(page, '#submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#step-done:not([hidden])');
  // Pre against post for competency-12, held on this device.
  await page.waitForSelector('#prepost-table-competency-12');
  const post = await downloadText(page, () => page.click('#download-json'));
  assertBundle(JSON.parse(post.text), { wave: 'post', lang: 'kk', code, programme, group: 'experimental', parts: [
    { instrument: background, items: gpaItems, answers: gpa },
    { instrument: competency, items: competency.items, answers: comp2 },
    { instrument: satisfaction, items: satisfaction.items, answers: sat },
  ] });
  await assertImported(post, [background, competency, satisfaction, employerFeedback], 3);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
});

test('a student of the control group in Russian: no programme, the bundle names none', async () => {
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, `questionnaire.html?study=${FILE}&lang=ru&group=control`);
  await page.check('#consent-box');
  await page.click('#consent-next');
  for (const q of codeQuestions) await page.fill(`.cq-input[data-question="${q.id}"]`, codeAnswers[q.id]);
  await page.click('#make-code');
  await page.waitForSelector('#code-result:not([hidden])');
  const code = (await page.textContent('#code-value')).trim();
  assert.equal(await page.inputValue('#group'), 'control');
  assert.ok(await page.isHidden('#programme-field'), 'the control group names no programme');
  await page.check('#wave-pre');
  await page.click('#code-next');
  await page.waitForSelector('#step-items:not([hidden])');
  const bg = await answerPartByMouse(page, background.items, 'ru');
  await page.click('#items-next');
  const comp = await answerPartByMouse(page, competency.items, 'ru');
  await page.click('#items-next');
  await page.waitForSelector('#step-review:not([hidden])');
  assert.deepEqual(await page.$$eval('#review-about dt', (x) => x.map((d) => d.textContent)), [texts.ru['q.review.code'], texts.ru['q.review.wave']]);
  await page.click('#submit');
  await page.waitForSelector('#step-done:not([hidden])');
  await checkBothWidths(page, 'study2-ru-done');
  const file = await downloadText(page, () => page.click('#download-json'));
  assertBundle(JSON.parse(file.text), { wave: 'pre', lang: 'ru', code, programme: null, group: 'control', parts: [
    { instrument: background, items: background.items, answers: bg },
    { instrument: competency, items: competency.items, answers: comp },
  ] });
  await assertImported(file, [background, competency, satisfaction, employerFeedback], 2);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
});

for (const [lang, viewport] of [['ru', PHONE], ['kk', DESKTOP]]) {
  test(`an employer in ${lang}: employer code, the graduate's programme and code, the employers' instrument`, async () => {
    const device = await site.newDevice({ viewport });
    const page = await open(device, `questionnaire.html?study=${FILE}&role=employer&lang=${lang}`);
    assert.ok(await page.isHidden('#load-error'));
    assert.equal(await page.textContent('[data-i18n="q.employer.consent.p1"]'), texts[lang]['q.employer.consent.p1']);
    assert.ok(await page.isHidden('#consent-background'), 'employers are asked no background questions');
    assert.equal(await page.textContent('#step-label-code'), texts[lang]['q.employer.step']);
    await checkBothWidths(page, `study2-employer-${lang}-consent`);
    await page.check('#consent-box');
    await page.click('#consent-next');
    await page.waitForSelector('#step-code:not([hidden])');
    assert.ok(await page.isHidden('#code-form'), 'no code questions for an employer');
    assert.ok(await page.isHidden('#group-field'));
    assert.ok(await page.isHidden('#wave-set'), 'the only wave of the employers is not asked');
    // Nothing given: what is missing is said.
    await page.click('#code-next');
    assert.equal(await page.textContent('#code-next-msg'), say(lang, 'q.missing.intro', { list: [texts[lang]['q.missing.employer'], texts[lang]['q.missing.graduate_programme']].join(', ') }));
    // A bad employer code and a mistyped graduate code are said at their fields.
    await page.fill('#employer', '7 EMP');
    await page.selectOption('#programme', study.programmes[1].id);
    const graduate = (await engineCall({ op: 'make_code', study: { ...JSON.parse(readFileSync(path.join(root, 'rubrics/study.microcredentials.v1.json'), 'utf8')) }, answers: codeAnswers })).result.code;
    const wrong = graduate.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    await page.fill('#graduate', wrong);
    await page.click('#code-next');
    await page.waitForFunction(() => document.activeElement?.id === 'employer', null, { timeout: 5000 });
    assert.equal(await page.textContent('#employer-error'), texts[lang]['q.employer.id_bad']);
    assert.equal(await page.getAttribute('#employer', 'aria-invalid'), 'true');
    await page.fill('#employer', 'EMP07');
    await page.click('#code-next');
    await page.waitForSelector('#graduate-error:not([hidden]) .msg-text');
    assert.equal(await page.getAttribute('#graduate-error', 'data-msg-id'), 'code.check_mismatch');
    assert.ok((await page.textContent('#graduate-error')).includes(wrong), 'the message names the code as typed');
    assert.ok(await page.isHidden('#code-next-msg'), 'what was missing is given now');
    await page.waitForFunction(() => document.activeElement?.id === 'graduate', null, { timeout: 5000 });
    await checkBothWidths(page, `study2-employer-${lang}-code`);
    await page.fill('#graduate', graduate.toLowerCase());
    await page.click('#code-next');
    await page.waitForSelector('#step-items:not([hidden])');
    assert.ok(await page.isHidden('#part-heading'), 'one part: no part heading');
    const answers = await answerPartByMouse(page, employerFeedback.items, lang);
    await checkBothWidths(page, `study2-employer-${lang}-items`);
    await page.click('#items-next');
    await page.waitForSelector('#step-review:not([hidden])');
    assert.deepEqual(await page.$$eval('#review-about dd', (x) => x.map((d) => d.textContent)),
      ['EMP07', study.programmes[1].title[lang], graduate, study.waves[1].title[lang]]);
    await page.click('#submit');
    await page.waitForSelector('#step-done:not([hidden])');
    assert.equal(await page.textContent('#export-text'), texts[lang]['q.employer.export_text']);
    assert.equal(await page.locator('#scores > *').count(), 0, 'an employer is shown no scores');
    await checkBothWidths(page, `study2-employer-${lang}-done`);
    const file = await downloadText(page, () => page.click('#download-json'));
    const bundle = JSON.parse(file.text);
    assert.equal(bundle.format, 'assess-responses/2');
    assert.equal(bundle.responses.length, 1);
    const r = bundle.responses[0];
    assert.deepEqual(Object.keys(r), ['format', 'instrument', 'respondent', 'employer', 'programme', 'graduate', 'wave', 'lang', 'submitted', 'answers']);
    assert.deepEqual([r.respondent, r.employer, r.programme, r.graduate, r.wave, r.lang], ['employer', 'EMP07', study.programmes[1].id, graduate, 'post', lang]);
    assert.deepEqual(r.answers, answers);
    assert.ok(!('code' in r) && !('group' in r));
    await assertImported(file, [background, competency, satisfaction, employerFeedback], 1);
    // Rate another graduate: the employer code stays, the graduate goes.
    await page.click('#start-again');
    await page.waitForSelector('#step-code:not([hidden])');
    assert.equal(await page.inputValue('#employer'), 'EMP07');
    assert.equal(await page.inputValue('#graduate'), '');
    assertNoForeignRequests(device);
    assertNoProblems(device);
    await device.context.close();
  });
}
