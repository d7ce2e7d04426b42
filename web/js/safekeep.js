// Nothing a student or an expert enters is lost (docs/robustness.md):
// - exports go through the engine: JSON with its integrity seal (op seal),
//   CSV with spreadsheet formulas neutralised (op csv_safe); should the engine
//   be unavailable the page still writes plain JSON/CSV rather than nothing;
// - when the browser does not let the page store the draft (localStorage
//   full, or throwing on access in some privacy modes and sandboxed frames),
//   the page keeps working in memory, says so in an alert and offers the
//   download of everything entered so far right there;
// - the browser asks before the page is left while there are answers that
//   have not been downloaded since they last changed.
import { $, status, toCsv } from './dom.js';
import { t } from './i18n.js';
import { storage } from './store.js';
import { engine } from './engine-client.js';

// The text of a sealed JSON export of `doc` (an object).
export async function sealedJson(doc) {
  try {
    const r = await engine().call({ op: 'seal', document: doc });
    if (typeof r?.text === 'string') return r.text;
  } catch (err) {
    console.warn('export without integrity seal:', err);
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// CSV text (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8)
// of rows of cells (strings, numbers, null).
export async function safeCsv(rows) {
  try {
    const r = await engine().call({ op: 'csv_safe', rows, bom: true });
    if (typeof r?.text === 'string') return r.text;
  } catch (err) {
    console.warn('CSV export through the page:', err);
  }
  return `\ufeff${toCsv(rows)}`;
}

// Wires the storage alert (#storage-warning with #storage-warning-text and
// #storage-export) and the leave warning of a page.
//   hasAnswers(): anything answered at all
//   fingerprint(): a string that changes whenever the answers change
//   exportNow(): downloads what there is (returns when done)
//   textKey: the i18n key of the alert's sentence
//   getExported()/setExported(fp): where the fingerprint of the last export
//     is kept (the draft, so that a reload remembers it)
// Returns {saved(ok), exported(), unsaved()}: saved() after every attempt to
// store the draft, exported() after every successful download.
export function safekeeping({ hasAnswers, fingerprint, exportNow, textKey, getExported, setExported }) {
  const box = $('#storage-warning');
  const text = $('#storage-warning-text');
  const button = $('#storage-export');
  let failing = false;

  const unsaved = () => hasAnswers() && getExported() !== fingerprint();

  function show(on) {
    if (on === failing) return;
    failing = on;
    box.hidden = !on;
    // Setting the text while the box is shown makes screen readers announce
    // the alert.
    text.textContent = on ? t(textKey) : '';
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await exportNow();
    } catch (err) {
      status(t('common.unexpected', { message: String(err?.message || err) }), { error: true });
    } finally {
      button.disabled = false;
    }
  });

  window.addEventListener('beforeunload', (event) => {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = '';
  });

  if (!storage.usable()) show(true);

  return {
    saved(ok) { show(!ok); },
    exported() {
      setExported(fingerprint());
      return true;
    },
    unsaved,
    retranslate() { if (failing) text.textContent = t(textKey); },
  };
}
