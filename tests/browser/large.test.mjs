// A large input (10 000 responses: 5 000 students, pre and post) runs in the
// engine's Web Worker: the page keeps painting and answering timers while the
// engine works (no gap over 250 ms on the main thread), shows the progress
// indicator, and ends with every record imported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, open, assertNoProblems } from './helpers.mjs';
import { instrument, study } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

function bigCsv(students) {
  const ids = instrument.items.map((i) => i.id);
  const lines = [['code', 'programme', 'wave', 'lang', ...ids].join(',')];
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  for (let s = 0; s < students; s++) {
    // Distinct codes without a check character (a merged CSV from another tool).
    let n = s;
    let code = '';
    for (let k = 0; k < 4; k++) { code += letters[n % letters.length]; n = Math.floor(n / letters.length); }
    code += String(s % 100).padStart(2, '0');
    const prog = study.programmes[s % study.programmes.length].id;
    for (const wave of ['pre', 'post']) {
      const shift = wave === 'post' ? 1 : 0;
      lines.push([code, prog, wave, 'ru', ...ids.map(() => Math.min(5, 1 + Math.floor(rnd() * 4) + shift))].join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
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
