// The expert rubric: every programme rated on every criterion (descriptors
// visible), comments, autosave across a reload, and the exported ratings
// file (JSON and CSV) in the documented format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, root } from './helpers.mjs';

const rubric = JSON.parse(readFileSync(path.join(root, 'rubrics/expert-panel.v1.json'), 'utf8'));
const study = JSON.parse(readFileSync(path.join(root, 'rubrics/study.microcredentials.v1.json'), 'utf8'));

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// The score expert E gives programme p on criterion c: deterministic, varied.
const scoreFor = (p, c) => 1 + ((p * 3 + c * 2 + 1) % 5);

export async function rateAll(page, { expert, comment = (pid) => `Comment on ${pid}` } = {}) {
  await page.fill('#expert', expert);
  for (const [pi, prog] of study.programmes.entries()) {
    await page.click(`.prog-button[data-programme="${prog.id}"]`);
    for (const [ci, crit] of rubric.criteria.entries()) {
      await page.check(`#l-${prog.id}-${crit.id}-${scoreFor(pi, ci)}`);
    }
    const text = comment(prog.id);
    if (text) await page.fill('#comment', text);
  }
}

test('an expert rates every programme, reloads, and exports JSON and CSV', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'rubric.html');
  await page.selectOption('#lang-select', 'ru');
  // Descriptors are visible next to the choices.
  const firstDescriptor = rubric.criteria[0].levels[0].descriptor.ru;
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  assert.ok(await page.getByText(firstDescriptor).first().isVisible(), 'level descriptor shown');

  const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
  await rateAll(page, { expert: 'E07', comment: (pid) => (pid === study.programmes[1].id ? hostile : `Комментарий: ${pid}`) });
  const total = study.programmes.length * rubric.criteria.length;
  assert.equal(await page.textContent('#progress-text'), `Выставлено оценок: ${total} из ${total}`);

  // Autosave: a reload keeps the expert, every rating and the comments.
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.equal(await page.inputValue('#expert'), 'E07');
  await page.click(`.prog-button[data-programme="${study.programmes[1].id}"]`);
  assert.equal(await page.inputValue('#comment'), hostile);
  assert.ok(await page.isChecked(`#l-${study.programmes[1].id}-${rubric.criteria[2].id}-${scoreFor(1, 2)}`));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  const json = await downloadText(page, () => page.click('#download-json'));
  assert.match(json.name, /^ratings-E07-.*\.json$/);
  const file = JSON.parse(json.text);
  assert.equal(file.format, 'assess-ratings/1');
  assert.deepEqual(file.rubric, { id: rubric.id, version: rubric.version });
  assert.equal(file.expert, 'E07');
  assert.equal(file.lang, 'ru');
  assert.ok(!Number.isNaN(Date.parse(file.submitted)));
  assert.deepEqual(file.ratings.map((r) => r.object), study.programmes.map((p) => p.id));
  for (const [pi, r] of file.ratings.entries()) {
    assert.deepEqual(r.scores, Object.fromEntries(rubric.criteria.map((c, ci) => [c.id, scoreFor(pi, ci)])));
  }
  assert.equal(file.ratings[1].comment, hostile);

  const csv = await downloadText(page, () => page.click('#download-csv'));
  const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines[0], ['expert', 'object', ...rubric.criteria.map((c) => c.id), 'comment'].join(','));
  assert.equal(lines.length, 1 + study.programmes.length);
  assert.ok(lines[2].endsWith(`"${hostile.replace(/"/g, '""')}"`), lines[2]);

  // The engine reads the export back without complaint.
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('export asks for the expert code; erase removes everything', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'rubric.html');
  await page.check(`#l-${study.programmes[0].id}-${rubric.criteria[0].id}-3`);
  await page.click('#download-json');
  assert.ok(await page.isVisible('#export-msg'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'expert');
  await page.click('#erase');
  await page.click('#erase-confirm');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('assess.') && k !== 'assess.lang').length), 0);
  assert.equal(await page.isChecked(`#l-${study.programmes[0].id}-${rubric.criteria[0].id}-3`), false);
  assertNoProblems(device);
});
