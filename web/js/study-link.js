// Links that carry the study (issue 18, docs/web.md "Study links"):
//   questionnaire.html#sd=<study>   rubric.html#sd=<study>
// <study> is the study document's canonical JSON text (RFC 8785, below),
// deflate-raw compressed and base64url-encoded without padding. The
// fragment never reaches the web server. A page loads this module only when
// its address has #sd= (study.js), so the questionnaire's size budget does
// not pay for it.
//
// The study in a link is untrusted: its size is bounded before and while it
// is decompressed (a zip bomb stops after at most one more slice of output),
// it must be UTF-8 JSON of a study format, and the page then has the engine
// validate it and show its texts as text only. The same module encodes
// (encodeStudy, studyLinks: scripts/dev/study-link.mjs and the designer) and
// computes the fingerprint the pages show (fingerprint).

// Bounds of a link: the base64url text, the compressed bytes and the JSON
// text they give.
export const LIMITS = { compressed: 64 * 1024, text: 256 * 1024 };
LIMITS.link = Math.ceil(LIMITS.compressed * 4 / 3);
// Compressed bytes fed to the decompressor at a time: deflate expands a byte
// at most ~1032 times, so one slice gives at most ~1 MB before the limit is
// checked again.
const SLICE = 1024;

// A link that cannot be used; `key` is the i18n key of the sentence
// (link.too_large, link.damaged, link.not_study, link.no_decompression).
export class LinkError extends Error {
  constructor(key, detail = '') {
    super(detail || key);
    this.name = 'LinkError';
    this.key = key;
    this.detail = detail;
  }
}

// --- RFC 8785 (JCS) canonical JSON --------------------------------------
// Object keys sorted by UTF-16 code units (JavaScript's default sort),
// numbers as ECMAScript writes them, strings escaped as JSON.stringify
// escapes them; no whitespace. The engine's core/canonical_json.cpp (the
// integrity seal's sha256-jcs method) writes the same text.
export function canonicalJson(value) {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot write a ${typeof value}`);
}

// --- SHA-256 -------------------------------------------------------------
// crypto.subtle exists only in secure contexts (HTTPS, localhost); a site
// opened over plain HTTP uses the small implementation below (FIPS 180-4).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256Js(bytes) {
  const bitLen = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 2 ** 32));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(4 * i, h[i]);
  return out;
}

export async function sha256(bytes) {
  const subtle = globalThis.isSecureContext !== false ? globalThis.crypto?.subtle : null;
  if (subtle?.digest) {
    try {
      return new Uint8Array(await subtle.digest('SHA-256', bytes));
    } catch { /* fall back below */ }
  }
  return sha256Js(bytes);
}

// --- Fingerprint ---------------------------------------------------------
// The first 60 bits of SHA-256(canonical JSON of the study, UTF-8) as 12
// base32 letters (RFC 4648 alphabet), in groups of four: ABCD-EFGH-IJKL.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function fingerprintOfDigest(digest) {
  let out = '';
  for (let i = 0; i < 12; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const word = (digest[byte] << 8) | (digest[byte + 1] ?? 0);
    out += BASE32[(word >> (11 - (bit & 7))) & 31];
    if (i % 4 === 3 && i < 11) out += '-';
  }
  return out;
}

export async function fingerprint(study) {
  return fingerprintOfDigest(await sha256(new TextEncoder().encode(canonicalJson(study))));
}

// The recipients' fingerprint: the same 12 letters over the canonical JSON
// of the study's age recipients (encryption.recipients or
// x-encryption.recipients) as a list sorted by UTF-16 code units, without
// duplicates: ["age1...","age1..."]. It tells students and experts to whom
// their answers will be encrypted, whatever order the study lists them in.
export async function recipientsFingerprint(recipients) {
  return fingerprint([...new Set(recipients)].sort());
}

// --- base64url -----------------------------------------------------------
function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new LinkError('link.damaged', 'not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new LinkError('link.damaged', 'not base64url');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// --- deflate-raw -----------------------------------------------------------
async function readAll(readable, max) {
  const reader = readable.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      reader.cancel().catch(() => {});
      throw new LinkError('link.too_large', `more than ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

async function deflate(bytes) {
  if (typeof CompressionStream !== 'function') throw new LinkError('link.no_decompression');
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  return readAll(cs.readable, Infinity);
}

// Inflates at most `max` bytes: the input goes in by slices while the
// output is read, so a bomb is stopped after one slice's worth of output.
async function inflate(bytes, max) {
  if (typeof DecompressionStream !== 'function') throw new LinkError('link.no_decompression');
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  let stopped = false;
  const feeding = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += SLICE) {
      await writer.ready;
      if (!stopped) await writer.write(bytes.subarray(i, i + SLICE));
    }
    if (!stopped) await writer.close();
  })();
  feeding.catch(() => {});
  try {
    const out = await readAll(ds.readable, max);
    await feeding;
    return out;
  } catch (err) {
    stopped = true;
    writer.abort().catch(() => {});
    if (err instanceof LinkError) throw err;
    throw new LinkError('link.damaged', String(err?.message ?? err));
  }
}

// --- The link ----------------------------------------------------------------
const STUDY_FORMATS = ['assess-study/1', 'assess-study/2'];

// The study document -> the text after "#sd=".
export async function encodeStudy(study) {
  return toBase64url(await deflate(new TextEncoder().encode(canonicalJson(study))));
}

// The text after "#sd=" -> the study document (not yet validated by the
// engine: the page does that). Throws a LinkError.
export async function decodeStudy(text) {
  if (typeof text !== 'string' || !text) throw new LinkError('link.damaged', 'empty');
  if (text.length > LIMITS.link) throw new LinkError('link.too_large', `${text.length} characters`);
  const packed = fromBase64url(text);
  if (packed.length > LIMITS.compressed) throw new LinkError('link.too_large', `${packed.length} bytes`);
  const bytes = await inflate(packed, LIMITS.text);
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LinkError('link.damaged', 'not UTF-8');
  }
  let doc;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new LinkError('link.not_study', err.message);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !STUDY_FORMATS.includes(doc.format)) {
    throw new LinkError('link.not_study', `format ${JSON.stringify(doc?.format ?? null)}`);
  }
  return doc;
}

// The value of sd= in an address's fragment ("#sd=...", also among other
// "&"-separated fields), or null.
export function linkParam(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  if (!h) return null;
  for (const part of h.split('&')) {
    if (part.startsWith('sd=')) return part.slice(3);
  }
  return null;
}

// The student's and the expert's link of a study; `base` is the site's
// address (ending in "/").
export async function studyLinks(study, base) {
  const sd = await encodeStudy(study);
  return {
    questionnaire: new URL(`questionnaire.html#sd=${sd}`, base).href,
    rubric: new URL(`rubric.html#sd=${sd}`, base).href,
  };
}

// The address must keep the link's #sd= for a reload to show the same
// study: in-page links (the skip link) move the focus without changing the
// address, and another study pasted into the same tab's address starts the
// page again with it.
export function keepLinkInAddress() {
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
    const target = a && document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    if (!target) return;
    e.preventDefault();
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    target.scrollIntoView();
  });
  addEventListener('hashchange', () => { if (location.hash.includes('sd=')) location.reload(); });
}
