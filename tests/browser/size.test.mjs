// Size budgets, gzip at level 9 as most static hosts serve it:
// - the analysis engine (engine/assess-analysis.wasm and its loader: what
//   the analysis page loads) <= 400 KB; engine/assess.js, the engine of
//   every op (the API contract's door; no page loads it), is reported;
// - the measurement engine (engine/assess-measure.*: the kernels of the
//   factor models and of agreement, which the analysis page's worker loads
//   beside the analysis engine, in parallel) <= 100 KB: the two together
//   are what the analysis page downloads for its engine (README, Performance);
// - the site around the engines (pages, scripts, styles, texts, message
//   catalogues, instruments; the demo data left out) <= 200 KB, so that the
//   pages stay small for phones on slow campus connections;
// - everything the questionnaire page loads while a student answers it from
//   the first visit to the downloads (HTML, CSS, JS, the small engine, the
//   study and the instrument, the texts it fetches), counted in Chromium,
//   <= 200 KB; the analysis engine is never among it, nor among what the
//   service worker then stores for offline use (reported beside it; issue
//   13, "phone first").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { siteDir, startSite, open, PHONE } from './helpers.mjs';
import { codeQuestions, startQuestionnaire, answerItems, finishQuestionnaire, instrument, study } from './flows.mjs';

const KB = 1024;
const ENGINE_BUDGET = 400 * KB;
const MEASURE_BUDGET = 100 * KB;
const REST_BUDGET = 380 * KB;  // 200 KB until issue 14, 240 until issue 15, 250 until issue 16, 260 until issue 18's study links and encrypted answers, 270 until its classroom sheet (~20 KB: the page, its texts and the QR library), 295 until its study designer (289.9 KB before it, 321.9 KB with it: its page and chunks 17 KB, its texts 3-4 KB per language, its HTML and CSS 2.3 KB; README, Performance: what grew and why), 325 until issue 19's coding page (322.6 KB before, 356.6 KB with it: the page 26 KB with its texts, the coding ops engine messages in kk/ru/en fetched only when one is shown, the two coding schemas, the longer service-worker lists), 360 until the themes on the analysis page (356.6 KB before, 372.2 KB with them: the themes' and quotes' modules 5 KB, their texts in the analysis catalogue 2.5-3 KB per language, the heat map's generalisation, the essays demo's names in the service-worker lists; and the coding page's essays demo: its two buttons' code 0.7 KB, their texts in kk/ru/en 0.9 KB, HTML and CSS 0.3 KB)
const QUESTIONNAIRE_BUDGET = 200 * KB;
// The modules a page loads only for some studies (scripts/bundle.mjs,
// ON_DEMAND): js/age.js, the age-encryption library, which only the
// questionnaire of a study with recipients and the analysis page of its
// .age files load. Counted apart from the site around the engines, with a
// budget of its own, like the engines.
const ON_DEMAND_BUDGET = 30 * KB;
// The classroom sheet's scripts (sheet.html: its entry and the modules it
// preloads; the `qr` library is bundled into the entry): a researcher's
// page, counted within the site around the engines and also on its own.
const SHEET_BUDGET = 20 * KB;
// The coding page's engine (engine/assess-coding.*: the qualitative
// strand's ops, with the texts' reader of response files, essays and CSV):
// only coding.html's worker loads it. And that page's scripts, counted
// within the site around the engines and also on their own.
const CODING_ENGINE_BUDGET = 280 * KB;
const CODING_BUDGET = 20 * KB;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function measureSite() {
  const engine = [];
  const small = [];
  const full = [];
  const measure = [];
  const rest = [];
  const onDemand = [];
  const coding = [];
  for (const f of files(siteDir)) {
    const rel = path.relative(siteDir, f).split(path.sep).join('/');
    if (/^demo[^/]*\//.test(rel)) continue;  // demo/, demo2/, demo-essays/
    let list = rest;
    if (/^engine\/assess-analysis\.(js|wasm)$/.test(rel)) list = engine;
    else if (/^engine\/assess\.(js|wasm)$/.test(rel)) list = full;
    else if (/^engine\/assess-measure\.(js|wasm)$/.test(rel)) list = measure;
    else if (/^engine\/assess-coding\.(js|wasm)$/.test(rel)) list = coding;
    else if (rel.startsWith('engine/')) list = small;
    else if (rel === 'js/age.js') list = onDemand;
    list.push([rel, gz(f)]);
  }
  return { engine, small, full, measure, rest, onDemand, coding };
}
const sum = (list) => list.reduce((s, [, n]) => s + n, 0);
const top = (list, n = 5) => [...list].sort((a, b) => b[1] - a[1]).slice(0, n).map(([f, s]) => `${f} ${kb(s)}`).join(', ');

test(`the analysis engine <= ${ENGINE_BUDGET / KB} KB gzip`, () => {
  const { engine, small, full } = measureSite();
  assert.ok(engine.some(([f]) => f === 'engine/assess-analysis.wasm'), 'no engine/assess-analysis.wasm (the analysis page\'s engine) in the site');
  assert.ok(full.some(([f]) => f === 'engine/assess.wasm'), 'no engine/assess.wasm (the engine of every op) in the site');
  assert.ok(small.some(([f]) => f === 'engine/assess-collect.wasm'), 'no engine/assess-collect.wasm (the small engine) in the site');
  const total = sum(engine);
  assert.ok(total <= ENGINE_BUDGET, `the analysis engine is ${kb(total)} gzip: ${top(engine)}`);
  console.log(`analysis engine: ${kb(total)} gzip (${top(engine)}); small engine: ${kb(sum(small))} gzip (${top(small)}); ` +
    `engine of every op (no page loads it): ${kb(sum(full))} gzip`);
});

test(`the measurement engine <= ${MEASURE_BUDGET / KB} KB gzip`, () => {
  const { engine, measure } = measureSite();
  assert.ok(measure.some(([f]) => f === 'engine/assess-measure.wasm'), 'no engine/assess-measure.wasm (the measurement engine) in the site');
  const total = sum(measure);
  assert.ok(total <= MEASURE_BUDGET, `the measurement engine is ${kb(total)} gzip: ${top(measure)}`);
  console.log(`measurement engine: ${kb(total)} gzip; with the analysis engine, the analysis page downloads ${kb(total + sum(engine))} of engines`);
});

test(`the age library, loaded only for an encrypted study, <= ${ON_DEMAND_BUDGET / KB} KB gzip`, () => {
  const { onDemand } = measureSite();
  assert.equal(onDemand.length, 1, 'js/age.js is in the site');
  const total = sum(onDemand);
  assert.ok(total <= ON_DEMAND_BUDGET, `js/age.js is ${kb(total)} gzip`);
  console.log(`age library (js/age.js): ${kb(total)} gzip`);
});

test(`the classroom sheet's scripts <= ${SHEET_BUDGET / KB} KB gzip`, () => {
  const html = readFileSync(path.join(siteDir, 'sheet.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script type="module" src|link rel="modulepreload" href)="(js\/[^"]+)"/g)].map((m) => m[1])
    .filter((f) => f !== 'js/preload-texts.js');
  assert.ok(scripts.includes('js/page-sheet.js'), scripts.join(', '));
  const list = scripts.map((f) => [f, gz(path.join(siteDir, f))]);
  const total = sum(list);
  assert.ok(total <= SHEET_BUDGET, `the sheet's scripts are ${kb(total)} gzip: ${top(list)}`);
  console.log(`classroom sheet: ${kb(total)} gzip of scripts (${top(list)})`);
});

test(`the coding page's engine <= ${CODING_ENGINE_BUDGET / KB} KB gzip`, () => {
  const { coding } = measureSite();
  assert.ok(coding.some(([f]) => f === 'engine/assess-coding.wasm'), 'no engine/assess-coding.wasm (the coding page\'s engine) in the site');
  const total = sum(coding);
  assert.ok(total <= CODING_ENGINE_BUDGET, `the coding engine is ${kb(total)} gzip: ${top(coding)}`);
  console.log(`coding engine: ${kb(total)} gzip (${top(coding)})`);
});

test(`the coding page's scripts <= ${CODING_BUDGET / KB} KB gzip`, () => {
  const html = readFileSync(path.join(siteDir, 'coding.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script type="module" src|link rel="modulepreload" href)="(js\/[^"]+)"/g)].map((m) => m[1])
    .filter((f) => f !== 'js/preload-texts.js');
  assert.ok(scripts.includes('js/page-coding.js'), scripts.join(', '));
  const list = scripts.map((f) => [f, gz(path.join(siteDir, f))]);
  const own = ['coding.html', 'css/coding.css', 'i18n/coding/kk.json', 'i18n/coding/ru.json', 'i18n/coding/en.json'].map((f) => [f, gz(path.join(siteDir, f))]);
  const total = sum(list);
  assert.ok(total <= CODING_BUDGET, `the coding page's scripts are ${kb(total)} gzip: ${top(list)}`);
  console.log(`coding page: ${kb(total)} gzip of scripts (${top(list)}); its HTML, CSS and texts: ${top(own)}`);
});

test(`the site around the engines <= ${REST_BUDGET / KB} KB gzip (demo data excluded)`, () => {
  const { rest } = measureSite();
  const total = sum(rest);
  assert.ok(total <= REST_BUDGET, `the rest of the site is ${kb(total)} gzip; largest: ${top(rest)}`);
  console.log(`rest of the site: ${kb(total)} gzip; largest: ${top(rest)}`);
});

let site;
after(async () => { await site?.close(); });

test(`everything the questionnaire page loads <= ${QUESTIONNAIRE_BUDGET / KB} KB gzip, without the analysis engine`, async () => {
  site = await startSite();
  const device = await site.newDevice({ viewport: PHONE });
  const own = [];
  const offline = [];
  device.context.on('request', (r) => (r.serviceWorker() ? offline : own).push(r.url()));
  const page = await open(device, 'questionnaire.html');
  const codeAnswers = Object.fromEntries(codeQuestions.map((q) => [q.id, q.kind === 'digits' ? '7' : 'Айгүл']));
  await startQuestionnaire(page, { codeAnswers, programme: study.programmes[0].id, wave: 'pre' });
  await answerItems(page, instrument.items.map(() => 3));
  await finishQuestionnaire(page);
  for (const button of ['#download-json', '#download-csv']) {
    await Promise.all([page.waitForEvent('download'), page.click(button)]);
  }
  // The service worker has installed (and stored its files) by now.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).length === 1);

  const prefix = `${device.origin}/`;
  const filesOf = (urls) => {
    const paths = new Set();
    for (const u of urls) {
      if (!u.startsWith(prefix)) continue;
      let rel = decodeURIComponent(new URL(u).pathname.slice(1));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      if (existsSync(path.join(siteDir, rel))) paths.add(rel);
    }
    return [...paths].map((p) => [p, gz(path.join(siteDir, p))]);
  };
  const loaded = filesOf(own);
  const stored = filesOf(offline);
  const analysisEngine = ([p]) => /^engine\/assess\.(js|wasm)$/.test(p);
  assert.ok(loaded.some(([p]) => p === 'engine/assess-collect.wasm'), `the small engine was not loaded: ${own.join(', ')}`);
  assert.ok(!loaded.some(analysisEngine), 'the questionnaire page loaded the analysis engine');
  assert.ok(stored.length > 0, 'the service worker stored nothing');
  assert.ok(!stored.some(analysisEngine), 'the service worker downloaded the analysis engine');
  const total = sum(loaded);
  assert.ok(total <= QUESTIONNAIRE_BUDGET, `the questionnaire page loads ${kb(total)} gzip (${loaded.length} files); largest: ${top(loaded, 8)}`);
  const extra = stored.filter(([p]) => !loaded.some(([q]) => q === p));
  console.log(`questionnaire page: ${kb(total)} gzip in ${loaded.length} files (${own.length} requests); largest: ${top(loaded, 8)}`);
  console.log(`service worker install: ${stored.length} files (${offline.length} requests), of which ${extra.length} the page had not loaded, ${kb(sum(extra))} gzip`);
  await device.context.close();
});

// A student of the shipped assess-study/2 (four instruments, one of them the
// employers'): the page loads the study the address names and the students'
// instruments only, not the default study's preloads nor the employers'
// form. Counted up to the first step shown, in Russian (the longest texts
// with Kazakh); the answering steps load nothing more but what the default
// flow above counts (the renderers of other item types are part of the
// first load here).
test(`a student of study.stackable loads <= ${QUESTIONNAIRE_BUDGET / KB} KB gzip until the first step`, async () => {
  site ??= await startSite();
  const device = await site.newDevice({ viewport: PHONE });
  const own = [];
  device.context.on('request', (r) => { if (!r.serviceWorker()) own.push(r.url()); });
  const page = await open(device, 'questionnaire.html?study=study.stackable.v1.json&lang=ru');
  await page.waitForSelector('#consent-box');
  await page.waitForLoadState('networkidle');
  const prefix = `${device.origin}/`;
  const loaded = [...new Set(own.filter((u) => u.startsWith(prefix)).map((u) => decodeURIComponent(new URL(u).pathname.slice(1))))]
    .filter((rel) => existsSync(path.join(siteDir, rel)) && !statSync(path.join(siteDir, rel)).isDirectory())
    .map((rel) => [rel, gz(path.join(siteDir, rel))]);
  const names = loaded.map(([p]) => p);
  assert.ok(names.includes('rubrics/study.stackable.v1.json'), names.join(', '));
  assert.ok(names.includes('rubrics/satisfaction.v1.json'), names.join(', '));
  assert.ok(!names.includes('rubrics/study.microcredentials.v1.json'), 'the default study was loaded too');
  assert.ok(!names.includes('rubrics/employer-feedback.v1.json'), 'a student loaded the employers\' form');
  const total = sum(loaded);
  assert.ok(total <= QUESTIONNAIRE_BUDGET, `a student of study.stackable loads ${kb(total)} gzip; largest: ${top(loaded, 8)}`);
  console.log(`questionnaire page, study.stackable (ru): ${kb(total)} gzip in ${loaded.length} files; largest: ${top(loaded, 8)}`);
  await device.context.close();
});

