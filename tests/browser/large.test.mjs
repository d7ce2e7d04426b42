// A large input (10 000 responses: 5 000 students, pre and post) runs in the
// engine's Web Worker: the page keeps painting and answering timers while the
// engine works (no gap over 250 ms on the main thread), shows the progress
// indicator, and ends with every record imported. A 50 MB CSV (about 800 000
// responses) keeps the page as responsive from the pick to the result, and a
// file over the engine's per-file limit is left out with the limit named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertNoForeignRequests, root } from './helpers.mjs';
import { instrument, study } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// The rows of `students` students (pre and post), one array of lines per
// student, in order.
function* studentLines(students) {
  const ids = instrument.items.map((i) => i.id);
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  for (let s = 0; s < students; s++) {
    // Distinct codes without a check character (a merged CSV from another tool).
    let n = s;
    let code = '';
    for (let k = 0; k < 5; k++) { code += letters[n % letters.length]; n = Math.floor(n / letters.length); }
    code += String(s % 100).padStart(2, '0');
    const prog = study.programmes[s % study.programmes.length].id;
    yield ['pre', 'post'].map((wave) => {
      const shift = wave === 'post' ? 1 : 0;
      return [code, prog, wave, 'ru', ...ids.map(() => Math.min(5, 1 + Math.floor(rnd() * 4) + shift))].join(',');
    });
  }
}

const csvHeader = () => ['code', 'programme', 'wave', 'lang', ...instrument.items.map((i) => i.id)].join(',');

function bigCsv(students) {
  const lines = [csvHeader()];
  for (const pair of studentLines(students)) lines.push(...pair);
  return `${lines.join('\r\n')}\r\n`;
}

// Writes a CSV of at least `bytes` bytes under build/ (whole students only)
// and returns {file, bytes, records}.
async function writeBigCsv(name, bytes) {
  const dir = path.join(root, 'build/large');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  let size = 0;
  let records = 0;
  const write = (text) => {
    size += Buffer.byteLength(text);
    return out.write(text) ? null : new Promise((r) => out.once('drain', r));
  };
  await write(`${csvHeader()}\r\n`);
  for (const pair of studentLines(Infinity)) {
    if (size >= bytes) break;
    records += 2;
    const wait = write(`${pair.join('\r\n')}\r\n`);
    if (wait) await wait;
  }
  await new Promise((r) => out.end(r));
  return { file, bytes: size, records };
}

// Records the longest gap between 10 ms timer ticks on the main thread.
async function watchMainThread(page) {
  await page.evaluate(() => {
    window.__gaps = [];
    window.__progressSeen = false;
    let last = performance.now();
    window.__slow = [];
    window.__start = last;
    window.__timer = setInterval(() => {
      const now = performance.now();
      window.__gaps.push(now - last);
      // Where the long waits were: ms since the watch started, and how long.
      if (now - last > 100) window.__slow.push(`${Math.round(last - window.__start)}+${Math.round(now - last)}`);
      last = now;
      if (!document.getElementById('run-progress').hidden) window.__progressSeen = true;
    }, 10);
  });
  return async () => page.evaluate(() => {
    clearInterval(window.__timer);
    return { gaps: window.__gaps, progressSeen: window.__progressSeen, slow: window.__slow };
  });
}

test('10 000 responses: the page never freezes while the worker runs', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const csv = bigCsv(5000);
  await page.setInputFiles('#file-input', [{ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 1);
  await page.evaluate(() => {
    window.__gaps = [];
    window.__progressSeen = false;
    let last = performance.now();
    window.__timer = setInterval(() => {
      const now = performance.now();
      window.__gaps.push(now - last);
      last = now;
      if (!document.getElementById('run-progress').hidden) window.__progressSeen = true;
    }, 10);
  });
  const started = Date.now();
  await page.click('#run');
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 120_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 120_000 });
  const elapsed = Date.now() - started;
  const { gaps, progressSeen } = await page.evaluate(() => {
    clearInterval(window.__timer);
    return { gaps: window.__gaps, progressSeen: window.__progressSeen };
  });
  const worst = Math.max(...gaps);
  console.log(`10 000 rows: ${elapsed} ms in the worker; longest main-thread gap ${worst.toFixed(0)} ms over ${gaps.length} ticks`);
  assert.ok(progressSeen, 'the progress indicator was shown');
  assert.ok(gaps.length > 5, 'timers ran during the analysis');
  assert.ok(worst < 250, `the main thread stalled for ${worst.toFixed(0)} ms`);
  assert.match(await page.textContent('#import-summary'), /10,000 record/);
  assertNoProblems(device);
});

test('a 50 MB CSV: the page stays responsive from the pick to the result', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const big = await writeBigCsv('responses-50mb.csv', 50 * 1000 * 1000);
  const stop = await watchMainThread(page);
  const started = Date.now();
  // From the disk, as a user picks it (nothing of it passes through the test).
  await page.setInputFiles('#file-input', big.file);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 1, null, { timeout: 60_000 });
  const picked = Date.now() - started;
  assert.match(await page.textContent('#file-table tbody'), /Student responses/);
  await page.click('#run');
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 600_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 600_000 });
  const elapsed = Date.now() - started;
  const { gaps, progressSeen, slow } = await stop();
  const worst = Math.max(...gaps);
  console.log(`50 MB (${big.bytes} bytes, ${big.records} rows): listed after ${picked} ms, result after ${elapsed} ms; `
    + `longest main-thread gap ${worst.toFixed(0)} ms over ${gaps.length} ticks; gaps over 100 ms at [${slow.join(', ')}]`);
  assert.ok(progressSeen, 'the progress indicator was shown');
  assert.ok(worst < 250, `the main thread stalled for ${worst.toFixed(0)} ms`);
  // A result: every row imported, every student linked, the tables shown.
  const summary = await page.textContent('#import-summary');
  assert.match(summary, new RegExp(`Responses: ${big.records.toLocaleString('en-US')} record\\(s\\) imported from 1 file`), summary);
  assert.match(await page.textContent('#link-counts'), new RegExp(`^${(big.records / 2).toLocaleString('en-US')} student`));
  assert.ok(await page.isVisible('#table-prepost'), 'the pre/post table is shown');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('a file over the engine\'s per-file limit is left out with the limit named; the others are analysed', async () => {
  // The page's copy of the limits equals the engine's (limits.hpp).
  const hpp = readFileSync(path.join(root, 'engine/include/assess/core/limits.hpp'), 'utf8');
  const constant = (name) => {
    const m = hpp.match(new RegExp(`${name} = (\\d+)u << (\\d+);`));
    return Number(m[1]) * 2 ** Number(m[2]);
  };
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const limits = await page.evaluate(async () => (await import('./js/analysis-files.js')).FILE_LIMITS);
  assert.deepEqual(limits, { json: constant('kMaxJsonFileBytes'), csv: constant('kMaxCsvFileBytes') });

  // A JSON file of 33 MB (over 32 MiB), built in the page (before the
  // watch starts), dropped next to a small CSV.
  await page.evaluate(async (csv) => {
    const head = '{"format": "assess-response/1", "note": "';
    const body = new Uint8Array(33 * 2 ** 20).fill(0x78);
    window.__drop = new DataTransfer();
    window.__drop.items.add(new File([head, body, '"}'], 'huge.json', { type: 'application/json' }));
    window.__drop.items.add(new File([csv], 'small.csv', { type: 'text/csv' }));
  }, bigCsv(20));
  const stop = await watchMainThread(page);
  await page.evaluate(() => {
    document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: window.__drop, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 2);
  assert.match(await page.textContent('#file-table'), /huge\.json is larger than the 32 MB a JSON file may have/);
  await page.click('#run');
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
  const { gaps } = await stop();
  assert.ok(Math.max(...gaps) < 250, `the main thread stalled for ${Math.max(...gaps).toFixed(0)} ms`);
  assert.match(await page.textContent('#import-summary'), /Responses: 40 record\(s\) imported from 1 file/);
  const problems = await page.$$eval('#problem-table tbody tr', (r) => r.map((x) => [...x.cells].map((c) => c.textContent)));
  assert.ok(problems.some((p) => p[0] === 'huge.json' && /32 MB/.test(p[4])), JSON.stringify(problems));
  assertNoProblems(device);
});
