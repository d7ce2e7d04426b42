// The second demo on the analysis page (issue 14): one click opens the
// two-group study (study.stackable, an assess-study/2) with its demo files,
// the pre-post analysis of its main instrument runs with the records of the
// other instruments routed away, and the per-student data set downloads as
// a ZIP of dataset.csv and its codebook - the same data set as
// `build/assess dataset` on the same files. In Kazakh at desktop width and
// in Russian on a phone, with axe and no request beyond the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startSite, assertNoProblems, assertNoForeignRequests, assertAccessible, screenshots, root, PHONE, DESKTOP } from './helpers.mjs';
import { openDemo2 } from './flows.mjs';

const CLI = path.join(root, 'build/assess');
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });


// The entries of a store-only ZIP (zip.js writes method 0): name -> text.
function unzipStored(bytes) {
  const out = {};
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 30 <= bytes.length && v.getUint32(at, true) === 0x04034b50) {
    assert.equal(v.getUint16(at + 8, true), 0, 'stored, not compressed');
    const size = v.getUint32(at + 18, true);
    const nameLength = v.getUint16(at + 26, true), extra = v.getUint16(at + 28, true);
    const name = Buffer.from(bytes.subarray(at + 30, at + 30 + nameLength)).toString('utf8');
    const start = at + 30 + nameLength + extra;
    out[name] = Buffer.from(bytes.subarray(start, start + size)).toString('utf8');
    at = start + size;
  }
  return out;
}

function demo2Files() {
  const dir = path.join(root, 'fixtures/demo2');
  return [
    ...readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/demo2/${f}`),
    ...readdirSync(path.join(dir, 'responses')).sort().map((f) => `fixtures/demo2/responses/${f}`),
    ...readdirSync(path.join(dir, 'employers')).sort().map((f) => `fixtures/demo2/employers/${f}`),
  ];
}

// CSV text -> rows of cells (RFC 4180, as the engine writes it).
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}


test('the two-group demo in one click; its data set equals the CLI (kk, desktop)', async () => {
  assert.ok(existsSync(CLI), 'build/assess is not built (scripts/build builds it)');
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await openDemo2(device, 'kk');
  const study = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  assert.equal(await page.textContent('#study-title'), study.title.kk);
  // The pre-post analysis of competency-12: 99 pairs, the groups compared.
  const text = await page.textContent('#results');
  assert.match(text, /99/);
  assert.equal(await page.isHidden('#dl-merged'), true);
  await assertAccessible(page, 'two-group demo (kk, 1280)');
  await screenshots(page, 'analysis-demo2');

  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-dataset')]);
  assert.match(dl.suggestedFilename(), /^dataset.*\.zip$/);
  const files = unzipStored(new Uint8Array(readFileSync(await dl.path())));
  assert.deepEqual(Object.keys(files), ['dataset.csv', 'dataset.codebook.json']);
  const native = execFileSync(CLI, ['dataset', '--study', 'rubrics/study.stackable.v1.json', '--responses', ...demo2Files(),
    '--links', 'fixtures/demo2/links.json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const a = parseCsv(files['dataset.csv']), b = parseCsv(native);
  assert.equal(a.length, 101);
  assert.deepEqual(a[0], b[0]);
  assert.equal(a.length, b.length);
  a.forEach((row, i) => row.forEach((cell, j) => {
    const x = Number(cell), y = Number(b[i][j]);
    if (cell !== b[i][j] && cell !== '' && Number.isFinite(x) && Number.isFinite(y)) {
      assert.ok(Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y)), `row ${i} ${a[0][j]}: ${cell} vs ${b[i][j]}`);
    } else {
      assert.equal(cell, b[i][j], `row ${i} ${a[0][j]}`);
    }
  }));
  const codebook = JSON.parse(files['dataset.codebook.json']);
  assert.deepEqual(codebook.variables.map((v) => v.name), a[0]);
  assert.ok(codebook.variables.every((v) => v.label.kk && v.label.ru && v.label.en));
  assertNoProblems(device);
  assertNoForeignRequests(device);
  await device.context.close();
});

test('the two-group demo on a phone (ru): axe at 360 px, the data set offered', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await openDemo2(device, 'ru');
  assert.equal(await page.isVisible('#dl-dataset'), true);
  assert.match(await page.textContent('#dl-dataset'), /Набор данных по студентам/);
  await assertAccessible(page, 'two-group demo (ru, 360)');
  // The first demo's button leads back to the first study.
  await Promise.all([page.waitForURL(/demo=1/), page.click('#load-demo')]);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  await page.waitForSelector('#results table', { timeout: 90_000 });
  assert.equal(await page.isVisible('#dl-merged'), true);
  assertNoProblems(device);
  assertNoForeignRequests(device);
  await device.context.close();
});
