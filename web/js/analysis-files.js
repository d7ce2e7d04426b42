// The researcher's files: read from a file picker, a drop or the demo
// folder, kept as Blobs (the engine judges the encoding on the real bytes
// and says how to fix a file that is not UTF-8), and sorted by what they
// contain so that each goes to the right engine op. The engine does the real
// checking; this only routes, and only a file that is neither responses,
// ratings nor links, or larger than the engine reads, is stopped here.
// The page reads only the first 64 KiB of a file (the whole file up to 1 MB)
// to sort it; the engine's worker reads the Blob itself, so a 50 MB file
// costs the main thread no more than a small one. A file that cannot be read
// becomes a row with its problem and never takes the other files of the same
// pick or drop with it.

// texts: essays (.txt, .md) and CSVs of texts (a code and a text column);
// codebook and coding: the qualitative strand's documents (issue 19), which
// with texts give the themes beside the numbers (analysis-themes.js).
export const KINDS = ['responses', 'ratings', 'links', 'texts', 'codebook', 'coding', 'unknown'];

// The columns a CSV of texts may have (the op texts' *_column arguments).
export const TEXT_CSV_COLUMNS = ['code', 'text', 'programme', 'group', 'wave', 'item'];

// The engine's per-file limits (engine/include/assess/core/limits.hpp,
// kMaxJsonFileBytes and kMaxCsvFileBytes; tests/browser/large.test.mjs keeps
// them equal). A larger file is left out here with the limit named, instead
// of failing the whole import in the engine.
export const FILE_LIMITS = { json: 32 * 2 ** 20, csv: 256 * 2 ** 20 };

const HEAD_BYTES = 64 * 1024;
// Files up to this size are parsed whole to find their JSON "format".
const PARSE_WHOLE = 1024 * 1024;

let nextId = 1;

// Text good enough to recognise the kind of a file: UTF-8 (invalid bytes
// replaced), or UTF-16 when it starts with that byte-order mark.
function looseText(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

// JSON as the engine sees it: '{' or '[' first after a BOM and blanks.
function looksLikeJson(bytes) {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

// How many bytes of a file of `size` bytes the page reads to sort it.
const headSize = (size) => (size <= PARSE_WHOLE ? size : HEAD_BYTES);

// {id, name, size, blob, kind, problem, source, text} from a Blob (or File)
// and its first headSize(size) bytes; text: the decoded content of a links
// file, which the page itself reads.
function describe(name, blob, head, source) {
  const f = { id: nextId++, name, size: blob.size, blob, kind: 'unknown', problem: null, source, text: null };
  const binary = head.subarray(0, 4096).some((b) => b < 9 || (b > 13 && b < 32)) && !(head[0] === 0xff || head[0] === 0xfe);
  if (binary) {
    f.problem = { key: 'a.files.binary', params: { name } };
    return f;
  }
  const whole = f.size <= PARSE_WHOLE;
  // An essay is plain text, one file per student (the op texts' documents).
  const essay = /\.(txt|md)$/i.test(name) && !looksLikeJson(head);
  f.kind = essay ? 'texts' : classify(looseText(head), { whole });
  if (f.kind === 'texts') f.textSource = essay ? 'document' : 'csv';
  if (f.kind === 'texts' && !essay) f.columns = csvHeader(looseText(head));
  if (f.kind === 'unknown') {
    f.problem = { key: 'a.files.unknown_kind', params: { name } };
    return f;
  }
  if (f.kind === 'links' && whole) f.text = looseText(head);
  const json = looksLikeJson(head);
  const limit = json ? FILE_LIMITS.json : FILE_LIMITS.csv;
  if (f.size > limit && f.kind !== 'links') {
    f.kind = 'unknown';
    f.problem = { key: json ? 'a.files.too_large_json' : 'a.files.too_large_csv', params: { name, mb: Math.round(limit / 2 ** 20) } };
  }
  return f;
}

// A file from bytes already in memory (the demo study).
export function fileFromBytes(name, bytes, source = 'user') {
  return describe(name, new Blob([bytes]), bytes.subarray(0, headSize(bytes.byteLength)), source);
}

// An age-encrypted file (https://age-encryption.org/v1): the binary header
// or the ASCII armor, after blanks (a pasted or mailed armor may have some).
const AGE_STARTS = ['age-encryption.org/v1\n', '-----BEGIN AGE ENCRYPTED FILE-----'];
export function isAge(head) {
  const start = new TextDecoder().decode(head.subarray(0, 80)).trimStart();
  return AGE_STARTS.some((s) => start.startsWith(s));
}

// The identities (AGE-SECRET-KEY-1...) in a key file as age-keygen writes it
// (comment lines around) or in what was typed or pasted.
export function parseIdentities(text) {
  return String(text).split(/\r?\n|\s+/).map((l) => l.trim())
    .filter((l) => /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/i.test(l)).map((l) => l.toUpperCase());
}

function problemRow(name, size, key, params) {
  return { id: nextId++, name, size, blob: null, kind: 'unknown', source: 'user', text: null, problem: { key, params: { name, ...params } } };
}

// An encrypted file, opened with the researcher's identities by `decrypt`
// (the page's: age.js, loaded on the first such file, stays out of this
// module) and then sorted like any other under its own name.
async function openAge(file, identities, decrypt) {
  if (!identities.length || !decrypt) return problemRow(file.name, file.size, 'a.age.no_key', {});
  if (file.size > FILE_LIMITS.csv) return problemRow(file.name, file.size, 'a.files.too_large_csv', { mb: Math.round(FILE_LIMITS.csv / 2 ** 20) });
  let plain;
  try {
    plain = await decrypt(identities, new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    return problemRow(file.name, file.size, err?.reason === 'identity' ? 'a.age.wrong_key' : 'a.age.damaged', {});
  }
  return describe(file.name, new Blob([plain]), plain.subarray(0, headSize(plain.byteLength)), 'user');
}

// Each file on its own: one that cannot be read (removed from the disk,
// no permission) is listed with its problem, the others are kept. An age
// file is decrypted with `identities` (AGE-SECRET-KEY-1..., kept by the page
// in memory only) by decrypt(identities, bytes) -> plaintext bytes, which
// throws an error with reason 'identity' or 'damaged' (age.js decryptBytes).
export async function readFiles(fileList, { identities = [], decrypt = null } = {}) {
  const out = [];
  for (const file of fileList) {
    try {
      const head = new Uint8Array(await file.slice(0, headSize(file.size)).arrayBuffer());
      out.push(isAge(head) ? await openAge(file, identities, decrypt) : describe(file.name, file, head, 'user'));
    } catch (err) {
      out.push({
        id: nextId++, name: file.name, size: file.size ?? 0, blob: null, kind: 'unknown', source: 'user', text: null,
        problem: { key: 'a.files.unreadable', params: { name: file.name, message: String(err?.message || err) } },
      });
    }
  }
  return out;
}

// The files of a demo (the site's demo/ or demo2/ folder, listed by its index.json).
// only: a pattern of the names to load (all when null).
export async function demoFiles(folder = 'demo', only = null) {
  const base = new URL(`../${folder}/`, import.meta.url);
  const res = await fetch(new URL('index.json', base));
  if (!res.ok) throw new Error(`${folder}/index.json: HTTP ${res.status}`);
  const { files } = await res.json();
  const out = [];
  for (const name of files.filter((n) => !only || only.test(n))) {
    const r = await fetch(new URL(name, base));
    if (!r.ok) throw new Error(`${folder}/${name}: HTTP ${r.status}`);
    out.push(fileFromBytes(name, new Uint8Array(await r.arrayBuffer()), 'demo'));
  }
  return out;
}

function stripBom(s) { return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; }

// What a file holds, from its JSON "format" or its CSV header. text is the
// whole file (whole: true) or its beginning.
export function classify(text, { whole = true } = {}) {
  const s = stripBom(text).trimStart();
  if (s.startsWith('{') || s.startsWith('[')) {
    let doc;
    try {
      if (!whole) throw new Error('only the beginning');
      doc = JSON.parse(s);
    } catch {
      // Malformed (or large) JSON still goes to the engine, which says where
      // it breaks; guess its kind from the format string in the text.
      const m = s.match(/"format"\s*:\s*"(assess-[a-z-]+)\//);
      return m ? kindOfFormat(`${m[1]}/`) : 'responses';
    }
    const first = Array.isArray(doc) ? doc[0] : doc;
    return kindOfFormat(first && typeof first === 'object' ? String(first.format ?? '') : '');
  }
  const cols = csvHeader(s).map((c) => c.toLowerCase());
  if (cols.includes('expert') && cols.includes('object')) return 'ratings';
  // Texts to code: a code and a text column and nothing a response file has.
  if (cols.includes('code') && cols.includes('text') && cols.every((c) => TEXT_CSV_COLUMNS.includes(c))) return 'texts';
  if (cols.includes('pre') && cols.includes('post') && cols.length <= 4) return 'links';
  // Students' responses carry a code; employers' (assess-response/2) an employer id instead.
  if (cols.includes('code') || (cols.includes('employer') && cols.includes('respondent'))) return 'responses';
  return 'unknown';
}

// The names of a CSV's header row as written (quotes taken off).
function csvHeader(text) {
  const s = stripBom(text).trimStart();
  const end = s.search(/[\r\n]/);
  return (end < 0 ? s : s.slice(0, end)).split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
}

function kindOfFormat(format) {
  if (format.startsWith('assess-coding-codebook/')) return 'codebook';
  if (format.startsWith('assess-coding/')) return 'coding';
  if (format.startsWith('assess-response')) return 'responses';
  if (format.startsWith('assess-ratings')) return 'ratings';
  if (format.startsWith('assess-links')) return 'links';
  return 'unknown';
}

// The links of an assess-links/1 file (or CSV pre,post): [{pre, post, note}].
export function linksOf(file) {
  const s = stripBom(file.text ?? '').trim();
  try {
    if (s.startsWith('{')) {
      const doc = JSON.parse(s);
      // assess-links/2 also says {codes: [...]}: one student's codes; the pre-post link takes the first two.
      return (doc.links ?? []).map((l) => (Array.isArray(l?.codes) && l.codes.length >= 2 && l.codes.every((c) => typeof c === 'string')
        ? { pre: l.codes[0], post: l.codes[1], codes: l.codes, ...(typeof l.note === 'string' ? { note: l.note } : {}) } : l))
        .filter((l) => l && typeof l.pre === 'string' && typeof l.post === 'string');
    }
    const lines = s.split(/\r\n|\n|\r/);
    const cols = lines[0].toLowerCase().split(/[,;\t]/).map((c) => c.trim());
    const ip = cols.indexOf('pre');
    const iq = cols.indexOf('post');
    return lines.slice(1).map((l) => l.split(/[,;\t]/)).filter((c) => c[ip] && c[iq])
      .map((c) => ({ pre: c[ip].trim(), post: c[iq].trim() }));
  } catch {
    return [];
  }
}

// True when the files ask for the themes (texts, a codebook or a coding
// file): the analysis page then loads analysis-themes.js.
export function wantsThemes(files) {
  return files.some((f) => f.kind === 'texts' || f.kind === 'codebook' || f.kind === 'coding');
}
