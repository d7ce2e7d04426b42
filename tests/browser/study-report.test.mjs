// The report of the whole study on the analysis page (issue 15, "The study
// report"): the two-group demo (study.stackable, fixtures/demo2) loaded in
// one click, analyze_study run in the engine's worker, and every table and
// both charts of the report found in kk, ru and en, at phone width (390 px)
// and at desktop width. The numbers shown equal the JSON of `assess report`
// on the same files (build/assess, native): each cell's data-value is the
// number at its data-key's place in the result (to 1e-9), and its text is
// that number rounded as shown, in the page language's notation. The
// downloads carry the report (JSON, HTML, CSV tables, Markdown). axe finds
// no violation and no request leaves the site. The demo's experts' ratings
// (fixtures/demo2/ratings) come with it: the report's expert panel (its
// section 7) shows analyze_study's `panel`. Screenshots of each part go
// to build/screenshots/study-report-<lang>-<width>-<part>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import {
  startSite, assertNoProblems, assertNoForeignRequests, assertAccessible, downloadText, root, screenshotDir, DESKTOP,
} from './helpers.mjs';
import { setLanguage, openDemo2 } from './flows.mjs';

const CLI = path.join(root, 'build/assess');
const PHONE390 = { width: 390, height: 844 };
let site;
let expected;  // the result of analyze_study, natively
before(async () => {
  site = await startSite();
  assert.ok(existsSync(CLI), 'build/assess is not built (scripts/build builds it)');
  const dir = path.join(root, 'fixtures/demo2');
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/demo2/${f}`),
    ...readdirSync(path.join(dir, 'responses')).sort().map((f) => `fixtures/demo2/responses/${f}`),
    ...readdirSync(path.join(dir, 'employers')).sort().map((f) => `fixtures/demo2/employers/${f}`),
  ];
  const ratings = readdirSync(path.join(dir, 'ratings')).sort().map((f) => `fixtures/demo2/ratings/${f}`);
  const out = path.join(os.tmpdir(), `study-report-test-${process.pid}`);
  execFileSync(CLI, ['report', '--study', 'rubrics/study.stackable.v1.json', '--responses', ...files, '--ratings', ...ratings,
    '--links', 'fixtures/demo2/links.json', '--format', 'json', '--out', out], { cwd: root, maxBuffer: 64 << 20 });
  const doc = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  expected = doc.result ?? doc;
});
after(async () => { await site?.close(); });



// The value at a dotted place of an object ("prepost.1.result.groups.ancova.total.F").
function at(obj, key) {
  return key.split('.').reduce((o, k) => (o == null ? undefined : o[Array.isArray(o) ? Number(k) : k]), obj);
}

// The ways the page may round x, in the notation of `lang` (kk writes
// numbers as ru does): 0 to 3 decimals, without the leading zero in English
// (p, r, alpha), as a percentage with one decimal, and "< .001".
function roundings(x, lang) {
  const locale = lang === 'en' ? 'en' : 'ru';
  const out = [];
  const fmt = (v, d) => new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: 'negative' }).format(v);
  for (let d = 0; d <= 3; d += 1) {
    const s = fmt(x, d);
    out.push(s);
    if (lang === 'en') out.push(s.replace(/^(-?)0(?=\.)/, '$1'));
  }
  out.push(`${fmt(100 * x, 1)}%`);
  if (x < 0.001 && x >= 0) out.push('<');
  return out.map(squash);
}
const squash = (s) => String(s).replace(/[\s\u00a0\u202f]+/g, '');

// Keys of the tables of an instrument's pre-post result (analysis-results.js):
// relative to that result, by score id.
function prepostValue(r, tableId, key) {
  const scores = (block) => [...(block?.subscales ?? []), ...(block?.total ? [block.total] : []), ...(block?.numbers ?? [])];
  const find = (block, id) => scores(block).find((s) => s.id === id);
  const parts = key.split('.');
  if (tableId.endsWith('table-prepost')) return at(find(r, parts[0]), parts.slice(1).join('.'));
  if (tableId.endsWith('table-groups')) {
    const s = find(r.groups.comparison, parts[0]);
    return parts[1] === 'group' ? at(s, parts.slice(2).join('.')) : at(s, parts.slice(1).join('.'));
  }
  const g = /table-prepost-(.+)$/.exec(tableId);
  if (g) return at(find(r.groups.by_group.find((x) => x.id === g[1]), parts[2]), parts.slice(3).join('.'));
  return undefined;
}

// Keys of the panel's tables (analysis-results.js): "<criterion>.<field>"
// ("overall.W") and "<criterion>.<programme>.mean", relative to the panel.
function panelValue(p, tableId, key) {
  const parts = key.split('.');
  const block = parts[0] === 'overall' ? p.overall : p.criteria.find((c) => c.id === parts[0]);
  if (tableId === 'table-panel') return at(block, parts.slice(1).join('.'));
  if (tableId === 'table-ratings') return at(block?.programmes.find((x) => x.id === parts[1]), parts.slice(2).join('.'));
  return undefined;
}

// The tables the report must show, by id, from the JSON.
function expectedTables(study) {
  const ids = ['table-study-flow', 'table-study-sample'];
  if (study.background.some((b) => b.type === 'number')) ids.push('table-study-background-numbers');
  if (study.background.some((b) => b.levels)) ids.push('table-study-background-counts', 'table-study-background-tests');
  for (const e of study.prepost) {
    if (!e.result) continue;
    const p = `${e.instrument.id}-`;
    ids.push(`${p}table-prepost`);
    for (const g of e.result.groups?.by_group ?? []) ids.push(`${p}table-prepost-${g.id}`);
    if (e.result.groups?.comparison) ids.push(`${p}table-groups`);
    for (const b of ['baseline', 'post', 'ancova', 'mixed', 'attrition']) if (e.result.groups?.[b]) ids.push(`${p}table-${b}`);
  }
  for (const s of study.post_surveys) ids.push(`table-study-survey-${s.instrument.id}-items`, `table-study-survey-${s.instrument.id}-scores`);
  for (const e of study.employers) {
    ids.push(`table-study-employers-${e.instrument.id}`);
    if (e.comparisons?.length) ids.push(`table-study-employers-${e.instrument.id}-tests`);
    if (e.yes_tests) ids.push(`table-study-employers-${e.instrument.id}-yes`);
  }
  if (study.outcomes.length) ids.push('table-study-outcomes');
  if (study.correlations?.pearson?.pairs?.length) ids.push('table-study-correlations');
  if (study.panel) ids.push('table-panel', 'table-ratings');
  return ids;
}

async function checkReport(page, lang) {
  const study = expected;
  const ids = expectedTables(study);
  const shown = await page.$$eval('#results table.apa', (ts) => ts.map((t) => ({
    id: t.id, number: t.querySelector('.table-number')?.textContent, title: t.querySelector('.table-title')?.textContent,
  })));
  for (const id of ids) assert.ok(shown.some((s) => s.id === id), `${lang}: table ${id} is shown`);
  shown.forEach((s, i) => assert.match(s.number, new RegExp(`\\b${i + 1}\\b`), `${lang}: tables numbered in order`));
  // Labels from the documents, not ids.
  const studyDoc = JSON.parse(readFileSync(path.join(root, 'rubrics/study.stackable.v1.json'), 'utf8'));
  const results = await page.textContent('#results');
  for (const g of studyDoc.groups) assert.ok(results.includes(g.title[lang]), `${lang}: group title ${g.id}`);
  const background = JSON.parse(readFileSync(path.join(root, 'rubrics/background.v1.json'), 'utf8'));
  assert.ok(results.includes(background.items.find((i) => i.id === 'mobility').text[lang]), `${lang}: item text of mobility`);
  // The panel (section 7): its criteria by their titles, after the correlations.
  assert.ok(study.panel, 'the report has the panel of the demo\'s ratings');
  const rubric = JSON.parse(readFileSync(path.join(root, 'rubrics/expert-panel.v1.json'), 'utf8'));
  const panelText = await page.textContent('#study-panel');
  for (const c of rubric.criteria) assert.ok(panelText.includes(c.title[lang]), `${lang}: criterion title ${c.id}`);
  assert.ok(shown.findIndex((x) => x.id === 'table-panel') > shown.findIndex((x) => x.id === 'table-study-correlations'),
    `${lang}: the panel after the correlations`);

  // Every cell with a value: the value at its place, and its text a rounding of it.
  const cells = await page.$$eval('#results table.apa td[data-key][data-value]', (tds) => tds.map((td) => ({
    table: td.closest('table').id, key: td.dataset.key, value: Number(td.dataset.value), text: td.textContent,
  })));
  let checked = 0;
  const perTable = new Map();
  for (const c of cells) {
    let want;
    const pre = study.prepost.find((e) => e.result && c.table.startsWith(`${e.instrument.id}-`));
    if (/^(flow|sample|background|prepost|post_surveys|employers|outcomes|correlations)\./.test(c.key)) want = at(study, c.key);
    else if (pre) want = prepostValue(pre.result, c.table, c.key);
    else if (c.table === 'table-panel' || c.table === 'table-ratings') want = panelValue(study.panel, c.table, c.key);
    if (want === undefined) continue;
    assert.equal(typeof want, 'number', `${lang} ${c.table} ${c.key}: a number in the JSON`);
    assert.ok(Math.abs(c.value - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${lang} ${c.table} ${c.key}: ${c.value} vs ${want}`);
    const text = squash(c.text);
    assert.ok(roundings(want, lang).some((r) => text.includes(r)), `${lang} ${c.table} ${c.key}: "${c.text}" shows ${want}`);
    checked += 1;
    perTable.set(c.table, (perTable.get(c.table) ?? 0) + 1);
  }
  for (const id of ids) assert.ok(perTable.get(id) > 0, `${lang}: cells of ${id} checked against the JSON`);
  assert.ok(checked > 300, `${lang}: ${checked} cells checked`);

  // The charts: means by wave and group (intervals from by_group), d by subscale (comparison).
  const main = study.prepost.find((e) => e.result?.groups?.comparison?.subscales?.length);
  const r = main.result;
  const drawn = await page.$$eval('#results figure g.interval', (gs) => gs.map((g) => ({
    key: g.dataset.key, value: Number(g.dataset.value), lo: Number(g.dataset.lo), hi: Number(g.dataset.hi),
    figure: g.closest('figure').querySelector('.figure-title').textContent,
  })));
  const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  let means = 0;
  for (const g of r.groups.by_group) {
    for (const s of [...g.subscales, g.total].filter(Boolean)) {
      for (const w of ['pre', 'post']) {
        const d = drawn.find((x) => x.key === `${s.id}.${g.id}.${w}`);
        assert.ok(d, `${lang}: mean of ${g.id} ${s.id} ${w} drawn`);
        assert.ok(close(d.value, s[w].mean) && close(d.lo, s[w].ci_low) && close(d.hi, s[w].ci_high), `${lang}: ${d.key}`);
        means += 1;
      }
    }
  }
  assert.ok(means >= 8);
  for (const s of [...r.groups.comparison.subscales, r.groups.comparison.total].filter(Boolean)) {
    const d = drawn.find((x) => x.key === `${s.id}.d`);
    assert.ok(d, `${lang}: d of ${s.id} drawn`);
    assert.ok(close(d.value, s.d) && close(d.lo, s.d_ci_low) && close(d.hi, s.d_ci_high), `${lang}: ${d.key}`);
  }
  // Every chart with its data table.
  const figures = await page.$$eval('#results figure.chart', (fs) => fs.map((f) => Boolean(f.querySelector('details.data-table table'))));
  assert.ok(figures.length >= 2 && figures.every(Boolean), `${lang}: every chart has its data table`);

  // The paragraph in the page language, with its copy button; the warnings in the page language.
  assert.equal((await page.textContent('#study-paragraph')).trim(), study.paragraph[lang].trim());
  assert.equal(await page.isVisible('#copy-paragraph'), true);
  const warnings = await page.$$eval('#study-warnings li', (ls) => ls.map((l) => ({ id: l.dataset.msgId, fallback: l.hasAttribute('data-msg-fallback'), text: l.textContent })));
  assert.equal(warnings.length, study.warnings.length);
  assert.ok(warnings.every((w) => !w.fallback), `${lang}: every warning from the page catalogue`);
  assert.ok(warnings.every((w) => !/background__|employer-feedback/.test(w.text)), `${lang}: warnings name items and instruments by their titles`);
}

async function partScreenshots(page, lang, width) {
  mkdirSync(screenshotDir, { recursive: true });
  const parts = await page.$$eval('#results > section.study-part, #results > .study-paragraph-block', (ss) => ss.map((s, i) => s.id || `part-${i}`));
  for (const id of parts) {
    const node = await page.$(`#${id}`);
    if (node) await node.screenshot({ path: path.join(screenshotDir, `study-report-${lang}-${width}-${id}.png`) });
  }
  const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wider <= 0, `${lang} at ${width} px: the page is ${wider} px wider than the screen`);
}

for (const [lang, viewport] of [['kk', DESKTOP], ['kk', PHONE390], ['ru', PHONE390], ['ru', DESKTOP], ['en', DESKTOP], ['en', PHONE390]]) {
  test(`the study report of the two-group demo (${lang}, ${viewport.width} px): every table and chart, numbers equal to the JSON`, async () => {
    const device = await site.newDevice({ viewport });
    const page = await openDemo2(device, lang, { ready: '#study-counts' });
    await checkReport(page, lang);
    await assertAccessible(page, `study report (${lang}, ${viewport.width})`);
    await partScreenshots(page, lang, viewport.width);
    // Another language redraws the report in it.
    if (lang === 'en' && viewport === DESKTOP) {
      await setLanguage(page, 'ru');
      await page.waitForFunction(() => /Таблица/.test(document.querySelector('#results .table-number')?.textContent ?? ''));
      await checkReport(page, 'ru');
    }
    if (viewport === DESKTOP && lang === 'kk') {
      // The downloads carry the report.
      const json = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text);
      assert.equal(json.study.paragraph.kk, expected.paragraph.kk);
      assert.ok(!('markdown' in json.study));
      const html = (await downloadText(page, () => page.click('#dl-report'))).text;
      for (const id of ['table-study-flow', 'table-study-correlations', 'competency-12-table-groups']) assert.ok(html.includes(`id="${id}"`), `HTML report: ${id}`);
      assert.ok(html.includes(expected.paragraph.kk.slice(0, 60)), 'HTML report: the paragraph');
      assert.ok(!html.includes('copy-paragraph'), 'HTML report: no buttons');
      // Word: a store-only ZIP whose document.xml holds the report's tables and paragraph.
      const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#dl-docx')]);
      const word = readFileSync(await docx.path()).toString('utf8');
      const titles = await page.$$eval('#results table.apa .table-title', (ts) => ts.map((x) => x.textContent));
      for (const title of [titles[0], titles[titles.length - 1]]) assert.ok(word.includes(title), `Word: ${title}`);
      assert.ok(word.includes(expected.paragraph.kk.slice(0, 40)), 'Word: the paragraph');
      const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
      const names = readFileSync(await zip.path()).toString('latin1');
      for (const id of ['table-study-flow', 'table-study-outcomes', 'table-study-correlations']) assert.ok(names.includes(`-${id}.csv`), `CSV: ${id}`);
    }
    assertNoProblems(device);
    assertNoForeignRequests(device);
    await device.context.close();
  });
}
