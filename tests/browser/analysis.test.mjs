// The researcher's page: the demo study one click away, the near match
// confirmed by hand (and undone), and malformed files reported by file, row
// and column while the page stays usable; hostile text stays text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, screenshots, siteDir, root,
} from './helpers.mjs';
import { instrument } from './flows.mjs';


let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const demoIndex = JSON.parse(readFileSync(path.join(siteDir, 'demo/index.json'), 'utf8')).files;

async function waitForRun(page) {
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

test('the demo study: one click, import summary, linking, results', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await page.click('#load-demo');
  await waitForRun(page);
  assert.equal(await page.$$eval('#file-table tbody tr', (r) => r.length), demoIndex.length);
  const summary = await page.textContent('#import-summary');
  assert.match(summary, /Responses: \d+ record/);
  assert.match(summary, /Ratings: \d+ record/);
  assert.match(await page.textContent('#link-counts'), /\d+ student\(s\) linked/);
  {
    assert.ok(await page.isVisible('#table-prepost'));
    assert.ok(await page.isVisible('#table-panel'));
    assert.equal(await page.$$eval('figure.chart svg', (x) => x.length), 4);

    // Downloads: a self-contained report without scripts, the engine's CSV
    // tables, the full JSON, the merged data set and the links in use.
    const report = await downloadText(page, () => page.click('#dl-report'));
    assert.match(report.name, /^analysis-report-.*\.html$/);
    assert.match(report.text, /^<!doctype html>/i);
    assert.match(report.text, /http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(report.text, /<script|<link |src="http|href="http/i);
    assert.ok((report.text.match(/<svg/g) ?? []).length === 4, 'the charts are inline');
    assert.ok((report.text.match(/<table/g) ?? []).length >= 8, 'the tables are in the report');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
    assert.match(zip.suggestedFilename(), /^analysis-tables-.*\.zip$/);
    const json = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text);
    assert.equal(json.format, 'assess-analysis/1');
    assert.ok(Array.isArray(json.prepost.subscales) && Array.isArray(json.panel.criteria));
    assert.equal(json.prepost.markdown, undefined);
    const merged = await downloadText(page, () => page.click('#dl-merged'));
    const lines = merged.text.replace(/^\ufeff/, '').trim().split(/\r\n/);
    assert.equal(lines[0].split(',').slice(0, 6).join(','), 'code,programme,wave,lang,group,submitted');
    assert.equal(lines.length - 1, json.prepost.counts.records_used ?? json.prepost.counts.records_read);
    const links = JSON.parse((await downloadText(page, () => page.click('#dl-links'))).text);
    assert.equal(links.format, 'assess-links/1');
    assert.equal(links.links.length, 1);
  }
  await assertAccessible(page, '(analysis with demo results, en)');
  await screenshots(page, 'analysis-demo');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// Every error bar the charts draw is the engine's: the pre and post means
// with their intervals (pre.ci_low, ...) and d_z with its interval, read
// back from the drawn SVG (the numbers kept on each interval and the ends of
// its line mapped back through the chart's scale) and compared with the
// engine's JSON of the same run, which in turn matches R's numbers for the
// demo (fixtures/reference/demo_analysis.json). The pages compute none of
// them (tests/docs/web-statistics.test.mjs).
test('the charts draw the engine\'s intervals, end for end', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await page.click('#load-demo');
  await waitForRun(page);
  const json = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text);
  const tests = [...json.prepost.subscales, json.prepost.total];
  const charts = await page.$$eval('figure.chart svg', (svgs) => svgs.map((s) => ({
    scale: ['domain-lo', 'domain-hi', 'px-lo', 'px-hi'].map((k) => Number(s.getAttribute(`data-${k}`))),
    intervals: [...s.querySelectorAll('g.interval')].map((g) => {
      const bar = g.querySelector('line.bar');
      return {
        key: g.dataset.key, value: g.dataset.value, lo: g.dataset.lo ?? null, hi: g.dataset.hi ?? null,
        ends: bar ? [Number(bar.getAttribute('x1')), Number(bar.getAttribute('x2'))] : null,
      };
    }),
  })).filter((c) => c.intervals.length));
  assert.equal(charts.length, 2, 'the pre-post chart and the forest plot');

  const expected = [
    tests.flatMap((s) => ['pre', 'post'].map((w) => ({ key: `${s.id}.${w}`, value: s[w].mean, lo: s[w].ci_low, hi: s[w].ci_high }))),
    tests.map((s) => ({ key: `${s.id}.dz`, value: s.dz, lo: s.dz_ci_low, hi: s.dz_ci_high })),
  ];
  charts.forEach((chart, c) => {
    const [dlo, dhi, plo, phi] = chart.scale;
    assert.ok([dlo, dhi, plo, phi].every(Number.isFinite) && dhi > dlo && phi > plo, 'the chart states its scale');
    const back = (px) => dlo + ((px - plo) / (phi - plo)) * (dhi - dlo);
    assert.deepEqual(chart.intervals.map((i) => i.key), expected[c].map((e) => e.key));
    chart.intervals.forEach((drawn, k) => {
      const want = expected[c][k];
      assert.ok([want.value, want.lo, want.hi].every(Number.isFinite), `${want.key}: the engine gives an interval`);
      assert.equal(Number(drawn.value), want.value, `${want.key}: the point drawn`);
      assert.equal(Number(drawn.lo), want.lo, `${want.key}: the lower end kept`);
      assert.equal(Number(drawn.hi), want.hi, `${want.key}: the upper end kept`);
      assert.ok(drawn.ends, `${want.key}: an error bar is drawn`);
      // The line ends where the limits are, cut at the edges of the axis.
      const clamp = (v) => Math.min(dhi, Math.max(dlo, v));
      const tol = 1e-9 * (dhi - dlo);
      assert.ok(Math.abs(back(drawn.ends[0]) - clamp(want.lo)) < tol, `${want.key}: lower end at ${back(drawn.ends[0])}, not ${want.lo}`);
      assert.ok(Math.abs(back(drawn.ends[1]) - clamp(want.hi)) < tol, `${want.key}: upper end at ${back(drawn.ends[1])}, not ${want.hi}`);
    });
  });

  // The engine's intervals of the means are R's t.test(x)$conf.int.
  const ref = JSON.parse(readFileSync(path.join(root, 'fixtures/reference/demo_analysis.json'), 'utf8'))
    .cases.find((x) => x.name === 'demo study: all respondents, confirmed near match').expected;
  for (const [s, r] of [...ref.subscales, ref.total].map((x, k) => [tests[k], x])) {
    assert.equal(s.id, r.id);
    for (const w of ['pre', 'post']) {
      for (const f of ['ci_low', 'ci_high']) {
        assert.ok(Math.abs(s[w][f] - r[w][f]) <= 1e-7 * Math.abs(r[w][f]), `${s.id}.${w}.${f}: ${s[w][f]} vs R ${r[w][f]}`);
      }
    }
  }
  assertNoProblems(device);
});

test('a near match is listed, confirmed by hand, and undone', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await page.click('#load-demo');
  await waitForRun(page);
  const linked = async () => Number((await page.textContent('#link-counts')).match(/(\d+) student/)[1]);
  const linkedAtFirst = await linked();
  // Without the demo's links file the near match is only listed, not linked.
  const linksRow = page.locator('#file-table tbody tr', { hasText: 'links.json' });
  await linksRow.locator('button.remove').click();
  await page.click('#run');
  await waitForRun(page);
  assert.equal(await linked(), linkedAtFirst - 1);
  const near = page.locator('#near-matches input[type=checkbox]');
  assert.ok(await near.count() >= 1, 'a near match is listed');
  assert.equal(await near.first().isChecked(), false, 'nothing is linked on a guess');
  await near.first().check();
  await page.click('#relink');
  await waitForRun(page);
  assert.equal(await linked(), linkedAtFirst);
  assert.equal(await page.locator('#confirmed-links li').count(), 1);
  await page.locator('#confirmed-links button').click();
  await waitForRun(page);
  assert.equal(await linked(), linkedAtFirst - 1);
  assertNoProblems(device);
});

test('malformed files: every problem by file, row and column; the page stays usable', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const ids = instrument.items.map((i) => i.id);
  const row = (code, wave, vals) => [code, 'teacher-mediator', wave, 'ru', ...vals].join(',');
  const csv = [
    ['code', 'programme', 'wave', 'lang', ...ids].join(','),
    row('AB12CD', 'pre', [3, 4, 5, 4, 3, 2, 4, 4, 3, 5, 4, 4]),
    row('AB12CD', 'post', [4, 4, 5, 9, 3, 2, 4, 4, 3, 5, 4, 4]),       // 9 is outside 1-5 (row 3, AD1)
    row('<script>window.__pwned=1</script>', 'pre', [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]),
    row('EF34GH', 'pre', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]),
    row('EF34GH', 'pre', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 3]),         // duplicate code + wave, another answer
  ].join('\r\n');
  // Semicolons as Russian Excel writes them, but no wave column.
  const noWave = `code;programme;lang;${ids.join(';')}\r\nQQ11RR;teacher-mediator;kk;${ids.map(() => 3).join(';')}\r\n`;
  // "Код" in Windows-1251: not UTF-8.
  const cp1251 = Buffer.concat([Buffer.from('code,programme,wave,lang\r\n'), Buffer.from([0xca, 0xee, 0xe4]), Buffer.from(',x,pre,ru\r\n')]);
  await page.setInputFiles('#file-input', [
    { name: 'bad-values.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'no-wave.csv', mimeType: 'text/csv', buffer: Buffer.from(noWave) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "assess-response/1", "code": ') },
    { name: 'excel-1251.csv', mimeType: 'text/csv', buffer: cp1251 },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 5);
  assert.match(await page.textContent('#file-table'), /photo\.png is not a text file/);
  await page.click('#run');
  await waitForRun(page);
  const problems = await page.$$eval('#problem-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const find = (file, re) => problems.find((p) => p[0] === file && re.test(p[4]));
  const outOfScale = find('bad-values.csv', /9/);
  assert.ok(outOfScale, `out-of-scale value reported: ${JSON.stringify(problems)}`);
  assert.equal(outOfScale[1], '3');
  assert.equal(outOfScale[2], 'AD1');
  assert.ok(find('bad-values.csv', /EF34GH/), 'duplicate code + wave reported');
  assert.ok(find('no-wave.csv', /wave/), 'missing wave column reported');
  assert.ok(find('broken.json', /./), 'broken JSON reported');
  // The engine judges the encoding on the real bytes and says what to do.
  const encoding = problems.find((p) => p[0] === 'excel-1251.csv');
  assert.ok(encoding, 'encoding reported');
  assert.match(encoding[4], /UTF-8/);
  assert.match(encoding[4], /1251/);
  assert.ok(problems.some((p) => p[0] === 'photo.png'), 'binary file reported');
  // A code with markup is shown as text, never run.
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#main script').count(), 0);
  await assertAccessible(page, '(analysis with problems)');
  await screenshots(page, 'analysis-problems');

  // Still usable: clear and run the demo.
  await page.click('#clear-files');
  assert.ok(await page.isHidden('#import-section'));
  await page.click('#load-demo');
  await waitForRun(page);
  assert.match(await page.textContent('#import-summary'), /Responses:/);
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
