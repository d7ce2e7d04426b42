// The QR codes of the classroom sheet (web/js/qr-code.js, sheet.html): a
// link fits when its UTF-8 bytes fit a QR code of version 25 at level M in
// byte mode, 997 bytes (checked here against the `qr` encoder itself at the
// boundary), the symbol is the smallest version that holds the link, and
// the SVG path drawn from it decodes with Debian's zbarimg to the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import encodeQR from 'qr';
import { fitsQr, qrSymbol, qrPath, MAX_BYTES, MAX_VERSION, utf8Length } from '../../web/js/qr-code.js';

// A link of exactly n bytes, like the sheet's.
const linkOf = (n) => {
  const head = 'https://assess.example.edu/questionnaire.html#sd=';
  return head + 'A'.repeat(n - head.length);
};
const fitsVersion25M = (text) => {
  try {
    encodeQR(text, 'raw', { ecc: 'medium', encoding: 'byte', version: MAX_VERSION });
    return true;
  } catch {
    return false;
  }
};

test('version 25 at level M holds 997 bytes in byte mode: the rule agrees with the encoder at the boundary', () => {
  assert.equal(MAX_VERSION, 25);
  assert.equal(MAX_BYTES, 997);
  for (const n of [60, 500, 996, 997]) {
    const link = linkOf(n);
    assert.equal(utf8Length(link), n);
    assert.equal(fitsQr(link), true, `${n} bytes`);
    assert.equal(fitsVersion25M(link), true, `${n} bytes at version 25-M`);
  }
  for (const n of [998, 999, 1273, 1274]) {
    const link = linkOf(n);
    assert.equal(fitsQr(link), false, `${n} bytes`);
    assert.equal(fitsVersion25M(link), false, `${n} bytes at version 25-M`);
    assert.throws(() => qrSymbol(link), RangeError);
  }
  // 1273 bytes is the capacity of version 25 at level L, not M.
  assert.doesNotThrow(() => encodeQR(linkOf(1273), 'raw', { ecc: 'low', encoding: 'byte', version: 25 }));
  // Bytes, not characters: 499 two-byte letters are 998 bytes.
  assert.equal(fitsQr('ә'.repeat(498)), true);
  assert.equal(fitsQr('ә'.repeat(499)), false);
});

test('the symbol is the smallest version that holds the link', () => {
  assert.equal(qrSymbol('a').version, 1);
  assert.equal(qrSymbol(linkOf(997)).version, 25);
  assert.equal(qrSymbol(linkOf(997)).size, 117);
  assert.equal(qrSymbol(linkOf(996 - 90)).version < 25, true);
  let last = 0;
  for (const n of [60, 200, 400, 700, 900, 997]) {
    const { version, size } = qrSymbol(linkOf(n));
    assert.ok(version >= last && version <= 25, `${n} bytes: version ${version}`);
    assert.equal(size, 17 + 4 * version);
    last = version;
  }
});

// The path as a greyscale image (PGM), 4 pixels a module, for zbarimg.
function pgm(symbol, scale = 4, quiet = 4) {
  const d = qrPath(symbol, quiet);
  const side = symbol.size + 2 * quiet;
  const dark = new Uint8Array(side * side);
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = m.slice(1).map(Number);
    for (let i = 0; i < w; i++) dark[y * side + x + i] = 1;
  }
  const px = side * scale;
  const img = Buffer.alloc(px * px, 255);
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) if (dark[Math.floor(y / scale) * side + Math.floor(x / scale)]) img[y * px + x] = 0;
  }
  return Buffer.concat([Buffer.from(`P5\n${px} ${px}\n255\n`), img]);
}

test('the drawn path decodes with zbarimg to the link, up to the boundary', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'assess-qr-'));
  try {
    for (const link of [linkOf(120), linkOf(811), linkOf(997), 'https://x.example/rubric.html?study=study.%D3%99.v1.json']) {
      const file = path.join(tmp, 'code.pgm');
      writeFileSync(file, pgm(qrSymbol(link)));
      const out = execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' });
      assert.equal(out.replace(/\n$/, ''), link);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
