// The exports of issue 17 on the analysis page: the SPSS .sav and the
// reproducibility bundle, made by the engine of every op in a second worker
// on the first click. In Russian at desktop width, the second demo's .sav is
// byte for byte `assess dataset --format sav --lang ru`, and the bundle's
// files are `assess bundle --lang ru`'s (report.json's numbers to 1e-12: two
// libm; the page adds its HTML report as report.html, which SHA256SUMS,
// datapackage.json and the README then list).
// With "leave out open answers" ticked the bundle is --no-text's. On a phone
// in Kazakh the exports are offered with the warning, axe passes, and no
// request leaves the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { startSite, assertNoProblems, assertNoForeignRequests, assertAccessible, root, PHONE, DESKTOP } from './helpers.mjs';
import { openDemo2 } from './flows.mjs';
import { compareJson, tolerance } from '../wasm/compare.mjs';

const SAME_NUMBERS = { stat_rel: 1e-12, p_rel: 1e-12, abs: 1e-300 };

const CLI = path.join(root, 'build/assess');
let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });



// The entries of a store-only ZIP, read from its central directory: name -> bytes.
function unzip(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  assert.equal(v.getUint32(end, true), 0x06054b50, 'the end record');
  const n = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const out = {};
  for (let i = 0; i < n; i += 1) {
    assert.equal(v.getUint32(at, true), 0x02014b50);
    assert.equal(v.getUint16(at + 10, true), 0, 'stored');
    const size = v.getUint32(at + 20, true);
    const nameLength = v.getUint16(at + 28, true);
    const name = Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    const local = v.getUint32(at + 42, true);
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    out[name] = Buffer.from(bytes.subarray(start, start + size));
    at += 46 + nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return out;
}

// The demo's files as the page has them (build/site/demo2/index.json's
// order and names), split as the page classifies them.
function demo2Inputs() {
  const { files } = JSON.parse(readFileSync(path.join(root, 'build/site/demo2/index.json'), 'utf8'));
  return {
    responses: files.filter((f) => !f.startsWith('ratings/') && f !== 'links.json'),
    ratings: files.filter((f) => f.startsWith('ratings/')),
  };
}

function cliBundle(extra) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'assess-bundle-'));
  const { responses, ratings } = demo2Inputs();
  execFileSync(CLI, ['bundle', '--study', path.join(root, 'rubrics/study.stackable.v1.json'), '--responses', ...responses,
    '--ratings', ...ratings, '--links', 'links.json', '--lang', 'ru', ...extra, '--out', out],
  { cwd: path.join(root, 'fixtures/demo2'), stdio: ['ignore', 'ignore', 'ignore'] });
  const files = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
  rmSync(out, { recursive: true, force: true });
  return files;
}

// The page's bundle equals the command line's, apart from report.html and
// where the listing files name it: every file byte for byte but report.json,
// whose numbers agree to 1e-12 relative (the browser's engine and the native
// one use different libm: docs/web.md), and so its digest in SHA256SUMS and
// datapackage.json; SHA256SUMS is right for the page's own files.
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
function assertSameBundle(page, cli) {
  assert.ok(page['report.html'] && page['report.html'].toString().includes('<'), 'the page adds its HTML report');
  const names = Object.keys(page).filter((n) => n !== 'report.html').sort();
  assert.deepEqual(names, Object.keys(cli).sort());
  for (const n of names) {
    if (n === 'SHA256SUMS') {
      const lines = page[n].toString().trim().split('\n').map((l) => l.split('  '));
      assert.deepEqual(lines.map(([, f]) => f).sort(), Object.keys(page).filter((f) => f !== n).sort());
      for (const [digest, f] of lines) assert.equal(digest, sha256(page[f]), `SHA256SUMS: ${f}`);
    } else if (n === 'report.json') {
      assert.deepEqual(compareJson(JSON.parse(cli[n]), JSON.parse(page[n]), tolerance(SAME_NUMBERS)), []);
    } else if (n === 'datapackage.json') {
      const strip = (doc) => ({
        ...doc,
        resources: doc.resources.filter((r) => r.path !== 'report.html')
          .map((r) => (r.path === 'report.json' ? { ...r, bytes: 0, hash: '' } : r)),
      });
      assert.deepEqual(strip(JSON.parse(page[n])), strip(JSON.parse(cli[n])), n);
    } else if (n === 'README.md') {
      const lines = page[n].toString().split('\n').filter((l) => !l.startsWith('| `report.html`'));
      assert.equal(lines.join('\n'), cli[n].toString(), n);
    } else {
      assert.ok(page[n].equals(cli[n]), `${n} differs from the command line's`);
    }
  }
}

test('the .sav and the bundle from the page equal the command line (ru, desktop)', async () => {
  assert.ok(existsSync(CLI), 'build/assess is not built (scripts/build builds it)');
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await openDemo2(device, 'ru');
  assert.equal(await page.isVisible('#exports'), true);
  assert.equal(await page.isVisible('#exports-warning'), true);

  const [sav] = await Promise.all([page.waitForEvent('download'), page.click('#dl-sav')]);
  assert.match(sav.suggestedFilename(), /^dataset-.*\.sav$/);
  const savBytes = readFileSync(await sav.path());
  const { responses } = demo2Inputs();
  const out = mkdtempSync(path.join(os.tmpdir(), 'assess-sav-'));
  execFileSync(CLI, ['dataset', '--study', path.join(root, 'rubrics/study.stackable.v1.json'), '--responses', ...responses,
    '--links', 'links.json', '--format', 'sav', '--lang', 'ru', '--out', out],
  { cwd: path.join(root, 'fixtures/demo2'), stdio: ['ignore', 'ignore', 'ignore'] });
  assert.ok(savBytes.equals(readFileSync(path.join(out, 'dataset.sav'))), 'the page\'s .sav is the command line\'s');
  rmSync(out, { recursive: true, force: true });
  // Two Kazakh labels are cut in the Kazakh .sav, none in the Russian: the status says the file is saved.
  await page.waitForFunction(() => /сохранён/.test(document.getElementById('status').textContent));

  const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#dl-bundle')]);
  assert.match(zip.suggestedFilename(), /^bundle-.*\.zip$/);
  assertSameBundle(unzip(new Uint8Array(readFileSync(await zip.path()))), cliBundle([]));

  // Without open answers: the warning goes, and the bundle is --no-text's.
  await page.check('#exports-no-text');
  assert.equal(await page.isHidden('#exports-warning'), true);
  const [lean] = await Promise.all([page.waitForEvent('download'), page.click('#dl-bundle')]);
  const files = unzip(new Uint8Array(readFileSync(await lean.path())));
  assertSameBundle(files, cliBundle(['--no-text']));
  assert.doesNotMatch(files['ratings.csv'].toString().split('\n')[0], /comment/);
  assertNoProblems(device);
  assertNoForeignRequests(device);
  await device.context.close();
});

test('the exports on a phone (kk): offered with the warning, axe at 360 px', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await openDemo2(device, 'kk');
  await page.locator('#exports').scrollIntoViewIfNeeded();
  assert.equal(await page.isVisible('#dl-sav'), true);
  assert.equal(await page.isVisible('#dl-bundle'), true);
  assert.match(await page.textContent('#dl-bundle'), /Қайта есептеуге арналған жинақ/);
  assert.match(await page.textContent('#exports-warning'), /зерттеу тобының ішінде/);
  await assertAccessible(page, 'exports (kk, 360)');
  assertNoProblems(device);
  assertNoForeignRequests(device);
  await device.context.close();
});
