// The analysis report as a Word document (.docx), made in the browser from
// the HTML report (report.js), so that nothing leaves the device and the
// document says what the page says: the same headings, paragraphs, notes
// and tables, every cell with the text the page shows (numbers rounded and
// written as in the page language, decimal commas in kk and ru). Tables
// become APA-style tables (number and title above, rules above and below
// the header row and below the last row, no vertical lines, the header row
// repeated on every page); charts become PNG images drawn from their SVG,
// each followed by its data table as on the page. Loaded on first use by
// the analysis page (dynamic import), so the page itself does not carry it.
//
// The package is the smallest valid WordprocessingML one:
// [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml,
// word/_rels/document.xml.rels, docProps/core.xml and word/media/*.png; an
// A4 portrait page with 2 cm margins; Times New Roman for every script
// (it has the Kazakh letters ә ғ қ ң ө ұ ү һ і), the document language
// that of the page.

import { storedZip } from './zip.js';

// ---- XML ----------------------------------------------------------------------------

// Text for XML: the characters XML 1.0 cannot hold are dropped, markup escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const esc = (s) => String(s).replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  pic: 'http://schemas.openxmlformats.org/drawingml/2006/picture',
};
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

// The page languages as Word's language tags (spell checking, hyphenation).
const LANG_TAGS = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-US' };
const FONT = 'Times New Roman';

// A4 portrait, 2 cm margins, in twentieths of a point; the text is 17 cm wide.
const PAGE = { w: 11906, h: 16838, margin: 1134 };
const TEXT_TWIPS = PAGE.w - 2 * PAGE.margin;
const EMU_PER_TWIP = 635;
const EMU_PER_PX = 9525; // at 96 px per inch

function stylesXml(langTag) {
  const para = (id, name, { basedOn = 'Normal', pPr = '', rPr = '', next = null } = {}) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="${basedOn}"/>` +
    `${next ? `<w:next w:val="${next}"/>` : ''}<w:qFormat/><w:pPr>${pPr}</w:pPr><w:rPr>${rPr}</w:rPr></w:style>`;
  const sz = (half) => `<w:sz w:val="${half}"/><w:szCs w:val="${half}"/>`;
  return `${XML_HEAD}<w:styles xmlns:w="${NS.w}">` +
    '<w:docDefaults><w:rPrDefault><w:rPr>' +
    `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:cs="${FONT}" w:eastAsia="${FONT}"/>${sz(24)}` +
    `<w:lang w:val="${langTag}" w:eastAsia="${langTag}" w:bidi="${langTag}"/>` +
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    para('Title', 'Title', { next: 'Normal', pPr: '<w:keepNext/><w:spacing w:after="120"/>', rPr: `<w:b/><w:bCs/>${sz(32)}` }) +
    para('Heading1', 'heading 1', { next: 'Normal', pPr: '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>', rPr: `<w:b/><w:bCs/>${sz(28)}` }) +
    para('Heading2', 'heading 2', { next: 'Normal', pPr: '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/>', rPr: `<w:b/><w:bCs/>${sz(26)}` }) +
    para('Heading3', 'heading 3', { next: 'Normal', pPr: '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/>', rPr: '<w:b/><w:bCs/><w:i/><w:iCs/>' }) +
    para('Meta', 'Report details', { rPr: `<w:color w:val="333333"/>${sz(20)}` }) +
    para('TableNumber', 'Table or figure number', { pPr: '<w:keepNext/><w:spacing w:before="240" w:after="0"/>', rPr: '<w:b/><w:bCs/>' }) +
    para('TableTitle', 'Table title', { pPr: '<w:keepNext/><w:spacing w:after="120"/>', rPr: '<w:i/><w:iCs/>' }) +
    para('FigureTitle', 'Figure title', { pPr: '<w:keepNext/><w:spacing w:before="120" w:after="120"/>', rPr: '<w:i/><w:iCs/>' }) +
    para('Figure', 'Figure', { pPr: '<w:keepNext/><w:spacing w:after="120" w:line="240" w:lineRule="auto"/>' }) +
    para('TableText', 'Table text', { pPr: '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>', rPr: sz(20) }) +
    para('TableTextSmall', 'Table text (wide table)', { basedOn: 'TableText', rPr: sz(18) }) +
    para('TableNote', 'Table note', { pPr: '<w:spacing w:before="80" w:after="240"/>', rPr: sz(20) }) +
    para('ListBullet', 'List Bullet', { pPr: '<w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/>' }) +
    para('Notice', 'Notice', { pPr: '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="666666"/></w:pBdr><w:ind w:left="240"/>' }) +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' +
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>' +
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
    '</w:styles>';
}

// ---- from the report's DOM to WordprocessingML -------------------------------------

const SKIP = new Set(['script', 'style', 'template', 'button', 'input', 'select', 'textarea', 'progress', 'summary', 'title', 'meta', 'link', 'head']);
const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'figure', 'figcaption', 'div', 'section',
  'details', 'article', 'main', 'header', 'footer', 'nav', 'aside', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'svg', 'caption', 'hr']);
const HEADING_STYLE = { h1: 'Title', h2: 'Heading1', h3: 'Heading2', h4: 'Heading3', h5: 'Heading3', h6: 'Heading3' };

const tag = (node) => (node.localName || '').toLowerCase();
const skipped = (node) => SKIP.has(tag(node)) || node.hasAttribute?.('hidden') || node.classList?.contains('visually-hidden');

// Pieces of text with their formatting, [{text, i, b, sup, sub} | {br: true}],
// from an element's inline content.
function inlineSegments(node, fmt, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) out.push({ ...fmt, text: child.data.replace(/[ \t\n\r\f]+/g, ' ') });
    else if (child.nodeType === 1 && !skipped(child)) {
      const name = tag(child);
      if (name === 'br') { out.push({ br: true }); continue; }
      const f = { ...fmt };
      if (name === 'em' || name === 'i' || name === 'cite' || name === 'var') f.i = true;
      if (name === 'strong' || name === 'b') f.b = true;
      if (name === 'sup') f.sup = true;
      if (name === 'sub') f.sub = true;
      inlineSegments(child, f, out);
    }
  }
  return out;
}

// Collapses the spaces between segments and trims the ends, as HTML shows them.
function tidy(segments) {
  const out = [];
  let lastSpace = true;
  for (const s of segments) {
    if (s.br) { out.push(s); lastSpace = true; continue; }
    let text = s.text;
    if (lastSpace) text = text.replace(/^ /, '');
    if (!text) continue;
    lastSpace = text.endsWith(' ');
    out.push({ ...s, text });
  }
  while (out.length && !out[out.length - 1].br && out[out.length - 1].text.endsWith(' ')) {
    const last = out[out.length - 1];
    last.text = last.text.replace(/ $/, '');
    if (!last.text) out.pop();
    else break;
  }
  while (out.length && out[out.length - 1].br) out.pop();
  return out;
}

function runXml(s, extra = {}) {
  if (s.br) return '<w:r><w:br/></w:r>';
  const f = { ...extra, ...s };
  const rPr = `${f.b ? '<w:b/><w:bCs/>' : ''}${f.i ? '<w:i/><w:iCs/>' : ''}` +
    `${f.sup ? '<w:vertAlign w:val="superscript"/>' : f.sub ? '<w:vertAlign w:val="subscript"/>' : ''}`;
  const parts = f.text.split('\t').map((t) => (t ? `<w:t xml:space="preserve">${esc(t)}</w:t>` : ''));
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}${parts.join('<w:tab/>')}</w:r>`;
}

// A paragraph; opts: {style, jc, keepNext, italic, bold}.
function paraXml(segments, opts = {}) {
  const pPr = `${opts.style ? `<w:pStyle w:val="${opts.style}"/>` : ''}${opts.keepNext ? '<w:keepNext/>' : ''}` +
    `${opts.jc ? `<w:jc w:val="${opts.jc}"/>` : ''}`;
  const extra = { i: opts.italic, b: opts.bold };
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${segments.map((s) => runXml(s, extra)).join('')}</w:p>`;
}

class Converter {
  constructor(images) {
    this.images = images; // Map svg element -> {rid, name, cx, cy, alt}
    this.out = [];
    this.drawingId = 0;
  }

  // Block content of `node`: loose inline content between blocks becomes
  // paragraphs of the context's style.
  flow(node, ctx, out = this.out) {
    let pending = [];
    const flush = () => {
      const segs = tidy(pending);
      pending = [];
      if (segs.length) out.push(this.para(segs, ctx));
    };
    for (const child of node.childNodes) {
      if (child.nodeType === 3) pending.push({ text: child.data.replace(/[ \t\n\r\f]+/g, ' ') });
      else if (child.nodeType === 1 && !skipped(child)) {
        if (BLOCK.has(tag(child))) {
          flush();
          this.block(child, ctx, out);
        } else if (tag(child) === 'br') pending.push({ br: true });
        else inlineSegments(child, this.inlineFormat(child), pending);
      }
    }
    flush();
    return out;
  }

  inlineFormat(node) {
    const name = tag(node);
    return { i: ['em', 'i', 'cite', 'var'].includes(name) || undefined, b: ['strong', 'b'].includes(name) || undefined,
      sup: name === 'sup' || undefined, sub: name === 'sub' || undefined };
  }

  // A paragraph in the context: a list marker goes on the first one only.
  para(segments, ctx, style = ctx.style) {
    let segs = segments;
    if (ctx.marker && !ctx.marker.used) {
      ctx.marker.used = true;
      segs = [{ text: `${ctx.marker.text}\t` }, ...segs];
    }
    return paraXml(segs, { style: ctx.notice && !style ? 'Notice' : style, jc: ctx.jc, italic: ctx.italic });
  }

  block(node, ctx, out) {
    const name = tag(node);
    const cls = node.classList;
    if (HEADING_STYLE[name]) {
      const segs = tidy(inlineSegments(node, {}, []));
      if (segs.length) out.push(paraXml(segs, { style: HEADING_STYLE[name] }));
    } else if (name === 'figcaption') {
      this.caption(node, 'FigureTitle', out);
    } else if (name === 'p' || name === 'dt' || name === 'dd' || name === 'pre' || name === 'blockquote') {
      let style = ctx.style;
      if (cls.contains('table-note')) style = 'TableNote';
      else if (cls.contains('meta')) style = 'Meta';
      const notice = ctx.notice || cls.contains('notice') || cls.contains('error-box');
      this.flow(node, { ...ctx, style, notice }, out);
    } else if (name === 'ul' || name === 'ol') {
      let n = 0;
      for (const li of node.children) {
        if (tag(li) !== 'li' || skipped(li)) continue;
        n += 1;
        const marker = { text: name === 'ol' ? `${n}.` : '•', used: false };
        this.flow(li, { ...ctx, style: ctx.style ?? (ctx.notice ? null : 'ListBullet'), marker }, out);
      }
    } else if (name === 'table') {
      this.table(node, ctx, out);
    } else if (name === 'svg') {
      this.figure(node, out);
    } else if (name === 'hr' || name === 'caption') {
      // rules are layout; captions are written by their table
    } else {
      const notice = ctx.notice || cls?.contains('notice') || cls?.contains('error-box');
      this.flow(node, { ...ctx, notice }, out);
    }
  }

  figure(node, out) {
    const img = this.images.get(node);
    if (!img) return;
    this.drawingId += 1;
    const id = this.drawingId;
    out.push('<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>' +
      `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${img.cx}" cy="${img.cy}"/>` +
      `<wp:docPr id="${id}" name="${esc(img.name)}" descr="${esc(img.alt)}"/>` +
      `<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="${NS.a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
      `<a:graphic xmlns:a="${NS.a}"><a:graphicData uri="${NS.pic}"><pic:pic xmlns:pic="${NS.pic}">` +
      `<pic:nvPicPr><pic:cNvPr id="${id}" name="${esc(img.name)}" descr="${esc(img.alt)}"/><pic:cNvPicPr/></pic:nvPicPr>` +
      `<pic:blipFill><a:blip r:embed="${img.rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
      `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${img.cx}" cy="${img.cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
      '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>');
  }

  // An APA-style table: its number (bold) and title (italic) above it, as the
  // caption on the page says them; a rule above and below the header row and
  // below the last row; the header row repeated on each page; number cells
  // right-aligned; every cell's text as the page shows it.
  table(node, ctx, out) {
    const caption = [...node.children].find((c) => tag(c) === 'caption');
    if (caption) this.caption(caption, 'TableTitle', out);
    const rows = [];
    const collect = (parent, header) => {
      for (const c of parent.children) {
        const n = tag(c);
        if (n === 'tr' && !skipped(c)) rows.push({ tr: c, header });
        else if (n === 'thead') collect(c, true);
        else if (n === 'tbody' || n === 'tfoot') collect(c, false);
      }
    };
    collect(node, false);
    if (!rows.length) return;
    const span = (cell) => Math.max(1, Number.parseInt(cell.getAttribute('colspan') ?? '1', 10) || 1);
    const cellsOf = (tr) => [...tr.children].filter((c) => ['th', 'td'].includes(tag(c)));
    let cols = 1;
    for (const { tr } of rows) {
      let w = 0;
      for (const c of cellsOf(tr)) w += span(c);
      cols = Math.max(cols, w);
    }
    const small = cols >= 8;
    const rule = (side, sz) => `<w:${side} w:val="single" w:sz="${sz}" w:space="0" w:color="000000"/>`;
    const none = (side) => `<w:${side} w:val="nil"/>`;
    const grid = Math.floor(TEXT_TWIPS / cols);
    let xml = '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>' +
      `<w:tblBorders>${rule('top', 12)}${none('left')}${rule('bottom', 12)}${none('right')}${none('insideH')}${none('insideV')}</w:tblBorders>` +
      '<w:tblLayout w:type="autofit"/></w:tblPr>' +
      `<w:tblGrid>${`<w:gridCol w:w="${grid}"/>`.repeat(cols)}</w:tblGrid>`;
    const lastHeader = rows.map((r) => r.header).lastIndexOf(true);
    rows.forEach(({ tr, header }, i) => {
      xml += `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>`;
      const group = tr.classList.contains('group-row');
      const cells = cellsOf(tr);
      let used = 0;
      cells.forEach((c, j) => {
        // The last cell of a short row spans what is left, so every row fills the grid.
        const gridSpan = j === cells.length - 1 ? cols - used : span(c);
        used += gridSpan;
        const tcPr = `<w:tcW w:w="0" w:type="auto"/>${gridSpan > 1 ? `<w:gridSpan w:val="${gridSpan}"/>` : ''}` +
          `${i === lastHeader ? `<w:tcBorders>${rule('bottom', 8)}</w:tcBorders>` : ''}`;
        const cellCtx = {
          style: small ? 'TableTextSmall' : 'TableText',
          jc: c.classList.contains('num') ? 'right' : null,
          italic: group || undefined,
        };
        const paras = this.flow(c, cellCtx, []);
        if (!paras.length) paras.push(paraXml([], { style: cellCtx.style }));
        xml += `<w:tc><w:tcPr>${tcPr}</w:tcPr>${paras.join('')}</w:tc>`;
      });
      xml += '</w:tr>';
    });
    xml += '</w:tbl>';
    // Word runs two tables together without a paragraph between them.
    if (out.length && out[out.length - 1].startsWith('<w:tbl>')) out.push('<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>');
    out.push(xml);
  }

  // A table's or figure's caption, APA style: its number (an element of
  // class table-number or figure-number, as the page marks it) in bold on a
  // line of its own, then the title in italics.
  caption(node, titleStyle, out) {
    const number = node.querySelector('.table-number, .figure-number');
    if (number) {
      const segs = tidy(inlineSegments(number, {}, []));
      if (segs.length) out.push(paraXml(segs, { style: 'TableNumber' }));
    }
    const rest = tidy(this.segmentsWithout(node, number));
    if (rest.length) out.push(paraXml(rest, { style: titleStyle }));
  }

  segmentsWithout(node, leave) {
    const out = [];
    for (const child of node.childNodes) {
      if (child === leave) continue;
      if (child.nodeType === 3) out.push({ text: child.data.replace(/[ \t\n\r\f]+/g, ' ') });
      else if (child.nodeType === 1 && !skipped(child)) inlineSegments(child, this.inlineFormat(child), out);
    }
    return out;
  }
}

// ---- charts as PNG ------------------------------------------------------------------

// The charts' text is styled by the page's CSS, which an image does not see.
const CHART_FONT = 'Arial, "Liberation Sans", "DejaVu Sans", sans-serif';
const PNG_SCALE = 2; // pixels per CSS pixel: sharp in print

function svgSize(node) {
  const vb = (node.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const w = Number.parseFloat(node.getAttribute('width')) || vb[2];
  const h = Number.parseFloat(node.getAttribute('height')) || vb[3];
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? { w, h } : null;
}

// Draws an SVG through an <img> on a canvas (same origin, so the canvas
// stays readable) and returns the PNG's bytes.
async function svgToPng(node, { w, h }) {
  const copy = node.cloneNode(true);
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  copy.setAttribute('font-family', CHART_FONT);
  copy.removeAttribute('class');
  const text = new XMLSerializer().serializeToString(copy);
  // A data: URL, not a blob: one: the sites' CSP (img-src 'self' data:)
  // allows it wherever the page is served from.
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * PNG_SCALE);
  canvas.height = Math.round(h * PNG_SCALE);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the chart could not be drawn as PNG'))), 'image/png');
  });
  return new Uint8Array(await blob.arrayBuffer());
}

const svgText = (node, name) => [...node.children].find((c) => tag(c) === name)?.textContent.trim() ?? '';

// ---- the package ----------------------------------------------------------------------

// The .docx of an HTML report (the text reportHtml() returns, or a Document),
// in the language `lang` (kk, ru or en). Returns the file's bytes.
export async function reportDocx(report, { lang = 'en', when = new Date() } = {}) {
  const doc = typeof report === 'string' ? parseHtml(report) : report;
  const langTag = LANG_TAGS[lang] ?? lang;
  const media = [];
  const images = new Map();
  const maxCx = Math.round(TEXT_TWIPS * EMU_PER_TWIP * 0.96);
  for (const node of doc.body.querySelectorAll('svg')) {
    if (node.parentElement?.closest('svg')) continue;
    const size = svgSize(node);
    if (!size) continue;
    let bytes;
    try {
      bytes = await svgToPng(node, size);
    } catch (err) {
      // A chart that cannot be drawn leaves its caption and data table.
      console.warn(`docx: chart left out: ${err.message}`);
      continue;
    }
    const n = media.length + 1;
    const name = `chart${n}.png`;
    media.push({ name: `word/media/${name}`, data: bytes });
    const cx0 = Math.round(size.w * EMU_PER_PX);
    const cx = Math.min(cx0, maxCx);
    const cy = Math.round((size.h * EMU_PER_PX * cx) / cx0);
    const alt = [svgText(node, 'title'), svgText(node, 'desc')].filter(Boolean)
      .map((x) => (/[.!?…]$/.test(x) ? x : `${x}.`)).join(' ');
    images.set(node, { rid: `rIdImg${n}`, name, cx, cy, alt });
  }

  const conv = new Converter(images);
  conv.flow(doc.body, {});
  const title = doc.querySelector('h1')?.textContent.trim() || doc.title || '';

  const documentXml = `${XML_HEAD}<w:document xmlns:w="${NS.w}" xmlns:r="${NS.r}" xmlns:wp="${NS.wp}" xmlns:a="${NS.a}" xmlns:pic="${NS.pic}"><w:body>` +
    conv.out.join('') +
    `<w:sectPr><w:pgSz w:w="${PAGE.w}" w:h="${PAGE.h}"/><w:pgMar w:top="${PAGE.margin}" w:right="${PAGE.margin}" w:bottom="${PAGE.margin}" ` +
    `w:left="${PAGE.margin}" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>`;

  const contentTypes = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Default Extension="png" ContentType="image/png"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '</Types>';

  const rels = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    '</Relationships>';

  const docRels = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
    [...images.values()].map((img) => `<Relationship Id="${img.rid}" Type="${REL}/image" Target="media/${img.name}"/>`).join('') +
    '</Relationships>';

  // No author or device name: the file says only what the report says.
  const created = `${when.toISOString().slice(0, 19)}Z`;
  const core = `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(title)}</dc:title><dc:language>${esc(langTag)}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`;

  return storedZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rels },
    { name: 'word/document.xml', data: documentXml },
    { name: 'word/styles.xml', data: stylesXml(langTag) },
    { name: 'word/_rels/document.xml.rels', data: docRels },
    { name: 'docProps/core.xml', data: core },
    ...media,
  ], when);
}

// The report's body as an inert document (nothing in it runs or loads). The
// head is left out: a parsed document falls under this page's CSP, which
// refuses the report's inline <style> (and the document needs none of it).
function parseHtml(html) {
  const start = html.search(/<body[\s>]/i);
  return new DOMParser().parseFromString(start >= 0 ? html.slice(start) : html, 'text/html');
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
