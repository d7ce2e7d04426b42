// Honest small samples (issue "what a researcher meets with real files",
// part 3): below what a statistic needs, the analysis page says so once and
// calmly in the reader's language, shows the descriptive figures that exist,
// draws no empty chart, shows no result of a test that did not run, and
// keeps "engine stopped" for real failures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertNoForeignRequests, assertAccessible, root, DESKTOP, PHONE } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const responses = readFileSync(path.join(root, 'fixtures/demo/responses.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
const ratings = readFileSync(path.join(root, 'fixtures/demo/ratings.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
// The first n students of the demo with both waves, and the first expert.
function students(n) {
  const codes = [...new Set(responses.slice(1).map((l) => l.split(',')[0]))]
    .filter((c) => responses.some((l) => l.startsWith(`${c},`) && l.includes(',pre,'))
      && responses.some((l) => l.startsWith(`${c},`) && l.includes(',post,')))
    .slice(0, n);
  return [responses[0], ...responses.slice(1).filter((l) => codes.includes(l.split(',')[0]))].join('\r\n');
}
const oneExpert = [ratings[0], ...ratings.filter((l) => l.startsWith('E01,'))].join('\r\n');

async function analyse(page, files) {
  await page.setInputFiles('#file-input', files.map(([name, text]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })));
  await page.waitForFunction((n) => document.querySelectorAll('#file-table tbody tr').length === n, files.length);
  await page.click('#run');
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

for (const [lang, said, viewport] of [['kk', /Байланыстырылған студенттер саны: 1\./, PHONE], ['ru', /Связанных студентов: 1\./, DESKTOP]]) {
  test(`one student and one expert (${lang}): a calm statement, descriptive figures, no phantom test or empty chart`, async () => {
    const device = await site.newDevice({ viewport });
    const page = await open(device, 'analysis.html');
    await setLanguage(page, lang);
    await analyse(page, [['one-student.csv', students(1)], ['one-expert.csv', oneExpert]]);
    // No "engine stopped": the panel's too-few-experts note is a notice with its catalogue id.
    assert.equal(await page.$$eval('.engine-error', (e) => e.length), 0);
    const note = await page.$('.small-sample[data-msg-id="panel.too_few"]');
    assert.ok(note, 'the panel says it needs two experts');
    assert.equal(await note.getAttribute('role'), null, 'not an alert');
    // The pre-post statement, once.
    assert.equal(await page.$$eval('#small-sample', (e) => e.length), 1);
    assert.match(await page.textContent('#small-sample'), said);
    // Descriptive columns only: scale, n, pre, post, gain; numbers exist.
    assert.equal(await page.$$eval('#table-prepost thead th', (e) => e.length), 5);
    assert.ok(await page.$$eval('#table-prepost tbody td', (c) => c.some((x) => /\d/.test(x.textContent))));
    // No table or chart of tests that did not run, no reliability of dashes.
    assert.equal(await page.$('#table-normality'), null);
    assert.equal(await page.$('#table-reliability'), null);
    const captions = await page.$$eval('figure.chart figcaption', (f) => f.map((x) => x.textContent));
    assert.ok(captions.length >= 1, 'the means chart stays');
    assert.ok(!(await page.$$eval('figure.chart', (f) => f.some((x) => /d_z/.test(x.textContent)))), 'no empty d_z chart');
    // The per-scale "too few" warnings are the statement's: none repeated.
    assert.equal(await page.$$eval('li[data-msg-id$="too_few"]', (e) => e.length), 0);
    await assertAccessible(page, `small samples (${lang})`);
    assertNoForeignRequests(device);
    assertNoProblems(device);
  });
}

test('three students (kk): the tests run, no small-sample statement, no engine error', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'kk');
  await analyse(page, [['three.csv', students(3)]]);
  assert.equal(await page.$$eval('.engine-error', (e) => e.length), 0);
  assert.equal(await page.$('#small-sample'), null);
  assert.equal(await page.$$eval('#table-prepost thead th', (e) => e.length), 10);
  assert.ok(await page.$('#table-normality'));
  assertNoProblems(device);
});
