// The analysis page's engine normalises text with the browser's own
// Unicode normalisation (String.prototype.normalize) instead of the engine's
// tables (engine/src/core/unicode.cpp, 9 KB gzip): the same algorithm of
// UAX #15, which the Unicode stability policy keeps fixed for every
// character assigned by the engine's Unicode 14; the browser's ICU may know
// characters assigned since, which the engine's tables pass through
// unchanged (docs/web.md, "Two engines on the analysis page"). Linked into
// that engine only (wasm/wasm.cmake); the other builds keep the tables.
// ASCII text never leaves the engine: it is NFC as it is.
#include <string>
#include <string_view>

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include "assess/core/text.hpp"

// form 0: NFC, 1: NFD. Returns the byte length of the result, kept for
// assess_js_unicode_take, or -1 when the bytes are not well-formed UTF-8
// (no exception crosses into the engine). The body is JavaScript.
// clang-format off
EM_JS(int, assess_js_unicode, (const char* text, int size, int form), {
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(HEAPU8.subarray(text, text + size));
    Module.assessUnicodeOut = new TextEncoder().encode(decoded.normalize(form === 0 ? 'NFC' : 'NFD'));
    return Module.assessUnicodeOut.length;
  } catch (e) {
    Module.assessUnicodeOut = null;
    return -1;
  }
});
EM_JS(void, assess_js_unicode_take, (char* out), {
  HEAPU8.set(Module.assessUnicodeOut, out);
  Module.assessUnicodeOut = null;
});
// clang-format on

namespace assess {
namespace {

bool ascii(std::string_view text) noexcept {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The form of `text`, or nullopt-like false when it is not UTF-8.
bool normalise(std::string_view text, int form, std::string& out) {
  const int n = assess_js_unicode(text.data(), static_cast<int>(text.size()), form);
  if (n < 0) return false;
  out.assign(static_cast<std::size_t>(n), '\0');
  if (n > 0) assess_js_unicode_take(out.data());
  return true;
}

void encode_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Well-formed UTF-8 (the browser's encoder wrote it) into code points.
std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1FU) : len == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3FU);
    }
    out += cp;
    i += static_cast<std::size_t>(len);
  }
  return out;
}

}  // namespace

std::string nfc(std::string_view text) {
  std::string out;
  if (ascii(text) || !normalise(text, 0, out)) return std::string(text);
  return out;
}

std::u32string nfc(std::u32string_view text) {
  std::string bytes;
  for (char32_t cp : text) encode_utf8(cp, bytes);
  return decode_utf8(nfc(std::string_view(bytes)));
}

bool nfc_quick_check(std::string_view text) {
  if (ascii(text)) return true;
  std::string out;
  return normalise(text, 0, out) && out == text;
}

std::u32string canonical_decomposition(char32_t cp) {
  std::string bytes;
  encode_utf8(cp, bytes);
  std::string out;
  if (!normalise(bytes, 1, out)) return std::u32string(1, cp);
  return decode_utf8(out);
}

}  // namespace assess
