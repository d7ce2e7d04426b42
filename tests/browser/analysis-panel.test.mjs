// The expert panel's absolute agreement on the analysis page: ICC2, ICC2k and
// Krippendorff's alpha beside W, shown as the engine's JSON has them (the
// cell's data-value is the full number, its text the number rounded), and
// equal to R's (fixtures/reference/demo_analysis.json). Changing one rating
// in the demo's ratings.csv before dropping it in changes the ICC to what R
// gives for the changed ratings (the reference case "one rating changed",
// fixtures/reference/R/demo_analysis.R makes the same edit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, downloadText, assertNoProblems, siteDir, root } from './helpers.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const reference = JSON.parse(readFileSync(path.join(root, 'fixtures/reference/demo_analysis.json'), 'utf8')).cases;
const expected = (name) => reference.find((c) => c.name.startsWith(name)).expected;
const demoFiles = JSON.parse(readFileSync(path.join(siteDir, 'demo/index.json'), 'utf8')).files;

// The same edit as the R reference: E01 gives andragogue-educator 1 instead
// of 5 on standards_alignment (the first criterion).
const BEFORE = 'E01,andragogue-educator,5,5,';
const AFTER = 'E01,andragogue-educator,1,5,';

async function waitForRun(page) {
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
  await page.waitForSelector('#table-panel-icc', { timeout: 60_000 });
}

// The cells of the agreement table: {key: [text, value]}.
const iccCells = (page) => page.$$eval('#table-panel-icc td[data-key]', (tds) => Object.fromEntries(
  tds.map((td) => [td.dataset.key, [td.textContent, td.dataset.value === undefined ? null : Number(td.dataset.value)]])));

const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));
// APA: two decimals, no leading zero (the page's English).
const apa = (x) => x.toFixed(2).replace(/^(-?)0\./, '$1.');

test('the demo panel: ICC2, ICC2k and alpha shown as the engine gives them, equal to R', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await page.click('#load-demo');
  await waitForRun(page);
  const json = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text);
  const cells = await iccCells(page);
  const r = expected('demo panel: nine experts');
  for (const [k, c] of [...json.panel.criteria, json.panel.overall].entries()) {
    const ref = k < r.criteria.length ? r.criteria[k] : r.overall;
    for (const [form, key] of [['ICC2', 'icc2'], ['ICC2k', 'icc2k']]) {
      const [text, value] = cells[`${c.id}.${key}`];
      assert.equal(value, c.icc[form].icc, `${c.id}.${key}: the engine's number`);
      assert.equal(text, `${apa(c.icc[form].icc)} [${apa(c.icc[form].ci_low)}, ${apa(c.icc[form].ci_high)}]`);
      assert.ok(close(value, ref.icc[form].icc, 1e-9), `${c.id}.${key}: ${value} vs R ${ref.icc[form].icc}`);
    }
    assert.equal(cells[`${c.id}.alpha_interval`][1], c.alpha.interval);
    assert.ok(close(c.alpha.interval, ref.alpha.interval, 1e-9));
    assert.ok(close(c.alpha.ordinal, ref.alpha.ordinal, 1e-9));
    assert.equal(cells[`${c.id}.mean`][1], c.mean);
  }
  // Five programmes: the sentence on the wide interval; nine experts: no kappa.
  const few = await page.$$eval('#results .warnings li[data-msg-id="panel.icc_few_programmes"]', (x) => x.map((li) => li.textContent));
  assert.equal(few.length, 1);
  assert.match(few[0], /Only 5 programmes/);
  assert.equal(cells['standards_alignment.kappa'], undefined);
  // The experts' comments, programme by programme.
  // A heading row per programme, then one row per comment.
  assert.equal(await page.$$eval('#table-comments tbody tr:not(.group-row)', (x) => x.length), json.panel.comments.length);
  assert.equal(await page.$$eval('#table-comments tbody tr.group-row', (x) => x.length),
    new Set(json.panel.comments.map((c) => c.programme)).size);
  assert.deepEqual(json.panel.comments, r.comments);
  assertNoProblems(device);
});

test('one rating changed: the ICC changes to R\'s value for the changed ratings', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const files = demoFiles.map((name) => {
    let text = readFileSync(path.join(siteDir, 'demo', name), 'utf8');
    if (name === 'ratings.csv') {
      assert.ok(text.includes(BEFORE), 'the demo rating to change is there');
      text = text.replace(BEFORE, AFTER);
    }
    return { name: path.basename(name), mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer: Buffer.from(text) };
  });
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => document.querySelectorAll('#file-table tbody tr').length === n, files.length);
  await page.click('#run');
  await waitForRun(page);
  const cells = await iccCells(page);
  const changed = expected('demo panel: one rating changed').criteria[0];
  const original = expected('demo panel: nine experts').criteria[0];
  const [text, value] = cells['standards_alignment.icc2'];
  assert.ok(close(value, changed.icc.ICC2.icc, 1e-9), `ICC2 ${value} vs R ${changed.icc.ICC2.icc}`);
  assert.ok(Math.abs(value - original.icc.ICC2.icc) > 0.1, 'the ICC moved');
  assert.equal(text.split(' ')[0], apa(changed.icc.ICC2.icc));
  assert.ok(close(cells['standards_alignment.icc2k'][1], changed.icc.ICC2k.icc, 1e-9));
  assert.ok(close(cells['standards_alignment.alpha_interval'][1], changed.alpha.interval, 1e-9));
  // The other criteria did not move.
  const other = expected('demo panel: nine experts').criteria[1];
  assert.ok(close(cells[`${other.id}.icc2`][1], other.icc.ICC2.icc, 1e-9));
  assertNoProblems(device);
});
