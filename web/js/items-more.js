// The renderers of the item types other than Likert (docs/formats.md "Item
// types"), loaded by the questionnaire only for an instrument that has such
// items (items.js addRenderers): a choice is a radio group, a multi a group
// of checkboxes (each a fieldset whose legend is the question), a number a
// text field with a numeric keyboard, its range and unit shown under it and
// an inline error, a text a textarea with a counter.
//
// A number is typed into <input type="text" inputmode="decimal|numeric">,
// not <input type="number">: the browser's number field reads only the
// decimal separator of the browser's own locale (a "3,4" typed on an English
// phone is silently dropped), and both "3,4" and "3.4" must work here. The
// range is therefore checked by the page, which says what is wrong in the
// page language.
import { t, pick, int } from './i18n.js';
import { el } from './dom.js';

// items.js hands in what the renderers share with it (question, numberText,
// maxLength), so that this module imports nothing of the page's own and the
// page's bundle stays one file.
let question;
let numberText;
let maxLength;

// What was typed into a number field -> {value} or {error: i18n key}; an
// empty field is {value: null}. A decimal comma and a decimal point are both
// read; spaces (a thousands separator) are ignored.
export function readNumber(item, text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace('\u2212', '-');
  if (s === '') return { value: null };
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return { error: 'not_number' };
  const value = Number(s.replace(',', '.'));
  if (!Number.isFinite(value)) return { error: 'not_number' };
  if (item.integer && !Number.isInteger(value)) return { error: 'not_whole' };
  if (value < item.min || value > item.max) return { error: 'range' };
  return { value: value === 0 ? 0 : value };  // never -0
}

function numberError(item, error) {
  const range = { min: numberText(item.min), max: numberText(item.max) };
  if (error === 'not_whole') return t('q.number.not_whole');
  if (error === 'range') return t('q.number.range', range);
  return item.integer ? t('q.number.not_number_int') : t('q.number.not_number');
}

function numberHint(item) {
  const params = { min: numberText(item.min), max: numberText(item.max), unit: pick(item.unit) };
  if (item.integer) return params.unit ? t('q.number.hint_int_unit', params) : t('q.number.hint_int', params);
  return params.unit ? t('q.number.hint_unit', params) : t('q.number.hint', params);
}

// A choice (radio) or a multi (checkboxes): one fieldset, the options one
// under the other.
function options(item, n, ctx, multi) {
  const legend = question(el('legend'), n, item);
  const set = el('fieldset', { class: 'item' }, legend);
  if (multi) {
    // Said with the question: screen readers read the legend on entering the group.
    legend.append(el('span', { class: 'item-hint', text: t('q.multi.hint') }));
  }
  const box = el('div', { class: 'scale' });
  for (const o of item.options) {
    const id = `a-${item.id}-${o.id}`;
    const input = el('input', { type: multi ? 'checkbox' : 'radio', id, name: `item-${item.id}`, value: o.id });
    const v = ctx.answers[item.id];
    input.checked = multi ? Array.isArray(v) && v.includes(o.id) : v === o.id;
    input.addEventListener('change', () => {
      if (!multi) { ctx.set(item.id, o.id); return; }
      const checked = [...box.querySelectorAll('input:checked')].map((x) => x.value);
      ctx.set(item.id, checked.length ? checked : null);
    });
    box.append(el('label', { for: id }, input, el('span', { class: 'option-text', text: pick(o.label) || o.id })));
  }
  set.append(box);
  return { node: set };
}

function numberItem(item, n, ctx) {
  const id = `a-${item.id}`;
  const input = el('input', {
    type: 'text', id, name: `item-${item.id}`, inputmode: item.integer && item.min >= 0 ? 'numeric' : 'decimal',
    autocomplete: 'off', spellcheck: 'false', class: 'number-input', 'aria-describedby': `${id}-hint ${id}-error`,
  });
  const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const typed = ctx.typed[item.id];
  input.value = typed ?? (Number.isFinite(ctx.answers[item.id]) ? numberText(ctx.answers[item.id]) : '');
  // The error is shown when the student leaves the field (or asks to go on),
  // and taken away as soon as the text is right.
  const check = (say) => {
    const r = readNumber(item, input.value);
    ctx.set(item.id, r.error ? null : r.value, r.error ? input.value : null);
    if (r.error && say) {
      error.textContent = numberError(item, r.error);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    } else if (!r.error) {
      error.textContent = '';
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    }
    return !r.error;
  };
  input.addEventListener('input', () => check(false));
  input.addEventListener('change', () => check(true));
  const node = el('div', { class: 'item' },
    question(el('label', { for: id, class: 'item-question' }), n, item),
    el('span', { class: 'hint', id: `${id}-hint`, text: numberHint(item) }),
    input, error);
  node.validate = () => check(true);
  if (typed != null) check(true);  // a wrong number typed before a reload is said again
  return { node };
}

function textItem(item, n, ctx) {
  const id = `a-${item.id}`;
  const max = maxLength(item);
  const area = el('textarea', { id, name: `item-${item.id}`, maxlength: max, rows: 5, 'aria-describedby': `${id}-count` });
  area.value = typeof ctx.answers[item.id] === 'string' ? ctx.answers[item.id] : '';
  const count = el('span', { class: 'hint counter', id: `${id}-count` });
  // The visible counter follows every key; screen readers hear it when they
  // enter the field (aria-describedby) and, through the polite live region,
  // only when the text comes near its limit, once the student pauses.
  const live = el('span', { class: 'visually-hidden', 'aria-live': 'polite' });
  const near = Math.max(20, Math.round(max / 10));
  let timer = null;
  const update = () => {
    const used = area.value.length;  // UTF-16 units, as maxlength counts them
    count.textContent = t('q.text.count', { n: int(used), max: int(max) });
    return max - used;
  };
  update();
  area.addEventListener('input', () => {
    ctx.set(item.id, area.value === '' ? null : area.value);
    const left = update();
    clearTimeout(timer);
    timer = setTimeout(() => {
      live.textContent = left <= near ? t('q.text.left', { n: int(left) }) : '';
    }, 1200);
  });
  const node = el('div', { class: 'item' },
    question(el('label', { for: id, class: 'item-question' }), n, item), area, count, live);
  return { node };
}

export function renderers(shared) {
  ({ question, numberText, maxLength } = shared);
  return {
    choice: (item, n, ctx) => options(item, n, ctx, false),
    multi: (item, n, ctx) => options(item, n, ctx, true),
    number: numberItem,
    text: textItem,
  };
}
