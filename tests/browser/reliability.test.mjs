// Reliability beyond alpha on the analysis page (issue 16): omega or the
// Spearman-Brown coefficient beside alpha in the reliability table, and the
// confirmatory factor analysis of the subscales - its fit indices and
// standardised loadings where a wave has n >= max(200, 10 k) (the generated
// study fixtures/factor), one sentence per wave saying why not where it has
// fewer (the demo) - in kk, ru and en. The numbers shown are those of the
// JSON of `assess analyze` on the same files (build/assess, native): each
// cell's data-value is the number at its data-key's place (to 1e-9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertNoForeignRequests, root, DESKTOP } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

const CLI = path.join(root, 'build/assess');
const factorFiles = ['fixtures/factor/responses-pre.csv', 'fixtures/factor/responses-post.csv'];
const native = (files) => JSON.parse(execFileSync(CLI, ['analyze', '--instrument', 'rubrics/competency-12.v1.json',
  '--study', 'rubrics/study.microcredentials.v1.json', '--responses', ...files], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })).result;

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

async function analyse(page, files) {
  await page.setInputFiles('#file-input', files.map((rel) => ({
    name: path.basename(rel), mimeType: 'text/csv', buffer: readFileSync(path.join(root, rel)),
  })));
  await page.waitForFunction((n) => document.querySelectorAll('#file-table tbody tr').length === n, files.length);
  await page.click('#run');
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

const at = (obj, key) => key.split('.').reduce((o, k) => (o == null ? undefined : o[Array.isArray(o) ? Number(k) : k]), obj);

const SB = { en: '(S–B)', ru: '(С–Б)', kk: '(С–Б)' };
const NOT_FITTED = { en: /not fitted/, ru: /не проводился/, kk: /жүргізілмеді/ };

for (const lang of ['en', 'ru', 'kk']) {
  test(`the fitted factor model and omega beside alpha (${lang}, fixtures/factor)`, async () => {
    const json = native(factorFiles);
    const device = await site.newDevice({ viewport: DESKTOP });
    const page = await open(device, 'analysis.html');
    await setLanguage(page, lang);
    await analyse(page, factorFiles);
    // Reliability: alpha, then omega or S-B, per wave.
    const head = await page.$$eval('#table-reliability thead th', (th) => th.map((x) => x.textContent));
    assert.equal(head.length, 8);
    const cells = await page.$$eval('#results td[data-key][data-value]', (tds) => tds.map((td) => ({
      table: td.closest('table').id, key: td.dataset.key, value: Number(td.dataset.value), text: td.textContent,
    })));
    const rel = cells.filter((c) => c.table === 'table-reliability');
    const omega = rel.filter((c) => /\.(omega|spearman_brown)$/.test(c.key));
    assert.equal(omega.length, 12, 'six scores, two waves');
    for (const c of omega) {
      const v = at(json.reliability, c.key);
      assert.equal(typeof v, 'number', c.key);
      assert.ok(Math.abs(c.value - v) <= 1e-9 * Math.abs(v), `${c.key}: ${c.value} vs ${v}`);
      if (c.key.endsWith('spearman_brown')) assert.ok(c.text.includes(SB[lang]), `${c.key} marked S-B: ${c.text}`);
    }
    assert.ok(omega.some((c) => c.key === 'pre.total.omega'));
    // The CFA: fit indices of both waves, the loadings; no "not fitted" sentence.
    const cfa = cells.filter((c) => c.table === 'table-cfa' || c.table === 'table-cfa-loadings');
    assert.ok(cfa.some((c) => c.key === 'factor_model.post.rmsea'));
    assert.equal(cells.filter((c) => c.table === 'table-cfa-loadings').length, 24);
    for (const c of cfa) {
      const v = at(json, c.key);
      assert.equal(typeof v, 'number', c.key);
      assert.ok(Math.abs(c.value - v) <= 1e-9 * Math.abs(v) || Math.abs(c.value - v) <= 1e-12, `${c.key}: ${c.value} vs ${v}`);
    }
    assert.equal(await page.$('.cfa-sentence'), null);
    assertNoForeignRequests(device);
    assertNoProblems(device);
    await device.context.close();
  });
}

test('the demo: the factor model not fitted, one sentence per wave with n and the required n (ru)', async () => {
  const files = ['fixtures/demo/responses.csv'];
  const json = native(files);
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'ru');
  await analyse(page, files);
  const said = await page.$$eval('.cfa-sentence', (p) => p.map((x) => ({ reason: x.dataset.value, text: x.textContent })));
  assert.equal(said.length, 2);
  for (const [i, w] of ['pre', 'post'].entries()) {
    assert.equal(said[i].reason, 'sample_size');
    assert.match(said[i].text, NOT_FITTED.ru);
    assert.ok(said[i].text.includes(String(json.factor_model[w].n)), said[i].text);
    assert.ok(said[i].text.includes('200'));
  }
  assert.equal(await page.$('#table-cfa'), null);
  assertNoProblems(device);
  await device.context.close();
});
