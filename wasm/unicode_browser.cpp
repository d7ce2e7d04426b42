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
#include "assess/data/text.hpp"

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

// The browser's encoder wrote well-formed UTF-8: data::next_code_point reads it.
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out += data::next_code_point(s, pos);
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
  for (char32_t cp : text) data::append_utf8(bytes, cp);
  return code_points(nfc(std::string_view(bytes)));
}

bool nfc_quick_check(std::string_view text) {
  if (ascii(text)) return true;
  std::string out;
  return normalise(text, 0, out) && out == text;
}

std::u32string canonical_decomposition(char32_t cp) {
  std::string bytes;
  data::append_utf8(bytes, cp);
  std::string out;
  if (!normalise(bytes, 1, out)) return std::u32string(1, cp);
  return code_points(out);
}

}  // namespace assess
