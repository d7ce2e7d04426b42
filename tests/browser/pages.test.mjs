// Every page, in every language: loads without errors, carries the CSP,
// requests nothing outside the site, has zero axe-core violations (WCAG 2.1
// A/AA), and is photographed at 360 px and 1280 px. Then the site works
// with the network cut (service worker), and a new deployment replaces the
// old cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer } from '../../scripts/serve.mjs';
import path from 'node:path';
import {
  startSite, open, assertCsp, assertAccessible, assertNoForeignRequests, assertNoProblems,
  screenshots, siteDir, PAGES, PHONE,
} from './helpers.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const present = PAGES.filter((p) => existsSync(path.join(siteDir, p)));

for (const name of present) {
  test(`${name}: CSP, no foreign requests, axe clean in kk/ru/en, screenshots`, async () => {
    const device = await site.newDevice();
    const page = await open(device, name);
    await assertCsp(page);
    for (const lang of ['kk', 'ru', 'en']) {
      await page.selectOption('#lang-select', lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      await assertAccessible(page, `(${name}, ${lang})`);
    }
    await screenshots(page, name.replace('.html', ''));
    // No text is left as a raw key.
    const body = await page.textContent('body');
    assert.doesNotMatch(body, /\b(common|index|q|r|a|d|c|doc)\.[a-z_]+\.[a-z_]+\b/, 'an i18n key is shown instead of text');
    assertNoForeignRequests(device);
    assertNoProblems(device);
    await device.context.close();
  });
}

test('the language choice is remembered and numbers follow it', async () => {
  const device = await site.newDevice({ viewport: PHONE });
  const page = await open(device, 'index.html');
  await page.selectOption('#lang-select', 'kk');
  await page.waitForFunction(() => document.documentElement.lang === 'kk');
  assert.equal(await page.textContent('h1'), 'Құзыреттілікті зерттеу');
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'kk');
  assert.equal(await page.inputValue('#lang-select'), 'kk');
  // js/i18n.js is a bundle of its own (scripts/bundle.mjs, PUBLIC): it
  // reads the remembered language as the page did.
  const formatted = await page.evaluate(async () => {
    const i18n = await import('./js/i18n.js');
    await i18n.initI18n();
    return i18n.num(1234.5, 2);
  });
  assert.match(formatted, /^1\s?234,50$/u);
  assertNoForeignRequests(device);
  await device.context.close();
});

test('works offline after the first visit (service worker)', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'index.html');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForSelector('#offline-note:not([hidden])');
  const manifest = JSON.parse(readFileSync(path.join(siteDir, 'sw-manifest.json'), 'utf8'));
  const cached = await page.evaluate(async (v) => {
    const c = await caches.open(`assess-${v}`);
    return (await c.keys()).length;
  }, manifest.version);
  assert.equal(cached, manifest.files.length + 1, 'every file of the manifest (plus ./) is cached');
  // The analysis page and what only it needs (its engine) are not
  // stored for a student; they are cached once the page has been opened.
  const later = manifest.later.map((f) => f.path);
  assert.ok(later.includes('engine/assess-analysis.wasm') && later.includes('analysis.html'), `later: ${later.join(', ')}`);
  const analysis = await open(device, 'analysis.html');
  await analysis.waitForFunction(async (v) => {
    const c = await caches.open(`assess-${v}`);
    return (await c.match('engine/assess-analysis.wasm')) !== undefined;
  }, manifest.version, { timeout: 20_000, polling: 200 });
  await analysis.close();
  // The study designer likewise (a researcher's page, cached on first use).
  assert.ok(later.includes('designer.html') && later.some((f) => f.startsWith('i18n/designer/')), `later: ${later.join(', ')}`);
  const designer = await open(device, 'designer.html');
  await designer.waitForFunction(async (v) => {
    const c = await caches.open(`assess-${v}`);
    return (await c.match('designer.html')) !== undefined;
  }, manifest.version, { timeout: 20_000, polling: 200 });
  await designer.close();
  // And the coding page (issue 19).
  assert.ok(later.includes('coding.html') && later.includes('engine/assess-coding.wasm'), `later: ${later.join(', ')}`);
  const coding = await open(device, 'coding.html');
  await coding.waitForFunction(async (v) => {
    const c = await caches.open(`assess-${v}`);
    return (await c.match('coding.html')) !== undefined && (await c.match('i18n/coding/en.json')) !== undefined;
  }, manifest.version, { timeout: 20_000, polling: 200 });
  await coding.close();

  // Cut the network: stop the server itself.
  site.server.closeAllConnections();
  await new Promise((r) => site.server.close(r));
  try {
    for (const name of present) {
      await page.goto(`${device.origin}/${name}`);
      await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
      assert.ok((await page.textContent('h1')).length > 0, `${name} offline`);
      // The engine (worker + wasm) also comes from the cache: the pages that
      // check their documents with it start without an error.
      if (await page.$('#load-error')) assert.ok(await page.isHidden('#load-error'), `${name} offline: ${await page.textContent('#load-error')}`);
    }
  } finally {
    await new Promise((r) => site.server.listen(Number(new URL(device.origin).port), '127.0.0.1', r));
  }
  assertNoForeignRequests(device);
  await device.context.close();
});

test('a new deployment replaces the old cache', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'index.html');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const swFile = path.join(siteDir, 'sw.js');
  const original = readFileSync(swFile, 'utf8');
  const oldVersion = original.match(/const VERSION = "([0-9a-f]+)"/)[1];
  const newVersion = 'feedfacefeedface';
  try {
    writeFileSync(swFile, original.replace(oldVersion, newVersion));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(async (v) => {
      const keys = await caches.keys();
      return keys.includes(`assess-${v}`) && keys.length === 1;
    }, newVersion, { timeout: 20_000, polling: 200 });
  } finally {
    writeFileSync(swFile, original);
  }
  await device.context.close();
});

test('the site works from a sub-folder of a web server', async () => {
  // A university may publish it as https://example.edu/assess/: every address
  // inside the site is relative, the service worker's scope is the folder.
  const dir = mkdtempSync(path.join(tmpdir(), 'assess-subdir-'));
  symlinkSync(siteDir, path.join(dir, 'assess'));
  const server = await startServer({ root: dir, port: 0 });
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const device = await site.newDevice();
    device.origin = origin;
    for (const name of ['index.html', 'questionnaire.html', 'rubric.html', 'analysis.html', 'designer.html', 'coding.html']) {
      const page = await open(device, `assess/${name}`);
      if (await page.$('#load-error')) assert.ok(await page.isHidden('#load-error'), `${name}: ${await page.textContent('#load-error')}`);
      await page.close();
    }
    const page = await open(device, 'assess/index.html');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${origin}/assess/`);
    assertNoForeignRequests(device);
    assertNoProblems(device);
    await device.context.close();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});
