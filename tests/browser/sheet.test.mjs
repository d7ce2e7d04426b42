// The classroom sheet (issue 18 §2, sheet.html#sd=<study>): the study of the
// link with its title and fingerprint, and each link as a QR code when it
// fits version 25 at level M, else the short ?study= links' codes and the
// advice to put the study file on the site. The sheet is rendered as printed
// (print media, A4 width) at 150 dpi and every code is decoded with
// Debian's zbarimg: the text must be the link, exactly. Hostile links are
// refused or shown as text; axe finds nothing in kk/ru/en; no request
// leaves the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import {
  startSite, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, assertCsp, screenshots, root,
} from './helpers.mjs';
import { study, setLanguage } from './flows.mjs';
import { encodeStudy, fingerprint, recipientsFingerprint } from '../../web/js/study-link.js';

const texts = Object.fromEntries(['en', 'ru', 'kk'].map((l) => [l, JSON.parse(readFileSync(path.join(root, `web/i18n/${l}.json`), 'utf8'))]));

// A small study on the site's documents (the demo study's instrument,
// rubric and first programme, short texts): its links fit a code.
const small = {
  format: 'assess-study/1', id: 'pilot', version: 1,
  title: { kk: 'Пилоттық зерттеу', ru: 'Пилотное исследование', en: 'A pilot study' },
  languages: ['kk', 'ru', 'en'],
  instrument: study.instrument, rubric: study.rubric,
  programmes: [study.programmes[0]],
  waves: [
    { id: 'pre', title: { kk: 'Басында', ru: 'В начале', en: 'Pre' } },
    { id: 'post', title: { kk: 'Соңында', ru: 'В конце', en: 'Post' } },
  ],
  code: {
    questions: [
      { id: 'mother', kind: 'letters', length: 2, prompt: { kk: 'Анаңыздың есімі', ru: 'Имя матери', en: 'Mother\'s name' }, hint: { kk: 'АЙ', ru: 'АЙ', en: 'AI' } },
      { id: 'birthday', kind: 'digits', length: 2, min: 1, max: 31, prompt: { kk: 'Туған күн', ru: 'День рождения', en: 'Birthday' }, hint: { kk: '07', ru: '07', en: '07' } },
    ],
  },
};

// A4 at 96 px per inch, rendered at 150 dpi.
const A4 = { width: 794, height: 1123 };
const DPI150 = 150 / 96;

let site;
let tmp;
before(async () => {
  site = await startSite();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'assess-sheet-'));
});
after(async () => {
  await site?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openSheet(fragment, { lang = 'en', locale = 'en-US', deviceScaleFactor = DPI150 } = {}) {
  const device = await site.newDevice({ viewport: A4, locale, deviceScaleFactor });
  const page = await device.context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(`${device.origin}/sheet.html?lang=${lang}#${fragment}`);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  return { device, page, dialogs };
}

// The page as printed, at 150 dpi, decoded by zbarimg: one line per code.
async function decodePrinted(page, name) {
  await page.emulateMedia({ media: 'print' });
  const file = path.join(tmp, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.emulateMedia({ media: null });  // page.pdf() prints with print media unless screen is emulated
  let out;
  try {
    // QR codes only (zbar's linear decoders would read the page's text).
    out = execFileSync('zbarimg', ['--raw', '-q', '--set', '*.enable=0', '--set', 'qrcode.enable=1', file],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    assert.fail(`zbarimg found no code in ${name}.png (exit ${err.status})`);
  }
  return out.split('\n').filter(Boolean).sort();
}

const shownLinks = (page) => page.$$eval('figure.qr:not([hidden])', (figs) => figs.map((f) => ({
  link: f.dataset.link, text: f.querySelector('.qr-link').textContent, version: Number(f.querySelector('svg').dataset.version),
})));

test('the sheet of a small study: title and fingerprint in kk/ru/en, both codes decode to the links at 150 dpi', async () => {
  const sd = await encodeStudy(small);
  const fp = await fingerprint(small);
  const { device, page, dialogs } = await openSheet(`sd=${sd}`);
  await assertCsp(page);
  await page.waitForSelector('#sheet-main:not([hidden])');
  const links = [`${device.origin}/questionnaire.html#sd=${sd}`, `${device.origin}/rubric.html#sd=${sd}`];
  for (const lang of ['en', 'kk', 'ru']) {
    await setLanguage(page, lang);
    assert.equal(await page.textContent('#link-study-title'), small.title[lang]);
    assert.equal(await page.textContent('#link-study-fp'), fp);
    assert.equal(await page.textContent('#part-students .sheet-title'), small.title[lang]);
    assert.equal(await page.textContent('#part-experts .sheet-fp'), fp);
    assert.equal(await page.textContent('#students-heading'), texts[lang]['sh.students.heading']);
    assert.equal(await page.textContent('#part-students .qr [data-i18n="sh.link"]'), texts[lang]['sh.link']);
    assert.equal(await page.isVisible('#too-long'), false);
    const shown = await shownLinks(page);
    assert.deepEqual(shown.map((s) => s.link), links);
    for (const s of shown) {
      assert.equal(s.text, s.link);
      assert.ok(s.version >= 1 && s.version <= 25, `version ${s.version}`);
    }
    await assertAccessible(page, `(sheet, ${lang})`);
    assert.deepEqual(await decodePrinted(page, `sheet-small-${lang}`), [...links].sort(), `codes of the ${lang} sheet`);
    // Printed on A4: one page for the students, one for the experts.
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    assert.deepEqual(pdf.match(/\/Count (\d+)/)?.[1], '2', `pages of the ${lang} sheet`);
  }
  // Printed, the parts go on pages of their own; the screen's controls do not print.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#print'), false);
  assert.equal(await page.$eval('#part-experts', (e) => window.getComputedStyle(e).breakBefore), 'page');
  await page.emulateMedia({ media: null });
  await screenshots(page, 'sheet');
  assert.deepEqual(dialogs, []);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  assert.ok(device.requests.every((u) => !u.includes(sd.slice(0, 40))), 'a request carried the link\'s study');
  await device.context.close();
});

test('a study too big for version 25-M: the advice, the short links\' codes, the file name typed, the study file', async () => {
  const sd = await encodeStudy(study);  // the shipped study: 3 KB of link
  const { device, page } = await openSheet(`sd=${sd}`, { lang: 'kk', locale: 'kk-KZ' });
  await page.waitForSelector('#too-long:not([hidden])');
  const file = 'study.microcredentials.v1.json';
  assert.equal(await page.inputValue('#study-file'), file);
  assert.match(await page.textContent('#too-long-text'), /997/);
  const short = [`${device.origin}/questionnaire.html?study=${file}`, `${device.origin}/rubric.html?study=${file}`];
  const shown = await shownLinks(page);
  assert.deepEqual(shown.map((s) => s.link), short);
  assert.deepEqual(await decodePrinted(page, 'sheet-big-kk'), [...short].sort());
  assert.equal(await page.isVisible('#study-file'), true);
  await assertAccessible(page, '(sheet, too long, kk)');
  // Another name: the codes follow; a name the pages refuse: no code, a message.
  await page.fill('#study-file', 'study.pilot-ә.v2.json');
  const other = [`${device.origin}/questionnaire.html?study=study.pilot-%D3%99.v2.json`, `${device.origin}/rubric.html?study=study.pilot-%D3%99.v2.json`];
  assert.deepEqual((await shownLinks(page)).map((s) => s.link), other);
  assert.deepEqual(await decodePrinted(page, 'sheet-big-renamed'), [...other].sort());
  await page.fill('#study-file', '../secret.json');
  assert.equal(await page.isVisible('#study-file-error'), true);
  assert.equal(await page.getAttribute('#study-file', 'aria-invalid'), 'true');
  assert.deepEqual(await shownLinks(page), []);
  await assertAccessible(page, '(sheet, bad file name, kk)');
  // The study file downloads as it is in the link.
  await page.fill('#study-file', file);
  const dl = await downloadText(page, () => page.click('#download-study'));
  assert.equal(dl.name, file);
  assert.deepEqual(JSON.parse(dl.text), study);
  // The short link opens the site's study (the file is there).
  const q = await device.context.newPage();
  await q.goto(short[0]);
  await q.waitForSelector('body[data-ready]', { timeout: 20_000 });
  assert.equal(await q.isVisible('#load-error'), false);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();

  // An assess-study/2 (the shipped stackable study, 5 KB of link): the short
  // links of students and experts (the rubric page reads /2 studies too),
  // and the expert's one opens the rubric.
  const stackable = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  const two = await openSheet(`sd=${await encodeStudy(stackable)}`, { lang: 'en' });
  await two.page.waitForSelector('#too-long:not([hidden])');
  assert.equal(await two.page.isVisible('#experts-none'), false);
  const twoShort = ['questionnaire', 'rubric'].map((p) => `${two.device.origin}/${p}.html?study=study.stackable.v1.json`);
  assert.deepEqual(await decodePrinted(two.page, 'sheet-study2'), twoShort);
  await assertAccessible(two.page, '(sheet, assess-study/2)');
  const r = await two.device.context.newPage();
  await r.goto(twoShort[1]);
  await r.waitForSelector('body[data-ready]', { timeout: 20_000 });
  assert.equal(await r.isVisible('#load-error'), false);
  assertNoProblems(two.device);
  await two.device.context.close();

  // A study without a rubric has no expert link and says so.
  const noRubric = { ...stackable };
  delete noRubric.rubric;
  const three = await openSheet(`sd=${await encodeStudy(noRubric)}`, { lang: 'ru', locale: 'ru-RU' });
  await three.page.waitForSelector('#too-long:not([hidden])');
  assert.equal(await three.page.isVisible('#experts-none'), true);
  assert.deepEqual(await decodePrinted(three.page, 'sheet-norubric'), [twoShort[0].replace(two.device.origin, three.device.origin)]);
  await three.device.context.close();

  // The file name may come with the sheet's address (&file=).
  const named = await openSheet(`sd=${sd}&file=study.mine.v3.json`, { lang: 'ru', locale: 'ru-RU' });
  await named.page.waitForSelector('#too-long:not([hidden])');
  assert.equal(await named.page.inputValue('#study-file'), 'study.mine.v3.json');
  assert.deepEqual(await decodePrinted(named.page, 'sheet-big-ru'),
    [`${named.device.origin}/questionnaire.html?study=study.mine.v3.json`, `${named.device.origin}/rubric.html?study=study.mine.v3.json`].sort());
  await assertAccessible(named.page, '(sheet, too long, ru)');
  assertNoProblems(named.device);
  await named.device.context.close();
});

// A study whose student link is as long as a version-25 code at level M
// holds, and one a byte or few longer: the title padded with letters that
// do not compress.
async function studiesAtTheBoundary(origin) {
  let seed = 18;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const noise = Array.from({ length: 900 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return letters[seed % letters.length];
  }).join('');
  let fits = null;
  for (let k = 0; k < noise.length; k++) {
    const doc = { ...small, id: 'boundary', title: { ...small.title, en: `Boundary ${noise.slice(0, k)}` } };
    const link = `${origin}/questionnaire.html#sd=${await encodeStudy(doc)}`;
    if (Buffer.byteLength(link) <= 997) fits = { doc, link };
    else if (fits) return { fits, over: { doc, link } };
  }
  throw new Error('no study at the boundary');
}

test('at the boundary: a link of up to 997 bytes is a code of version 25 that decodes at 150 dpi; a longer one gets the short link', async () => {
  const { fits, over } = await studiesAtTheBoundary(site.origin);
  assert.ok(Buffer.byteLength(fits.link) > 990, `${Buffer.byteLength(fits.link)} bytes`);
  const { device, page } = await openSheet(fits.link.split('#')[1]);
  await page.waitForSelector('#sheet-main:not([hidden])');
  assert.equal(await page.isVisible('#too-long'), false);
  const shown = await shownLinks(page);
  assert.equal(shown[0].link, fits.link);
  assert.equal(shown[0].version, 25);
  assert.deepEqual(await decodePrinted(page, 'sheet-boundary'), shown.map((s) => s.link).sort());
  assertNoProblems(device);
  await device.context.close();

  const longer = await openSheet(over.link.split('#')[1]);
  await longer.page.waitForSelector('#too-long:not([hidden])');
  const file = 'study.boundary.v1.json';
  assert.deepEqual((await shownLinks(longer.page)).map((s) => s.link),
    [`${site.origin}/questionnaire.html?study=${file}`, `${site.origin}/rubric.html?study=${file}`]);
  assertNoProblems(longer.device);
  await longer.device.context.close();
});

test('an encrypted study: the recipients\' fingerprint (sorted, without duplicates) beside the study\'s', async () => {
  const keys = ['a', 'b'].map((n) => {
    const file = path.join(tmp, `${n}.txt`);
    execFileSync('age-keygen', ['-o', file], { stdio: ['ignore', 'ignore', 'ignore'] });
    return readFileSync(file, 'utf8').match(/# public key: (age1[a-z0-9]+)/)[1];
  });
  const enc = { ...small, id: 'pilot-enc', 'x-encryption': { recipients: [keys[1], keys[0], keys[1]] } };
  const rfp = await recipientsFingerprint(enc['x-encryption'].recipients);
  assert.equal(rfp, await recipientsFingerprint([...keys].sort()));
  assert.equal(rfp, await fingerprint([...keys].sort()));
  const { device, page } = await openSheet(`sd=${await encodeStudy(enc)}`);
  await page.waitForSelector('#link-study-rcp:not([hidden])');
  assert.equal(await page.textContent('#link-study-rfp'), rfp);
  assert.equal(await page.textContent('#part-students .sheet-rfp'), rfp);
  assert.equal(await page.isVisible('#part-experts .sheet-rcp'), true);
  assert.equal((await decodePrinted(page, 'sheet-encrypted')).length, 2);
  await assertAccessible(page, '(sheet, encrypted)');
  assertNoProblems(device);
  await device.context.close();
});

test('hostile links: markup in the title is text; damaged, foreign and invalid studies are refused with the pages\' sentences', async () => {
  const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const hostile = { ...small, id: 'hostile', title: { kk: markup, ru: markup, en: markup } };
  const { device, page, dialogs } = await openSheet(`sd=${await encodeStudy(hostile)}`);
  await page.waitForSelector('#sheet-main:not([hidden])');
  assert.equal(await page.textContent('#link-study-title'), markup);
  assert.equal(await page.textContent('#part-students .sheet-title'), markup);
  assert.equal(await page.$('main img, main script'), null);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.equal((await decodePrinted(page, 'sheet-hostile')).length, 2);
  assert.deepEqual(dialogs, []);
  assertNoProblems(device);
  await device.context.close();

  // 60 MB of spaces compress to ~60 KB: refused as too large, not inflated.
  const bomb = deflateRawSync(Buffer.alloc(60 * 1024 * 1024, 32), { level: 9 }).toString('base64url');
  const notStudy = deflateRawSync('{"format":"assess-instrument/1"}').toString('base64url');
  const invalid = { ...small, programmes: 'none' };
  const missing = { ...small, instrument: { id: 'no-such-instrument', version: 1 } };
  const cases = [
    ['link.damaged', 'sd=%%%not-base64%%%'],
    ['link.too_large', `sd=${bomb}`],
    ['link.not_study', `sd=${notStudy}`],
    ['link.invalid', `sd=${await encodeStudy(invalid)}`],
    ['link.missing_document', `sd=${await encodeStudy(missing)}`],
  ];
  for (const [key, fragment] of cases) {
    const opened = await openSheet(fragment, { deviceScaleFactor: 1 });
    await opened.page.waitForSelector('#load-error:not([hidden])');
    const said = await opened.page.textContent('#load-error');
    const sentence = texts.en[key].split('{')[0].trim();
    assert.ok(said.startsWith(sentence), `${key}: ${said}`);
    assert.equal(await opened.page.isVisible('#sheet-main'), false, key);
    assert.equal(await opened.page.$('figure.qr svg'), null, key);
    await assertAccessible(opened.page, `(sheet refused: ${key})`);
    assert.deepEqual(opened.dialogs, []);
    assertNoForeignRequests(opened.device);
    await opened.device.context.close();
  }
});

test('without a link the sheet says how to open it', async () => {
  const { device, page } = await openSheet('', { deviceScaleFactor: 1 });
  assert.equal(await page.isVisible('#sheet-no-link'), true);
  assert.equal(await page.isVisible('#sheet-main'), false);
  for (const lang of ['kk', 'ru', 'en']) {
    await setLanguage(page, lang);
    assert.equal(await page.textContent('#sheet-no-link'), texts[lang]['sh.no_link']);
    await assertAccessible(page, `(sheet without a link, ${lang})`);
  }
  await assertCsp(page);
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
});
