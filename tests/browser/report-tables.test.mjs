// What the engine computes is shown (issue "reports that a researcher can
// publish from", part 1): the pre-post tests within each group and within
// each programme with enough pairs, the Wilcoxon check with its Holm p and
// rank-biserial r, and the sentence on what to report. Every number shown
// is the JSON's, rounded as shown, on the page and in the HTML report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, open, assertNoProblems, assertAccessible, downloadText, DESKTOP } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// The files of a stored (method 0) ZIP: [{name, text}].
function unzip(buf) {
  const out = [];
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    assert.equal(buf.readUInt16LE(at + 8), 0, 'stored');
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extra = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const start = at + 30 + nameLen + extra;
    out.push({ name, text: buf.subarray(start, start + size).toString('utf8') });
    at = start + size;
  }
  return out;
}

// The JSON value a cell's data-key names in the pre-post result.
function resolve(r, key) {
  const parts = key.split('.');
  const scoresOf = (x) => [...(x?.subscales ?? []), ...(x?.total ? [x.total] : [])];
  let scores = scoresOf(r);
  if (parts[0] === 'groups') scores = scoresOf((r.groups?.by_group ?? []).find((g) => g.id === parts[1]));
  if (parts[0] === 'programmes') scores = scoresOf((r.programmes ?? []).find((p) => p.id === parts[1]));
  const rest = parts[0] === 'groups' || parts[0] === 'programmes' ? parts.slice(2) : parts;
  const s = scores.find((x) => x.id === rest[0]);
  if (!s) return undefined;
  const field = rest.slice(1);
  if (field.join('.') === 'n_pairs') return s.n_pairs ?? s.n;
  return field.reduce((o, k) => o?.[k], s);
}

test('group and programme tests, the Wilcoxon check: the numbers shown are the JSON (ru)', async () => {
  const device = await site.newDevice({ viewport: DESKTOP });
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'ru');
  await page.click('#load-demo');
  await page.waitForSelector('#table-prepost', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled);
  const json = JSON.parse((await downloadText(page, () => page.click('#dl-json'))).text).prepost;
  assert.ok(json.groups?.by_group?.length >= 2, 'the demo has groups');

  // One table per group, and the sentence on what to report.
  for (const g of json.groups.by_group) assert.ok(await page.$(`#table-prepost-${g.id}`), `table of group ${g.id}`);
  const guidance = await page.textContent('#report-guidance');
  assert.match(guidance, /d_z/);
  assert.match(guidance, /Вилкоксона/);
  assert.match(guidance, /0,05/);

  const cells = await page.$$eval('#results td[data-key]', (tds) => tds.map((td) => ({ key: td.dataset.key, value: td.dataset.value ?? null, text: td.textContent })));
  const two = new Intl.NumberFormat('ru', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const seen = { groups: 0, programmes: 0, wilcoxon: 0, top: 0 };
  for (const c of cells) {
    const v = resolve(json, c.key);
    if (typeof v !== 'number') continue;
    assert.equal(Number(c.value), v, `${c.key}: data-value ${c.value}, JSON ${v}`);
    if (/\.(t|pre\.mean|post\.mean|gain\.mean|dz)$/.test(c.key)) {
      assert.ok(c.text.startsWith(two.format(v).replace('-', '−')) || c.text.startsWith(two.format(v)), `${c.key}: shown ${c.text}, JSON ${v}`);
    }
    if (c.key.startsWith('groups.')) seen.groups++;
    else if (c.key.startsWith('programmes.')) seen.programmes++;
    else if (c.key.includes('.wilcoxon.')) seen.wilcoxon++;
    else seen.top++;
  }
  const nGroupScores = json.groups.by_group.reduce((a, g) => a + g.subscales.length + (g.total ? 1 : 0), 0);
  assert.ok(seen.groups >= nGroupScores * 6, `group cells compared: ${seen.groups}`);
  assert.ok(seen.top >= 6 * 6, `top-level cells compared: ${seen.top}`);
  assert.ok(seen.programmes >= json.programmes.length * 6 * 3, `programme cells compared: ${seen.programmes}`);
  // The Wilcoxon check carries its Holm p and r when the engine gives them.
  const sub = json.subscales[0];
  if (typeof sub.wilcoxon?.p_holm === 'number') assert.ok(seen.wilcoxon >= json.subscales.length * 3, `Wilcoxon cells: ${seen.wilcoxon}`);
  // Programme tests are shown when the engine computed them.
  if (json.programmes.some((p) => typeof p.subscales[0]?.t === 'number')) {
    assert.ok(cells.some((c) => /^programmes\.[^.]+\.[^.]+\.t$/.test(c.key) && c.value != null), 'programme t shown');
    const note = await page.$eval('#table-programmes', (tb) => tb.closest('.table-block').querySelector('.table-note').textContent);
    assert.match(note, /не сравнивают программы/);
  }

  // The HTML report holds the same tables with the same texts.
  const report = (await downloadText(page, () => page.click('#dl-report'))).text;
  const view = await device.context.newPage();
  await view.setContent(report);
  const inReport = await view.$$eval('td[data-key]', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.key, td.textContent])));
  for (const c of cells) assert.equal(inReport[c.key], c.text, `report cell ${c.key}`);
  for (const g of json.groups.by_group) assert.ok(await view.$(`#table-prepost-${g.id}`), `report table of group ${g.id}`);
  // Sections numbered from 1; tables and figures numbered in order.
  const h2 = await view.$$eval('h2', (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(h2.map((h) => h.split('.')[0]), h2.map((_, i) => String(i + 1)));
  const tables = await view.$$eval('caption .table-number', (c) => c.map((x) => x.textContent));
  assert.deepEqual(tables, tables.map((_, i) => `Таблица ${i + 1}`));
  const figures = await view.$$eval('figcaption .figure-number', (c) => c.map((x) => x.textContent));
  assert.ok(figures.length >= 4);
  assert.deepEqual(figures, figures.map((_, i) => `Рисунок ${i + 1}`));
  assert.equal(await view.$('button'), null);
  // A4 portrait at 100%: at the printable width (21 cm less 2 x 2 cm margins) nothing is wider than the page.
  await view.emulateMedia({ media: 'print' });
  await view.setViewportSize({ width: Math.floor((170 / 25.4) * 96), height: 1100 });
  const wide = await view.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('table, svg, figure, p')].filter((e) => e.getBoundingClientRect().right > w + 1)
      .map((e) => `${e.tagName}#${e.id} ${Math.round(e.getBoundingClientRect().right)} > ${w}`);
  });
  assert.deepEqual(wide, []);
  assert.ok(await view.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
  const pdf = await view.pdf({ format: 'A4', preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await view.close();
  // The tables as CSV, one file each, for Excel in Russian: ';', decimal comma, numbers as numbers.
  const zipOf = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
    return unzip(readFileSync(await dl.path()));
  };
  assert.equal(await page.isChecked('#csv-semicolon'), true, 'ru: Excel with ; by default');
  let files = await zipOf();
  const numbered = await page.$$eval('#results table.apa', (ts) => ts.map((x) => x.id));
  assert.deepEqual(files.map((f) => f.name), numbered.map((id, i) => `${String(i + 1).padStart(2, '0')}-${id}.csv`));
  const t1 = files[0].text;
  assert.equal(t1.charCodeAt(0), 0xfeff, 'BOM');
  const lines = t1.slice(1).split('\r\n');
  const tShown = cells.find((c) => c.key === `${json.subscales[0].id}.t`).text;  // "10,39 (117)": text
  const meanShown = cells.find((c) => c.key === `${json.subscales[0].id}.pre.mean`).text;
  const row1 = lines[1].split(';');
  assert.equal(row1.length, lines[0].split(';').length, lines[1]);
  assert.equal(row1[1], String(json.subscales[0].n_pairs), 'n is a number');
  assert.equal(row1[2], meanShown, 'M (SD) as shown, a text cell');
  assert.equal(row1[5], tShown);
  // A single number in a cell is written as a number with a comma (the reliability alpha, the panel W).
  const wCsv = files.find((f) => f.name.endsWith('table-panel.csv')).text;
  assert.match(wCsv, /;0,\d\d(;|\r\n)/);
  assert.doesNotMatch(wCsv, /'-?\d/, 'no number neutralised as text');
  // The other choice: ',' and points.
  await page.check('#csv-comma');
  files = await zipOf();
  const en = files[0].text.slice(1).split('\r\n');
  assert.match(en[1], /,"?\d+\.\d\d \(\d+\.\d\d\)"?,/);
  await assertAccessible(page, 'group and programme tests (ru)');
  assertNoProblems(device);
  await device.context.close();
});
