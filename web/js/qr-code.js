// QR codes for the classroom sheet (sheet.html, issue 18): the links that
// carry a study, as QR symbols in byte mode at error-correction level M, no
// larger than version 25 (117 x 117 modules: still read by a phone's camera
// from a printed A4 sheet). The symbols are made by the `qr` package (npm,
// pinned, bundled into the sheet's module only); this module decides
// whether a link fits and turns the symbol into the outline of its dark
// modules for an inline SVG.
import encodeQR from 'qr';

export const MAX_VERSION = 25;
export const ECC = 'medium';
// Bytes of data a version-25 symbol holds at level M in byte mode (ISO/IEC
// 18004 Table 7: 997; the same version at level L holds 1273).
// tests/wasm/qr-code.test.mjs checks it against the encoder.
export const MAX_BYTES = 997;
const BORDER = 2;  // the encoder's margin, in modules; the SVG adds its own quiet zone

export const utf8Length = (text) => new TextEncoder().encode(text).length;

// Whether `text` fits a QR code of version 25 or lower at level M (byte mode).
export function fitsQr(text) {
  return utf8Length(text) <= MAX_BYTES;
}

// The symbol of `text` (the smallest version that holds it):
// {version, size, dark(x, y)}, size in modules without a quiet zone.
// Throws a RangeError when the text does not fit version 25.
export function qrSymbol(text) {
  if (!fitsQr(text)) throw new RangeError(`${utf8Length(text)} bytes do not fit a QR code of version ${MAX_VERSION} at level M`);
  const rows = encodeQR(text, 'raw', { ecc: ECC, encoding: 'byte', border: BORDER });
  const size = rows.length - 2 * BORDER;
  return {
    version: (size - 17) / 4,
    size,
    dark: (x, y) => rows[y + BORDER][x + BORDER] === true,
  };
}

// The dark modules as one SVG path (a run of dark modules in a row is one
// rectangle), in module units, offset by `quiet` modules of quiet zone.
export function qrPath(symbol, quiet = 4) {
  const parts = [];
  for (let y = 0; y < symbol.size; y++) {
    for (let x = 0; x < symbol.size; x++) {
      if (!symbol.dark(x, y)) continue;
      let end = x + 1;
      while (end < symbol.size && symbol.dark(end, y)) end++;
      parts.push(`M${x + quiet} ${y + quiet}h${end - x}v1h${x - end}z`);
      x = end;
    }
  }
  return parts.join('');
}
