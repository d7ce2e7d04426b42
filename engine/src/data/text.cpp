#include "assess/data/text.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

namespace assess::data {
namespace {

EncodingIssue make_issue(std::size_t offset, std::string what, std::string guess, bool whole_file,
                         EncodingIssue::Kind kind, unsigned char byte = 0) {
  EncodingIssue is;
  is.offset = offset;
  is.what = std::move(what);
  is.guess = std::move(guess);
  is.whole_file = whole_file;
  is.kind = kind;
  is.byte = byte;
  return is;
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

// What a non-UTF-8 file with these high bytes probably is. Cyrillic text in
// Windows-1251 puts nearly all letters at 0xC0-0xFF (plus Ё ё І і at 0xA8
// 0xB8 0xB2 0xB3); CP866 puts А-п at 0x80-0xAF and р-я at 0xE0-0xEF.
std::string guess_single_byte(std::string_view text) {
  std::size_t high = 0, cp1251 = 0, cp866 = 0;
  std::size_t n = text.size() < (4u << 20) ? text.size() : (4u << 20);
  for (std::size_t i = 0; i < n; ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) continue;
    ++high;
    if (b >= 0xC0 || b == 0xA8 || b == 0xB8 || b == 0xB2 || b == 0xB3 || b == 0xAB || b == 0xBB || b == 0xB9) ++cp1251;
    if (b <= 0xAF || (b >= 0xE0 && b <= 0xF1)) ++cp866;
  }
  if (high == 0) return "";
  if (cp1251 * 10 >= high * 8) return "Windows-1251 (Cyrillic)";
  if (cp866 * 10 >= high * 8) return "CP866 (Cyrillic, DOS)";
  return "a single-byte encoding such as Windows-1252";
}

// Signatures of files that are not text at all.
std::optional<EncodingIssue> binary_signature(std::string_view t) {
  auto starts = [&](const char* sig, std::size_t n) { return t.size() >= n && std::memcmp(t.data(), sig, n) == 0; };
  if (starts("PK\x03\x04", 4)) {
    return make_issue(0, "the file is a ZIP archive, not text", "an Excel workbook (.xlsx) or another ZIP file", true,
                      EncodingIssue::Kind::zip_archive);
  }
  if (starts("\xD0\xCF\x11\xE0", 4)) {
    return make_issue(0, "the file is a binary document, not text", "an Excel 97-2003 workbook (.xls)", true,
                      EncodingIssue::Kind::binary_document);
  }
  // UTF-32 byte-order marks hold NUL bytes: arrays, not string literals.
  constexpr char kUtf32Le[] = {'\xFF', '\xFE', '\0', '\0'};
  constexpr char kUtf32Be[] = {'\0', '\0', '\xFE', '\xFF'};
  if (starts(kUtf32Le, 4)) {
    return make_issue(0, "the file starts with a UTF-32 byte-order mark", "UTF-32 (little-endian)", true,
                      EncodingIssue::Kind::utf32_bom);
  }
  if (starts(kUtf32Be, 4)) {
    return make_issue(0, "the file starts with a UTF-32 byte-order mark", "UTF-32 (big-endian)", true,
                      EncodingIssue::Kind::utf32_bom);
  }
  if (starts("\xFF\xFE", 2)) {
    return make_issue(0, "the file starts with a UTF-16 byte-order mark", "UTF-16 (little-endian)", true,
                      EncodingIssue::Kind::utf16_bom);
  }
  if (starts("\xFE\xFF", 2)) {
    return make_issue(0, "the file starts with a UTF-16 byte-order mark", "UTF-16 (big-endian)", true,
                      EncodingIssue::Kind::utf16_bom);
  }
  return std::nullopt;
}

// A NUL byte in text: UTF-16 without a BOM puts NULs at every other byte of
// ASCII characters.
EncodingIssue nul_issue(std::string_view t, std::size_t offset) {
  std::size_t n = t.size() < 4096 ? t.size() : 4096;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i] == '\0') (i % 2 ? odd : even)++;
  }
  EncodingIssue is = make_issue(offset, "the file contains a NUL byte, which text never does", "", false,
                                EncodingIssue::Kind::nul_byte);
  // At least 30% of the odd (even) bytes NUL, and few at the other parity.
  if (n >= 4 && odd * 10 >= (n / 2) * 3 && odd > even * 4)
    is.guess = "UTF-16 (little-endian)";
  else if (n >= 4 && even * 10 >= (n / 2) * 3 && even > odd * 4)
    is.guess = "UTF-16 (big-endian)";
  else
    is.guess = "a binary file";
  return is;
}

}  // namespace

std::size_t utf8_bom_length(std::string_view t) noexcept {
  return t.size() >= 3 && t[0] == '\xEF' && t[1] == '\xBB' && t[2] == '\xBF' ? 3 : 0;
}

namespace {

std::optional<EncodingIssue> find_issue(std::string_view text) {
  if (auto sig = binary_signature(text)) return sig;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = utf8_bom_length(text);
  while (i < n) {
    // ASCII fast path, eight bytes at a time; NUL bytes fall to the slow path.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      // high bit set in any byte, or any zero byte
      std::uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
      if ((w & 0x8080808080808080ull) || zero) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char b = s[i];
    if (b < 0x80) {
      if (b == 0) return nul_issue(text, i);
      ++i;
      continue;
    }
    std::size_t len;
    char32_t min;
    if (b >= 0xC2 && b <= 0xDF)
      len = 2, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
      len = 3, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
      len = 4, min = 0x10000;
    else {
      return make_issue(i, "the byte " + hex_byte(b) + " cannot start a UTF-8 character", guess_single_byte(text),
                        false, EncodingIssue::Kind::bad_start_byte, b);
    }
    char32_t cp = b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n || (s[i + k] & 0xC0) != 0x80) {
        return make_issue(i, "the byte " + hex_byte(b) + " starts a UTF-8 character that is cut short",
                          guess_single_byte(text), false, EncodingIssue::Kind::cut_short, b);
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return make_issue(i, "the bytes at this place are not a valid UTF-8 character", guess_single_byte(text), false,
                        EncodingIssue::Kind::invalid_sequence);
    }
    i += len;
  }
  return std::nullopt;
}

// The stable code of a guess (the English names of guess_single_byte,
// binary_signature and nul_issue).
const char* guess_code(const std::string& guess) {
  static const char* const kCodes[][2] = {{"Windows-1251 (Cyrillic)", "windows_1251"},
                                          {"CP866 (Cyrillic, DOS)", "cp866"},
                                          {"a single-byte encoding such as Windows-1252", "single_byte"},
                                          {"an Excel workbook (.xlsx) or another ZIP file", "xlsx"},
                                          {"an Excel 97-2003 workbook (.xls)", "xls"},
                                          {"UTF-32 (little-endian)", "utf32le"},
                                          {"UTF-32 (big-endian)", "utf32be"},
                                          {"UTF-16 (little-endian)", "utf16le"},
                                          {"UTF-16 (big-endian)", "utf16be"},
                                          {"a binary file", "binary"}};
  for (const auto& c : kCodes) {
    if (guess == c[0]) return c[1];
  }
  return "";
}

}  // namespace

std::optional<EncodingIssue> check_utf8(std::string_view text) {
  auto issue = find_issue(text);
  if (issue) issue->guess_code = guess_code(issue->guess);
  return issue;
}

const char* to_string(EncodingIssue::Kind kind) noexcept {
  switch (kind) {
    case EncodingIssue::Kind::zip_archive:
      return "zip_archive";
    case EncodingIssue::Kind::binary_document:
      return "binary_document";
    case EncodingIssue::Kind::utf32_bom:
      return "utf32_bom";
    case EncodingIssue::Kind::utf16_bom:
      return "utf16_bom";
    case EncodingIssue::Kind::nul_byte:
      return "nul_byte";
    case EncodingIssue::Kind::bad_start_byte:
      return "bad_start_byte";
    case EncodingIssue::Kind::cut_short:
      return "cut_short";
    case EncodingIssue::Kind::invalid_sequence:
      break;
  }
  return "invalid_sequence";
}

std::string encoding_advice(const EncodingIssue& is) {
  if (is.guess.empty()) return "save it again as UTF-8";
  if (is.guess.rfind("an Excel", 0) == 0 || is.guess == "a binary file") {
    return "it looks like " + is.guess + "; export it as CSV UTF-8 (in Excel: Save As > CSV UTF-8)";
  }
  return "it looks like " + is.guess + "; save it again as UTF-8 (in Excel: Save As > CSV UTF-8)";
}

char32_t next_code_point(std::string_view t, std::size_t& pos) noexcept {
  auto b = static_cast<unsigned char>(t[pos]);
  if (b < 0x80) {
    ++pos;
    return b;
  }
  std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  char32_t cp = b & (0x7F >> len);
  for (std::size_t k = 1; k < len && pos + k < t.size(); ++k) cp = (cp << 6) | (t[pos + k] & 0x3F);
  pos += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace assess::data
