// Phone first (issue 13): the questionnaire shows its steps and items before
// any engine has arrived, checks its documents with the small engine
// afterwards (a broken instrument is still reported with the engine's
// reason), and the pages that collect answers never load the analysis
// engine, which the analysis page does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoForeignRequests, assertNoProblems, root, PHONE } from './helpers.mjs';
import { instrument, study } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// Holds back the small engine's wasm until release() is called.
async function holdEngine(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  const held = [];
  await page.route('**/engine/assess-collect.wasm', async (route) => {
    held.push(route.request().url());
    await gate;
    await route.continue();
  });
  return { release, held };
}

test('the questionnaire shows its consent and items before the engine has loaded', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await device.context.newPage();
  const engine = await holdEngine(page);
  await page.goto(`${device.origin}/questionnaire.html`);
  await page.waitForSelector('#step-consent:not([hidden])');
  assert.ok((await page.textContent('[data-i18n="q.consent.p2"]')).trim().length > 20, 'the consent text is shown');
  // A student who comes back at the items step sees them at once.
  const key = `assess.q.draft.${study.id}.${instrument.id}.v${instrument.version}`;
  await page.evaluate(([k, d]) => localStorage.setItem(k, JSON.stringify(d)), [key, {
    format: 'assess-draft/1', instrument: { id: instrument.id, version: instrument.version },
    step: 'items', consent: true, code: 'AB07CD3', programme: study.programmes[0].id, wave: 'pre', group: null,
    answers: { [instrument.items[0].id]: 2 }, started: new Date().toISOString(), response: null,
  }]);
  await page.reload();
  await page.waitForSelector('#step-items:not([hidden])');
  assert.equal(await page.locator('#items-form fieldset.item').count(), instrument.items.length);
  assert.equal(await page.isChecked(`#a-${instrument.items[0].id}-2`), true);
  // The page asks for the engine once it is shown (on a busy machine a moment
  // after the items appear): the items did not wait for it.
  for (let i = 0; i < 100 && engine.held.length === 0; i += 1) await page.waitForTimeout(100);
  assert.ok(engine.held.length > 0, 'the page asked for the small engine');
  assert.equal(await page.evaluate(() => 'ready' in document.body.dataset), false, 'the page waited for nothing but the engine');
  engine.release();
  await page.waitForSelector('body[data-ready]');
  assert.ok(await page.isHidden('#load-error'));
  assertNoForeignRequests(device);
  assertNoProblems(device);
  await device.context.close();
});

test('a broken instrument is still reported with the engine\'s reason (checked once the page is shown)', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await device.context.newPage();
  const broken = JSON.parse(readFileSync(path.join(root, 'rubrics/competency-12.v1.json'), 'utf8'));
  broken.response_scale = { min: 5, max: 1 };
  await page.route('**/rubrics/competency-12.v1.json', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify(broken),
  }));
  await page.goto(`${device.origin}/questionnaire.html`);
  await page.waitForSelector('body[data-ready]');
  await page.waitForSelector('#load-error:not([hidden])');
  const text = await page.textContent('#load-error');
  assert.match(text, /competency-12\.v1\.json/);
  assert.ok(await page.getAttribute('#load-error', 'data-msg-id'), `the engine's message id: ${text}`);
  for (const id of ['consent', 'code', 'items', 'review', 'done']) assert.ok(await page.isHidden(`#step-${id}`), `#step-${id} hidden`);
  await device.context.close();
});

test('the questionnaire and rubric pages load the small engine only; the analysis page the full one', async () => {
  const engineFiles = async (name) => {
    const device = await site.newDevice();
    // The page's and its worker's requests; the service worker's install
    // stores the small engine for offline use on every page.
    const own = [];
    device.context.on('request', (r) => { if (!r.serviceWorker()) own.push(r.url()); });
    const page = await open(device, name);
    await page.waitForFunction(() => 'ready' in document.body.dataset);
    const files = own.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/engine/'));
    await device.context.close();
    return [...new Set(files)].sort();
  };
  assert.deepEqual(await engineFiles('questionnaire.html'), ['/engine/assess-collect.js', '/engine/assess-collect.wasm']);
  assert.deepEqual(await engineFiles('rubric.html'), ['/engine/assess-collect.js', '/engine/assess-collect.wasm']);
  assert.deepEqual(await engineFiles('index.html'), []);
  // The analysis page: its engine and, beside it, the measurement engine
  // (the factor-model and agreement kernels: docs/web.md, "Two engines on
  // the analysis page").
  assert.deepEqual(await engineFiles('analysis.html'), ['/engine/assess-analysis.js', '/engine/assess-analysis.wasm',
    '/engine/assess-measure.js', '/engine/assess-measure.wasm']);
});
