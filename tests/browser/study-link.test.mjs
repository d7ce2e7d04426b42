// Links that carry the study (issue 18, docs/web.md "Study links"):
// questionnaire.html#sd=<study> and rubric.html#sd=<study> open in a fresh
// browser, show the link study's title and fingerprint, and work as with
// ?study=; hostile links (markup in the title, a deflate bomb, random bytes,
// JSON that is no study, a study the engine refuses, a study naming an
// instrument the site lacks) get a clear message and run nothing. Over plain
// HTTP (not a secure context: no crypto.subtle) the fingerprint is the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  startSite, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, root, PHONE,
  CHROMIUM, CHROMIUM_ARGS,
} from './helpers.mjs';
import { study, rubric, instrument, setLanguage, startQuestionnaire, answerItems, finishQuestionnaire, assertResponseFile } from './flows.mjs';
import { encodeStudy, fingerprint, recipientsFingerprint } from '../../web/js/study-link.js';

const texts = Object.fromEntries(['en', 'ru', 'kk'].map((l) => [l, JSON.parse(readFileSync(path.join(root, `web/i18n/${l}.json`), 'utf8'))]));

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// The study in the links: the site's study with a title of its own, so that
// the page can only show it by reading the link.
const linked = {
  ...study,
  title: { kk: 'Сілтемедегі сынақ зерттеуі', ru: 'Пробное исследование из ссылки', en: 'A trial study from a link' },
};
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const codeAnswers = { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' };
const values = [4, 5, 3, 2, 2, 4, 4, 5, 3, 4, 2, 3];

// Opens a page of a link in a fresh device; records dialogs.
async function openLink(rel, { locale = 'en-US', viewport } = {}) {
  const device = await site.newDevice({ locale, ...(viewport ? { viewport } : {}) });
  const page = await device.context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    if (d.type() === 'beforeunload') return void d.accept().catch(() => {});  // the leave warning (safekeep.js)
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(`${device.origin}/${rel}`);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  return { device, page, dialogs };
}

test('a student opens the questionnaire link in a fresh browser (kk, then en) and hands in the answers', async () => {
  const sd = await encodeStudy(linked);
  const fp = await fingerprint(linked);
  const { device, page, dialogs } = await openLink(`questionnaire.html#sd=${sd}`, { viewport: PHONE });
  await setLanguage(page, 'kk');
  await page.waitForSelector('#link-study:not([hidden])');
  assert.equal(await page.textContent('#link-study-title'), linked.title.kk);
  assert.equal(await page.textContent('#link-study-fp'), fp);
  assert.match(fp, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  await assertAccessible(page, '(link study, consent, kk)');
  const code = await startQuestionnaire(page, { codeAnswers, programme: study.programmes[0].id, wave: 'pre' });
  await answerItems(page, values);
  await finishQuestionnaire(page);
  const json = await downloadText(page, () => page.click('#download-json'));
  assertResponseFile(JSON.parse(json.text), { code, programme: study.programmes[0].id, wave: 'pre', lang: 'kk', values });
  await setLanguage(page, 'en');
  assert.equal(await page.textContent('#link-study-title'), linked.title.en);
  assert.equal(await page.textContent('#link-study-fp'), fp);
  assert.equal(await page.textContent('#link-study [data-i18n="link.fingerprint"]'), texts.en['link.fingerprint']);
  await assertAccessible(page, '(link study, results, en)');
  assert.deepEqual(dialogs, []);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  // No request carried the study: the fragment stays in the browser.
  assert.ok(device.requests.every((u) => !u.includes(sd.slice(0, 40))), 'a request carried the link\'s study');
});

test('the link wins over ?study=, and a new link pasted into the tab is read', async () => {
  const sd = await encodeStudy(linked);
  const { device, page } = await openLink(`questionnaire.html?study=study.microcredentials.v1.json#sd=${sd}`);
  await page.waitForSelector('#link-study:not([hidden])');
  assert.equal(await page.textContent('#link-study-title'), linked.title.en);
  const other = { ...linked, title: { kk: 'Басқа', ru: 'Другое', en: 'Another study' } };
  const sd2 = await encodeStudy(other);
  await Promise.all([page.waitForEvent('load'), page.evaluate((h) => { window.location.hash = h; }, `sd=${sd2}`)]);
  await page.waitForSelector('body[data-ready]');
  await page.waitForFunction((t) => document.getElementById('link-study-title').textContent === t, other.title.en);
  assert.equal(await page.textContent('#link-study-fp'), await fingerprint(other));
  assertNoProblems(device);
});

test('a reload of the link resumes; the site’s own study keeps its draft apart; the stackable study opens', async () => {
  const sd = await encodeStudy(linked);
  const { device, page } = await openLink(`questionnaire.html#sd=${sd}`);
  await startQuestionnaire(page, { codeAnswers, programme: study.programmes[1].id, wave: 'post' });
  await answerItems(page, values, { to: 3 });
  // The skip link moves the focus but keeps the study in the address.
  await page.focus('.skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.ok(page.url().endsWith(`#sd=${sd}`), 'the skip link replaced the study in the address');
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.ok(await page.isVisible('#step-items'), 'the link resumes on the questions');
  assert.equal(await page.textContent('#link-study-title'), linked.title.en);
  for (let i = 0; i < 3; i++) assert.ok(await page.isChecked(`#a-${instrument.items[i].id}-${values[i]}`), instrument.items[i].id);
  const plain = await device.context.newPage();
  await plain.goto(`${device.origin}/questionnaire.html`);
  await plain.waitForSelector('body[data-ready]');
  assert.ok(await plain.isVisible('#step-consent'), 'the site\'s study starts afresh');
  assert.equal(await plain.isVisible('#link-study'), false);
  const stackable = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  assert.equal(await page.isVisible('#link-study-rcp'), false, 'a plain study names no keys');
  // An encrypted assess-study/2: the keys' fingerprint beside the study's,
  // on the questionnaire and on the rubric page.
  const keys = ['age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcz', 'age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvp0'];
  const encrypted = { ...stackable, encryption: { recipients: keys } };
  for (const which of ['questionnaire', 'rubric']) {
    const page2 = await device.context.newPage();
    await page2.goto(`${device.origin}/${which}.html#sd=${await encodeStudy(encrypted)}`);
    await page2.waitForSelector('body[data-ready]');
    await page2.waitForSelector('#link-study:not([hidden])');
    assert.equal(await page2.textContent('#link-study-title'), stackable.title.en);
    assert.equal(await page2.textContent('#link-study-fp'), await fingerprint(encrypted));
    assert.equal(await page2.textContent('#link-study-rfp'), await recipientsFingerprint([...keys].reverse()), which);
    assert.equal(await page2.isVisible('#link-study-rcp'), true);
    assert.equal(await page2.isVisible('#load-error'), false, which);
  }
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('an expert opens the rubric link (ru) and exports the ratings', async () => {
  const sd = await encodeStudy(linked);
  const { device, page } = await openLink(`rubric.html#sd=${sd}`, { locale: 'ru-RU' });
  await setLanguage(page, 'ru');
  await page.waitForSelector('#link-study:not([hidden])');
  assert.equal(await page.textContent('#link-study-title'), linked.title.ru);
  assert.equal(await page.textContent('#link-study-fp'), await fingerprint(linked));
  await page.fill('#expert', 'E01');
  for (const prog of study.programmes) {
    await page.click(`.prog-button[data-programme="${prog.id}"]`);
    for (const crit of rubric.criteria) await page.check(`#l-${prog.id}-${crit.id}-4`);
  }
  await assertAccessible(page, '(link study, rubric, ru)');
  const json = await downloadText(page, () => page.click('#download-json'));
  const file = JSON.parse(json.text);
  assert.equal(file.format, 'assess-ratings/1');
  assert.deepEqual(file.rubric, { id: rubric.id, version: rubric.version });
  assert.equal(file.ratings.length, study.programmes.length);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// A hostile link: the page shows the refusal `key` (in English unless
// `lang`), hides the steps and the link study, runs no script.
async function refused(rel, key, { lang = 'en', params = {}, page: which = 'questionnaire.html' } = {}) {
  const start = Date.now();
  const { device, page, dialogs } = await openLink(`${which}#sd=${rel}`, { locale: lang === 'en' ? 'en-US' : `${lang}-KZ` });
  if (lang !== 'en') await setLanguage(page, lang);
  await page.waitForSelector('#load-error:not([hidden])');
  let want = texts[lang][key];
  for (const [k, v] of Object.entries(params)) want = want.replace(`{${k}}`, v);
  await page.waitForFunction((w) => document.getElementById('load-error').textContent.includes(w), want, { timeout: 5000 });
  const seconds = (Date.now() - start) / 1000;
  if (key !== 'link.invalid') assert.equal((await page.textContent('#load-error')).trim(), want, 'only the sentence, no technical detail');
  assert.equal(await page.isVisible('#link-study'), false);
  assert.equal(await page.$$eval('section[data-step]:not([hidden])', (s) => s.length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.evaluate(() => 6 * 7), 42, 'the page answers');
  assert.deepEqual(dialogs, []);
  await assertAccessible(page, `(refused: ${key})`);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
  return seconds;
}

test('markup and script in the link study\'s texts are shown as text', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2;alert(2)</script>';
  const evil = { ...study, title: { kk: hostile, ru: hostile, en: hostile },
    programmes: study.programmes.map((p) => ({ ...p, title: { kk: hostile, ru: hostile, en: hostile } })) };
  const { device, page, dialogs } = await openLink(`questionnaire.html#sd=${await encodeStudy(evil)}`);
  await page.waitForSelector('#link-study:not([hidden])');
  assert.equal(await page.textContent('#link-study-title'), hostile);
  await page.check('#consent-box');
  await page.click('#consent-next');
  await page.waitForSelector('#step-code:not([hidden])');
  assert.equal(await page.$$eval('#link-study img, #link-study script, #programme img, main img[src="x"]', (x) => x.length), 0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assertNoForeignRequests(device);
  assertNoProblems(device, { allow: [/404|Failed to load resource/] });
});

test('a deflate bomb is refused quickly and the page stays responsive', async () => {
  // 60 MB of text in a JSON string: within the link's length, far beyond
  // what it may inflate to.
  const bomb = deflateRawSync(Buffer.concat([Buffer.from('{"format":"assess-study/1","x":"'), Buffer.alloc(60 << 20, 0x41), Buffer.from('"}')]), { level: 9 });
  const seconds = await refused(b64url(bomb), 'link.too_large');
  assert.ok(seconds < 10, `the bomb took ${seconds} s`);
  await refused('A'.repeat(100_000), 'link.too_large', { page: 'rubric.html' });
});

test('random bytes, a cut link, JSON that is no study: each a clear message (en, kk)', async () => {
  const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7919 + 13) % 256));
  await refused(b64url(bytes), 'link.damaged');
  const sd = await encodeStudy(linked);
  await refused(sd.slice(0, sd.length >> 1), 'link.damaged', { lang: 'kk' });
  await refused('not%20base64!', 'link.damaged', { page: 'rubric.html' });
  await refused(b64url(deflateRawSync('{"hello": "world"}')), 'link.not_study');
  await refused(b64url(deflateRawSync('<script>window.__pwned=1</script>')), 'link.not_study', { lang: 'ru' });
});

test('a study the engine refuses, or naming an instrument the site lacks, is refused', async () => {
  const broken = { ...linked, version: 'one' };
  await refused(await encodeStudy(broken), 'link.invalid');
  const missing = { ...linked, instrument: { id: 'no-such-scale', version: 3 } };
  await refused(await encodeStudy(missing), 'link.missing_document', { params: { name: 'no-such-scale v3' } });
  const noRubric = { ...linked, rubric: { id: 'expert-panel', version: 9 } };
  await refused(await encodeStudy(noRubric), 'link.missing_document', { lang: 'kk', params: { name: 'expert-panel v9' }, page: 'rubric.html' });
  const stackable = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  // Recipients that are not age keys (markup, an SSH key, a key with a
  // typing slip): the engine refuses the study, nothing is handed out plain.
  for (const bad of ['<img src=x onerror="window.__pwned=3">', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI',
    'age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcq']) {
    await refused(await encodeStudy({ ...stackable, encryption: { recipients: [bad] } }), 'link.invalid');
  }
  // The rubric page reads /2 studies, but not one without a rubric; the
  // questionnaire refuses an instrument where a study should be.
  delete stackable.rubric;
  await refused(await encodeStudy(stackable), 'link.no_rubric', { lang: 'ru', page: 'rubric.html' });
  await refused(await encodeStudy(instrument), 'link.not_study');
});

test('over plain HTTP (no crypto.subtle) the page shows the same fingerprint', async () => {
  // A host name that is not localhost: Chromium treats it as an insecure origin.
  const port = new URL(site.origin).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP assess.test 127.0.0.1'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://assess.test:${port}/questionnaire.html#sd=${await encodeStudy(linked)}`);
    await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.evaluate(() => typeof crypto.subtle), 'undefined');
    await page.waitForSelector('#link-study:not([hidden])');
    assert.equal(await page.textContent('#link-study-fp'), await fingerprint(linked));
    assert.equal(await page.isVisible('#load-error'), false);
  } finally {
    await browser.close();
  }
});
