// Charts as inline SVG built with createElementNS (no library, no strings of
// markup), each returned inside a <figure> together with the table of the
// numbers it draws, so that it prints, scales and reads out. Colours are the
// Okabe-Ito palette (distinguishable with colour-vision deficiencies), and
// every series also differs by marker shape.
import { el, svg, scrollBox, download } from './dom.js';
import { t, num, int, bounded } from './i18n.js';

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const MARKERS = ['circle', 'square', 'diamond', 'triangle', 'circle-open', 'square-open', 'diamond-open', 'triangle-open'];

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

// The width the charts are laid out for, in CSS pixels: the results box's
// (the page sets it before it draws, and draws again when it changes much),
// so that a chart is drawn at the size it is shown and its 12 px text stays
// 12 px on a phone. Labels are wrapped by their measured width.
const MIN_WIDTH = 260;
const MAX_WIDTH = 760;
let layoutWidth = 640;
export function setChartWidth(px) {
  layoutWidth = Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Number(px) || 640)));
}
export const chartWidth = () => layoutWidth;
const narrow = () => layoutWidth < 520;
const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif";

let measureCtx = null;
// The width of s in px at the charts' font (an estimate where no canvas is).
function textWidth(s, size = 12) {
  if (measureCtx === null) measureCtx = globalThis.document?.createElement('canvas').getContext('2d') ?? false;
  if (!measureCtx) return String(s).length * size * 0.6;
  measureCtx.font = `${size}px ${FONT}`;
  return measureCtx.measureText(String(s)).width;
}

function marker(kind, x, y, r, color) {
  const open = kind.endsWith('-open');
  const base = kind.replace('-open', '');
  const fill = open ? '#ffffff' : color;
  const common = { fill, stroke: color, 'stroke-width': open ? 2 : 1 };
  if (base === 'square') return svg('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...common });
  if (base === 'diamond') return svg('polygon', { points: `${x},${y - r * 1.3} ${x + r * 1.3},${y} ${x},${y + r * 1.3} ${x - r * 1.3},${y}`, ...common });
  if (base === 'triangle') return svg('polygon', { points: `${x},${y - r * 1.3} ${x + r * 1.2},${y + r} ${x - r * 1.2},${y + r}`, ...common });
  return svg('circle', { cx: x, cy: y, r, ...common });
}

// Nice axis ticks between lo and hi.
export function ticks(lo, hi, count = 5) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return [lo];
  const span = hi - lo;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step + 0);
  return out;
}

// Decimals needed to print every multiple of `step` exactly (0.25 -> 2).
function decimalsOf(step) {
  const s = Number(step.toPrecision(6)).toString();
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(4, s.length - i - 1);
}

function frame(width, height, title, desc) {
  const titleId = nextId('chart-title');
  const descId = nextId('chart-desc');
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${titleId} ${descId}`, class: 'chart-svg', 'font-family': FONT,
  }, svg('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
  svg('title', { id: titleId, text: title }), svg('desc', { id: descId, text: desc }));
  return root;
}


function text(x, y, s, attrs = {}) {
  return svg('text', { x, y, 'font-size': 12, ...attrs, text: s });
}

// Cuts s to fit maxPx, with an ellipsis.
function fit(s, maxPx, size = 12) {
  if (textWidth(s, size) <= maxPx) return s;
  let t0 = String(s);
  while (t0.length > 1 && textWidth(`${t0}…`, size) > maxPx) t0 = t0.slice(0, -1);
  return `${t0.trimEnd()}…`;
}

// Splits a label into at most `maxLines` lines no wider than maxPx (the last
// one, and any word too long for a line, shortened with an ellipsis); the
// full text stays in the data table and in a <title> for pointer users.
export function wrapLines(s, maxPx = 180, maxLines = 2, size = 12) {
  // Words, and the parts of hyphenated words ("Андрагог-" "педагог"), which join without a space.
  const words = String(s).split(/\s+/).filter(Boolean).flatMap((w) => w.split(/(?<=-)(?=.)/).map((p, i) => ({ p, glue: i > 0 })));
  const lines = [];
  let cur = '';
  for (const { p, glue } of words) {
    const joined = cur ? `${cur}${glue ? '' : ' '}${p}` : p;
    if (cur && textWidth(joined, size) > maxPx) { lines.push(cur); cur = p; } else cur = joined;
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const rest = lines.slice(maxLines - 1).join(' ');
    lines.length = maxLines;
    lines[maxLines - 1] = fit(rest, maxPx, size);
  }
  return lines.map((l) => fit(l, maxPx, size));
}

// A label drawn on up to `maxLines` lines no wider than maxPx, centred on y.
function label(x, y, s, attrs = {}, maxPx = 180, maxLines = 2) {
  const lines = wrapLines(s, maxPx, maxLines);
  const node = svg('text', { x, y: y - (lines.length - 1) * 7, 'font-size': 12, class: 'chart-label', ...attrs });
  lines.forEach((l, i) => node.append(svg('tspan', { x, dy: i ? 14 : 0, text: l })));
  node.append(svg('title', { text: s }));
  return node;
}

// Figures are numbered in the order drawn (APA: "Figure 1" above the title).
let figureNo = 0;
export function resetFigures() { figureNo = 0; }

// A figure: number and caption, the chart, its downloads (SVG, PNG) and its data
// table in a <details>.
function figure(caption, chart, table, note) {
  const name = `figure-${String(caption).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'chart'}`;
  figureNo += 1;
  return el('figure', { class: 'chart' },
    el('figcaption', {},
      el('span', { class: 'figure-number', text: t('a.figure_n', { n: int(figureNo) }) }), ' ',
      el('span', { class: 'figure-title', text: caption })),
    chart,
    note ? el('p', { class: 'table-note', text: note }) : null,
    el('div', { class: 'figure-actions no-print' },
      el('button', { type: 'button', class: 'link dl-svg', text: t('a.chart.dl_svg'), 'aria-label': t('a.chart.dl_svg_of', { caption }), onclick: () => download(`${name}.svg`, svgText(chart), 'image/svg+xml') }),
      el('button', { type: 'button', class: 'link dl-png', text: t('a.chart.dl_png'), 'aria-label': t('a.chart.dl_png_of', { caption }), onclick: () => savePng(chart, `${name}.png`) })),
    el('details', { class: 'data-table' }, el('summary', { text: t('a.chart.data_table') }), table));
}

// The chart as a standalone SVG file (its font named, its size in px).
export function svgText(chart) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(chart)}\n`;
}

// The chart as a PNG at twice its size (print quality for a 16 cm column),
// drawn by the browser from its SVG; nothing leaves the device.
export async function savePng(chart, filename) {
  const w = Number(chart.getAttribute('width'));
  const h = Number(chart.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([svgText(chart)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = w * 2;
    canvas.height = h * 2;
    const ctx = canvas.getContext('2d');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, w, h);
    const png = await new Promise((resolve) => { canvas.toBlob(resolve, 'image/png'); });
    download(filename, png, 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function dataTable(caption, head, rows, { numeric = [] } = {}) {
  return scrollBox(el('table', {},
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, head.map((h, i) => el('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null, text: h })))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => (i === 0
      ? el('th', { scope: 'row', text: c })
      : el('td', { class: numeric.includes(i) ? 'num' : null, text: c }))))))), caption);
}

// Horizontal interval chart: one row per label, one or more series of
// {value, lo, hi} (e.g. pre and post means with 95% CIs, or d_z with CI),
// all of them the engine's numbers. Each drawn interval is a <g
// class="interval"> whose data-key is "<row key>.<series key>" and whose
// data-value, data-lo and data-hi hold the numbers drawn at full precision;
// the <svg> carries its scale (data-domain-lo/-hi map to data-px-lo/-hi), so
// that a test can read every drawn end back.
// rows: [{key, label, values: [{value, lo, hi}|null per series]}]
function intervalChart({ title, desc, rows, series, seriesKeys, domain, reference = null, axisLabel, legendFit = false }) {
  const width = layoutWidth;
  const left = Math.round(Math.min(230, Math.max(110, width * 0.34)));
  const labelPx = left - 14;
  const maxLines = narrow() ? 3 : 2;
  const rowH = Math.max(22 * Math.max(1, series.length) + 14, maxLines * 14 + 12);
  const right = 24;
  // The legend: as many series a line as fit (150 px each; legendFit: the longest name whole).
  const legendPx = legendFit ? Math.max(...series.map((s) => textWidth(s))) + 30 : 150;
  const perLine = Math.max(1, Math.min(series.length, Math.floor((width - 16) / legendPx)));
  const legendLines = Math.ceil(series.length / perLine);
  const top = series.length > 1 ? 12 + 22 * legendLines : 12;
  const height = top + rows.length * rowH + 44;
  const [lo, hi] = domain;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const root = frame(width, height, title, desc);
  root.setAttribute('data-domain-lo', String(lo));
  root.setAttribute('data-domain-hi', String(hi));
  root.setAttribute('data-px-lo', String(x(lo)));
  root.setAttribute('data-px-hi', String(x(hi)));
  const tk = ticks(lo, hi, 6);
  const dec = tk.length > 1 ? decimalsOf(tk[1] - tk[0]) : 1;
  const plotBottom = top + rows.length * rowH;
  for (const v of tk) {
    root.append(svg('line', { x1: x(v), x2: x(v), y1: top, y2: plotBottom, stroke: '#d0d5dc', 'stroke-width': 1 }));
    root.append(text(x(v), plotBottom + 16, num(v, dec), { 'text-anchor': 'middle' }));
  }
  if (reference != null && reference >= lo && reference <= hi) {
    root.append(svg('line', { x1: x(reference), x2: x(reference), y1: top, y2: plotBottom, stroke: '#1b1f24', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }));
  }
  root.append(svg('line', { x1: left, x2: width - right, y1: plotBottom, y2: plotBottom, stroke: '#1b1f24' }));
  root.append(text((left + width - right) / 2, plotBottom + 36, axisLabel, { 'text-anchor': 'middle' }));
  if (series.length > 1) {
    const start = narrow() || legendFit ? 8 : left;
    const step = legendFit ? (width - 16) / perLine : Math.min(170, (width - start - 8) / perLine);
    series.forEach((s, i) => {
      const lx = start + (i % perLine) * step;
      const ly = 14 + 22 * Math.floor(i / perLine);
      root.append(marker(MARKERS[i], lx + 6, ly, 5, PALETTE[i]));
      const name = text(lx + 16, ly + 4, fit(s, step - 24), { class: 'chart-label' });
      name.append(svg('title', { text: s }));
      root.append(name);
    });
  }
  rows.forEach((row, r) => {
    const y0 = top + r * rowH;
    root.append(label(left - 8, y0 + rowH / 2 + 4, row.label, { 'text-anchor': 'end' }, labelPx, maxLines));
    row.values.forEach((v, i) => {
      if (!v || !Number.isFinite(v.value)) return;
      const y = y0 + 12 + i * 22 + (series.length === 1 ? (rowH - 24) / 2 : 0);
      const hasCi = Number.isFinite(v.lo) && Number.isFinite(v.hi);
      const g = svg('g', {
        class: 'interval', 'data-key': `${row.key}.${seriesKeys[i]}`, 'data-value': String(v.value),
        'data-lo': hasCi ? String(v.lo) : null, 'data-hi': hasCi ? String(v.hi) : null,
      });
      if (hasCi) {
        const a = x(Math.max(lo, v.lo));
        const b = x(Math.min(hi, v.hi));
        g.append(svg('line', { class: 'bar', x1: a, x2: b, y1: y, y2: y, stroke: PALETTE[i], 'stroke-width': 2 }));
        g.append(svg('line', { x1: a, x2: a, y1: y - 5, y2: y + 5, stroke: PALETTE[i], 'stroke-width': 2 }));
        g.append(svg('line', { x1: b, x2: b, y1: y - 5, y2: y + 5, stroke: PALETTE[i], 'stroke-width': 2 }));
      }
      g.append(marker(MARKERS[i], x(v.value), y, 5, PALETTE[i]));
      root.append(g);
    });
  });
  return root;
}

const fmtCi = (lo, hi, d = 2) => `[${num(lo, d)}, ${num(hi, d)}]`;

// Pre vs post means with 95% CIs per subscale (the engine's pre.ci_low, ...).
// items: [{key, label, pre: {mean, lo, hi}, post: {mean, lo, hi}}]; scale {min, max}
export function prePostChart(items, scale) {
  const rows = items.map((it) => ({ key: it.key, label: it.label, values: [
    { value: it.pre.mean, lo: it.pre.lo, hi: it.pre.hi }, { value: it.post.mean, lo: it.post.lo, hi: it.post.hi }] }));
  const chart = intervalChart({
    title: t('a.chart.prepost_title'), desc: t('a.chart.prepost_desc'), rows,
    series: [t('a.pre'), t('a.post')], seriesKeys: ['pre', 'post'], domain: [scale.min, scale.max], axisLabel: t('a.chart.mean_axis'),
  });
  const table = dataTable(t('a.chart.prepost_title'),
    [t('a.col.subscale'), t('a.pre'), t('a.ci95'), t('a.post'), t('a.ci95')],
    items.map((it) => [it.label, num(it.pre.mean), fmtCi(it.pre.lo, it.pre.hi), num(it.post.mean), fmtCi(it.post.lo, it.post.hi)]),
    { numeric: [1, 2, 3, 4] });
  return figure(t('a.chart.prepost_caption'), chart, table);
}

// Means by wave and group with their intervals: one row per score, one
// series per group and wave ("Experimental group, pre-test", ...), each
// drawn interval keyed "<score>.<group>.<wave>".
// items: [{key, label, values: [{mean, lo, hi}|null per series]}];
// series: [{key, label}]; scale {min, max}; `words` {title, desc, caption}
// (i18n keys) name another chart of the same shape (the means at every wave).
export function groupMeansChart(items, series, scale, words = null) {
  const w = words ?? { title: 'a.s.chart.means_title', desc: 'a.s.chart.means_desc', caption: 'a.s.chart.means_caption' };
  const chart = intervalChart({
    title: t(w.title), desc: t(w.desc),
    rows: items.map((it) => ({ key: it.key, label: it.label, values: it.values.map((v) => (v ? { value: v.mean, lo: v.lo, hi: v.hi } : null)) })),
    series: series.map((s) => s.label), seriesKeys: series.map((s) => s.key), domain: [scale.min, scale.max], axisLabel: t('a.chart.mean_axis'), legendFit: true,
  });
  const table = dataTable(t(w.title),
    [t('a.col.subscale'), ...series.flatMap((s) => [s.label, t('a.ci95')])],
    items.map((it) => [it.label, ...it.values.flatMap((v) => [num(v?.mean), fmtCi(v?.lo, v?.hi)])]),
    { numeric: series.flatMap((_, i) => [2 * i + 1, 2 * i + 2]) });
  return figure(t(w.caption), chart, table);
}

// Forest plot of d_z with 95% CIs. items: [{key, label, dz, lo, hi}];
// `words` names another effect size (the d of a comparison of groups):
// {title, desc, caption, axis, name}.
export function forestPlot(items, words = null) {
  const vals = items.flatMap((i) => [i.lo, i.hi, i.dz]).filter(Number.isFinite);
  let lo = Math.min(0, ...vals);
  let hi = Math.max(0, ...vals);
  const pad = (hi - lo) * 0.08 || 0.5;
  lo = Math.floor((lo - pad) * 4) / 4;
  hi = Math.ceil((hi + pad) * 4) / 4;
  const w = words ?? {
    title: t('a.chart.forest_title'), desc: t('a.chart.forest_desc'), caption: t('a.chart.forest_caption'), axis: t('a.chart.dz_axis'), name: 'd_z',
  };
  const key = words ? 'd' : 'dz';
  const chart = intervalChart({
    title: w.title, desc: w.desc,
    rows: items.map((i) => ({ key: i.key, label: i.label, values: [{ value: i.dz, lo: i.lo, hi: i.hi }] })),
    series: [key], seriesKeys: [key], domain: [lo, hi], reference: 0, axisLabel: w.axis,
  });
  const table = dataTable(w.title, [t('a.col.subscale'), w.name, t('a.ci95')],
    items.map((i) => [i.label, num(i.dz), fmtCi(i.lo, i.hi)]), { numeric: [1, 2] });
  return figure(w.caption, chart, table);
}

// Programme profiles: x = subscales, one line per programme (mean gain, or
// any other value per subscale). series: [{label, values: [number|null]}]
export function profileChart({ subscales, series, axisLabel, caption, tableCaption, digits = 2 }) {
  const width = layoutWidth;
  const left = 56;
  const right = 16;
  const perRow = width >= 560 ? 2 : 1;
  const legendW = (width - left) / perRow - 24;
  const top = 16 + Math.ceil(series.length / perRow) * 20;
  const plotH = narrow() ? 180 : 220;
  const slot = subscales.length > 1 ? (width - left - right - 40) / (subscales.length - 1) : width - left - right;
  const labelLines = narrow() ? 3 : 2;
  const height = top + plotH + 30 + labelLines * 14 + 10;
  const vals = series.flatMap((s) => s.values).filter(Number.isFinite);
  let lo = Math.min(0, ...vals);
  let hi = Math.max(0, ...vals);
  const pad = (hi - lo) * 0.1 || 0.5;
  lo -= pad;
  hi += pad;
  const tk = ticks(lo, hi, 5);
  lo = Math.min(lo, tk[0]);
  hi = Math.max(hi, tk[tk.length - 1]);
  const dec = tk.length > 1 ? decimalsOf(tk[1] - tk[0]) : 1;
  const x = (i) => left + (subscales.length === 1 ? 0.5 : i / (subscales.length - 1)) * (width - left - right - 40) + 20;
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * plotH;
  const root = frame(width, height, caption, t('a.chart.profile_desc'));
  for (const v of tk) {
    root.append(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: v === 0 ? '#1b1f24' : '#d0d5dc', 'stroke-width': 1 }));
    root.append(text(left - 6, y(v) + 4, num(v, dec), { 'text-anchor': 'end' }));
  }
  subscales.forEach((s, i) => {
    // The outer labels may reach into the margins but not past the edges.
    const room = Math.min(slot - 6, 2 * Math.min(x(i) - 2, width - x(i) - 2));
    root.append(label(x(i), top + plotH + 22 + (labelLines - 1) * 7, s, { 'text-anchor': 'middle' }, room, labelLines));
  });
  root.append(text(12, top + plotH / 2, axisLabel, { transform: `rotate(-90 12 ${top + plotH / 2})`, 'text-anchor': 'middle' }));
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    const pts = s.values.map((v, i) => (Number.isFinite(v) ? [x(i), y(v)] : null));
    let d = '';
    pts.forEach((p, i) => { if (p) d += `${d && pts[i - 1] ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`; });
    if (d) root.append(svg('path', { d, fill: 'none', stroke: color, 'stroke-width': 2 }));
    pts.forEach((p) => { if (p) root.append(marker(MARKERS[k % MARKERS.length], p[0], p[1], 4.5, color)); });
    const lx = left + (k % perRow) * (legendW + 24);
    const ly = 14 + Math.floor(k / perRow) * 20;
    root.append(marker(MARKERS[k % MARKERS.length], lx + 6, ly - 4, 5, color));
    const name = text(lx + 16, ly, fit(s.label, legendW - 16), { class: 'chart-label' });
    name.append(svg('title', { text: s.label }));
    root.append(name);
  });
  const table = dataTable(tableCaption ?? caption, [t('a.col.programme'), ...subscales],
    series.map((s) => [s.label, ...s.values.map((v) => num(v, digits))]), { numeric: subscales.map((_, i) => i + 1) });
  return figure(caption, root, table);
}

// Heat map: cells[r][c] a number or null, shaded from scale.min to
// scale.max. The expert panel's (the default words): rows = programmes,
// columns = criteria, with Kendall's W under each column (w). Another
// (the themes' co-occurrence) gives its own words {title, desc, caption,
// rowHead, note} and no w; digits: the decimals of the cells.
export function heatmap({ rows, columns, cells, w = null, scale, flagged = [], words = null, digits = 2 }) {
  const say = {
    title: t('a.chart.heatmap_title'), desc: t('a.chart.heatmap_desc'), caption: t('a.chart.heatmap_caption'),
    rowHead: t('a.col.programme'), note: flagged.length ? t('a.chart.heatmap_flag') : null, ...(words ?? {}),
  };
  const small = narrow();
  const left = small ? 100 : 190;
  const cellH = small ? 42 : 30;
  const headPx = small ? 120 : 170;  // the slanted column heads
  const angle = small ? 60 : 40;
  const [cos, sin] = small ? [0.5, 0.866] : [0.766, 0.643];  // of the slant: 60 or 40 degrees
  const reach = headPx * cos;
  const cellW = Math.max(26, Math.min(78, Math.floor((layoutWidth - left - reach - 8) / Math.max(1, columns.length))));
  const cellFont = cellW < 40 ? 10 : small ? 11 : 12;
  const top = Math.ceil(headPx * sin) + 16;
  const width = Math.ceil(left + columns.length * cellW + reach + 8);
  const height = top + rows.length * cellH + (w ? 40 : 12);
  const root = frame(width, height, say.title, say.desc);
  const [lo, hi] = [scale.min, scale.max];
  // Light to dark blue; text switches to white on dark cells.
  const shade = (v) => {
    const f = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    const c0 = [239, 243, 255];
    const c1 = [8, 69, 148];
    return `rgb(${c0.map((a, i) => Math.round(a + (c1[i] - a) * f)).join(',')})`;
  };
  columns.forEach((c, j) => {
    const cx = left + j * cellW + cellW / 2;
    const head = text(cx, top - 8, fit(c, headPx - 12), { 'text-anchor': 'start', transform: `rotate(-${angle} ${cx} ${top - 8})`, class: 'chart-label' });
    head.append(svg('title', { text: c }));
    root.append(head);
    if (w) root.append(text(cx, top + rows.length * cellH + 18, `${bounded(w[j], 2)}${flagged.includes(j) ? '†' : ''}`, { 'text-anchor': 'middle', 'font-size': cellFont }));
  });
  if (w) root.append(text(left - 8, top + rows.length * cellH + 18, "Kendall's W", { 'text-anchor': 'end', 'font-size': 11 }));
  rows.forEach((r, i) => {
    const y0 = top + i * cellH;
    // Programme names wrap at 22 characters so that they fit the 190 px margin
    // ("Ойын арқылы оқыту педагогі", "Game-Based Learning Teacher").
    root.append(label(left - 8, y0 + cellH / 2 + 4, r, { 'text-anchor': 'end' }, left - 14, small ? 3 : 2));
    columns.forEach((_, j) => {
      const v = cells[i][j];
      const x0 = left + j * cellW;
      root.append(svg('rect', { x: x0, y: y0, width: cellW - 2, height: cellH - 2, fill: Number.isFinite(v) ? shade(v) : '#ffffff', stroke: '#c9d0d9' }));
      const dark = Number.isFinite(v) && (v - lo) / (hi - lo) > 0.55;
      root.append(text(x0 + cellW / 2 - 1, y0 + cellH / 2 + 4, num(v, digits), { 'text-anchor': 'middle', fill: dark ? '#ffffff' : '#1b1f24', 'font-size': cellFont }));
    });
  });
  const table = dataTable(say.title, [say.rowHead, ...columns],
    [...rows.map((r, i) => [r, ...cells[i].map((v) => num(v, digits))]), ...(w ? [['W', ...w.map((v) => bounded(v, 2))]] : [])],
    { numeric: columns.map((_, i) => i + 1) });
  return figure(say.caption, root, table, say.note);
}
