// The researcher's files: read from a file picker, a drop or the demo
// folder, kept as bytes (the engine judges the encoding on the real bytes
// and says how to fix a file that is not UTF-8), and sorted by what they
// contain so that each goes to the right engine op. The engine does the real
// checking; this only routes, and only a file that is neither responses,
// ratings nor links is stopped here.

export const KINDS = ['responses', 'ratings', 'links', 'unknown'];

let nextId = 1;

// Text good enough to recognise the kind of a file: UTF-8 (invalid bytes
// replaced), or UTF-16 when it starts with that byte-order mark.
function looseText(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

// {id, name, size, bytes, text, kind, problem} from raw bytes. text is the
// strict UTF-8 text, or null when the bytes are not UTF-8.
export function fileFromBytes(name, bytes, source = 'user') {
  const f = { id: nextId++, name, size: bytes.byteLength, bytes, text: null, kind: 'unknown', problem: null, source };
  try {
    f.text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    f.text = null;
  }
  const binary = bytes.subarray(0, 4096).some((b) => b < 9 || (b > 13 && b < 32)) && !(bytes[0] === 0xff || bytes[0] === 0xfe);
  f.kind = binary ? 'unknown' : classify(f.text ?? looseText(bytes));
  if (f.kind === 'unknown') f.problem = { key: binary ? 'a.files.binary' : 'a.files.unknown_kind', params: { name } };
  return f;
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
  const s = stripBom(file.text ?? looseText(file.bytes)).trim();
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
