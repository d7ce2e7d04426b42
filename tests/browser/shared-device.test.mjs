// Students on shared lab computers and in messengers' in-app browsers
// (issue "what a researcher meets with real files", part 5), and the code
// step's own conveniences: Continue makes the code, a post-test on the same
// device gets the programme and group of the pre-test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, PHONE,
} from './helpers.mjs';
import {
  study, codeQuestions, setLanguage, startQuestionnaire, answerItems, finishQuestionnaire,
} from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const codeAnswers = { mother: 'Әсел', birthday: '12', birthplace: 'Ақтөбе' };
const values = [4, 5, 3, 4, 2, 4, 4, 5, 3, 4, 2, 3];
const programme = study.programmes[0].id;

// Every key the site keeps in this browser, but the language choice.
const keptKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'assess.lang'));

test('a shared computer keeps nothing; a reload starts afresh; the answers still download', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  await setLanguage(page, 'ru');
  assert.match(await page.textContent('label[for="shared-box"]'), /общий компьютер/);
  await assertAccessible(page, 'consent with the shared-computer choice (ru)');
  await page.check('#shared-box');
  const code = await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
  await answerItems(page, values);
  assert.deepEqual(await keptKeys(page), [], 'nothing stored while answering');
  await finishQuestionnaire(page);
  const json = await downloadText(page, () => page.click('#download-json'));
  assert.equal(JSON.parse(json.text).code, code);
  assert.ok(await page.isHidden('#after-download'), 'no erase offer: nothing was kept');
  assert.deepEqual(await keptKeys(page), []);
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.ok(await page.isVisible('#step-consent'), 'a reload starts at the beginning');
  assert.equal(await page.isChecked('#consent-box'), false);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('after a download the page offers to erase, and erasing leaves nothing', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  await setLanguage(page, 'kk');
  await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
  await answerItems(page, values);
  await finishQuestionnaire(page);
  assert.ok(await page.isHidden('#after-download'), 'offered only after a download');
  assert.notDeepEqual(await keptKeys(page), []);
  await downloadText(page, () => page.click('#download-json'));
  await page.waitForSelector('#after-download:not([hidden])');
  assert.match(await page.textContent('#after-download-text'), /Ортақ компьютерде/);
  await assertAccessible(page, 'erase offer after the download (kk)');
  await page.click('#erase-now');
  assert.deepEqual(await keptKeys(page), []);
  await page.click('#download-csv').catch(() => {});  // a later click writes nothing either
  assert.deepEqual(await keptKeys(page), []);
  assertNoProblems(device);
});

test('Continue makes the code; the post-test gets the programme and group of the pre-test', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  await setLanguage(page, 'en');
  await page.check('#consent-box');
  await page.click('#consent-next');
  await page.waitForSelector('#step-code:not([hidden])');
  for (const q of codeQuestions) await page.fill(`.cq-input[data-question="${q.id}"]`, codeAnswers[q.id]);
  const group = study.groups?.[0]?.id ?? null;
  await page.selectOption('#programme', programme);
  if (group) await page.selectOption('#group', group);
  await page.check('#wave-pre');
  await page.click('#code-next');  // no "Make my code" press
  await page.waitForSelector('#step-items:not([hidden])');
  const expected = await engineCall({ op: 'make_code', study, answers: { ...codeAnswers } });
  assert.match(expected.result.code, /-\d\d$/, 'two check digits');
  await answerItems(page, values);
  await finishQuestionnaire(page);
  await page.click('#start-again');
  await page.waitForSelector('#step-code:not([hidden])');
  for (const q of codeQuestions) await page.fill(`.cq-input[data-question="${q.id}"]`, codeAnswers[q.id]);
  await page.click('#make-code');
  await page.waitForSelector('#code-result:not([hidden])');
  assert.equal((await page.textContent('#code-value')).trim(), expected.result.code);
  assert.equal(await page.inputValue('#programme'), programme);
  if (group) assert.equal(await page.inputValue('#group'), group);
  assert.equal(await page.isChecked('#wave-post'), true);
  assertNoProblems(device);
});

test('inside a messenger the page asks, in the reader\'s language, to open it in Chrome or Safari', async () => {
  const ua = 'Mozilla/5.0 (Linux; Android 13; SM-A135F Build/TP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Version/4.0 Chrome/120.0.0.0 Mobile Safari/537.36 Telegram-Android/10.5.0';
  const device = await site.newDevice({ viewport: PHONE, userAgent: ua });
  const page = await open(device, 'questionnaire.html');
  await setLanguage(page, 'kk');
  await page.waitForSelector('#inapp-warning:not([hidden])');
  const text = await page.textContent('#inapp-text');
  assert.match(text, /Telegram/);
  assert.match(text, /Chrome немесе Safari/);
  assert.equal((await page.textContent('#inapp-url')).trim(), page.url());
  await setLanguage(page, 'ru');
  assert.match(await page.textContent('#inapp-text'), /Chrome или Safari/);
  await assertAccessible(page, 'in-app browser warning (ru)');
  // An ordinary browser sees no warning.
  const plain = await open(await site.newDevice({ viewport: PHONE }), 'questionnaire.html');
  assert.ok(await plain.isHidden('#inapp-warning'));
});
