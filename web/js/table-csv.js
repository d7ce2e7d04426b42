// The result tables as CSV for a spreadsheet: one file per numbered table,
// in a ZIP, with the numbers rounded as the page shows them (full precision
// stays in the JSON download), UTF-8 with a byte-order mark, and the
// separators of the reader's Excel: ';' and a decimal comma (Excel in
// Russian or Kazakh) or ',' and a decimal point (Excel in English, R, SPSS).
// A cell that shows one number is written as a number (so -0,58 stays a
// number); every other cell is text, and text that starts like a formula is
// neutralised by the engine's csv_safe.
import { engine } from './engine-client.js';
import { currentLanguage, numberLocale } from './i18n.js';

export const CSV_FORMATS = {
  semicolon: { delimiter: ';', decimal: ',' },
  comma: { delimiter: ',', decimal: '.' },
};

// What Excel expects in the page language.
export const defaultCsvFormat = (lang = currentLanguage()) => (lang === 'en' ? 'comma' : 'semicolon');

// The decimal mark the page shows numbers with.
function pageDecimal() {
  return new Intl.NumberFormat(numberLocale()).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

// A shown cell as a CSV cell: a number when it shows one number, else its
// text with the decimal mark of the chosen format.
export function csvCell(text, { decimal, shown = pageDecimal() }) {
  const s = String(text ?? '').trim();
  if (s === '' || s === '—') return null;
  const bare = s.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-').split(shown).join('.');
  if (/^-?\d*\.?\d+$/.test(bare)) return Number(bare);
  if (decimal === shown) return s;
  if (shown === ',') return s.replace(/(\d),(?=\d)/g, '$1.');
  // point to comma: list commas become semicolons first ("[0.47, 0.69]" -> "[0,47; 0,69]")
  return s.replace(/,\s/g, '; ').replace(/(\d)\.(?=\d)/g, '$1,');
}

// The rows of a table as shown: head rows, then body rows (a group row is
// its label alone).
export function tableRows(table, opts) {
  return [...table.querySelectorAll('thead tr, tbody tr')].map((tr) => [...tr.cells].map((c, i) => {
    const text = c.textContent;
    return tr.parentElement.tagName === 'THEAD' || i === 0 ? text.trim() : csvCell(text, opts);
  }));
}

// {name, text} of every numbered table under root.
export async function tableFiles(root, format = defaultCsvFormat()) {
  const { delimiter, decimal } = CSV_FORMATS[format] ?? CSV_FORMATS.comma;
  const shown = pageDecimal();
  const tables = [...root.querySelectorAll('table.apa')];
  const requests = tables.map((table) => ({ op: 'csv_safe', rows: tableRows(table, { decimal, shown }), delimiter, decimal, bom: true }));
  const replies = await engine().batch(requests);
  return tables.map((table, i) => {
    if (!replies[i]?.ok) throw new Error(replies[i]?.error?.message ?? 'csv_safe failed');
    const n = String(i + 1).padStart(2, '0');
    return { name: `${n}-${table.id || 'table'}.csv`, text: replies[i].result.text };
  });
}

// The files in one ZIP (the page's own writer, loaded on first use).
export async function tablesZip(root, format) {
  const [{ storedZip }, files] = await Promise.all([import('./zip.js'), tableFiles(root, format)]);
  return storedZip(files.map((f) => ({ name: f.name, data: f.text })));
}
