// Small DOM helpers. Text always goes in through textContent; markup comes
// from <template>s in the page or from createElement, never from strings.
import { t } from './i18n.js';

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// A copy of <template id="...">'s content (a DocumentFragment) and, for
// convenience, its first element.
export function fromTemplate(id) {
  const tpl = document.getElementById(id);
  if (!tpl) throw new Error(`template #${id} missing`);
  const frag = tpl.content.cloneNode(true);
  return { frag, el: frag.firstElementChild };
}

// el('td', {class: 'num', 'data-value': 3}, 'text', childNode, ...)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'i18n') { node.dataset.i18n = v; node.textContent = t(v); }
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// A horizontally scrollable box around a wide table: focusable and named,
// so that keyboard users can scroll it (WCAG 2.1.1).
export function scrollBox(child, label) {
  return el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label }, child);
}

// The page's aria-live status line; msgId names the engine message it
// says, if any (data-msg-id, as on every element that shows one).
export function status(message, { error = false, msgId = null } = {}) {
  const box = document.getElementById('status');
  if (!box) return;
  box.textContent = message || '';
  box.classList.toggle('error', !!error);
  if (msgId) box.dataset.msgId = msgId;
  else delete box.dataset.msgId;
}

// Puts focus on a heading or region after a step change so that screen
// reader and keyboard users land on the new content.
export function focusHeading(node) {
  if (!node) return;
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  node.focus({ preventScroll: false });
}

// Saves text, bytes or a Blob (an image) as a file on the user's device (no network involved).
export function download(filename, text, mime = 'application/json') {
  const type = typeof text === 'string' ? `${mime};charset=utf-8` : mime;
  const blob = text instanceof Blob ? text : new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// RFC 4180 CSV: fields with a delimiter, quote or line break are quoted.
export function toCsv(rows) {
  const cell = (v) => {
    if (v == null) return '';
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
    return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

// "2026-11-23T10-00-00" for file names.
export function stamp(date = new Date()) {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

// A safe file-name fragment from user text (codes, expert ids).
export function safeName(s) {
  return String(s || '').normalize('NFKC').replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40) || 'x';
}
