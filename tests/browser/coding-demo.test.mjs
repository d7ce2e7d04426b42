// The coding page's essays demo (SITE/demo-essays/): one button reads the
// 36 essays and the 8-theme codebook as if the user had chosen them, so that
// coding can start at once; another merges the demo coders' files: the
// agreement table (a row per theme, at least one theme flagged), the
// disagreements with the demo team's decisions marked, a complete consensus
// and the theme frequencies. Zero axe violations; no request leaves the site.
// No figure here depends on the essays' wording (they may be proofread and
// the coders' files regenerated): only counts of texts, themes and rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, assertAccessible, assertNoForeignRequests, assertNoProblems, downloadText, siteDir, PHONE, DESKTOP,
} from './helpers.mjs';

const demo = (name) => JSON.parse(readFileSync(path.join(siteDir, 'demo-essays', name), 'utf8'));

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

test('the demo essays: 36 texts and the codebook of 8 themes, one click away', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'coding.html?lang=kk');
  assert.ok(await page.isHidden('#code-ready'));
  await page.click('#load-demo');
  await page.waitForSelector('#code-ready:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#demo-result a'));
  assert.match(await page.textContent('#texts-summary'), /\b36\b/);
  assert.match(await page.textContent('#codebook-summary'), /essay-themes-demo/);
  assert.equal(await page.locator('#theme-checks input[type=checkbox]').count(), 8);
  assert.equal(await page.locator('#text-pick option').count(), 36);
  // The pickers show the files as if chosen.
  assert.equal(await page.evaluate(() => document.querySelector('#texts-file').files.length), 36);
  assert.equal(await page.evaluate(() => document.querySelector('#codebook-file').files[0]?.name), 'codebook.json');
  // Coding starts at once.
  await page.fill('#coder-id', 'demo');
  await page.check('#theme-checks input[type=checkbox] >> nth=0');
  await page.click('#mark-coded');
  assert.match(await page.textContent('#progress'), /1\D+36/);
  assert.equal(await page.getAttribute('#demo-result a', 'href'), '#code');
  // A question quoted inside a sentence does not end it («…керек?» деген …):
  // the sentence is one option, as the demo coders' quote of it is one passage.
  const options = await page.$$eval('#text-pick option', (o) => o.map((x) => x.value));
  let found = null;
  for (const v of options) {
    await page.selectOption('#text-pick', v);
    found = await page.$$eval('#sentences .sentence', (s) => s.map((x) => x.textContent).find((x) => x.includes('керек?»')) ?? null);
    if (found) break;
  }
  assert.match(found ?? '', /^Мен физика сабағында «.*керек\?» деген .*енгіздім\.$/);
  // The essay is marked as Kazakh for screen readers (WCAG 3.1.2), on a page in any language.
  assert.equal(await page.getAttribute('#sentences', 'lang'), 'kk');
  // The codebook editor, open with the demo codebook, fits the phone too
  // (a fieldset is as wide as its widest select unless told otherwise).
  await page.click('#editor summary');
  assert.equal(await page.locator('#cb-themes fieldset').count(), 8);
  const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wider <= 0, `the page is ${wider} px wider than the phone`);
  await assertAccessible(page, '(demo essays, kk, phone)');
  assert.ok(device.requests.some((u) => u.includes('/demo-essays/essays/')), 'the essays came from the site');
  // "Forget the work on this device": the texts, the marks and the codebook go, on the page as in storage.
  await page.click('#forget');
  assert.equal(await page.isVisible('#code-ready'), false);
  assert.equal(await page.textContent('#codebook-summary'), '');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('coding'))), []);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('the demo coders merged: agreement table, disagreements decided, consensus, themes', async () => {
  const codebook = demo('codebook.json');
  const resolutions = demo('resolutions.json');
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, 'coding.html?lang=ru');
  // Straight to the merge: the essays and the codebook come with it.
  await page.click('#load-demo-coders');
  await page.waitForSelector('#agreement-table');
  assert.equal(await page.locator('#text-pick option').count(), 36);
  const rows = await page.$$eval('#agreement-table tbody tr', (trs) => trs.map((tr) => tr.dataset.theme));
  assert.deepEqual(rows.sort(), codebook.themes.map((th) => th.id).sort(), 'a row per theme');
  assert.ok(await page.locator('#agreement-table tbody tr.low').count() >= 1, 'a theme is flagged below .667');
  assert.equal(await page.locator('#agreement-table tfoot tr').count(), 1);
  assert.match(await page.textContent('#agreement-table caption'), /A, B/);
  // Every disagreement carries the demo team's decision.
  const open_ = await page.locator('#disagreements fieldset.dis').count();
  assert.equal(open_, resolutions.length);
  assert.equal(await page.locator('#disagreements input[type=radio]:checked').count(), resolutions.length);
  assert.equal(await page.evaluate(() => document.querySelector('#coding-files').files.length), 2);
  await assertAccessible(page, '(demo merge, ru, desktop)');
  // The consensus is complete and equals the demo's own.
  const file = await downloadText(page, () => page.click('#make-consensus'));
  const consensus = JSON.parse(file.text);
  const expected = demo('consensus.json');
  assert.equal(consensus.texts.length, 36);
  const themesOf = (doc) => Object.fromEntries(doc.texts.map((x) => [x.hash, [...x.themes].sort()]));
  assert.deepEqual(themesOf(consensus), themesOf(expected));
  assert.match(await page.textContent('#consensus-result'), /36/);
  await page.click('#run-themes');
  await page.waitForSelector('#theme-frequencies');
  assert.equal(await page.locator('#theme-frequencies tbody tr').count(), 8);
  // A second click keeps one coder pair (no double load).
  await page.click('#load-demo-coders');
  await page.waitForFunction((n) => document.querySelectorAll('#disagreements input[type=radio]:checked').length === n, resolutions.length);
  assert.match(await page.textContent('#agreement-table caption'), /A, B/);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
