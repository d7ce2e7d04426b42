// The items of an instrument on the questionnaire page, one renderer per
// item type (docs/formats.md "Item types"): a Likert item is a radio group
// (here); the renderers of the other types are in items-more.js, which the
// page loads only for an instrument that has such items (a phone answering
// the Likert questionnaire never downloads them). The page keeps the answers
// in its draft ({item id: value}) as they go into the response file: a number
// on the scale, an option id, the ids of a multi in option order, a number,
// the text as written.
import { pick, int, numberLocale } from './i18n.js';
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

const renderers = { likert };

// Adds the renderers of the other item types: items-more.js's renderers(),
// given what they share with this module.
export function addRenderers(make) { Object.assign(renderers, make({ question, numberText, maxLength })); }

// The element of item number n; ctx: {points, answers, typed, set(id, value, typed)}.
export function renderItem(item, n, ctx) {
  const type = itemType(item);
  const made = renderers[type](item, n, ctx);
  made.node.id = `item-${item.id}`;
  made.node.dataset.item = item.id;
  made.node.dataset.type = type;
  return made.frag ?? made.node;
}
