// Records that differ under one key (one student's code and wave, one
// expert's rating of one programme). The engine leaves every one of them out,
// since it cannot know which is right, and hands both records over as
// evidence (problem.records). The page shows them side by side, values that
// differ highlighted, and the researcher keeps one or leaves them all out.
// The choice goes to the engine and into the links file by record_id (the
// SHA-256 of the record's identity, not its file name and row), so that
// `assess` on the command line repeats it (docs/formats.md).
import { t, int, num, date } from './i18n.js';
import { el, scrollBox } from './dom.js';

const CONFLICT = new Set(['duplicate_record', 'duplicate_rating']);

// The conflicts of an outcome, in problem order:
// [{kind: 'responses'|'ratings', key: first record's id, records: [record, ...]}].
export function conflictsOf(outcome) {
  const byFirst = new Map();
  for (const [kind, part] of [['responses', outcome?.responses], ['ratings', outcome?.ratings]]) {
    for (const p of part?.import?.problems ?? []) {
      if (!CONFLICT.has(p.code) || !Array.isArray(p.records) || p.records.length < 2) continue;
      const key = p.first_record_id ?? p.records[0].record_id;
      let c = byFirst.get(key);
      if (!c) {
        c = { kind, key, records: [p.records[0]] };
        byFirst.set(key, c);
      }
      for (const r of p.records.slice(1)) {
        if (!c.records.some((x) => x.record_id === r.record_id)) c.records.push(r);
      }
    }
  }
  return [...byFirst.values()];
}

// A choice as the links file holds it: keep one record (the others of its
// key are then left out), or leave every one out.
export function choiceEntries(choice) {
  if (choice.keep) return [{ keep: choice.keep }];
  return choice.ids.map((id) => ({ exclude: id }));
}

// The choices of a links file (assess-links/1 "duplicates"); the engine
// checks them and says where one is malformed.
export function duplicatesOf(file) {
  try {
    const doc = JSON.parse(String(file.text ?? '').replace(/^\uFEFF/, ''));
    if (!doc || !Array.isArray(doc.duplicates)) return [];
    return doc.duplicates.filter((c) => c && typeof c === 'object');
  } catch {
    return [];
  }
}

const place = (r) => `${r.file ?? ''}, ${r.row == null ? '—' : int(r.row)}`;

// What the records are of, in the page language: "АЙ07АЛ, post-test" or
// "Expert E07, Programme 2".
export function conflictWhat(c, names) {
  const r = c.records[0];
  if (c.kind === 'ratings') return t('a.dup.what_rating', { expert: r.expert ?? '', object: names.programme(r.object ?? '') });
  return t('a.dup.what_response', { code: r.code ?? '', wave: names.wave(r.wave ?? '') });
}

// The values of the records side by side; those that differ in a <mark>.
function valuesCells(records, field) {
  const ids = [];
  for (const r of records) for (const id of Object.keys(r[field] ?? {})) if (!ids.includes(id)) ids.push(id);
  const text = (v) => (v == null ? '—' : num(v, Number.isInteger(v) ? 0 : 2));
  const differs = ids.map((id) => new Set(records.map((r) => text(r[field]?.[id]))).size > 1);
  return {
    ids,
    cell: (r) => el('td', { class: 'answers' }, ...ids.flatMap((id, k) => {
      const v = text(r[field]?.[id]);
      const node = differs[k] ? el('mark', { title: id, text: v }) : el('span', { title: id, text: v });
      return k ? [' ', node] : [node];
    })),
  };
}

function evidenceTable(c, names) {
  const responses = c.kind === 'responses';
  const { ids, cell } = valuesCells(c.records, responses ? 'answers' : 'scores');
  const range = ids.length ? { first: ids[0], last: ids[ids.length - 1] } : { first: '', last: '' };
  const head = [t('a.link.ev_file'), t('a.link.ev_submitted'), t('a.dup.col_lang')];
  if (responses) head.push(t('a.dup.col_programme'), t('a.link.ev_group'));
  head.push(t(responses ? 'a.link.ev_answers' : 'a.dup.col_scores', range));
  const caption = t('a.dup.caption', { what: conflictWhat(c, names) });
  const table = el('table', { class: 'evidence' },
    el('caption', { class: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, el('td', {}), ...head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, c.records.map((r, j) => el('tr', { 'data-record-id': r.record_id },
      el('th', { scope: 'row', text: t('a.dup.record', { n: int(j + 1) }) }),
      el('td', { text: place(r) }),
      el('td', { text: r.submitted ? date(r.submitted) : '—' }),
      el('td', { text: r.lang ? String(r.lang).toUpperCase() : '—' }),
      ...(responses ? [el('td', { text: names.programme(r.programme ?? '') }), el('td', { text: r.group ? names.group(r.group) : '—' })] : []),
      cell(r)))));
  return scrollBox(table, caption);
}

// The conflicts, each a fieldset with its evidence and the choice, and an
// "apply" button: onApply([{key, kind, ids, keep, what, kept}]) with one
// choice per conflict. names: {programme(id), group(id), wave(id)} in the
// page language.
export function renderConflicts(box, conflicts, { names, onApply }) {
  box.replaceChildren();
  if (!conflicts.length) return;
  box.append(el('h3', { id: 'conflicts-heading', text: t('a.dup.heading') }), el('p', { text: t('a.dup.text') }));
  const sets = conflicts.map((c, i) => {
    const what = conflictWhat(c, names);
    const option = (value, label, checked) => {
      const id = `dup-${i}-${value}`;
      return el('div', { class: 'check' },
        el('input', { type: 'radio', name: `dup-${i}`, id, value, checked }),
        el('label', { for: id, text: label }));
    };
    return el('fieldset', { class: 'conflict', 'data-key': c.key, 'data-kind': c.kind },
      el('legend', { text: what }),
      evidenceTable(c, names),
      el('p', { class: 'hint', text: t('a.dup.differ_note') }),
      ...c.records.map((r, j) => option(String(j), t('a.dup.keep', { n: int(j + 1), place: place(r) }), false)),
      option('none', t('a.dup.leave'), true));
  });
  box.append(...sets);
  box.append(el('div', { class: 'actions' }, el('button', {
    type: 'button', id: 'apply-duplicates', i18n: 'a.dup.apply',
    onclick: () => onApply(conflicts.map((c, i) => {
      const v = sets[i].querySelector('input:checked')?.value ?? 'none';
      const kept = v === 'none' ? null : c.records[Number(v)];
      return {
        key: c.key, kind: c.kind, ids: c.records.map((r) => r.record_id), keep: kept?.record_id ?? null,
        record: c.records[0], kept: kept ? { file: kept.file, row: kept.row } : null,
      };
    })),
  })));
}

// The choices made on this page, each with "undo".
export function renderChoices(box, choices, { names, onUndo }) {
  if (!choices.length) return;
  box.append(el('h3', { text: t('a.dup.decided_heading') }));
  box.append(el('ul', { class: 'review', id: 'duplicate-choices' }, choices.map((ch) => {
    const what = conflictWhat({ kind: ch.kind, records: [ch.record] }, names);
    return el('li', { 'data-key': ch.key },
      el('span', { text: ch.kept ? t('a.dup.decided_keep', { what, place: place(ch.kept) }) : t('a.dup.decided_out', { what }) }),
      el('button', {
        type: 'button', class: 'link', i18n: 'a.dup.undo', 'aria-label': t('a.dup.undo_item', { what }),
        onclick: () => onUndo(ch.key),
      }));
  })));
}
