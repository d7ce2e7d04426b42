// Engine messages in the reader's language: on the Kazakh and Russian pages
// every import problem, warning and engine error is said from the page
// catalogues (web/i18n/msg/) by its message id - the element carries
// data-msg-id, none falls back to English (data-msg-fallback), and no run of
// the engine's English sentence (as the wasm module in Node gives it for the
// same files) appears; the technical part folds away under <details>; the
// student's code errors are said in the page language too; axe-core finds
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, open, assertNoForeignRequests, assertNoProblems, assertAccessible } from './helpers.mjs';
import { instrument, study, codeQuestions } from './flows.mjs';
import { loadEngine } from '../wasm/engine.mjs';

let site;
before(async () => { site = await startSite(); });
after(async () => { await site?.close(); });

const ids = instrument.items.map((i) => i.id);
const row = (code, wave, vals) => [code, 'teacher-mediator', wave, 'ru', ...vals].join(',');
const FILES = [
  {
    name: 'bad-values.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([
      ['code', 'programme', 'wave', 'lang', ...ids].join(','),
      row('AB12CD', 'pre', [3, 4, 5, 4, 3, 2, 4, 4, 3, 5, 4, 4]),
      row('AB12CD', 'post', [4, 4, 5, 9, 3, 2, 4, 4, 3, 5, 4, '"3,5"']),   // 9 outside the scale, a decimal comma
      row('EF34GH', 'pre', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]),
      row('EF34GH', 'pre', [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 3]),          // the same code and wave twice, another answer
      'ZZ99', // a ragged row
    ].join('\r\n')),
  },
  { name: 'no-wave.csv', mimeType: 'text/csv', buffer: Buffer.from(`code;programme;lang;${ids.join(';')}\r\nQQ11RR;teacher-mediator;kk;${ids.map(() => 3).join(';')}\r\n`) },
  { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "assess-response/1", "code": ') },
  // "Код" in Windows-1251: not UTF-8.
  { name: 'excel-1251.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from('code,programme,wave,lang\r\n'), Buffer.from([0xca, 0xee, 0xe4]), Buffer.from(',x,pre,ru\r\n')]) },
];

// The engine's English for the same files: runs of three words of its
// problem sentences.
async function engineEnglish() {
  const engine = await loadEngine();
  engine.clearFiles();
  for (const f of FILES) engine.putFile(f.name, new Uint8Array(f.buffer));
  const reply = JSON.parse(engine.call(JSON.stringify({
    op: 'import_responses', instrument, study, files: FILES.map((f) => ({ name: f.name })),
  })));
  engine.clearFiles();
  assert.ok(reply.ok, JSON.stringify(reply.error));
  const problems = reply.result.problems ?? [];
  assert.ok(problems.length >= 5, `the files give problems: ${problems.length}`);
  // Runs of the English sentences, less those of the parameter values
  // ("code, programme, wave"), which the pages show as they are.
  const runs = new Set();
  for (const p of problems) {
    const values = new Set(Object.values(p.msg?.params ?? {}).flatMap((v) => [...shingles(String(v))]));
    for (const s of shingles(p.message)) if (!values.has(s)) runs.add(s);
  }
  return runs;
}

// Runs of three English words in a row ("the file was"), lower case.
function shingles(text) {
  const out = new Set();
  const words = [];
  const re = /[A-Za-z]{2,}|[^A-Za-z\s,;:()'"]+/g;
  let m;
  while ((m = re.exec(text))) words.push(/^[A-Za-z]+$/.test(m[0]) ? m[0].toLowerCase() : null);
  for (let i = 0; i + 2 < words.length; i++) {
    if (words[i] && words[i + 1] && words[i + 2]) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return out;
}

async function waitForRun(page) {
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

// Every element of the page that shows an engine message (and the page's
// own file problems): [msgId, fallback, text].
const messageElements = (page) => page.$$eval(
  '#problem-table td.msg, #import-summary .engine-error, #integrity-alert li, #results .warnings li, #load-error',
  (els) => els.filter((e) => !e.hidden).map((e) => [e.dataset.msgId ?? '', e.dataset.msgFallback ?? '', e.textContent]),
);

for (const lang of ['kk', 'ru']) {
  test(`${lang}: problems, warnings and engine errors in the page language`, async () => {
    const englishRuns = await engineEnglish();
    const device = await site.newDevice();
    const page = await open(device, `analysis.html?lang=${lang}`);
    await page.setInputFiles('#file-input', FILES);
    await page.waitForFunction((n) => document.querySelectorAll('#file-table tbody tr').length === n, FILES.length);
    await page.click('#run');
    await waitForRun(page);

    const shown = await messageElements(page);
    assert.ok(shown.length >= 5, `messages shown: ${shown.length}`);
    for (const [id, fallback, text] of shown) {
      assert.ok(id, `an element without data-msg-id: ${text}`);
      assert.equal(fallback, '', `${id} said from the ${fallback} fallback: ${text}`);
      const english = [...shingles(text)].filter((s) => englishRuns.has(s));
      assert.deepEqual(english, [], `${id} shows the engine's English: ${text}`);
    }
    const shownIds = shown.map((s) => s[0]);
    for (const id of ['import.out_of_scale', 'import.duplicate_record', 'import.ragged_row', 'import.not_a_number_decimal_comma', 'import.encoding_csv_byte']) {
      assert.ok(shownIds.includes(id), `${id} is shown (shown: ${shownIds.join(', ')})`);
    }
    // The Windows-1251 file: what to do first, the byte offsets folded away.
    const enc = page.locator('#problem-table td.msg[data-msg-id="import.encoding_csv_byte"]');
    const advice = await enc.locator('.msg-text').textContent();
    assert.match(advice, lang === 'kk' ? /^Файлды CSV UTF-8 форматында қайта сақтаңыз/ : /^Сохраните файл заново в формате CSV UTF-8/);
    assert.match(advice, /Windows-1251/);
    assert.equal(await enc.locator('details').count(), 1);
    assert.equal(await enc.locator('details').getAttribute('open'), null, 'the detail is folded away');
    assert.match(await enc.locator('details p').textContent(), /0xCA/);
    // The duplicate: the first words say what to do.
    const dup = await page.locator('#problem-table td.msg[data-msg-id="import.duplicate_record"] .msg-text').first().textContent();
    assert.match(dup, lang === 'kk' ? /^Екі көшірменің бірін алып тастаңыз/ : /^Удалите одну из двух копий/);
    // Numbers in the page's notation: the decimal comma (3,5 as written).
    assert.match(await page.textContent('#problem-table'), /3,5/);
    await assertAccessible(page, `(analysis problems, ${lang})`);
    assertNoForeignRequests(device);
    assertNoProblems(device);
  });
}

test('ru: the demo study\'s warnings and a wrong code answer are said in Russian', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html?lang=ru');
  await page.click('#load-demo');
  await waitForRun(page);
  for (const [id, fallback, text] of await messageElements(page)) {
    assert.ok(id, `an element without data-msg-id: ${text}`);
    assert.equal(fallback, '', `${id} said from the ${fallback} fallback: ${text}`);
    assert.doesNotMatch(text, /\b(the|but|is|are|and)\b/, `${id}: ${text}`);
  }

  // The student's code: a day of the month out of range.
  const q = await open(device, 'questionnaire.html?lang=ru');
  await q.check('#consent-box');
  await q.click('#consent-next');
  await q.waitForSelector('#step-code:not([hidden])');
  const digits = codeQuestions.find((x) => x.kind === 'digits');
  for (const cq of codeQuestions) await q.fill(`.cq-input[data-question="${cq.id}"]`, cq === digits ? '99' : 'Айгуль');
  await q.click('#make-code');
  await q.waitForSelector('#code-error:not([hidden])');
  const box = q.locator('#code-error');
  assert.equal(await box.getAttribute('data-msg-id'), 'code.answer_out_of_range');
  assert.equal(await box.getAttribute('data-msg-fallback'), null);
  const text = await box.textContent();
  assert.match(text, /^Введите в ответе на вопрос «.+» число от 1 до \d+/);
  assert.ok(text.includes(digits.prompt.ru), `the question is named by its prompt: ${text}`);
  await assertAccessible(q, '(code error, ru)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
