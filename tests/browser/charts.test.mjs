// Charts fit where they are shown (issue "reports that a researcher can
// publish from", part 2): at 360 and 1280 px every label's box lies inside
// its SVG's, the text keeps its size (the chart is drawn for the width it
// is shown at), the full label is in a <title>, and each figure downloads
// as SVG and PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, open, assertNoProblems, assertAccessible, screenshots, PHONE, DESKTOP } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const idle = (page) => page.waitForFunction(() => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled);

// Every text of every chart: its box against the SVG's, in screen pixels.
async function overflowing(page) {
  return page.$$eval('#results svg.chart-svg', (svgs) => svgs.flatMap((s, i) => {
    const box = s.getBoundingClientRect();
    return [...s.querySelectorAll('text')].map((tx) => {
      const b = tx.getBoundingClientRect();
      return { chart: i, text: tx.textContent, out: Math.max(box.left - b.left, b.right - box.right, box.top - b.top, b.bottom - box.bottom) };
    }).filter((x) => x.out > 1);
  }));
}

for (const [lang, vp] of [['kk', PHONE], ['ru', DESKTOP], ['en', PHONE]]) {
  test(`charts fit at ${vp.width} px with no cut label (${lang})`, async () => {
    const device = await site.newDevice({ viewport: vp });
    const page = await open(device, 'analysis.html');
    await setLanguage(page, lang);
    await page.click('#load-demo');
    await page.waitForSelector('#results svg.chart-svg', { timeout: 60_000 });
    await idle(page);
    const n = await page.$$eval('#results svg.chart-svg', (s) => s.length);
    assert.ok(n >= 4, `${n} charts`);
    assert.deepEqual(await overflowing(page), []);
    // Drawn for the width shown: the SVG is not scaled down, so 12 px text stays 12 px.
    const scale = await page.$$eval('#results svg.chart-svg', (svgs) => svgs.map((s) => s.getBoundingClientRect().width / s.viewBox.baseVal.width));
    for (const k of scale) assert.ok(k > 0.9, `chart scaled to ${k}`);
    // A shortened label keeps its full text in a <title>.
    const cut = await page.$$eval('#results svg.chart-svg text.chart-label', (ts) => ts.filter((t) => t.textContent.includes('…'))
      .map((t) => ({ shown: [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || t.childNodes[0]?.textContent, full: t.querySelector('title')?.textContent })));
    for (const c of cut) assert.ok(c.full && c.full.length >= c.shown.replace('…', '').length, JSON.stringify(c));
    await assertAccessible(page, `charts (${lang}, ${vp.width})`);
    await screenshots(page, `charts-${lang}`);
    // The other width: drawn again, and fits again.
    await page.setViewportSize(vp === PHONE ? DESKTOP : PHONE);
    await page.waitForTimeout(600);
    await idle(page);
    assert.deepEqual(await overflowing(page), []);
    assertNoProblems(device);
    await device.context.close();
  });
}

test('a figure downloads as SVG and PNG', async () => {
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, 'analysis.html');
  await page.click('#load-demo');
  await page.waitForSelector('#results figure.chart .dl-svg', { timeout: 60_000 });
  await idle(page);
  const fig = (await page.$$('#results figure.chart'))[0];
  const [svgDl] = await Promise.all([page.waitForEvent('download'), (await fig.$('.dl-svg')).click()]);
  assert.match(svgDl.suggestedFilename(), /\.svg$/);
  const svgText = readFileSync(await svgDl.path(), 'utf8');
  assert.match(svgText, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svgText, /<g class="interval"/);
  assert.equal((svgText.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g) ?? []).length, 1, 'one namespace declaration');
  assert.ok(await page.evaluate((s) => !new globalThis.DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror'), svgText), 'the SVG file parses');
  const [pngDl] = await Promise.all([page.waitForEvent('download'), (await fig.$('.dl-png')).click()]);
  assert.match(pngDl.suggestedFilename(), /\.png$/);
  const png = readFileSync(await pngDl.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  const svgWidth = await fig.$eval('svg', (s) => Number(s.getAttribute('width')));
  assert.equal(width, svgWidth * 2);
  assertNoProblems(device);
  await device.context.close();
});
