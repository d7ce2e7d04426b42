// Pieces the student, expert and researcher pages share: the code builder's
// call into the engine, the study's entities with fallbacks, and how a
// broken or missing document is shown.
import { t, pick } from './i18n.js';
import { status, download } from './dom.js';
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
  document.getElementById('link-study-rfp').textContent = docs.link.recipients ?? '';
  document.getElementById('link-study-rcp').hidden = !docs.link.recipients;
  box.hidden = false;
}

// The age recipients (age1...) the study's answers are encrypted to, or null
// for a plain study: "encryption": {"recipients": [...]}, which the engine
// checks to each key's checksum, or the same object as "x-encryption", the
// place before the engine read it (docs/formats.md). A member that is there
// but wrong is a broken study, never a reason to hand out plain files.
const AGE_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;
export function recipientsOf(study) {
  const enc = study?.encryption ?? study?.['x-encryption'];
  if (enc == null) return null;
  const list = enc?.recipients;
  const name = `${study.id}.v${study.version}.json`;
  if (!Array.isArray(list) || !list.length || list.length > 20) {
    throw new DocumentError('doc.bad_recipients', { name }, 'encryption.recipients must list 1 to 20 age recipients (age1...)');
  }
  const bad = list.find((r) => typeof r !== 'string' || !AGE_RECIPIENT.test(r));
  if (bad !== undefined) {
    throw new DocumentError('doc.bad_recipients', { name }, `not an age X25519 recipient: ${String(bad).slice(0, 80)}`);
  }
  return list;
}

// Encryption (age.js, loaded only for a study with recipients) needs
// WebCrypto, which a browser gives to a secure context only (HTTPS,
// localhost): over plain HTTP an encrypted study hands out nothing, rather
// than a plain file.
export const canEncrypt = () => window.isSecureContext && Boolean(globalThis.crypto?.subtle);

// makeEncrypted(arg, key) -> the promise of the encrypted file of
// docOf(arg) ({text, name}): {name: <name>.age, binary, armored}, made once
// per key (by default the JSON of arg). A page makes it ahead (when the
// answers are final, or as a finger touches the button), so that the tap on
// "Share…" reaches navigator.share with nothing slow in between: browsers
// (Safari above all) refuse the share sheet once the tap's activation has
// worn off.
export function encryptedMaker(recipients, docOf) {
  let last = null;
  return (arg, key = JSON.stringify(arg)) => {
    if (last?.key !== key) {
      const promise = Promise.all([import('./age.js'), docOf(arg)])
        .then(async ([{ encryptText }, { text, name }]) => ({ name: `${name}.age`, ...await encryptText(recipients, text) }));
      promise.catch(() => { if (last?.promise === promise) last = null; });
      last = { key, promise };
    }
    return last.promise;
  };
}

// Hands in a study's encrypted file (age.js, handIn): how = 'file' (the .age
// download), 'copy' (armored text to paste into a chat) or 'share' (the
// share sheet). made: the promise of encryptedMaker. A problem is said in
// `box`, with the page's texts `${prefix}.insecure`, `.failed`,
// `.copy_failed`, `.share_failed` (and `.copied` when copied). Resolves to
// true when the file was handed in.
export async function handInEncrypted(how, { made, box, prefix }) {
  const say = (text) => { box.textContent = text; box.hidden = !text; };
  say('');
  if (!canEncrypt()) {
    say(t(`${prefix}.insecure`));
    return false;
  }
  let result;
  try {
    const [{ handIn }, file] = await Promise.all([import('./age.js'), made()]);
    result = await handIn(how, { ...file, download });
  } catch (err) {
    say(t(`${prefix}.failed`, { message: String(err?.message || err) }));
    return false;
  }
  if (result === 'copy_failed' || result === 'share_failed') say(t(`${prefix}.${result}`));
  if (result !== 'done') return false;
  if (how === 'copy') status(t(`${prefix}.copied`));
  return true;
}

// Whether the share sheet takes the armored file (phones): text/plain, the
// type every share target takes.
export function canShareFiles() {
  try {
    return typeof navigator.share === 'function'
      && navigator.canShare?.({ files: [new File([''], 'x.age.txt', { type: 'text/plain' })] }) === true;
  } catch {
    return false;
  }
}
