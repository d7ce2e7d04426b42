// Answers only the research team can open (issue 18, section 3): a study
// with age recipients ("encryption": {"recipients": [...]} in an
// assess-study/2; "x-encryption", the place before the engine read it, in the
// /1 study here) makes the
// questionnaire hand out its answers encrypted in the age v1 format, as a
// binary .age download and as ASCII-armored text; Debian's age opens both
// (age -d -i key.txt) and the engine imports what comes out. Over plain HTTP
// on an address that is not localhost (no secure context, no WebCrypto) the
// page says so and hands out nothing. The analysis page opens files made by
// age -r and age -a -r, and pasted armored text, with the identity the
// researcher loads; a wrong identity, a damaged file and a missing key are
// problems naming the file, in the page's language. A plain study never
// loads the age library.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  startSite, open, assertNoForeignRequests, assertNoProblems, assertAccessible,
  root, siteDir, CHROMIUM, CHROMIUM_ARGS, PHONE,
} from './helpers.mjs';
import { study as plainStudy, instrument, setLanguage, startQuestionnaire, answerItems, finishQuestionnaire, assertResponseFile } from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

const texts = Object.fromEntries(['kk', 'ru', 'en'].map((l) => [l, JSON.parse(readFileSync(path.join(root, 'web/i18n', `${l}.json`), 'utf8'))]));
const say = (lang, key, params = {}) => texts[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));

const FILE = 'study.encrypted.v1.json';
const codeAnswers = { mother: 'Айгүл', birthday: '7', birthplace: 'Алматы' };
const programme = plainStudy.programmes[0].id;
const values = [4, 5, 3, 2, 2, 4, 4, 5, 3, 4, 2, 3];

let tmp;
let site;
let key;        // the research team's key file (age-keygen)
let other;      // someone else's key file
let recipient;  // age1... of `key`
let study;
let ageChunk;   // the address of the site's module holding age-encryption

const age = (args, input) => execFileSync('age', args, { input, maxBuffer: 1 << 26, stdio: ['pipe', 'pipe', 'pipe'] });
function keygen(name) {
  const file = path.join(tmp, name);
  execFileSync('age-keygen', ['-o', file], { stdio: ['ignore', 'ignore', 'ignore'] });
  const pub = readFileSync(file, 'utf8').match(/# public key: (age1[a-z0-9]+)/)[1];
  return { file, pub };
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'assess-age-'));
  const team = keygen('key.txt');
  key = team.file;
  recipient = team.pub;
  other = keygen('other.txt');
  // The site with one more study: the shipped one, encrypted to the team.
  const dir = path.join(tmp, 'site');
  cpSync(siteDir, dir, { recursive: true });
  study = { ...plainStudy, id: 'encrypted-demo', 'x-encryption': { recipients: [recipient] } };
  writeFileSync(path.join(dir, 'rubrics', FILE), `${JSON.stringify(study, null, 2)}\n`);
  // The library's module of its own (scripts/bundle.mjs, ON_DEMAND).
  ageChunk = '/js/age.js';
  assert.ok(readFileSync(path.join(dir, 'js/age.js'), 'utf8').includes('age-encryption.org/v1'), 'the site has the age library');
  site = await startSite({ root: dir });
});
after(async () => {
  await site?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// The engine accepts the study as it is and imports the decrypted file.
async function assertImported(name, text) {
  const v = await engineCall({ op: 'validate_instrument', instrument: study });
  assert.ok(v.ok, JSON.stringify(v.error));
  const r = await engineCall({ op: 'import_responses', study, instrument, files: [{ name, text }] });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.result.problems.filter((p) => p.severity !== 'warning'), []);
  assert.equal(r.result.counts.records, 1);
}

async function complete(page, lang) {
  await setLanguage(page, lang);
  const code = await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
  await answerItems(page, values);
  await finishQuestionnaire(page);
  return code;
}

test('a plain study does not load the age library', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'questionnaire.html');
  await complete(page, 'en');
  assert.ok(await page.isHidden('#copy-armored'));
  assert.ok(await page.isVisible('#download-csv'));
  assert.ok(!device.requests.some((u) => u.endsWith(ageChunk)), `${ageChunk} was loaded for a plain study`);
  await page.close();
});

test('an encrypted study: the .age download and the copied text open with age -d -i; the engine imports them', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  await device.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: device.origin });
  const page = await open(device, `questionnaire.html?study=${FILE}`);
  assert.ok(await page.isHidden('#load-error'));
  assert.ok(await page.isHidden('#enc-insecure'));
  const code = await complete(page, 'kk');
  assert.ok(device.requests.some((u) => u.endsWith(ageChunk)), 'the age chunk was loaded');
  assert.ok(await page.isHidden('#download-csv'), 'no plain CSV for an encrypted study');
  assert.equal((await page.textContent('#download-json')).trim(), say('kk', 'q.enc.download'));
  assert.equal((await page.textContent('#export-text')).trim(), say('kk', 'q.enc.export_text'));
  await assertAccessible(page, '(done step, encrypted study, kk)');

  // The download: binary age, named <name>.json.age.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  assert.match(dl.suggestedFilename(), /^response-pre-\d{8}-\d{6}\.json\.age$/);
  const binary = readFileSync(await dl.path());
  assert.equal(binary.subarray(0, 22).toString('latin1'), 'age-encryption.org/v1\n');
  assert.ok(!binary.toString('latin1').includes(code), 'the code is not readable in the file');
  const plain = age(['-d', '-i', key], binary).toString('utf8');
  const file = JSON.parse(plain);
  assertResponseFile(file, { code, programme, wave: 'pre', lang: 'kk', values });
  await assertImported(dl.suggestedFilename().replace(/\.age$/, ''), plain);
  // Another key does not open it.
  assert.throws(() => age(['-d', '-i', other.file], binary));

  // "Copy as text": the armored file.
  await page.evaluate(() => navigator.clipboard.writeText(''));  // the browser's clipboard outlives a context
  await page.click('#copy-armored');
  let armored = '';
  for (let i = 0; i < 100 && !armored; i++) {
    armored = await page.evaluate(() => navigator.clipboard.readText());
    if (!armored) await page.waitForTimeout(100);
  }
  assert.match(armored, /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+-----END AGE ENCRYPTED FILE-----\n$/);
  const plain2 = age(['-d', '-i', key], armored).toString('utf8');
  assertResponseFile(JSON.parse(plain2), { code, programme, wave: 'pre', lang: 'kk', values });
  await assertImported('copied.json', plain2);

  // Headless Chromium on Linux has no share sheet: the button stays hidden.
  const canShare = await page.evaluate(() => typeof navigator.share === 'function');
  if (!canShare) assert.ok(await page.isHidden('#share-armored'));
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await page.close();
});

// The same in an assess-study/2 (the study model's format): competency-12 at
// pre and post, one assess-responses/2 bundle per sitting, encrypted.
test('an encrypted assess-study/2: the bundle opens with age -d -i and the engine imports it', async () => {
  const stackable = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  const study2 = {
    ...stackable, id: 'encrypted-two', groups: undefined, code: plainStudy.code,
    instruments: [{ id: instrument.id, version: instrument.version, waves: ['pre', 'post'] }],
    encryption: { recipients: [recipient, other.pub] },
    consent: { text: { kk: 'Жауаптар шифрланады.', ru: 'Ответы шифруются.', en: 'Answers are <b>encrypted</b>.' }, organiser: { kk: 'ҚазҰУ', ru: 'КазНУ', en: 'KazNU' } },
  };
  delete study2.groups;
  writeFileSync(path.join(tmp, 'site/rubrics/study.encrypted2.v1.json'), `${JSON.stringify(study2, null, 2)}\n`);
  const device = await site.newDevice({ viewport: PHONE });
  // A phone's share sheet (headless Chromium on Linux has none): what is
  // shared is kept for the test.
  await device.context.addInitScript(() => {
    navigator.canShare = (data) => Array.isArray(data?.files);
    navigator.share = async ({ files }) => {
      window.shared = { name: files[0].name, type: files[0].type, text: await files[0].text() };
    };
  });
  const page = await open(device, 'questionnaire.html?study=study.encrypted2.v1.json&lang=en');
  assert.ok(await page.isHidden('#load-error'));
  // The study's own consent words (consent.text, consent.organiser), as text.
  await page.waitForSelector('#consent-study:not([hidden])');
  assert.equal(await page.textContent('#consent-study'), 'Answers are <b>encrypted</b>.');
  assert.ok((await page.textContent('#consent-organiser')).includes('KazNU'));
  const code = await startQuestionnaire(page, { codeAnswers, programme: stackable.programmes[0].id, wave: 'pre' });
  await answerItems(page, values);
  await page.click('#items-next');
  await page.waitForSelector('#step-review:not([hidden])');
  await page.click('#submit');
  await page.waitForSelector('#step-done:not([hidden])');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  assert.match(dl.suggestedFilename(), /^responses-pre-\d{8}-\d{6}\.json\.age$/);
  const binary = readFileSync(await dl.path());
  // Two recipients: either key opens it.
  const plain = age(['-d', '-i', key], binary).toString('utf8');
  assert.equal(age(['-d', '-i', other.file], binary).toString('utf8'), plain);
  const bundle = JSON.parse(plain);
  assert.equal(bundle.format, 'assess-responses/2');
  assert.deepEqual(bundle.study, { id: study2.id, version: study2.version });
  assert.equal(bundle.responses.length, 1);
  assert.equal(bundle.responses[0].code, code);
  // The share sheet gets the armored file as text/plain, <name>.age.txt.
  assert.ok(await page.isVisible('#share-armored'));
  await page.click('#share-armored');
  const shared = await page.waitForFunction(() => window.shared).then((h) => h.jsonValue());
  assert.match(shared.name, /^responses-pre-\d{8}-\d{6}\.json\.age\.txt$/);
  assert.equal(shared.type, 'text/plain');
  assert.match(shared.text, /^-----BEGIN AGE ENCRYPTED FILE-----\n/);
  assert.equal(age(['-d', '-i', key], shared.text).toString('utf8'), plain);
  const r = await engineCall({ op: 'import_responses', study: study2, instruments: [instrument], files: [{ name: 'bundle.json', text: plain }] });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.result.problems.filter((p) => p.severity !== 'warning'), []);
  assert.equal(r.result.counts.records, 1);
  await assertAccessible(page, '(done step, encrypted /2 study, en)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await page.close();
});

// The rubric page of the same study: the ratings handed out encrypted.
test('the rubric page of an encrypted study: .age ratings and copied text open with age -d -i; the engine imports them', async () => {
  const rubric = JSON.parse(readFileSync(path.join(root, 'rubrics/expert-panel.v1.json'), 'utf8'));
  const device = await site.newDevice();
  await device.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: device.origin });
  const page = await open(device, `rubric.html?study=${FILE}&lang=ru`);
  assert.ok(await page.isHidden('#load-error'));
  assert.ok(await page.isHidden('#enc-insecure'));
  await page.fill('#expert', 'E07');
  for (const [pi, prog] of study.programmes.entries()) {
    await page.click(`.prog-button[data-programme="${prog.id}"]`);
    for (const [ci, crit] of rubric.criteria.entries()) await page.check(`#l-${prog.id}-${crit.id}-${1 + ((pi + ci) % 5)}`);
  }
  assert.ok(await page.isHidden('#download-csv'));
  assert.equal((await page.textContent('#download-json')).trim(), say('ru', 'r.enc.download'));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  assert.match(dl.suggestedFilename(), /^ratings-E07-.+\.json\.age$/);
  const plain = age(['-d', '-i', key], readFileSync(await dl.path())).toString('utf8');
  const file = JSON.parse(plain);
  assert.equal(file.format, 'assess-ratings/1');
  assert.equal(file.expert, 'E07');
  const r = await engineCall({ op: 'import_ratings', rubric, study, files: [{ name: 'r.json', text: plain }] });
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.deepEqual(r.result.problems.filter((p) => p.severity !== 'warning'), []);
  await page.evaluate(() => navigator.clipboard.writeText(''));  // the browser's clipboard outlives a context
  await page.click('#copy-armored');
  let armored = '';
  for (let i = 0; i < 100 && !armored; i++) {
    armored = await page.evaluate(() => navigator.clipboard.readText());
    if (!armored) await page.waitForTimeout(100);
  }
  assert.equal(JSON.parse(age(['-d', '-i', key], armored).toString('utf8')).expert, 'E07');
  await assertAccessible(page, '(rubric, encrypted study, ru)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await page.close();
});

// A study whose recipients are not age keys is refused, not run in plain.
test('recipients that are not age keys: the study is refused', async () => {
  const bad = { ...study, id: 'bad-recipients', 'x-encryption': { recipients: ['ssh-ed25519 AAAAC3Nza<script>alert(1)</script>'] } };
  writeFileSync(path.join(tmp, 'site/rubrics/study.bad.v1.json'), `${JSON.stringify(bad, null, 2)}\n`);
  const device = await site.newDevice();
  const page = await open(device, 'questionnaire.html?study=study.bad.v1.json&lang=en');
  await page.waitForSelector('#load-error:not([hidden])');
  assert.ok((await page.textContent('#load-error')).includes(say('en', 'doc.bad_recipients', { name: 'bad-recipients.v1.json' })));
  assert.equal(await page.$('#load-error script'), null);
  await page.close();
});

// An assess-study/2 whose key has a typing slip (a bech32 checksum that does
// not hold) is refused by the engine: answers to it could never be opened.
test('a recipient with a typing slip: the engine refuses the study', async () => {
  const stackable = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  const slip = `${recipient.slice(0, 20)}${recipient[20] === 'q' ? 'p' : 'q'}${recipient.slice(21)}`;
  const bad = { ...stackable, id: 'slip', encryption: { recipients: [slip] } };
  writeFileSync(path.join(tmp, 'site/rubrics/study.slip.v1.json'), `${JSON.stringify(bad, null, 2)}\n`);
  const device = await site.newDevice();
  const page = await open(device, 'questionnaire.html?study=study.slip.v1.json&lang=ru');
  await page.waitForSelector('#load-error:not([hidden])');
  const said = await page.textContent('#load-error');
  const catalogue = JSON.parse(readFileSync(path.join(root, 'web/i18n/msg/ru/document.json'), 'utf8'));
  const expected = catalogue['study.bad_recipient'].replace(/\{(\w+)\}/g, (_, k) => String({ n: 1, value: slip }[k]));
  assert.ok(said.includes(expected), said);
  await page.close();
});

test('over plain HTTP on another address the page says so and hands out nothing', async () => {
  // assess.test -> 127.0.0.1: the same server, but not a secure context.
  const port = new URL(site.origin).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP assess.test 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true });
    const origin = `http://assess.test:${port}`;
    const device = { context, requests: [], origin };
    context.on('request', (r) => device.requests.push(r.url()));
    const page = await context.newPage();
    await page.goto(`${origin}/questionnaire.html?study=${FILE}&lang=ru`);
    await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.ok(await page.isVisible('#enc-insecure'), 'the page says at once that it cannot encrypt here');
    assert.equal((await page.textContent('#enc-insecure')).trim(), say('ru', 'q.enc.insecure'));
    await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
    await answerItems(page, values);
    await finishQuestionnaire(page);
    let downloaded = false;
    page.on('download', () => { downloaded = true; });
    await page.click('#download-json');
    await page.waitForSelector('#enc-problem:not([hidden])');
    assert.equal((await page.textContent('#enc-problem')).trim(), say('ru', 'q.enc.insecure'));
    await page.waitForTimeout(500);
    assert.equal(downloaded, false, 'no file is handed out');
    assert.ok(await page.isHidden('#download-csv'));
    assert.ok(await page.isHidden('#copy-armored'));
    assert.ok(!device.requests.some((u) => u.endsWith(ageChunk)), 'the library is not even loaded');
    await assertAccessible(page, '(done step, insecure, ru)');
    // The rubric page likewise.
    const rubricPage = await context.newPage();
    await rubricPage.goto(`${origin}/rubric.html?study=${FILE}&lang=kk`);
    await rubricPage.waitForSelector('body[data-ready]', { timeout: 20_000 });
    assert.equal((await rubricPage.textContent('#enc-insecure')).trim(), say('kk', 'r.enc.insecure'));
    await rubricPage.fill('#expert', 'E07');
    rubricPage.on('download', () => { downloaded = true; });
    await rubricPage.click('#download-json');
    await rubricPage.waitForSelector('#enc-problem:not([hidden])');
    assert.equal((await rubricPage.textContent('#enc-problem')).trim(), say('kk', 'r.enc.insecure'));
    await rubricPage.waitForTimeout(500);
    assert.equal(downloaded, false, 'no ratings file is handed out');
    assert.ok(await rubricPage.isHidden('#download-csv'));
    await assertAccessible(rubricPage, '(rubric, insecure, kk)');
    assertNoForeignRequests(device);
  } finally {
    await browser.close();
  }
});

// A response file to encrypt with Debian's age: one the questionnaire would make.
function responseText() {
  const answers = Object.fromEntries(instrument.items.map((it, i) => [it.id, values[i]]));
  const r = {
    format: 'assess-response/1', instrument: { id: instrument.id, version: instrument.version },
    code: 'AB12CD', programme, wave: 'pre', lang: 'en', submitted: '2026-09-01T10:00:00Z', answers,
  };
  return `${JSON.stringify(r, null, 2)}\n`;
}

test('the analysis page opens age -r and age -a -r files with the loaded identity; wrong key, damage, no key', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html?lang=en');
  await setLanguage(page, 'en');
  const plain = responseText();
  const write = (name, data) => { const f = path.join(tmp, name); writeFileSync(f, data); return f; };
  const binary = age(['-r', recipient], plain);
  const armored = age(['-a', '-r', recipient], plain).toString('utf8');
  const tampered = Buffer.from(binary);
  tampered[tampered.length - 5] ^= 0x01;
  const files = {
    'bin.json.age': write('bin.json.age', binary),
    'armored.json.age.txt': write('armored.json.age.txt', armored),
    'tampered.json.age': write('tampered.json.age', tampered),
    'foreign.json.age': write('foreign.json.age', age(['-r', other.pub], plain)),
    'plain.json': write('plain.json', plain),
  };
  const kindOf = async () => Object.fromEntries(await page.$$eval('#file-table tbody tr', (rows) => rows.map((r) => [
    r.querySelector('.file-name').textContent, r.querySelector('.file-kind').textContent])));

  // Without a key: each encrypted file says so; the plain one loads.
  await page.setInputFiles('#file-input', [files['bin.json.age'], files['plain.json']]);
  await page.waitForSelector('#file-table tbody tr');
  let shown = await kindOf();
  assert.equal(shown['bin.json.age'], say('en', 'a.age.no_key', { name: 'bin.json.age' }));
  assert.equal(shown['plain.json'], say('en', 'a.kind.responses'));

  // The key file as age-keygen wrote it; then every file again.
  await page.setInputFiles('#age-key-input', key);
  await page.waitForFunction(() => document.querySelector('#age-key-status').textContent.trim() !== '');
  assert.equal((await page.textContent('#age-key-status')).trim(), say('en', 'a.age.loaded', { n: 1 }));
  await page.setInputFiles('#file-input', Object.values(files));
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 5);
  shown = await kindOf();
  assert.equal(shown['bin.json.age'], say('en', 'a.kind.responses'));
  assert.equal(shown['armored.json.age.txt'], say('en', 'a.kind.responses'));
  assert.equal(shown['tampered.json.age'], say('en', 'a.age.damaged', { name: 'tampered.json.age' }));
  assert.equal(shown['foreign.json.age'], say('en', 'a.age.wrong_key', { name: 'foreign.json.age' }));
  assert.equal(shown['plain.json'], say('en', 'a.kind.responses'));

  // Pasted armored text (a chat message) with the key typed instead.
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  await setLanguage(page, 'kk');
  const secret = readFileSync(key, 'utf8').match(/AGE-SECRET-KEY-1[0-9A-Z]+/)[0];
  await page.fill('#age-identity', secret);
  assert.equal((await page.textContent('#age-key-status')).trim(), say('kk', 'a.age.loaded', { n: 1 }));
  await page.fill('#age-paste', `\n${armored}\n`);
  await page.click('#age-paste-open');
  await page.waitForSelector('#file-table tbody tr');
  shown = await kindOf();
  assert.equal(shown['pasted-1.age.txt'], say('kk', 'a.kind.responses'));
  // A wrong key typed: said in the page's language, naming the file.
  await page.fill('#age-identity', readFileSync(other.file, 'utf8').match(/AGE-SECRET-KEY-1[0-9A-Z]+/)[0]);
  await page.setInputFiles('#file-input', files['bin.json.age']);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 2);
  shown = await kindOf();
  assert.equal(shown['bin.json.age'], say('kk', 'a.age.wrong_key', { name: 'bin.json.age' }));
  await page.fill('#age-identity', 'not a key');
  assert.equal((await page.textContent('#age-key-status')).trim(), say('kk', 'a.age.not_a_key'));
  await assertAccessible(page, '(analysis with .age files, kk)');

  assertNoForeignRequests(device);
  assertNoProblems(device);
  await page.close();
});
