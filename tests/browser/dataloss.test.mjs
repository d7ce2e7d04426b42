// No data lost in the browser (docs/robustness.md):
// - the questionnaire and the rubric resume after a closed tab (a new page
//   of the same browser profile finds every answer);
// - with localStorage full (quota) or throwing on access (privacy modes,
//   sandboxed frames) the pages work on in memory, say so in an alert in the
//   page's language and download everything entered so far from the alert;
// - the browser asks before leaving while answers are not downloaded, and
//   does not once they are, or when nothing was answered;
// - downloads carry the engine's integrity seal (checked with the engine's
//   verify op), and the analysis page names a file edited after export;
// - a malformed file dropped after good ones never costs the good ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible, root,
} from './helpers.mjs';
import { instrument, rubric, study, startQuestionnaire, answerItems, setLanguage } from './flows.mjs';
import { call as engineCall } from '../wasm/engine.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const codeAnswers = { mother: 'Dana', birthday: '12', birthplace: 'Karaganda' };
const programme = study.programmes[0].id;
const values = [4, 5, 3, 2, 2, 4, 4, 5, 3, 4, 2, 3];
const ids = instrument.items.map((i) => i.id);

// Closes the page as a user closing the tab would (beforeunload runs) and
// says whether the browser asked first. The question is answered "leave".
async function closeAsks(page) {
  let asked = null;
  page.on('dialog', (d) => { asked = d.type(); d.accept().catch(() => {}); });
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  return asked === 'beforeunload';
}

async function verify(text) {
  return (await engineCall({ op: 'verify', document: text })).result;
}

// Fills localStorage to the last byte (Chromium: about 10 MB per origin).
async function fillStorage(page) {
  return page.evaluate(() => {
    let n = 0;
    for (const size of [1 << 20, 1 << 14, 1 << 10, 64, 1]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler.${n++}`, chunk);
      } catch {
        // full at this chunk size; go on with smaller ones
      }
    }
    return n;
  });
}

test('questionnaire: a closed tab resumes; leave warning until exported; the file is sealed', async () => {
  const device = await site.newDevice();
  let page = await open(device, 'questionnaire.html');
  assert.equal(await closeAsks(page), false, 'nothing answered: no question when leaving');

  page = await open(device, 'questionnaire.html');
  const code = await startQuestionnaire(page, { codeAnswers, programme, wave: 'pre' });
  await answerItems(page, values, { to: 7 });
  assert.equal(await closeAsks(page), true, 'answers not downloaded: the browser asks');

  // A new tab of the same browser: everything is back.
  page = await open(device, 'questionnaire.html');
  assert.ok(await page.isVisible('#step-items'), 'resumes on the questions');
  for (let i = 0; i < 7; i++) assert.ok(await page.isChecked(`#a-${ids[i]}-${values[i]}`), `${ids[i]} kept`);
  await answerItems(page, values, { from: 7 });
  await page.click('#items-next');
  await page.click('#submit');
  await page.waitForSelector('#score-table');

  const json = await downloadText(page, () => page.click('#download-json'));
  const file = JSON.parse(json.text);
  assert.equal(file.format, 'assess-response/1');
  assert.equal(file.code, code);
  assert.deepEqual(file.instrument, { id: instrument.id, version: instrument.version });
  assert.equal(file.engine.name, 'assess');
  assert.match(file.engine.version, /^\d+\.\d+/);
  assert.equal(file.integrity.method, 'sha256-jcs');
  assert.match(file.integrity.sha256, /^[0-9a-f]{64}$/);
  assert.equal((await verify(json.text)).status, 'valid');
  assert.deepEqual(Object.keys(file.answers), ids, 'item order kept');
  // The CSV went through the engine's csv_safe (same cells as before).
  const csv = await downloadText(page, () => page.click('#download-csv'));
  assert.equal(csv.text.replace(/^\ufeff/, '').trim().split('\r\n')[1], [code, programme, 'pre', 'en', '', ...values].join(','));
  assert.equal(await closeAsks(page), false, 'downloaded: no question when leaving');

  // Starting again (e.g. for the post-test) leaves nothing unsaved.
  page = await open(device, 'questionnaire.html');
  await page.click('#start-again');
  assert.equal(await closeAsks(page), false, 'a new, empty questionnaire: no question');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('rubric: a closed tab resumes; leave warning until exported; the file is sealed', async () => {
  const device = await site.newDevice();
  let page = await open(device, 'rubric.html');
  await page.fill('#expert', 'E11');
  assert.equal(await closeAsks(page), false, 'only the expert code: nothing to lose');
  page = await open(device, 'rubric.html');
  const [p0, p1] = study.programmes;
  await page.check(`#l-${p0.id}-${rubric.criteria[0].id}-4`);
  await page.click(`.prog-button[data-programme="${p1.id}"]`);
  await page.check(`#l-${p1.id}-${rubric.criteria[1].id}-2`);
  await page.fill('#comment', '=HYPERLINK("http://example.com","x")');
  assert.equal(await closeAsks(page), true, 'ratings not downloaded: the browser asks');

  page = await open(device, 'rubric.html');
  assert.equal(await page.inputValue('#expert'), 'E11');
  assert.ok(await page.isChecked(`#l-${p1.id}-${rubric.criteria[1].id}-2`));
  assert.equal(await page.inputValue('#comment'), '=HYPERLINK("http://example.com","x")');
  await page.click(`.prog-button[data-programme="${p0.id}"]`);
  assert.ok(await page.isChecked(`#l-${p0.id}-${rubric.criteria[0].id}-4`));

  const json = await downloadText(page, () => page.click('#download-json'));
  const file = JSON.parse(json.text);
  assert.equal(file.format, 'assess-ratings/1');
  assert.deepEqual(file.rubric, { id: rubric.id, version: rubric.version });
  assert.equal(file.integrity.method, 'sha256-jcs');
  assert.equal((await verify(json.text)).status, 'valid');
  assert.equal(file.ratings[1].scores[rubric.criteria[1].id], 2);
  assert.equal(await closeAsks(page), false, 'downloaded: no question');

  // The CSV neutralises the formula in the comment; the engine reads it back.
  page = await open(device, 'rubric.html');
  const csv = await downloadText(page, () => page.click('#download-csv'));
  assert.match(csv.text, /"'=HYPERLINK\(""http:\/\/example\.com"",""x""\)"/);
  const back = (await engineCall({ op: 'import_ratings', rubric, study, include_records: true, files: [{ name: 'r.csv', text: csv.text }] })).result;
  assert.equal(back.ratings.find((r) => r.object === p1.id).comment, '=HYPERLINK("http://example.com","x")');
  // A change after the download asks again.
  await page.check(`#l-${p0.id}-${rubric.criteria[2].id}-5`);
  assert.equal(await closeAsks(page), true, 'changed after the download: the browser asks');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('questionnaire with a full localStorage: works in memory, says so (en, kk), exports from the alert', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'questionnaire.html');
  await startQuestionnaire(page, { codeAnswers, programme, wave: 'post' });
  assert.ok(await page.isHidden('#storage-warning'), 'no alert while storing works');
  const keys = await fillStorage(page);
  assert.ok(keys > 5, `localStorage filled with ${keys} keys`);
  await answerItems(page, values, { to: 5 });
  assert.ok(await page.isVisible('#storage-warning'), 'the alert is shown');
  assert.equal(await page.getAttribute('#storage-warning', 'role'), 'alert');
  assert.match(await page.textContent('#storage-warning-text'), /storage is full or blocked/);
  assert.match(await page.textContent('#storage-export'), /Download my answers so far/);
  // The page goes on working in memory.
  await answerItems(page, values, { from: 5, to: 9 });
  assert.equal(await page.textContent('#progress-text'), '9 of 12 answered');
  await setLanguage(page, 'kk');
  assert.match(await page.textContent('#storage-warning-text'), /жад толы немесе бұғатталған/);
  assert.match(await page.textContent('#storage-export'), /Осы уақытқа дейінгі жауаптарымды жүктеп алу/);
  await assertAccessible(page, '(questionnaire, storage alert, kk)');

  const json = await downloadText(page, () => page.click('#storage-export'));
  assert.match(json.name, /^response-post-\d{8}-\d{6}\.json$/);
  const file = JSON.parse(json.text);
  assert.equal((await verify(json.text)).status, 'valid');
  assert.equal(file.wave, 'post');
  assert.deepEqual(ids.map((id) => file.answers[id]), values.map((v, i) => (i < 9 ? v : null)));
  assert.match(await page.textContent('#status'), /жауаптарыңыз файл ретінде жүктеп алынды/);
  // Finishing still works without storage, and the results show.
  await answerItems(page, values, { from: 9 });
  await page.click('#items-next');
  await page.click('#submit');
  await page.waitForSelector('#score-table');
  assert.ok(await page.isVisible('#storage-warning'));
  assert.equal(await closeAsks(page), true, 'new answers since the download: the browser asks');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('rubric with localStorage throwing on access: works in memory, alert from the start, export', async () => {
  const device = await site.newDevice();
  await device.context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  const page = await open(device, 'rubric.html?lang=ru');
  assert.ok(await page.isVisible('#storage-warning'), 'the alert is shown at once');
  assert.match(await page.textContent('#storage-warning-text'), /хранилище заполнено или заблокировано/);
  await assertAccessible(page, '(rubric, storage alert, ru)');
  const [p0, p1] = study.programmes;
  await page.check(`#l-${p0.id}-${rubric.criteria[0].id}-3`);
  await page.click(`.prog-button[data-programme="${p1.id}"]`);
  await page.check(`#l-${p1.id}-${rubric.criteria[0].id}-5`);
  await page.fill('#comment', 'Хорошая программа');
  await page.click(`.prog-button[data-programme="${p0.id}"]`);
  assert.ok(await page.isChecked(`#l-${p0.id}-${rubric.criteria[0].id}-3`), 'kept in memory');
  // No expert code yet: the alert's download still saves everything.
  const json = await downloadText(page, () => page.click('#storage-export'));
  const file = JSON.parse(json.text);
  assert.equal((await verify(json.text)).status, 'valid');
  assert.equal(file.ratings[0].scores[rubric.criteria[0].id], 3);
  assert.equal(file.ratings[1].scores[rubric.criteria[0].id], 5);
  assert.equal(file.ratings[1].comment, 'Хорошая программа');
  assert.match(await page.textContent('#status'), /скачаны/);
  assert.equal(await closeAsks(page), false, 'downloaded: no question');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

// ---- analysis page -------------------------------------------------------------

async function waitForRun(page) {
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

// Drops files on the drop zone as a user dragging them from the desktop.
async function drop(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type ?? '', b64: Buffer.from(f.buffer).toString('base64') }));
  const dt = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return transfer;
  }, payload);
  await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: dt });
}

const demo = (rel) => readFileSync(path.join(root, 'fixtures/demo', rel));

test('analysis: an edited file is named in an alert; its records are still imported', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  const sealed = async (doc) => (await engineCall({ op: 'seal', document: doc })).result.text;
  const response = (code, wave, answers) => ({
    format: 'assess-response/1', instrument: { id: instrument.id, version: instrument.version },
    code, programme, wave, lang: 'ru', submitted: '2026-11-20T10:00:00Z',
    answers: Object.fromEntries(ids.map((id, i) => [id, answers[i]])),
  });
  const pre = await sealed(response('AB12CD', 'pre', values));
  const post = await sealed(response('AB12CD', 'post', values.map((v) => Math.min(5, v + 1))));
  // Somebody "improves" the post-test by hand: one answer changed, seal kept.
  const edited = post.replace(/"ET1": \d/, '"ET1": 1');
  assert.notEqual(edited, post);
  assert.equal((await verify(edited)).status, 'mismatch');
  const badSeal = JSON.stringify({ ...JSON.parse(await sealed(response('EF34GH', 'pre', values))), integrity: { method: 'md5', sha256: 'x' } });
  await page.setInputFiles('#file-input', [
    { name: 'pre.json', mimeType: 'application/json', buffer: Buffer.from(pre) },
    { name: 'post-edited.json', mimeType: 'application/json', buffer: Buffer.from(edited) },
    { name: 'odd-seal.json', mimeType: 'application/json', buffer: Buffer.from(badSeal) },
  ]);
  await page.click('#run');
  await waitForRun(page);
  const alert = page.locator('#integrity-alert');
  assert.ok(await alert.isVisible(), 'integrity alert shown');
  assert.equal(await alert.getAttribute('role'), 'alert');
  const items = await alert.locator('li').evaluateAll((lis) => lis.map((li) => [li.dataset.code, li.textContent]));
  assert.deepEqual(items.map((x) => x[0]).sort(), ['integrity_invalid', 'integrity_mismatch']);
  assert.match(items.find((x) => x[0] === 'integrity_mismatch')[1], /^post-edited\.json: .*edited or damaged/);
  assert.match(items.find((x) => x[0] === 'integrity_invalid')[1], /^odd-seal\.json: /);
  assert.doesNotMatch(await alert.textContent(), /pre\.json/, 'the intact file is not named');
  // The problem table has the engine's warning too, and the records count.
  const rows = await page.$$eval('#problem-table tbody tr', (r) => r.map((x) => [...x.cells].map((c) => c.textContent)));
  assert.ok(rows.some((r) => r[0] === 'post-edited.json' && /SHA-256/.test(r[4])), JSON.stringify(rows));
  assert.match(await page.textContent('#import-summary'), /Responses: 3 record\(s\) imported from 3 file\(s\)/);
  await setLanguage(page, 'ru');
  // The results re-render after the page's message catalogue for ru has
  // loaded, a moment after the language switch itself.
  await page.waitForFunction(() => /изменён или повреждён/.test(document.querySelector('#integrity-alert')?.textContent ?? ''),
    null, { timeout: 10000 }).catch(() => {});
  assert.match(await page.textContent('#integrity-alert'), /изменён или повреждён/);
  await assertAccessible(page, '(analysis, integrity alert, ru)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});

test('analysis: malformed files dropped after good ones never cost the good ones', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await drop(page, [
    { name: 'responses.csv', type: 'text/csv', buffer: demo('responses.csv') },
    { name: 'ratings.csv', type: 'text/csv', buffer: demo('ratings.csv') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 2);
  await page.click('#run');
  await waitForRun(page);
  const good = await page.textContent('#import-summary');
  const records = (kind) => Number(good.match(new RegExp(`${kind}: (\\d+) record`))[1]);
  const nResponses = records('Responses');
  const nRatings = records('Ratings');
  assert.ok(nResponses > 0 && nRatings > 0, good);

  // Then a drop of broken things, one of them with a good file's name.
  await drop(page, [
    { name: 'broken.json', type: 'application/json', buffer: Buffer.from('{"format": "assess-response/1", "code": ') },
    { name: 'responses.csv', type: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0, 0, 0]) },
    { name: 'half.csv', type: 'text/csv', buffer: Buffer.from(`code,programme,wave,lang,${ids.join(',')}\r\nZZ99YY,${programme},pre,ru,3,3,"unterminated\r\n`) },
    // Not .txt: a .txt or .md file is a student's essay (issue 19, the themes).
    { name: 'notes.rtf', type: 'text/plain', buffer: Buffer.from('meeting notes, nothing else') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#file-table tbody tr').length === 6);
  const names = await page.$$eval('#file-table tbody tr th', (x) => x.map((c) => c.textContent));
  assert.equal(names.filter((n) => n === 'responses.csv').length, 2, 'the good responses.csv stays beside the unusable one');
  assert.ok(names.includes('ratings.csv'));
  await page.click('#run');
  await waitForRun(page);
  const summary = await page.textContent('#import-summary');
  const kept = (kind) => Number(summary.match(new RegExp(`${kind}: (\\d+) record`))[1]);
  assert.ok(kept('Responses') >= nResponses, `responses kept: ${summary}`);
  assert.equal(kept('Ratings'), nRatings, 'ratings kept');
  assert.ok(await page.isVisible('#table-prepost'), 'the pre/post analysis still runs');
  assert.ok(await page.isVisible('#table-panel'), 'the panel analysis still runs');
  const problems = await page.$$eval('#problem-table tbody tr', (r) => r.map((x) => x.cells[0].textContent));
  for (const f of ['broken.json', 'responses.csv', 'notes.rtf']) assert.ok(problems.includes(f), `${f} reported: ${problems}`);
  await assertAccessible(page, '(analysis after malformed drops)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
