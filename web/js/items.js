// The items of an instrument on the questionnaire page, one renderer per
// item type (docs/formats.md "Item types"): a Likert item and a choice are a
// radio group, a multi a group of checkboxes (each a fieldset whose legend is
// the question), a number a text field with a numeric keyboard, its range and
// unit shown under it and an inline error, a text a textarea with a counter.
// The page keeps the answers in its draft ({item id: value}) as they go into
// the response file: a number on the scale, an option id, the ids of a multi
// in option order, a number, the text as written.
//
// A number is typed into <input type="text" inputmode="decimal|numeric">,
// not <input type="number">: the browser's number field reads only the
// decimal separator of the browser's own locale (a "3,4" typed on an English
// phone is silently dropped), and both "3,4" and "3.4" must work here. The
// range is therefore checked by the page, which says what is wrong in the
// page language.
import { t, pick, int, numberLocale } from './i18n.js';
import { el, fromTemplate } from './dom.js';

export const TYPES = ['likert', 'choice', 'multi', 'number', 'text'];
export const itemType = (item) => item.type ?? 'likert';
export const hasOtherTypes = (ins) => ins.items.some((it) => itemType(it) !== 'likert');

const TEXT_MAX = 2000;  // docs/formats.md: max_length defaults to 2000
export const maxLength = (item) => item.max_length ?? TEXT_MAX;

// Whether `v` (a value of the draft) is an answer to `item`.
export function isAnswered(item, v) {
  switch (itemType(item)) {
    case 'choice': return typeof v === 'string' && item.options.some((o) => o.id === v);
    case 'multi': return Array.isArray(v) && item.options.some((o) => v.includes(o.id));
    case 'text': return typeof v === 'string' && v.trim() !== '';
    default: return Number.isFinite(v);
  }
}

// The answer as the response file carries it (null = not answered).
export function answerOf(item, v) {
  if (!isAnswered(item, v)) return null;
  if (itemType(item) === 'multi') return item.options.filter((o) => v.includes(o.id)).map((o) => o.id);
  return v;
}

// ---- numbers ---------------------------------------------------------------------

function decimalSeparator() {
  return new Intl.NumberFormat(numberLocale()).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

// A number as the page language writes it, without grouping and without
// rounding (3.4 -> "3,4" in kk and ru).
export function numberText(x) {
  return String(x).replace('.', decimalSeparator()).replace('-', '\u2212');
}

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

// ---- what the review says -----------------------------------------------------

// The answer in words, or null when there is none.
export function answerText(item, v, points) {
  if (!isAnswered(item, v)) return null;
  const label = (id) => pick(item.options.find((o) => o.id === id)?.label) || id;
  switch (itemType(item)) {
    case 'choice': return label(v);
    case 'multi': return answerOf(item, v).map(label).join('; ');
    case 'text': return v;
    case 'number': {
      const unit = pick(item.unit);
      return unit ? `${numberText(v)} (${unit})` : numberText(v);
    }
    default: {
      const p = points.find((x) => x.value === v);
      if (!p) return null;
      return p.label ? `${int(p.value)} — ${pick(p.label)}` : int(p.value);
    }
  }
}

// ---- rendering --------------------------------------------------------------------

// The question of item number n (1-based) as the legend or label shows it.
function question(node, n, item) {
  node.append(el('span', { class: 'item-number', text: `${int(n)}.` }), el('span', { class: 'item-text', text: pick(item.text) }));
  return node;
}

function likert(item, n, ctx) {
  const { frag, el: set } = fromTemplate('tpl-item');
  set.querySelector('.item-number').textContent = `${int(n)}.`;
  set.querySelector('.item-text').textContent = pick(item.text);
  const scale = set.querySelector('.scale');
  for (const p of ctx.points) {
    const { frag: of, el: label } = fromTemplate('tpl-option');
    const input = label.querySelector('input');
    const id = `a-${item.id}-${p.value}`;
    input.id = id;
    input.name = `item-${item.id}`;
    input.value = String(p.value);
    input.checked = ctx.answers[item.id] === p.value;
    label.htmlFor = id;
    label.querySelector('.option-text').textContent = p.label ? `${int(p.value)} — ${pick(p.label)}` : int(p.value);
    input.addEventListener('change', () => ctx.set(item.id, p.value));
    scale.append(of);
  }
  return { frag, node: set };
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

// The element of item number n; ctx: {points, answers, typed, set(id, value, typed)}.
export function renderItem(item, n, ctx) {
  const type = itemType(item);
  const made = type === 'choice' || type === 'multi' ? options(item, n, ctx, type === 'multi')
    : type === 'number' ? numberItem(item, n, ctx)
      : type === 'text' ? textItem(item, n, ctx)
        : likert(item, n, ctx);
  made.node.id = `item-${item.id}`;
  made.node.dataset.item = item.id;
  made.node.dataset.type = type;
  return made.frag ?? made.node;
}
