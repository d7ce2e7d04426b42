// The downloadable report: one self-contained HTML file (styles inline, the
// charts as inline SVG, no scripts, a CSP that forbids any) that opens in any
// browser and prints cleanly to PDF. Its content is a copy of what the page
// shows, serialised by the browser (so every text is escaped), with the
// data tables of the charts opened.
import { t, pick, date, currentLanguage } from './i18n.js';

const REPORT_CSS = `
body { font-family: "Times New Roman", "DejaVu Serif", serif; color: #000; margin: 2cm auto; max-width: 18cm; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 16pt; margin: 0 0 0.3em; } h2 { font-size: 13pt; margin: 1.4em 0 0.4em; } h3 { font-size: 12pt; margin: 1.2em 0 0.4em; }
.meta { color: #333; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: 0.3em 0 0.2em; font-size: 9pt; }
caption { text-align: left; padding-bottom: 0.3em; }
caption .table-number { font-weight: bold; display: block; }
caption .table-title { font-style: italic; }
th, td { padding: 0.15em 0.4em; text-align: left; vertical-align: top; }
thead th { border-top: 1.5px solid #000; border-bottom: 1px solid #000; }
tbody tr:last-child th, tbody tr:last-child td { border-bottom: 1.5px solid #000; }
.num { text-align: right; }
/* Wide tables wrap their cells (a value and its interval on two lines, a long
   heading word where it must) so that the page prints at 100%. */
th, td { overflow-wrap: break-word; }
table.apa { font-size: 8.5pt; }
tbody th { font-weight: normal; }
/* Many columns headed by long words (criteria, subscales): the heads turn
   to read upwards, so that the table keeps A4 portrait at 100%. */
table.turned-heads thead th + th { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; vertical-align: bottom; max-height: 14em; }
tr.group-row th { font-style: italic; padding-top: 0.5em; }
.table-note { font-size: 9pt; margin: 0 0 1em; }
figure { margin: 1em 0; break-inside: avoid; }
figcaption { margin-bottom: 0.3em; }
figcaption .figure-number { display: block; font-weight: bold; }
figcaption .figure-title { font-style: italic; }
svg { max-width: 100%; height: auto; }
details > summary { font-size: 9pt; color: #333; list-style: none; }
.notice, .error-box { border-left: 3px solid #666; padding: 0.3em 0.8em; }
.table-wrap, .table-block, .chart { break-inside: avoid; }
h2, h3, caption, figcaption { break-after: avoid; }
.quote-list { list-style: none; padding: 0; margin: 0; }
.quote { margin: 0 0 0.6em; break-inside: avoid; }
.quote blockquote { margin: 0 0 0 1.2em; }
.quote blockquote p { margin: 0; font-style: italic; }
.quote footer { font-size: 9pt; }
h4 { font-size: 11pt; margin: 1em 0 0.3em; } h5 { font-size: 11pt; font-style: italic; margin: 0.8em 0 0.3em; }
@page { size: A4 portrait; margin: 2cm; }
@media print { body { margin: 0; max-width: none; } }
`;

// The report's sections are numbered from 1 (the page's headings carry the
// page's step numbers: "4. Results" is the report's third section).
function section(doc, title, node) {
  if (!node) return;
  const h = doc.createElement('h2');
  const n = doc.body.querySelectorAll('h2').length + 1;
  h.textContent = `${n}. ${String(title).replace(/^\s*\d+\.\s*/, '')}`;
  doc.body.append(h, node);
}

// Escapes text for the few strings written into the report's <head> (the
// body is serialised by the browser).
const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function reportHtml(resultsNode, state) {
  // The body is built in a detached document; the <style> is added only to
  // the text, since a style element in a document made by this page would
  // fall under the page's CSP (style-src 'self').
  const doc = document.implementation.createHTMLDocument('');
  const h1 = doc.createElement('h1');
  h1.textContent = pick(state.docs.study?.title) || t('a.report.title');
  const info = doc.createElement('p');
  info.className = 'meta';
  const ins = state.docs.instrument;
  const rub = state.docs.rubric;
  info.textContent = t('a.report.meta', {
    date: date(new Date().toISOString()),
    instrument: `${ins.id} v${ins.version}`,
    rubric: rub ? `${rub.id} v${rub.version}` : '—',
    files: state.files.length,
  });
  doc.body.append(h1, info);

  const imp = document.getElementById('import-summary');
  section(doc, t('a.import.heading'), imp ? doc.importNode(imp, true) : null);
  const counts = document.getElementById('link-counts');
  section(doc, t('a.link.heading'), counts ? doc.importNode(counts, true) : null);
  const results = doc.importNode(resultsNode, true);
  for (const d of results.querySelectorAll('details')) d.setAttribute('open', '');
  // A theme's quotes are folded on the page under a summary: on paper (and
  // in the Word file, which leaves summaries out) the theme is a heading.
  for (const s of results.querySelectorAll('details.quote-theme > summary')) {
    const h = doc.createElement('h5');
    h.textContent = s.textContent;
    s.replaceWith(h);
  }
  // Scroll boxes are for the screen; on paper every table is whole.
  for (const w of results.querySelectorAll('[tabindex]')) w.removeAttribute('tabindex');
  for (const table of results.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent);
    const longest = Math.max(0, ...heads.flatMap((h) => h.split(/\s+/).map((w) => w.length)));
    if (heads.length >= 5 && longest > 11) table.classList.add('turned-heads');
  }
  // Buttons are for the page (figure downloads): not on paper.
  for (const b of results.querySelectorAll('.no-print, button')) b.remove();
  section(doc, t('a.results.heading'), results);
  const foot = doc.createElement('p');
  foot.className = 'meta';
  foot.textContent = t('a.report.footer');
  doc.body.append(foot);
  return `<!doctype html>
<html lang="${escapeHtml(currentLanguage())}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('a.report.title'))}</title>
<style>${REPORT_CSS}</style>
</head>
${doc.body.outerHTML}
</html>
`;
}
