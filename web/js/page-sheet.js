// The classroom sheet (issue 18): sheet.html#sd=<study> shows the study of
// the link (checked as the questionnaire checks it: study-link.js's decoder,
// the engine, the site's documents; refused with the same sentences), its
// title and fingerprint (and the fingerprint of its age recipients, if its
// answers are encrypted), and a QR code of the student's link
// (questionnaire.html#sd=) and of the expert's (rubric.html#sd=, for an
// assess-study/1: the rubric page reads no other), each with the link
// written under it; printed on A4, one part per page.
//
// A link that does not fit a QR code of version 25 at level M (qr-code.js)
// is not printed as a code: the sheet says to put the study file on the site
// and prints the codes of the short links questionnaire.html?study=<file>
// and rubric.html?study=<file> instead. <file> is what the researcher types
// in the field the sheet then shows: at first the address's "&file=" (as in
// sheet.html#sd=...&file=study.x.v1.json), else the engine's name for the
// study, study.<id>.v<version>.json. The study file itself downloads from
// the sheet.
import { boot, ready } from './app.js';
import { t, pick, onLanguageChange } from './i18n.js';
import { $, $$, el, svg, download } from './dom.js';
import { linkStudy, DocumentError } from './study.js';
import { useEngineBuild } from './engine-client.js';
import { showDocumentError, showLinkStudy, recipientsOf } from './common-study.js';
import { linkParam } from './study-link.js';
import { fitsQr, qrSymbol, qrPath, MAX_BYTES, utf8Length } from './qr-code.js';

const QUIET = 4;  // modules of white around a code (ISO/IEC 18004's quiet zone)
const FILE_NAME = /^[\p{L}\p{N}._-]+\.json$/u;  // what study.js accepts in ?study=

let docs;
let recipientsFp = null;

// The value of name= among the fragment's "&"-separated fields.
function fragmentParam(name) {
  const part = location.hash.replace(/^#/, '').split('&').find((p) => p.startsWith(`${name}=`));
  if (!part) return null;
  try {
    return decodeURIComponent(part.slice(name.length + 1));
  } catch {
    return null;
  }
}

const goodFileName = (name) => FILE_NAME.test(name) && !name.includes('..');

// The two links of the study: each carries the link's own #sd= text as the
// designer wrote it (never re-encoded), on this site.
function fullLinks() {
  const sd = linkParam(location.hash);
  return {
    students: new URL(`questionnaire.html#sd=${sd}`, location.href).href,
    experts: new URL(`rubric.html#sd=${sd}`, location.href).href,
  };
}

function shortLinks(file) {
  const q = `?study=${encodeURIComponent(file)}`;
  return {
    students: new URL(`questionnaire.html${q}`, location.href).href,
    experts: new URL(`rubric.html${q}`, location.href).href,
  };
}

// A QR code of `link` as inline SVG, the link written under it (and a note
// for a short link).
function qrFigure(figure, link, note) {
  const symbol = qrSymbol(link);
  const side = symbol.size + 2 * QUIET;
  const image = svg('svg', {
    viewBox: `0 0 ${side} ${side}`, role: 'img', 'aria-label': t('sh.qr_label'),
    'data-version': symbol.version,
  },
  svg('rect', { width: side, height: side, fill: '#fff' }),
  svg('path', { d: qrPath(symbol, QUIET), fill: '#000' }));
  const caption = el('figcaption', {},
    el('span', { i18n: 'sh.link' }), ' ', el('span', { class: 'qr-link', text: link }));
  if (note) caption.append(el('br'), el('span', { class: 'qr-note', text: note }));
  figure.replaceChildren(image, caption);
  figure.dataset.link = link;
}

function fileName() {
  return $('#study-file').value.trim();
}

function render() {
  showLinkStudy(docs);
  const title = pick(docs.study.title);
  for (const part of $$('.sheet-part')) {
    part.querySelector('.sheet-title').textContent = typeof title === 'string' && title ? title : String(docs.study.id ?? '');
    part.querySelector('.sheet-fp').textContent = docs.link.fingerprint;
    part.querySelector('.sheet-rcp').hidden = !recipientsFp;
    part.querySelector('.sheet-rfp').textContent = recipientsFp ?? '';
  }

  const experts = Boolean(docs.study.rubric);  // experts rate with the study's rubric
  $('#experts-text').hidden = !experts;
  $('#experts-none').hidden = experts;
  $('#part-experts').classList.toggle('no-print', !experts);  // no page of its own without a code

  const links = fullLinks();
  const fits = fitsQr(links.students) && (!experts || fitsQr(links.experts));
  const tooLong = $('#too-long');
  tooLong.hidden = fits;
  let shown = links;
  let note = null;
  if (!fits) {
    $('#too-long-text').textContent = t('sh.too_long', { bytes: Math.max(utf8Length(links.students), utf8Length(links.experts)), max: MAX_BYTES });
    const file = fileName();
    const good = goodFileName(file);
    $('#study-file-error').hidden = good;
    $('#study-file').setAttribute('aria-invalid', String(!good));
    shown = good ? shortLinks(file) : null;
    note = good ? t('sh.short_note', { file }) : null;
  }
  const figures = { students: $('#part-students .qr'), experts: $('#part-experts .qr') };
  for (const [who, figure] of Object.entries(figures)) {
    if (!shown || (who === 'experts' && !experts)) {
      figure.replaceChildren();
      delete figure.dataset.link;
      figure.hidden = true;
      continue;
    }
    figure.hidden = false;
    qrFigure(figure, shown[who], note);
  }
}

useEngineBuild('collect');
await boot();
try {
  if (!linkParam(location.hash)) {
    $('#sheet-no-link').hidden = false;
  } else {
    // As the questionnaire and the rubric page check a link's study: the
    // engine's verdict and the site's documents for both kinds of link.
    const link = await linkStudy(['instrument', 'rubric'], ['assess-study/1', 'assess-study/2'], null);
    // A list that is not age keys is refused here (recipientsOf), as the
    // questionnaire refuses it.
    // The fingerprint is linkStudy's (study.js), computed once.
    recipientsFp = recipientsOf(link.study) ? link.recipients : null;
    docs = { study: link.study, link: { fingerprint: link.fingerprint, recipients: recipientsFp } };
    const given = fragmentParam('file');
    $('#study-file').value = given && goodFileName(given) ? given : `study.${docs.study.id}.v${docs.study.version}.json`;
    render();
    $('#sheet-main').hidden = false;
    $('#study-file').addEventListener('input', render);
    $('#print').addEventListener('click', () => window.print());
    $('#download-study').addEventListener('click', () => {
      const file = fileName();
      download(goodFileName(file) ? file : `study.${docs.study.id}.v${docs.study.version}.json`, `${JSON.stringify(docs.study, null, 2)}\n`);
    });
    onLanguageChange(render);
  }
} catch (err) {
  if (!(err instanceof DocumentError)) console.error(err);
  showDocumentError(err);
}
ready();
