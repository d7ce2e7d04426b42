// The researcher's files: read from a file picker, a drop or the demo
// folder, decoded as UTF-8 (a file in another encoding is reported, not
// guessed at), and sorted by what they contain so that each goes to the
// right engine op. The engine does the real checking; this only routes.

export const KINDS = ['responses', 'ratings', 'links', 'unknown'];

let nextId = 1;

// {id, name, size, text, kind, problem} from raw bytes.
export function fileFromBytes(name, bytes, source = 'user') {
  const f = { id: nextId++, name, size: bytes.byteLength, text: null, kind: 'unknown', problem: null, source };
  try {
    f.text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (f.text.includes('\u0000')) throw new Error('NUL');
  } catch {
    f.text = null;
    f.problem = notText(name, bytes);
    return f;
  }
  f.kind = classify(f.text);
  if (f.kind === 'unknown' && !f.problem) f.problem = { key: 'a.files.unknown_kind', params: { name } };
  return f;
}

// Why bytes are not UTF-8 text, with the likely encoding when it can be told
// (the usual suspects from spreadsheets: UTF-16 "Unicode text", Windows-1251
// from a Cyrillic Excel), so that the message says how to fix the file.
function notText(name, bytes) {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return { key: 'a.files.utf16', params: { name } };
  const sample = bytes.subarray(0, 4096);
  const controls = sample.filter((b) => b < 9 || (b > 13 && b < 32)).length;
  if (controls > 0) return { key: 'a.files.binary', params: { name } };
  const text = new TextDecoder('windows-1251').decode(sample);
  const cyr = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const high = sample.filter((b) => b >= 0x80).length;
  if (high > 0 && cyr >= high * 0.9) return { key: 'a.files.cp1251', params: { name } };
  return { key: 'a.files.not_utf8', params: { name } };
}

export async function readFiles(fileList) {
  const out = [];
  for (const file of fileList) out.push(fileFromBytes(file.name, new Uint8Array(await file.arrayBuffer())));
  return out;
}

// The demo study shipped with the site (demo/index.json lists its files).
export async function demoFiles() {
  const base = new URL('../demo/', import.meta.url);
  const res = await fetch(new URL('index.json', base));
  if (!res.ok) throw new Error(`demo/index.json: HTTP ${res.status}`);
  const { files } = await res.json();
  const out = [];
  for (const name of files) {
    const r = await fetch(new URL(name, base));
    if (!r.ok) throw new Error(`demo/${name}: HTTP ${r.status}`);
    out.push(fileFromBytes(name, new Uint8Array(await r.arrayBuffer()), 'demo'));
  }
  return out;
}

function stripBom(s) { return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s; }

// What a file holds, from its JSON "format" or its CSV header.
export function classify(text) {
  const s = stripBom(text).trimStart();
  if (s.startsWith('{') || s.startsWith('[')) {
    let doc;
    try {
      doc = JSON.parse(s);
    } catch {
      // Malformed JSON still goes to the engine, which says where it breaks;
      // guess its kind from the format string in the text.
      const m = s.match(/"format"\s*:\s*"(assess-[a-z]+)\//);
      return m ? kindOfFormat(`${m[1]}/`) : 'responses';
    }
    const first = Array.isArray(doc) ? doc[0] : doc;
    return kindOfFormat(first && typeof first === 'object' ? String(first.format ?? '') : '');
  }
  const header = s.split(/\r\n|\n|\r/, 1)[0].toLowerCase();
  const cols = header.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (cols.includes('expert') && cols.includes('object')) return 'ratings';
  if (cols.includes('pre') && cols.includes('post') && cols.length <= 4) return 'links';
  if (cols.includes('code')) return 'responses';
  return 'unknown';
}

function kindOfFormat(format) {
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
      return (doc.links ?? []).filter((l) => l && typeof l.pre === 'string' && typeof l.post === 'string');
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
