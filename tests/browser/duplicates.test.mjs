// Records that differ under one key (issue "what a researcher meets with
// real files", part 1): the analysis page shows them side by side - file,
// row, timestamp, language, every answer with the differing ones marked -
// and the researcher keeps one or leaves them all out. The choice goes into
// the links file by record_id, and `build/assess analyze --links` on the
// same files gives the same results as the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertAccessible, downloadText, screenshots, root, PHONE, DESKTOP } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

const CLI = path.join(root, 'build/assess');
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const idle = (page) => page.waitForFunction(() => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled);

// The demo's responses and a second file holding one post-test of the demo
// again, one answer changed (a student who handed in twice, or a record
// edited in Excel).
function editedResponses() {
  const csv = readFileSync(path.join(root, 'fixtures/demo/responses.csv'), 'utf8');
  const lines = csv.split(/\r?\n/).filter(Boolean);
  const head = lines[0].split(',');
  const post = lines.find((l) => l.includes(',post,'));
  const cells = post.split(',');
  const item = head.indexOf('submitted') + 3;  // the third item
  const was = Number(cells[item]);
  cells[item] = String(was === 5 ? 4 : was + 1);
  return { csv, edited: [lines[0], cells.join(',')].join('\r\n'), code: cells[0], itemId: head[item] };
}

test('a differing response: kept on the page, the same result from the CLI through the links file (ru)', async () => {
  assert.ok(existsSync(CLI), 'build/assess is not built (scripts/build builds it)');
  const { csv, edited, itemId } = editedResponses();
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'ru');
  await page.setInputFiles('#file-input', [
    { name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'edited.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 2);
  await page.click('#run');
  await page.waitForSelector('#conflicts fieldset.conflict', { timeout: 60_000 });
  await idle(page);

  // The evidence: both records, the edited answer marked, nothing chosen for the researcher.
  const sets = await page.$$('#conflicts fieldset.conflict');
  assert.equal(sets.length, 1);
  const legend = await sets[0].$eval('legend', (l) => l.textContent);
  assert.match(legend, /Итоговое тестирование/);
  const rows = await sets[0].$$eval('table.evidence tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.recordId, cells: [...tr.cells].map((c) => c.textContent), marked: [...tr.querySelectorAll('mark')].map((m) => m.title),
  })));
  assert.equal(rows.length, 2);
  assert.match(rows[0].cells[1], /^responses\.csv, \d+$/);
  assert.equal(rows[1].cells[1], 'edited.csv, 2');
  assert.match(rows[0].cells[0], /Запись 1/);
  assert.match(rows[0].cells[2], /2025/);  // when submitted
  assert.match(rows[1].cells[3], /^(KK|RU|EN)$/);
  assert.deepEqual(rows[0].marked, [itemId]);
  assert.deepEqual(rows[1].marked, [itemId]);
  assert.match(rows[0].id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(await page.isChecked('#dup-0-none'), true);
  // The problem rows say it in Russian, from the catalogue.
  const ids = await page.$$eval('#problem-table td.msg', (tds) => tds.map((td) => td.dataset.msgId));
  assert.ok(ids.includes('import.duplicate_record'), ids.join(' '));
  await assertAccessible(page, 'differing records (ru)');
  await screenshots(page, 'duplicates-conflict');

  // Keep the edited record.
  await page.check('#dup-0-1');
  await page.click('#apply-duplicates');
  await page.waitForSelector('#duplicate-choices li', { timeout: 60_000 });
  await idle(page);
  assert.equal(await page.$('#conflicts fieldset.conflict'), null);
  const chosen = await page.textContent('#duplicate-choices li span');
  assert.match(chosen, /оставлена запись edited\.csv, 2/);
  const resolved = await page.$$eval('#problem-table td.msg', (tds) => tds.map((td) => td.dataset.msgId));
  assert.ok(resolved.includes('import.duplicate_not_chosen'), resolved.join(' '));
  assert.ok(!resolved.includes('import.duplicate_record'));

  const pageJson = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text);
  const links = JSON.parse((await downloadText(page, () => page.click('#dl-links'))).text);
  assert.equal(links.format, 'assess-links/1');
  assert.deepEqual(links.duplicates, [{ keep: rows[1].id }]);
  assertNoProblems(device);
  await device.context.close();

  // The CLI on the same files with the downloaded links file: the same analysis.
  const work = mkdtempSync(path.join(os.tmpdir(), 'assess-dup-'));
  try {
    writeFileSync(path.join(work, 'responses.csv'), csv);
    writeFileSync(path.join(work, 'edited.csv'), edited);
    writeFileSync(path.join(work, 'links.json'), JSON.stringify(links));
    const analyze = (extra) => {
      const args = ['analyze', '--instrument', path.join(root, 'rubrics/competency-12.v1.json'),
        '--study', path.join(root, 'rubrics/study.microcredentials.v1.json'), ...extra, '--responses', 'responses.csv', 'edited.csv'];
      return JSON.parse(execFileSync(CLI, args, { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] })).result;
    };
    const cli = analyze(['--links', 'links.json']);
    const without = analyze([]);
    const byId = (r) => Object.fromEntries([...r.subscales, r.total].map((s) => [s.id, s]));
    const shown = byId(pageJson.prepost);
    for (const [id, s] of Object.entries(byId(cli))) {
      assert.equal(shown[id].n_pairs, s.n_pairs, `${id} n_pairs`);
      assert.ok(Math.abs(shown[id].t - s.t) <= 1e-9 * Math.max(1, Math.abs(s.t)), `${id} t: page ${shown[id].t}, CLI ${s.t}`);
      assert.ok(Math.abs(shown[id].post.mean - s.post.mean) <= 1e-12, `${id} post mean`);
    }
    // Without the choice both records are left out: one pair fewer.
    assert.equal(byId(without).total.n_pairs, byId(cli).total.n_pairs - 1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a differing rating: all left out by choice, then undone (kk, phone)', async () => {
  const csv = readFileSync(path.join(root, 'fixtures/demo/ratings.csv'), 'utf8');
  const lines = csv.split(/\r?\n/).filter(Boolean);
  const cells = lines[1].split(',');
  cells[2] = cells[2] === '1' ? '2' : '1';
  const edited = [lines[0], cells.join(',')].join('\r\n');
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'kk');
  await page.setInputFiles('#file-input', [
    { name: 'ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'ratings-edited.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 2);
  await page.click('#run');
  await page.waitForSelector('#conflicts fieldset.conflict', { timeout: 60_000 });
  await idle(page);
  const set = await page.$('#conflicts fieldset.conflict');
  assert.equal(await set.getAttribute('data-kind'), 'ratings');
  assert.match(await set.$eval('legend', (l) => l.textContent), new RegExp(`Сарапшы: ${cells[0]}`));
  const marked = await set.$$eval('table.evidence tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('mark')].map((m) => m.title)));
  assert.deepEqual(marked, [[lines[0].split(',')[2]], [lines[0].split(',')[2]]]);
  // The radio and its label share one row on a phone.
  const [r, l] = await Promise.all([page.$('#dup-0-none'), page.$('label[for="dup-0-none"]')]);
  const [rb, lb] = await Promise.all([r.boundingBox(), l.boundingBox()]);
  assert.ok(Math.abs(rb.y - lb.y) < 16 && rb.x < lb.x, `radio beside its label: ${JSON.stringify([rb, lb])}`);
  await assertAccessible(page, 'differing ratings (kk)');
  await screenshots(page, 'duplicates-rating');

  // Leave both out, on purpose: the choice is listed, the links file holds both exclusions.
  await page.focus('#dup-0-none');
  await page.keyboard.press('Space');
  await page.click('#apply-duplicates');
  await page.waitForSelector('#duplicate-choices li', { timeout: 60_000 });
  await idle(page);
  assert.match(await page.textContent('#duplicate-choices li span'), /бәрі алынып тасталды/);
  const links = JSON.parse((await downloadText(page, () => page.click('#dl-links'))).text);
  assert.equal(links.duplicates.length, 2);
  assert.ok(links.duplicates.every((c) => /^sha256:/.test(c.exclude)));
  const ids = await page.$$eval('#problem-table td.msg', (tds) => tds.map((td) => td.dataset.msgId));
  assert.equal(ids.filter((id) => id === 'import.duplicate_excluded').length, 2, ids.join(' '));

  // Undo: the conflict is back, nothing chosen.
  await page.click('#duplicate-choices li button');
  await page.waitForSelector('#conflicts fieldset.conflict', { timeout: 60_000 });
  await idle(page);
  assert.equal(await page.$('#duplicate-choices'), null);
  assert.equal(await page.isChecked('#dup-0-none'), true);
  assertNoProblems(device);
  await device.context.close();
});
