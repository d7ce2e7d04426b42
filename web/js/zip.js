// A ZIP archive written by the page (store only): the Word report
// (docx.js) and the CSV tables (table-csv.js) put their files in one.
//
// Our own writer rather than a library: a .docx needs only a ZIP container
// of a few XML parts and PNG images, and the CSV tables a few small texts,
// none of which gains much from compression, and a store-only ZIP is
// three record layouts and a CRC-32. That does not justify a dependency to
// vet, pin and ship.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const enc = new TextEncoder();

// CRC-32 (ISO 3309, as ZIP uses it) of a byte array.
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A ZIP archive (method 0, "stored") of files [{name, data: string|Uint8Array}],
// in the given order, dated `when` (local time, as ZIP's MS-DOS fields are).
export function storedZip(files, when = new Date()) {
  const time = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
  const day = ((Math.max(1980, when.getFullYear()) - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  const entries = files.map((f) => {
    const data = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
    return { name: enc.encode(f.name), data, crc: crc32(data), offset: 0 };
  });
  let size = 22;
  for (const e of entries) size += 30 + e.name.length + e.data.length + 46 + e.name.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  const u16 = (x) => { v.setUint16(at, x, true); at += 2; };
  const u32 = (x) => { v.setUint32(at, x >>> 0, true); at += 4; };
  const bytes = (b) => { out.set(b, at); at += b.length; };
  // The fields shared by the local and the central header, from "version
  // needed" on: version 2.0, no flags, stored, time, date, CRC, sizes, name length.
  const common = (e) => { u16(20); u16(0); u16(0); u16(time); u16(day); u32(e.crc); u32(e.data.length); u32(e.data.length); u16(e.name.length); };
  for (const e of entries) {
    e.offset = at;
    u32(0x04034b50);
    common(e);
    u16(0); // extra field length
    bytes(e.name);
    bytes(e.data);
  }
  const central = at;
  for (const e of entries) {
    u32(0x02014b50);
    u16(20); // made by: version 2.0
    common(e);
    u16(0); u16(0); u16(0); u16(0); u32(0); // extra, comment, disk, internal and external attributes
    u32(e.offset);
    bytes(e.name);
  }
  const centralSize = at - central;
  u32(0x06054b50);
  u16(0); u16(0); u16(entries.length); u16(entries.length);
  u32(centralSize); u32(central);
  u16(0); // comment length
  return out;
}
