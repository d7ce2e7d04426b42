// What students and experts do on the pages, as reusable steps for the
// browser tests (questionnaire, rubric and journey tests).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { root, open } from './helpers.mjs';

export const instrument = JSON.parse(readFileSync(path.join(root, 'rubrics/competency-12.v1.json'), 'utf8'));
export const rubric = JSON.parse(readFileSync(path.join(root, 'rubrics/expert-panel.v1.json'), 'utf8'));
export const study = JSON.parse(readFileSync(path.join(root, 'rubrics/study.microcredentials.v1.json'), 'utf8'));
export const codeQuestions = study.code?.questions ?? study.code_questions;

export async function setLanguage(page, lang) {
  await page.selectOption('#lang-select', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

// Consent, code, programme and wave. codeAnswers: {question id: text}.
export async function startQuestionnaire(page, { codeAnswers, programme, wave, group = null }) {
  await page.check('#consent-box');
  await page.click('#consent-next');
  await page.waitForSelector('#step-code:not([hidden])');
  for (const q of codeQuestions) await page.fill(`.cq-input[data-question="${q.id}"]`, codeAnswers[q.id]);
  await page.click('#make-code');
  await page.waitForSelector('#code-result:not([hidden])');
  const code = (await page.textContent('#code-value')).trim();
  await page.selectOption('#programme', programme);
  await page.check(`#wave-${wave}`);
  if (group) await page.selectOption('#group', group);
  await page.click('#code-next');
  await page.waitForSelector('#step-items:not([hidden])');
  return code;
}

// Answers the items: values[i] is the answer to item i (null = skip).
export async function answerItems(page, values, { from = 0, to = values.length, ids = instrument.items.map((x) => x.id) } = {}) {
  for (let i = from; i < to; i++) {
    if (values[i] == null) continue;
    await page.check(`#a-${ids[i]}-${values[i]}`);
  }
}

export async function finishQuestionnaire(page) {
  await page.click('#items-next');
  await page.waitForSelector('#step-review:not([hidden])');
  await page.click('#submit');
  await page.waitForSelector('#step-done:not([hidden])');
  await page.waitForSelector('#score-table');
}

// The scores shown on the results step: {subscale id: number|null}.
export async function shownScores(page) {
  return page.$$eval('#score-table tbody tr', (rows) => Object.fromEntries(rows.map((r) => {
    const v = r.querySelector('td[data-value]').dataset.value;
    return [r.dataset.subscale, v === '' ? null : Number(v)];
  })));
}

export function assertResponseFile(file, { code, programme, wave, lang, values }) {
  assert.equal(file.format, 'assess-response/1');
  assert.deepEqual(file.instrument, { id: instrument.id, version: instrument.version });
  assert.equal(file.code, code);
  assert.equal(file.programme, programme);
  assert.equal(file.wave, wave);
  assert.equal(file.lang, lang);
  assert.ok(!Number.isNaN(Date.parse(file.submitted)), 'submitted is a timestamp');
  assert.deepEqual(Object.keys(file.answers), instrument.items.map((i) => i.id));
  instrument.items.forEach((it, i) => assert.equal(file.answers[it.id], values[i] ?? null, it.id));
  // Nothing of the code questions travels in the file.
  const text = JSON.stringify(file);
  for (const q of codeQuestions) assert.ok(!text.includes(`"${q.id}"`), `the file names the code question ${q.id}`);
}

// Presses Tab until the element matching `selector` has the focus.
export async function tabTo(page, selector, { max = 200, shift = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

// The analysis page at rest: no run in progress.
export const analysisIdle = (page, timeout = 120_000) => page.waitForFunction(
  () => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled, null, { timeout });

// The analysis page in `lang` with the second demo (study.stackable) loaded
// by its button and analysed, once `ready` (the results' first table, or the
// study report's counts) is shown.
export async function openDemo2(device, lang, { ready = '#results table' } = {}) {
  const page = await open(device, 'analysis.html');
  await setLanguage(page, lang);
  await Promise.all([page.waitForURL(/study=stackable&demo=2/), page.click('#load-demo2')]);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length > 10, null, { timeout: 60_000 });
  await page.waitForSelector(ready, { timeout: 120_000 });
  await analysisIdle(page);
  return page;
}
