// The coding page (issue 19): two coders code a few texts (one at phone
// width in Kazakh, one with the keyboard only in Russian), download their
// coding files, the team merges them: the agreement table equals the
// command line's coding_agreement on the same files, a disagreement is
// resolved, the consensus file equals the command line's coding_consensus
// and the theme frequencies show. Zero axe violations in kk and ru; no
// request leaves the site. Marks survive a reload (the texts, not kept by
// default, are read again). A 5 MB file of texts keeps the page responsive
// (parsing in the worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  startSite, open, assertAccessible, assertNoForeignRequests, assertNoProblems, downloadText, root, PHONE, DESKTOP,
} from './helpers.mjs';

const CLI = path.join(root, 'build/assess');
const codebook = readFileSync(path.join(root, 'fixtures/coding/codebook.json'));

// Four short essays in a CSV (code and text columns), in the three languages.
const CSV = [
  'student;essay',
  'ST01AB;"Жұмыста үлгілерді қолдандым. Оқытушы әр жобаға пікір жазды! Бұл маған сенім берді."',
  'ST02AB;"Задания были близки к моей работе. Однокурсники комментировали черновики. Нагрузка была большой."',
  'ST03AB;"The tasks were close to my job. I used the templates at work."',
  'ST04AB;"My tutor commented on every draft.\n\nNow I feel I can lead a small team."',
].join('\r\n');
const textsFile = { name: 'essays.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') };
const codebookFile = { name: 'codebook.json', mimeType: 'application/json', buffer: codebook };

function cli(request) {
  const out = execFileSync(CLI, ['stat', '-'], { input: JSON.stringify(request), maxBuffer: 64 * 2 ** 20 });
  const r = JSON.parse(out.toString('utf8'));
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return r.result;
}

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

async function loadTextsAndCodebook(page) {
  await page.setInputFiles('#texts-file', textsFile);
  await page.waitForSelector('#csv-columns:not([hidden])');
  assert.equal(await page.inputValue('#code-column'), 'student');
  assert.equal(await page.inputValue('#text-column'), 'essay');
  await page.click('#read-texts');
  await page.waitForFunction(() => /4/.test(document.querySelector('#texts-summary').textContent));
  await page.setInputFiles('#codebook-file', codebookFile);
  await page.waitForSelector('#code-ready:not([hidden])');
}

const progress = (page) => page.textContent('#progress');

test('two coders, the merge, the consensus and the theme table', { skip: !existsSync(CLI) && 'build/assess is not built' }, async () => {
  // ---- coder A: phone width, Kazakh, with taps ----
  const phone = await site.newDevice({ viewport: PHONE });
  const a = await open(phone, 'coding.html?lang=kk');
  await loadTextsAndCodebook(a);
  await a.fill('#coder-id', 'A');
  // Text 1: practice, feedback, confidence; a quote of its first sentence for practice.
  await a.check('#theme-practice');
  await a.check('#theme-feedback');
  await a.check('#theme-confidence');
  await a.click('#s-0');
  await a.selectOption('#quote-theme', 'practice');
  await a.click('#add-quote');
  assert.equal(await a.locator('#quotes li q').count(), 1);
  assert.equal(await a.textContent('#quotes li q'), 'Жұмыста үлгілерді қолдандым.');
  await a.click('#mark-coded');
  // Text 2: practice, peer feedback, workload.
  await a.check('#theme-practice');
  await a.check('#theme-peer_feedback');
  await a.check('#theme-workload');
  await a.click('#mark-coded');
  // Text 3: practice.
  await a.check('#theme-practice');
  await a.click('#mark-coded');
  // Text 4: feedback, confidence.
  await a.check('#theme-feedback');
  await a.check('#theme-confidence');
  await a.click('#mark-coded');
  assert.match(await progress(a), /4.*4/);
  await assertAccessible(a, '(coder A, kk)');
  // Side by side is a desktop matter: here the codebook is under the text.
  const [textBox, themesBox] = await Promise.all([a.locator('.text-pane').boundingBox(), a.locator('.codebook-pane').boundingBox()]);
  assert.ok(themesBox.y >= textBox.y + textBox.height - 1, 'the codebook is below the text on a phone');
  const wider = await a.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wider <= 0, `the page is ${wider} px wider than the phone`);

  // Autosave: a reload keeps the marks; the texts (not kept) are read again.
  await a.reload();
  await a.waitForSelector('body[data-ready]');
  assert.ok(await a.isHidden('#code-ready'));
  await a.setInputFiles('#texts-file', textsFile);
  await a.waitForSelector('#csv-columns:not([hidden])');
  await a.click('#read-texts');
  await a.waitForSelector('#code-ready:not([hidden])');
  assert.match(await progress(a), /4.*4/);
  assert.equal(await a.inputValue('#coder-id'), 'A');
  const fileA = await downloadText(a, () => a.click('#download-coding'));
  const codingA = JSON.parse(fileA.text);
  assert.equal(codingA.format, 'assess-coding/1');
  assert.equal(codingA.coder, 'A');
  assert.ok(codingA.integrity?.sha256, 'the coding file is sealed');
  assert.equal(codingA.texts.length, 4);
  assert.deepEqual(codingA.texts[0].quotes, [{ theme: 'practice', start: 0, end: 28 }]);
  assertNoForeignRequests(phone);
  assertNoProblems(phone);

  // ---- coder B: desktop, Russian, keyboard only ----
  const desk = await site.newDevice({ viewport: DESKTOP });
  const b = await open(desk, 'coding.html?lang=ru');
  await loadTextsAndCodebook(b);
  // Side by side on a desktop.
  const [tb, cb] = await Promise.all([b.locator('.text-pane').boundingBox(), b.locator('.codebook-pane').boundingBox()]);
  assert.ok(cb.x >= tb.x + tb.width - 1, 'the codebook is beside the text on a desktop');
  await b.focus('#coder-id');
  await b.keyboard.type('B');
  const press = async (selector, key = 'Space') => {
    await b.focus(selector);
    await b.keyboard.press(key);
  };
  // Text 1: practice, feedback (not confidence); sentences 1 and 2 as a quote
  // of feedback, chosen with the arrows and Space.
  await press('#theme-practice');
  await press('#theme-feedback');
  await b.focus('#sentences');
  await b.keyboard.press('ArrowDown');
  await b.keyboard.press('Space');
  await b.keyboard.press('ArrowUp');
  await b.keyboard.press('Space');
  assert.equal(await b.getAttribute('#s-0', 'aria-selected'), 'true');
  assert.equal(await b.getAttribute('#s-1', 'aria-selected'), 'true');
  await b.keyboard.press('Tab');
  assert.equal(await b.evaluate(() => document.activeElement.id), 'quote-theme');
  await b.selectOption('#quote-theme', 'feedback');
  await b.keyboard.press('Tab');
  assert.equal(await b.evaluate(() => document.activeElement.id), 'add-quote');
  await b.keyboard.press('Enter');
  assert.equal(await b.locator('#quotes li q').count(), 1);
  await press('#mark-coded', 'Enter');
  // Text 2: practice, peer feedback, workload.
  await press('#theme-practice');
  await press('#theme-peer_feedback');
  await press('#theme-workload');
  await press('#mark-coded', 'Enter');
  // Text 3: practice, workload.
  await press('#theme-practice');
  await press('#theme-workload');
  await press('#mark-coded', 'Enter');
  // Text 4: feedback, confidence.
  await press('#theme-feedback');
  await press('#theme-confidence');
  await press('#mark-coded', 'Enter');
  assert.match(await progress(b), /4.*4/);
  const fileB = await downloadText(b, () => press('#download-coding', 'Enter'));
  const codingB = JSON.parse(fileB.text);
  assert.equal(codingB.coder, 'B');
  assert.deepEqual(codingB.texts[0].quotes.map((q) => q.theme), ['feedback']);

  // ---- the merge (on B's computer) ----
  await b.setInputFiles('#coding-files', [
    { name: fileA.name, mimeType: 'application/json', buffer: Buffer.from(fileA.text) },
    { name: fileB.name, mimeType: 'application/json', buffer: Buffer.from(fileB.text) },
  ]);
  await press('#run-agreement', 'Enter');
  await b.waitForSelector('#agreement-table');
  const shown = await b.$$eval('#agreement-table tr[data-theme]', (rows) => rows.map((r) => ({
    theme: r.dataset.theme,
    values: [...r.querySelectorAll('td[data-value]')].map((td) => (td.dataset.value === 'null' ? null : Number(td.dataset.value))),
    flag: r.querySelector('td.flag').textContent,
  })));
  const book = JSON.parse(codebook.toString('utf8'));
  const expected = cli({ op: 'coding_agreement', codebook: book, coders: [codingA, codingB] });
  assert.equal(shown.length, expected.themes.length + 1);
  for (const [i, x] of expected.themes.entries()) {
    assert.equal(shown[i].theme, x.theme);
    assert.deepEqual(shown[i].values, [x.n_units, x.cohen_kappa, x.alpha, x.percent_agreement], x.theme);
  }
  const overall = shown[shown.length - 1];
  assert.deepEqual(overall.values, [expected.overall.n_units, null, expected.overall.alpha, expected.overall.percent_agreement]);
  assert.ok(expected.disagreements.length >= 2, 'the coders disagree somewhere');
  assert.equal(await b.locator('#disagreements fieldset.dis').count(), expected.disagreements.length);
  // The team decides the first disagreement: present.
  const first = expected.disagreements[0];
  await press('#res-0-p');
  assert.ok(await b.isChecked('#res-0-p'));
  await assertAccessible(b, '(merge, ru)');
  const consensusFile = await downloadText(b, () => press('#make-consensus', 'Enter'));
  const consensus = JSON.parse(consensusFile.text);
  const expectedConsensus = cli({
    op: 'coding_consensus', codebook: book, coders: [codingA, codingB],
    resolutions: [{ hash: first.hash, theme: first.theme, present: true }],
  });
  assert.deepEqual(consensus.texts, expectedConsensus.coding.texts);
  assert.equal(consensus.coder, 'consensus');
  // All three files carry a valid seal.
  for (const f of [codingA, codingB, consensus]) assert.equal(cli({ op: 'validate_coding', document: f, codebook: book }).seal, 'valid', f.coder);
  const firstText = consensus.texts.find((x) => x.hash === first.hash);
  assert.ok(firstText.themes.includes(first.theme), 'the resolution is in the consensus');
  assert.match(await b.textContent('#consensus-result'), new RegExp(String(expected.disagreements.length - 1)));

  // ---- theme frequencies ----
  await press('#run-themes', 'Enter');
  await b.waitForSelector('#theme-frequencies');
  const rows = await b.$$eval('#theme-frequencies tbody tr', (trs) => trs.map((r) => [r.dataset.theme, Number(r.querySelector('td').dataset.value)]));
  const texts = cli({ op: 'texts', csv: [{ name: 'essays.csv', text: CSV }], code_column: 'student', text_column: 'essay' }).texts;
  const themes = cli({ op: 'theme_analysis', codebook: book, coding: consensus, texts }).themes;
  assert.deepEqual(rows, themes.map((x) => [x.theme, x.students]));
  await assertAccessible(b, '(themes, ru)');
  await b.selectOption('#lang-select', 'kk');
  await b.waitForFunction(() => document.documentElement.lang === 'kk');
  await assertAccessible(b, '(merge, kk)');
  assertNoForeignRequests(desk);
  assertNoProblems(desk);
});

test('a 5 MB file of texts is read in the worker: the page stays responsive', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'coding.html?lang=en');
  const sentence = 'The course was close to my work and the feedback helped me a lot. ';
  const rows = ['code,text'];
  let size = 0;
  for (let i = 0; size < 5 * 2 ** 20; i++) {
    const row = `S${String(i).padStart(5, '0')},"${sentence.repeat(40)}${i}"`;
    rows.push(row);
    size += row.length + 2;
  }
  await page.setInputFiles('#texts-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n')) });
  await page.waitForSelector('#csv-columns:not([hidden])');
  // The longest pause of the page's thread while the engine reads the file.
  await page.evaluate(() => {
    window.gaps = [];
    let last = performance.now();
    window.ticker = setInterval(() => {
      const now = performance.now();
      window.gaps.push(now - last);
      last = now;
    }, 20);
  });
  const t0 = Date.now();
  await page.click('#read-texts');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#texts-summary').textContent), null, { timeout: 120_000 });
  const worst = await page.evaluate(() => {
    clearInterval(window.ticker);
    return Math.max(...window.gaps);
  });
  console.log(`5 MB of texts (${rows.length - 1} rows) read in ${Date.now() - t0} ms; the longest pause of the page: ${Math.round(worst)} ms`);
  assert.ok(worst < 1000, `the page froze for ${Math.round(worst)} ms`);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('the codebook editor: a new codebook, and a changed one gets the next version', { skip: !existsSync(CLI) && 'build/assess is not built' }, async () => {
  const device = await site.newDevice();
  const page = await open(device, 'coding.html?lang=en');
  await page.click('#editor summary');
  await page.fill('#cb-id', 'my-themes');
  await page.uncheck('#cb-lang-kk');
  await page.click('#cb-add');
  await page.click('#cb-add');
  const groups = page.locator('.cb-theme');
  assert.equal(await groups.count(), 2);
  assert.equal(await groups.nth(1).locator('legend').textContent(), 'Theme 2');
  const fillTheme = async (i, id, en, ru, parent) => {
    const g = groups.nth(i);
    await g.locator('.th-id').fill(id);
    await g.locator('.th-id').dispatchEvent('change');
    if (parent) await g.locator('.th-parent').selectOption(parent);
    await g.locator('[data-field=name][data-lang=en]').fill(en);
    await g.locator('[data-field=name][data-lang=ru]').fill(ru);
    await g.locator('[data-field=definition][data-lang=en]').fill(`About ${en.toLowerCase()}.`);
    await g.locator('[data-field=definition][data-lang=ru]').fill(`О теме «${ru}».`);
  };
  await fillTheme(0, 'support', 'Support', 'Поддержка');
  await fillTheme(1, 'tutor', 'Tutor', 'Наставник', 'support');
  await assertAccessible(page, '(editor, en)');
  const file = await downloadText(page, () => page.click('#cb-download'));
  assert.equal(file.name, 'codebook.my-themes.v1.json');
  const doc = JSON.parse(file.text);
  assert.deepEqual(doc.languages, ['ru', 'en']);
  assert.equal(doc.themes[1].parent, 'support');
  const checked = cli({ op: 'validate_coding', document: doc });
  assert.equal(checked.kind, 'codebook');
  // A loaded codebook, changed, downloads as version 2.
  await page.setInputFiles('#codebook-file', codebookFile);
  await page.waitForFunction(() => document.querySelector('#cb-id').value === 'essay-themes');
  await page.click('#cb-use');
  await page.waitForFunction(() => /essay-themes/.test(document.querySelector('#cb-result').textContent));
  assert.equal(await page.inputValue('#cb-version'), '1', 'unchanged: the same version');
  await page.locator('.cb-theme').first().locator('[data-field=definition][data-lang=en]').fill('The course and work practice.');
  const changed = await downloadText(page, () => page.click('#cb-download'));
  assert.equal(changed.name, 'codebook.essay-themes.v2.json');
  assert.equal(JSON.parse(changed.text).themes[0].definition.en, 'The course and work practice.');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('open answers of response files, read with the study of the site they name', { skip: !existsSync(CLI) && 'build/assess is not built' }, async () => {
  const dir = path.join(root, 'fixtures/demo2/responses');
  const names = readdirSync(dir).filter((f) => f.includes('-post-')).sort().slice(0, 6);
  const device = await site.newDevice();
  const page = await open(device, 'coding.html?lang=en');
  await page.setInputFiles('#texts-file', names.map((name) => ({ name, mimeType: 'application/json', buffer: readFileSync(path.join(dir, name)) })));
  await page.click('#read-texts');
  await page.waitForFunction(() => /\d/.test(document.querySelector('#texts-summary').textContent));
  const doc = (f) => JSON.parse(readFileSync(path.join(root, 'rubrics', f), 'utf8'));
  const expected = cli({
    op: 'texts', study: doc('study.stackable.v1.json'),
    instruments: ['background', 'competency-12', 'satisfaction', 'employer-feedback'].map((id) => doc(`${id}.v1.json`)),
    files: names.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') })),
  });
  assert.ok(expected.texts.length > 0);
  assert.equal(await page.textContent('#texts-summary'), `Texts ready for coding: ${expected.texts.length}.`);
  await page.setInputFiles('#codebook-file', codebookFile);
  await page.waitForSelector('#code-ready:not([hidden])');
  assert.equal((await page.textContent('#sentences')).replace(/\s+/g, ''), expected.texts[0].text.replace(/\s+/g, ''));
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('theme frequencies by programme, group and wave equal the CLI\'s theme_analysis (fixtures/coding)', { skip: !existsSync(CLI) && 'build/assess is not built' }, async () => {
  const dir = path.join(root, 'fixtures/coding');
  const device = await site.newDevice();
  const page = await open(device, 'coding.html?lang=ru');
  const csv = readFileSync(path.join(dir, 'texts.csv'));
  await page.setInputFiles('#texts-file', { name: 'texts.csv', mimeType: 'text/csv', buffer: csv });
  await page.waitForSelector('#csv-columns:not([hidden])');
  assert.equal(await page.inputValue('#code-column'), 'student');
  assert.equal(await page.inputValue('#group-column'), 'group');
  assert.equal(await page.inputValue('#wave-column'), 'wave');
  assert.equal(await page.inputValue('#programme-column'), 'programme');
  await page.click('#read-texts');
  await page.setInputFiles('#codebook-file', codebookFile);
  await page.waitForSelector('#code-ready:not([hidden])');
  // The same coder twice: the engine's refusal, said in the page language.
  await page.setInputFiles('#coding-files', ['coder_a.json', 'coder_a.json'].map((f, i) => ({ name: `${i}-${f}`, mimeType: 'application/json', buffer: readFileSync(path.join(dir, f)) })));
  await page.click('#run-agreement');
  await page.waitForSelector('#error-box:not([hidden]) [data-msg-id="coding.coder_repeat"]');
  assert.equal(await page.getAttribute('#error-box [data-msg-id]', 'data-msg-fallback'), null, 'said in Russian');
  await page.setInputFiles('#coding-files', ['coder_a.json', 'coder_b.json'].map((f) => path.join(dir, f)));
  await page.click('#run-agreement');
  await page.waitForSelector('#agreement-table');
  const consensusFile = await downloadText(page, () => page.click('#make-consensus'));
  await page.click('#run-themes');
  await page.waitForSelector('#by-group');
  const book = JSON.parse(codebook.toString('utf8'));
  const texts = cli({ op: 'texts', csv: [{ name: 'texts.csv', text: csv.toString('utf8') }], code_column: 'student', text_column: 'essay', programme_column: 'programme', group_column: 'group', wave_column: 'wave' }).texts;
  const expected = cli({ op: 'theme_analysis', codebook: book, coding: JSON.parse(consensusFile.text), texts });
  for (const g of ['programme', 'group', 'wave']) {
    const shown = await page.$$eval(`#by-${g} tbody tr`, (rows) => rows.map((r) => [r.dataset.theme,
      [...r.querySelectorAll('td[data-value]')].map((td) => Number(td.dataset.value)),
      r.querySelector('td.test').dataset.p === 'null' ? null : Number(r.querySelector('td.test').dataset.p)]));
    assert.deepEqual(shown, expected.by[g].map((x) => [x.theme, x.levels.map((l) => l.mentioning), x.test.p]), g);
  }
  assert.match(await page.textContent('#by-wave'), /без критерия: студенты на нескольких уровнях/);
  const co = await page.$$eval('#cooccurrence tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.dataset.value))));
  assert.deepEqual(co, expected.cooccurrence.counts);
  await assertAccessible(page, '(theme tables, ru)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
