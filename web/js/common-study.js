// Pieces the student, expert and researcher pages share: the code builder's
// call into the engine, the study's entities with fallbacks, and how a
// broken or missing document is shown.
import { t, pick } from './i18n.js';
import { engine } from './engine-client.js';
import { DocumentError } from './study.js';

// The pseudonymous code from the answers to the study's code questions
// ({question id: text}); the engine normalises and adds the check character.
export async function makeCode(study, answers) {
  const result = await engine().call({ op: 'make_code', study, answers });
  return typeof result === 'string' ? result : result.code;
}

// The study's code questions (study.code.questions).
export function codeQuestions(study) {
  return study?.code?.questions ?? study?.code_questions ?? [];
}

// study.programmes / waves / groups, or `fallback` when the study has none.
export function entities(study, kind, fallback = []) {
  const list = study?.[kind];
  return Array.isArray(list) && list.length ? list : fallback;
}

// Shows why the page cannot run (missing or invalid document, engine not
// available) in the page's alert box and hides the steps.
// The engine's reason (a DocumentError's msg) is said in the page language
// once its catalogue part is loaded, its JSON pointer folded away.
export function showDocumentError(err) {
  const box = document.getElementById('load-error');
  let text;
  if (err instanceof DocumentError) {
    text = t(err.key, err.params);
    if (err.detail && !err.msg) text += ` ${t('doc.detail', { detail: err.detail })}`;
  } else {
    text = t('doc.engine_failed', { message: String(err?.message || err) });
  }
  if (box) {
    box.textContent = text;
    box.hidden = false;
    if (err instanceof DocumentError && err.msg) {
      box.dataset.msgId = err.msg.id;
      // Loaded on demand: a page that shows no engine message loads no catalogue.
      import('./messages.js').then(async ({ loadMessages, renderMsg, fillMsg }) => {
        await loadMessages([err.msg]);
        const said = renderMsg(err.msg, err.detail);
        const detail = [said.detail, err.path].filter(Boolean).join(' ');
        box.replaceChildren(document.createTextNode(`${text} `), fillMsg(document.createElement('div'), { ...said, detail: detail || null }));
      });
    }
  }
  for (const s of document.querySelectorAll('section[data-step]')) s.hidden = true;
  const link = document.getElementById('link-study');
  if (link) link.hidden = true;
  console.warn(err);
}

// A study carried by the link (#sd=, study.js): its title and fingerprint
// (study-link.js), which students and experts compare with what the
// researcher shows. The title is the link's text, set as text only. Call
// again when the language changes.
export function showLinkStudy(docs) {
  const box = document.getElementById('link-study');
  if (!box || !docs?.link) return;
  const title = pick(docs.study?.title);
  document.getElementById('link-study-title').textContent = typeof title === 'string' && title ? title : String(docs.study?.id ?? '');
  document.getElementById('link-study-fp').textContent = docs.link.fingerprint;
  box.hidden = false;
}
