// A third wave on the analysis page (issue 15, the pre-post analysis' last
// bullet): a study whose instrument is measured at pre, post and followup
// (fixtures/demo3, here without groups so that the page shows the pre-post
// report) gets the chart of means at every wave, in kk, ru and en, each drawn
// interval the JSON's number (the first two waves from the pre-post tests,
// the follow-up from wave_pairs), with its data table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSite, open, assertNoProblems, assertAccessible, downloadText, root, DESKTOP } from './helpers.mjs';
import { setLanguage } from './flows.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

// demo3's study without its groups, and its responses without the group
// column (the control group's students in a programme).
const study = JSON.parse(readFileSync(path.join(root, 'fixtures/demo3/study.json'), 'utf8'));
delete study.groups;
study.id = 'waves-test';
const lines = readFileSync(path.join(root, 'fixtures/demo3/competency.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
const g = lines[0].indexOf('group');
const p = lines[0].indexOf('programme');
const csv = lines.map((cells, i) => {
  const c = [...cells];
  if (i > 0 && c[p] === '') c[p] = study.programmes[0].id;
  c.splice(g, 1);
  return c.join(',');
}).join('\n') + '\n';

const words = {
  en: { followup: study.waves[2].title.en, caption: 'Means by wave' },
  ru: { followup: study.waves[2].title.ru, caption: 'Средние по этапам' },
  kk: { followup: study.waves[2].title.kk, caption: 'Кезеңдер бойынша орташа мәндер' },
};

for (const lang of ['kk', 'ru', 'en']) {
  test(`three waves: the means at every wave are drawn as the JSON says (${lang})`, async () => {
    const device = await site.newDevice({ viewport: DESKTOP });
    await device.context.route('**/rubrics/study.waves-test.v1.json', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify(study),
    }));
    const shown = await open(device, 'analysis.html?study=study.waves-test.v1.json');
    await setLanguage(shown, lang);
    await shown.setInputFiles('#file-input', [{ name: 'competency.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    await shown.click('#run');
    await shown.waitForSelector('#table-prepost', { timeout: 60_000 });
    await shown.waitForFunction(() => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled);
    const r = JSON.parse((await downloadText(shown, () => shown.click('#dl-json'))).text).prepost;
    assert.equal(r.wave_pairs?.length, 2, 'pre -> post and pre -> followup');

    const drawn = await shown.$$eval('#results figure g.interval', (gs) => gs.map((x) => ({
      key: x.dataset.key, value: Number(x.dataset.value), lo: Number(x.dataset.lo), hi: Number(x.dataset.hi),
      figure: x.closest('figure').querySelector('.figure-title').textContent,
    })));
    const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    const later = r.wave_pairs[1];
    let n = 0;
    for (const s of [...r.subscales, r.total]) {
      const f = [...later.subscales, later.total].find((e) => e.id === s.id);
      for (const [wave, m] of [['pre', s.pre], ['post', s.post], ['followup', f.post]]) {
        const d = drawn.find((x) => x.key === `${s.id}.${wave}` && x.figure.startsWith(words[lang].caption));
        assert.ok(d, `${lang}: ${s.id} at ${wave} drawn`);
        assert.ok(close(d.value, m.mean) && close(d.lo, m.ci_low) && close(d.hi, m.ci_high), `${lang}: ${d.key}`);
        n += 1;
      }
    }
    assert.equal(n, 18);
    // The legend and the data table name the follow-up by its title in the study.
    const texts = await shown.$$eval('#results figure.chart', (fs) => fs.map((x) => x.textContent));
    const text = texts.find((x) => x.includes(words[lang].caption));
    assert.ok(text?.includes(words[lang].followup), `${lang}: the follow-up named`);
    if (lang !== 'en') assert.ok(!/Means|wave|Pre-test|Post-test/.test(text), `${lang}: no English left`);
    await assertAccessible(shown, `three-wave chart (${lang})`);
    assertNoProblems(device);
    await device.context.close();
  });
}

// The same three waves with demo3's two groups: the study report's chart of
// means by wave and group draws the follow-up of each group too (from
// groups.by_group[].wave_pairs), named by the study's title of the wave.
const grouped = JSON.parse(readFileSync(path.join(root, 'fixtures/demo3/study.json'), 'utf8'));
grouped.id = 'waves-groups-test';
const groupedCsv = readFileSync(path.join(root, 'fixtures/demo3/competency.csv'));

test('three waves with groups: the study report draws every group at every wave (ru)', async () => {
  const device = await site.newDevice({ viewport: DESKTOP });
  await device.context.route('**/rubrics/study.waves-groups-test.v1.json', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify(grouped),
  }));
  const shown = await open(device, 'analysis.html?study=study.waves-groups-test.v1.json');
  await setLanguage(shown, 'ru');
  await shown.setInputFiles('#file-input', [{ name: 'competency.csv', mimeType: 'text/csv', buffer: groupedCsv }]);
  await shown.click('#run');
  await shown.waitForSelector('#study-counts', { timeout: 120_000 });
  await shown.waitForFunction(() => document.getElementById('run-progress').hidden && !document.getElementById('run').disabled,
    null, { timeout: 120_000 });
  const report = JSON.parse((await downloadText(shown, () => shown.click('#dl-json'))).text).study;
  const r = report.prepost.find((e) => e.result?.groups?.by_group?.length).result;
  const drawn = await shown.$$eval('#results figure g.interval', (gs) => gs.map((x) => ({
    key: x.dataset.key, value: Number(x.dataset.value), lo: Number(x.dataset.lo), hi: Number(x.dataset.hi),
  })));
  const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  let n = 0;
  for (const grp of r.groups.by_group) {
    const later = grp.wave_pairs?.[1];
    assert.equal(later?.to, 'followup', `${grp.id}: pre -> followup`);
    for (const s of [...grp.subscales, grp.total]) {
      const f = [...later.subscales, later.total].find((e) => e.id === s.id);
      for (const [wave, m] of [['pre', s.pre], ['post', s.post], ['followup', f.post]]) {
        const d = drawn.find((x) => x.key === `${s.id}.${grp.id}.${wave}`);
        assert.ok(d, `${grp.id} ${s.id} at ${wave} drawn`);
        assert.ok(close(d.value, m.mean) && close(d.lo, m.ci_low) && close(d.hi, m.ci_high), d.key);
        n += 1;
      }
    }
  }
  assert.equal(n, 2 * 6 * 3);
  const legend = await shown.$$eval('#results figure.chart', (fs) => fs.map((x) => x.textContent).join(' '));
  assert.ok(legend.includes(grouped.waves[2].title.ru), 'the follow-up named by its title');
  await assertAccessible(shown, 'three-wave study report (ru)');
  assertNoProblems(device);
  await device.context.close();
});
