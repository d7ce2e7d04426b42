// The report as a Word document: the demo analysis in Russian (then in
// Kazakh for the language and the tables again), the .docx
// downloaded from the page (made in the browser; no request leaves the
// site) and read back by python-docx (Debian's python3-docx, through
// /usr/bin/python3): a valid ZIP; A4 portrait; Times New Roman for every
// script; the document in Russian; every table of the HTML report, in
// order, with its number and title above it, the same header cells, the
// header row repeated on each page, and the same cell texts (numbers
// rounded and written with decimal commas as the page shows them); the
// report's headings as Word headings; each chart as a PNG image.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startSite, open, downloadText, assertNoForeignRequests, assertNoProblems, assertAccessible,
} from './helpers.mjs';
import { setLanguage } from './flows.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-docx

// Reads a .docx with python-docx and prints what the test compares, as JSON.
const READ_DOCX = String.raw`
import json, re, struct, sys, zipfile
import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ws = lambda s: re.sub(r'[ \t\n\r\f]+', ' ', s).strip()
d = docx.Document(sys.argv[1])
tables, headings, before = [], [], []
for child in d.element.body.iterchildren():
    if child.tag == qn('w:p'):
        p = Paragraph(child, d)
        text = ws(p.text)
        if not text:
            continue
        before.append(text)
        style = p.style.name if p.style is not None else ''
        if style == 'Title' or style.lower().startswith('heading'):
            headings.append({'style': style, 'text': text})
    elif child.tag == qn('w:tbl'):
        t = Table(child, d)
        rows, header = [], []
        for tr in child.findall(qn('w:tr')):
            rows.append([ws(_Cell(tc, t).text) for tc in tr.findall(qn('w:tc'))])
            trpr = tr.find(qn('w:trPr'))
            header.append(trpr is not None and trpr.find(qn('w:tblHeader')) is not None)
        tables.append({'rows': rows, 'header': header, 'before': before[-2:]})
        before = []
rpr = d.styles.element.find(qn('w:docDefaults')).find(qn('w:rPrDefault')).find(qn('w:rPr'))
fonts = rpr.find(qn('w:rFonts'))
media = []
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith('word/media/'):
            b = z.read(name)
            w, h = struct.unpack('>II', b[16:24])
            media.append({'name': name, 'png': b[:8] == b'\x89PNG\r\n\x1a\n', 'width': w, 'height': h})
    parts = z.namelist()
sec = d.sections[0]
print(json.dumps({
    'tables': tables, 'headings': headings, 'parts': parts, 'media': media,
    'images': len(d.inline_shapes),
    'fonts': {k: fonts.get(qn('w:' + k)) for k in ('ascii', 'hAnsi', 'cs', 'eastAsia')},
    'lang': rpr.find(qn('w:lang')).get(qn('w:val')),
    'page': {'width_mm': round(sec.page_width.mm), 'height_mm': round(sec.page_height.mm), 'orientation': int(sec.orientation)},
    'title': d.core_properties.title, 'language': d.core_properties.language,
}, ensure_ascii=False))
`;

let site;
let work;
before(async () => {
  site = await startSite();
  work = mkdtempSync(path.join(tmpdir(), 'assess-docx-'));
});
after(async () => {
  await site?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function waitForRun(page) {
  await page.waitForSelector('#import-section:not([hidden])', { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('run-progress').hidden, null, { timeout: 60_000 });
}

// The HTML report, read in the page: its headings and, per table, the
// caption's number and title and every row's cell texts.
async function htmlReport(page) {
  const report = await downloadText(page, () => page.click('#dl-report'));
  return page.evaluate((text) => {
    // The body only: its inline <style> would fall under the page's CSP.
    const d = document.implementation.createHTMLDocument('');
    d.body.outerHTML = text.slice(text.search(/<body[\s>]/i), text.search(/<\/html>/i));
    const ws = (s) => s.replace(/[ \t\n\r\f]+/g, ' ').trim();
    return {
      resultsTables: d.querySelectorAll('#results table').length,
      svgs: d.querySelectorAll('svg').length,
      headings: [...d.querySelectorAll('h1, h2, h3')].map((h) => ws(h.textContent)),
      tables: [...d.querySelectorAll('table')].map((table) => {
        const caption = table.querySelector('caption');
        const number = caption?.querySelector('.table-number');
        return {
          number: number ? ws(number.textContent) : null,
          title: caption ? ws([...caption.childNodes].filter((n) => n !== number).map((n) => n.textContent).join('')) : null,
          headerRows: table.querySelectorAll('thead tr').length,
          rows: [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => ws(c.textContent))),
        };
      }),
    };
  }, report.text);
}

// The .docx the page downloads, checked as a ZIP (every entry's CRC) and
// read by python-docx.
async function wordReport(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dl-docx')]);
  assert.match(dl.suggestedFilename(), /^analysis-report-\d{8}-\d{4}\.docx$/);
  const file = path.join(work, name);
  copyFileSync(await dl.path(), file);
  const zipTest = execFileSync(PYTHON, ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
  assert.match(zipTest, /Done testing/);
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_DOCX, file], { encoding: 'utf8' }));
}

// Every table of the HTML report in the .docx, in order, cell for cell,
// with its number and title above it and its header row repeated.
function assertSameTables(docx, html) {
  assert.equal(docx.tables.length, html.tables.length, 'as many tables as the HTML report');
  html.tables.forEach((want, i) => {
    const got = docx.tables[i];
    const where = `table ${i + 1} (${want.number ?? ''} ${want.title ?? ''})`;
    assert.deepEqual(got.rows[0], want.rows[0], `${where}: the header cells`);
    assert.deepEqual(got.rows, want.rows, `${where}: the cells`);
    assert.ok(want.headerRows >= 1);
    assert.deepEqual(got.header, want.rows.map((_, k) => k < want.headerRows), `${where}: the header row repeats on each page`);
    const caption = [want.number, want.title].filter(Boolean);
    assert.deepEqual(got.before.slice(-caption.length), caption, `${where}: number and title above the table`);
  });
}

test('the demo report as .docx (ru, then kk): python-docx finds every table of the HTML report, cell for cell', async () => {
  const device = await site.newDevice();
  const page = await open(device, 'analysis.html');
  await setLanguage(page, 'ru');
  await page.click('#load-demo');
  await waitForRun(page);
  await page.waitForSelector('#dl-docx:not([hidden])');
  assert.equal((await page.textContent('#dl-docx')).trim(), 'Отчёт (Word, .docx)');

  const html = await htmlReport(page);
  assert.ok(html.resultsTables >= 8, `the demo report has its tables (${html.resultsTables})`);
  assert.equal(html.tables.length, html.resultsTables, 'every table of the demo report is in #results');
  assert.ok(html.tables.some((t) => t.rows.some((r) => r.some((c) => /\d,\d/.test(c)))), 'the Russian report writes decimal commas');
  const docx = await wordReport(page, 'report-ru.docx');

  assert.deepEqual(docx.parts.slice(0, 6), ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml',
    'word/_rels/document.xml.rels', 'docProps/core.xml']);
  assert.deepEqual(docx.page, { width_mm: 210, height_mm: 297, orientation: 0 }, 'A4 portrait');
  assert.deepEqual(docx.fonts, { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: 'Times New Roman' });
  assert.equal(docx.lang, 'ru-RU');
  assert.equal(docx.language, 'ru-RU');
  assert.equal(docx.title, html.headings[0]);

  // The headings, in order.
  assert.deepEqual(docx.headings.map((h) => h.text), html.headings);
  assert.equal(docx.headings[0].style, 'Title');

  assertSameTables(docx, html);
  // The APA tables keep the page's numbers ("Таблица 1", ...; checked above
  // with the titles), each number once.
  const numbers = html.tables.map((t) => t.number).filter(Boolean);
  assert.ok(numbers.length >= 6);
  for (const n of numbers) assert.match(n, /^Таблица \d+$/);
  assert.equal(new Set(numbers).size, numbers.length);

  // Each chart as a PNG, drawn at twice its size.
  assert.equal(html.svgs, 4);
  assert.equal(docx.images, html.svgs, 'every chart is in the document');
  assert.equal(docx.media.length, html.svgs);
  for (const m of docx.media) {
    assert.ok(m.png, `${m.name} is a PNG`);
    assert.ok(m.width >= 1000 && m.height >= 200, `${m.name}: ${m.width} x ${m.height}`);
  }

  // In Kazakh: the document's language follows the page, the tables too.
  await setLanguage(page, 'kk');
  const kk = await htmlReport(page);
  assert.equal(kk.tables[0].number, '1-кесте');
  const kkDocx = await wordReport(page, 'report-kk.docx');
  assert.equal(kkDocx.lang, 'kk-KZ');
  assert.deepEqual(kkDocx.headings.map((h) => h.text), kk.headings);
  assertSameTables(kkDocx, kk);
  assert.equal(kkDocx.images, kk.svgs);

  await assertAccessible(page, '(analysis with the .docx button, kk)');
  assertNoForeignRequests(device);
  assertNoProblems(device);
});
