// The themes beside the numbers on the analysis page (issue 19): the essays
// demo (the two-group demo with its students' essays, the codebook and the
// team's consensus coding, fixtures/demo-essays) loads with one click, and
// the page shows the theme frequencies, the tests across groups, the
// co-occurrence table and heat map, the joint display with the gains of the
// data set and the exemplar quotes. Its figures equal R's
// (fixtures/reference/essays_demo.json, made by essays_demo.R from the same
// consensus and the gains of the same students). In Kazakh at desktop width
// and in Russian on a phone, with axe and no request beyond the site; a
// quote redacted with the keyboard stays redacted after a reload and goes
// into the report so; the report asks first; the quotes' CSV. Two coders'
// files without a consensus are sent to the coding page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  startSite, open, assertNoProblems, assertNoForeignRequests, assertAccessible, screenshots, downloadText, root, PHONE, DESKTOP,
} from './helpers.mjs';
import { setLanguage, analysisIdle } from './flows.mjs';

const CLI = path.join(root, 'build/assess');
function cli(request) {
  const r = JSON.parse(execFileSync(CLI, ['stat', '-'], { input: JSON.stringify(request), maxBuffer: 64 * 2 ** 20 }).toString('utf8'));
  assert.equal(r.ok, true, JSON.stringify(r.error));
  return r.result;
}

// The response files of the second demo as the page has them (its index.json's names).
function demo2Inputs() {
  const { files } = JSON.parse(readFileSync(path.join(root, 'build/site/demo2/index.json'), 'utf8'));
  return files.filter((f) => !/^(ratings|links)/.test(f) && /\.(csv|json)$/.test(f))
    .map((name) => ({ name, text: readFileSync(path.join(root, 'fixtures/demo2', name), 'utf8') }));
}

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const reference = JSON.parse(readFileSync(path.join(root, 'fixtures/reference/essays_demo.json'), 'utf8'));
const themeCase = reference.cases.find((c) => c.request.op === 'theme_analysis' && !/flipped/.test(c.name));
const codebook = JSON.parse(readFileSync(path.join(root, 'fixtures/demo-essays/codebook.json'), 'utf8'));

async function openEssays(device, lang) {
  const page = await open(device, 'analysis.html');
  await setLanguage(page, lang);
  await Promise.all([page.waitForURL(/study=stackable&demo=essays/), page.click('#load-demo-essays')]);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  await page.waitForSelector('#themes-counts', { timeout: 120_000 });
  await analysisIdle(page);
  return page;
}

// The page's numbers: data-key -> data-value of every cell of the themes.
const themeCells = (page) => page.$$eval('#themes td[data-key]', (cells) => Object.fromEntries(
  cells.map((c) => [c.dataset.key, c.dataset.value == null ? null : Number(c.dataset.value)])));

const close = (a, b, what) => {
  if (b == null) return assert.equal(a, null, what);
  assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: page ${a}, R ${b}`);
};

test('the essays demo in Kazakh: theme frequencies, tests, co-occurrence and the joint display equal R', async () => {
  const device = await site.newDevice({ viewport: DESKTOP, locale: 'kk-KZ' });
  const page = await openEssays(device, 'kk');
  const exp = themeCase.expected;
  const cells = await themeCells(page);
  // Frequencies, in codebook order.
  assert.equal(await page.$$eval('#table-themes tbody tr', (r) => r.length), codebook.themes.length);
  for (const x of exp.themes) {
    assert.equal(cells[`themes.${x.theme}.students`], x.students, `${x.theme} students`);
    close(cells[`themes.${x.theme}.students_percent`], x.students_percent, `${x.theme} %`);
  }
  // By group: the mentioning counts and the tests' p.
  for (const x of exp.by.group) {
    for (const l of x.levels) assert.equal(cells[`themes.by.group.${x.theme}.${l.level}.mentioning`], l.mentioning, `${x.theme} ${l.level}`);
    close(cells[`themes.by.group.${x.theme}.p`], x.test.p, `${x.theme} group test p`);
  }
  // Co-occurrence counts, and a heat map of it.
  exp.cooccurrence.themes.forEach((a, i) => exp.cooccurrence.themes.forEach((b, j) => {
    assert.equal(cells[`themes.cooccurrence.${a}.${b}`], exp.cooccurrence.counts[i][j], `${a} x ${b}`);
  }));
  assert.equal(await page.locator('#themes figure svg').count(), 1);
  // The joint display: every subscale and the total, every theme (Welch's t, p, Holm, d).
  let compared = 0;
  for (const s of exp.joint) {
    // R's gains name the scale's total by the scale (competency); the data set, as `total`.
    const score = s.subscale === 'competency' ? 'total' : s.subscale;
    for (const x of s.themes) {
      const k = `joint.${score}.${x.theme}`;
      for (const f of ['mean_mention', 'mean_other', 'mean_diff', 't', 'p', 'p_holm', 'd']) close(cells[`${k}.${f}`], x[f], `${k}.${f}`);
      assert.equal(cells[`${k}.n_mention`], x.n_mention, `${k}.n_mention`);
      compared += 1;
    }
  }
  assert.equal(compared, exp.joint.length * codebook.themes.length);
  // Kazakh words, not English ones.
  assert.match(await page.textContent('#themes-heading'), /тақырып/i);
  assert.match(await page.textContent('#table-themes-joint caption'), /Бірлескен көрініс/);
  // Each quote in its own language for screen readers (WCAG 3.1.2): the demo's essays are in kk, ru and en.
  const langs = await page.$$eval('#themes-quotes blockquote p', (ps) => ps.map((p) => p.getAttribute('lang')));
  for (const l of ['kk', 'ru', 'en']) assert.ok(langs.includes(l), `a quote in ${l}: ${[...new Set(langs)]}`);
  assert.ok(langs.every((l) => ['kk', 'ru', 'en'].includes(l)));
  await assertAccessible(page, 'themes kk desktop');
  // The JSON download carries the figures.
  const json = await downloadText(page, () => page.click('#dl-json'));
  assert.equal(JSON.parse(json.text).themes.n_students, exp.n_students);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('quotes in Russian on a phone: redacted with the keyboard, kept after a reload, in the report after the reminder, as CSV', async () => {
  const device = await site.newDevice({ viewport: PHONE, locale: 'ru-RU' });
  let page = await openEssays(device, 'ru');
  assert.match(await page.textContent('#themes-heading'), /Темы/);
  // The theme table and the joint display, in Russian.
  assert.equal(await page.$$eval('#table-themes tbody tr', (r) => r.length), codebook.themes.length);
  assert.match(await page.textContent('#table-themes-joint caption'), /Совместное представление/);
  assert.equal(await page.$$eval('#table-themes-joint tbody tr:not(.group-row)', (r) => r.length), themeCase.expected.joint.length * codebook.themes.length);
  const theme = page.locator('details.quote-theme').first();
  await theme.locator('summary').focus();
  await page.keyboard.press('Enter');
  const first = theme.locator('li.quote').first();
  const id = await first.getAttribute('data-quote');
  const original = (await first.locator('.quote-words').textContent()).trim();
  // Keyboard only: open the editor, select the first word, replace it.
  await first.locator('.quote-open').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('quote-edit'));
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const redacted = `[…]${[...original].slice(5).join('')}`;
  assert.equal(await first.locator('.quote-words').textContent(), redacted);
  await assertAccessible(page, 'themes ru phone, quote editor open');
  await screenshots(page, 'analysis-themes-ru');

  // A reload keeps the redaction (the demo loads again from the address).
  await page.close();
  page = await open(device, 'analysis.html?study=stackable&demo=essays', { wait: true });
  await page.waitForSelector('#themes-counts', { timeout: 120_000 });
  await analysisIdle(page);
  assert.equal(await page.locator(`li[data-quote="${id}"] .quote-words`).textContent(), redacted);

  // The report asks first; "back" downloads nothing, "go" downloads the report with the redacted quote.
  await page.click('#dl-report');
  await page.waitForSelector('#quotes-reminder[open]');
  await assertAccessible(page, 'quotes reminder');
  await page.click('#quotes-back');
  assert.equal(await page.locator('#quotes-reminder').count(), 0);
  const report = await downloadText(page, async () => {
    await page.click('#dl-report');
    await page.click('#quotes-go');
  });
  assert.ok(report.text.includes(redacted), 'the report has the redacted quote');
  assert.ok(!report.text.includes(original), 'the report does not have the quote as it was');
  assert.ok(!/<textarea|<input/.test(report.text), 'no form controls in the report');
  // The quotes' CSV: every quote, the redaction marked.
  const csv = await downloadText(page, () => page.click('#dl-quotes'));
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'theme,theme_name,code,programme,group,quote,redacted,in_report,text_hash,start,end');
  const nQuotes = await page.locator('li.quote').count();
  assert.ok(lines.length - 1 >= nQuotes, 'a row per quote');
  assert.ok(csv.text.includes(redacted));
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('two coders\' files without a consensus: the page asks for the consensus; texts without responses: no joint display', async () => {
  const device = await site.newDevice({ viewport: DESKTOP, locale: 'en-US' });
  const page = await open(device, 'analysis.html?study=stackable');
  const dir = path.join(root, 'fixtures/demo-essays');
  const essays = JSON.parse(readFileSync(path.join(dir, 'texts.json'), 'utf8')).slice(0, 6).map((x) => path.join(dir, x.file));
  await page.setInputFiles('#file-input', [...essays, path.join(dir, 'codebook.json'), path.join(dir, 'coder_a.json'), path.join(dir, 'coder_b.json')]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 9);
  const kinds = await page.$$eval('#file-table tbody .file-kind', (c) => c.map((x) => x.textContent));
  assert.equal(kinds.filter((k) => /Students' texts/.test(k)).length, 6);
  assert.equal(kinds.filter((k) => /Coding file/.test(k)).length, 2);
  await page.click('#run');
  await page.waitForSelector('#themes-problem', { timeout: 60_000 });
  assert.match(await page.textContent('#themes-problem'), /merge them on the coding page/);
  // The consensus instead: the themes of those essays, no gains to join.
  await page.click('#clear-files');
  // One more essay saved by an old editor in Windows-1251: named in the problem table, the others analysed.
  const cp1251 = Buffer.from([...'Практика была полезной.'].map((c) => (c >= 'А' && c <= 'я' ? c.codePointAt(0) - 0x350 : c.codePointAt(0))));
  await page.setInputFiles('#file-input', [...essays, path.join(dir, 'codebook.json'), path.join(dir, 'consensus.json')]);
  await page.setInputFiles('#file-input', [{ name: 'ZZ11YY.txt', mimeType: 'text/plain', buffer: cp1251 }]);
  await page.click('#run');
  await page.waitForSelector('#themes-counts', { timeout: 60_000 });
  const problemFiles = await page.$$eval('#problem-table tbody tr', (r) => r.map((x) => `${x.cells[0].textContent}: ${x.cells[4].textContent}`));
  assert.ok(problemFiles.some((p) => /^ZZ11YY\.txt: .*1251/.test(p)), problemFiles.join('\n'));
  assert.match(await page.textContent('#import-summary li[data-kind="texts"]'), /Texts: 6 text\(s\) read from 7 file\(s\); 1 error/);
  assert.match(await page.textContent('#themes-counts'), /coded texts: 6\b/);
  assert.equal(await page.locator('#themes-no-joint').count(), 1);
  // The consensus codes more texts than were given: the engine says so, in the page's words.
  const warning = page.locator('#themes li[data-msg-id="coding.analysis_texts_unknown"]');
  assert.equal(await warning.count(), 1);
  assert.match(await warning.textContent(), /30/);
  await assertAccessible(page, 'themes without responses');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// The open answers of the response files, coded (here by the test: the
// first theme marked on every other open answer of the post-test files), join the
// numbers: the page reads the responses' texts only because the coding
// codes texts that no essay holds.
test('coded open answers of the two-group demo\'s response files: the themes and the joint display', { skip: !existsSync(CLI) && 'build/assess is not built' }, async () => {
  const dir = path.join(root, 'fixtures/demo2/responses');
  const names = readdirSync(dir).filter((f) => f.includes('-post-')).sort();
  const doc = (f) => JSON.parse(readFileSync(path.join(root, 'rubrics', f), 'utf8'));
  const texts = cli({
    op: 'texts', study: doc('study.stackable.v1.json'),
    instruments: ['background', 'competency-12', 'satisfaction', 'employer-feedback'].map((id) => doc(`${id}.v1.json`)),
    files: names.map((name) => ({ name: `responses/${name}`, text: readFileSync(path.join(dir, name), 'utf8') })),
  }).texts;
  // A text is known by its content: an answer two students share is one text (coded once).
  const hashes = [...new Set(texts.map((x) => x.hash))];
  assert.ok(hashes.length >= 4, `${hashes.length} open answers`);
  const book = JSON.parse(readFileSync(path.join(root, 'fixtures/coding/codebook.json'), 'utf8'));
  const coding = {
    format: 'assess-coding/1', coder: 'consensus', codebook: { id: book.id, version: book.version },
    texts: hashes.map((hash, i) => ({ hash, themes: i % 2 ? [] : [book.themes[0].id] })),
  };
  const device = await site.newDevice({ viewport: DESKTOP, locale: 'en-US' });
  const page = await open(device, 'analysis.html?study=stackable&demo=2');
  await page.waitForSelector('#results table', { timeout: 120_000 });
  await analysisIdle(page);
  await page.setInputFiles('#file-input', [
    { name: 'codebook.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(book)) },
    { name: 'consensus.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(coding)) },
  ]);
  await page.click('#run');
  await page.waitForSelector('#themes-heading', { timeout: 120_000 });
  await analysisIdle(page);
  assert.equal(await page.locator('#themes-problem, #themes-error').count(), 0, await page.textContent('#themes'));
  // The page reads every response file of the demo: an answer that other
  // students gave word for word is the same text, coded once, counted for each.
  const all = cli({
    op: 'texts', study: doc('study.stackable.v1.json'),
    instruments: ['background', 'competency-12', 'satisfaction', 'employer-feedback'].map((id) => doc(`${id}.v1.json`)),
    files: demo2Inputs(),
  }).texts.filter((x) => hashes.includes(x.hash));
  const students = new Set(all.map((x) => x.code)).size;
  assert.match(await page.textContent('#themes-counts'), new RegExp(`Students with a coded text: ${students}; coded texts: ${all.length}\\.`));
  const marked = new Set(hashes.filter((_, i) => i % 2 === 0));
  assert.equal(await page.getAttribute(`#table-themes td[data-key="themes.${book.themes[0].id}.texts"]`, 'data-value'),
    String(all.filter((x) => marked.has(x.hash)).length));
  assert.ok(await page.locator('#table-themes-joint tbody tr').count() > 0, 'the joint display');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
