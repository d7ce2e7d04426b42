// Near matches come with evidence (issue "what a researcher meets with real
// files", part 4): the two records side by side - file and row, when
// submitted, group, every answer - and the checkbox beside its label.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertAccessible, root, PHONE } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('a mistyped post-test code: the near match shows both records (kk)', async () => {
  const lines = readFileSync(path.join(root, 'fixtures/demo/responses.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
  const head = lines[0].split(',');
  const pre = lines.find((l) => l.includes(',pre,'));
  const code = pre.split(',')[0];
  const body = code.split('-')[0];
  const typo = `${body.slice(0, -1)}${body.endsWith('V') ? 'W' : 'V'}`;  // one symbol off, no check
  const post = lines.find((l) => l.startsWith(`${code},`) && l.includes(',post,'));
  assert.ok(post, 'the demo has the post-test of this code');
  const text = [lines[0], pre, post.replace(code, typo)].join('\r\n');
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'kk');
  await page.setInputFiles('#file-input', [{ name: 'typo.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 1);
  await page.click('#run');
  await page.waitForSelector('#near-matches li', { timeout: 60_000 });
  const li = await page.$('#near-matches li');
  // The checkbox and its label share one row.
  const [box, label] = await Promise.all([li.$('.check input'), li.$('.check label')]);
  const [b, l] = await Promise.all([box.boundingBox(), label.boundingBox()]);
  assert.ok(Math.abs(b.y - l.y) < 12 && b.x < l.x, `checkbox beside its label: ${JSON.stringify([b, l])}`);
  // The evidence: two rows (pre, post) with row numbers, dates and every answer.
  const rows = await li.$$eval('table.evidence tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 2);
  assert.match(rows[0][0], /Бастапқы/);
  assert.match(rows[0][1], /typo\.csv, 2/);
  assert.match(rows[1][1], /typo\.csv, 3/);
  assert.match(rows[0][2], /2025/);
  const items = head.slice(head.indexOf('submitted') + 1);
  const answers = (line) => line.split(',').slice(head.indexOf('submitted') + 1).join(' ');
  assert.equal(items.length, 12);
  assert.equal(rows[0][4], answers(pre));
  assert.equal(rows[1][4], answers(post));
  await assertAccessible(page, 'near match with evidence (kk)');
  assertNoProblems(device);
});
