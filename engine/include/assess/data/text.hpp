// Text encoding checks for imported files: strict UTF-8 validation, the
// optional byte-order mark, and a diagnosis of what a file that is not UTF-8
// probably is (UTF-16 from "Unicode text" exports, Windows-1251 from a
// Cyrillic Excel, CP866 from old DOS tools), so that the message can tell the
// researcher how to save the file again instead of only "bad byte".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace assess::data {

// Length of a UTF-8 byte-order mark at the start of text (3 or 0).
std::size_t utf8_bom_length(std::string_view text) noexcept;

// Where and why bytes are not UTF-8 text.
struct EncodingIssue {
  // What was found, for messages in other languages (what says it in English).
  enum class Kind : unsigned char {
    zip_archive,
    binary_document,
    utf32_bom,
    utf16_bom,
    nul_byte,
    bad_start_byte,  // byte: the byte that cannot start a character
    cut_short,       // byte: the byte whose character is cut short
    invalid_sequence,
  };
  std::size_t offset = 0;   // byte offset of the first offending byte
  std::string what;         // "the byte 0xC0 cannot start a UTF-8 character"
  std::string guess;        // "Windows-1251 (Cyrillic)", "UTF-16 (little-endian)", or ""
  bool whole_file = false;  // true for a UTF-16/UTF-32 byte-order mark: the offset means nothing
  Kind kind = Kind::invalid_sequence;
  unsigned char byte = 0;
  // guess as a stable code: "windows_1251", "cp866", "single_byte", "xlsx", "xls", "utf32le",
  // "utf32be", "utf16le", "utf16be", "binary", or "" (no guess)
  std::string guess_code;
};

// The code of kind ("zip_archive", "nul_byte", ...).
const char* to_string(EncodingIssue::Kind kind) noexcept;

// Nothing when text is well-formed UTF-8 without NUL bytes (a leading BOM is
// allowed); else the first problem. Overlong forms, surrogates and code
// points above U+10FFFF are rejected, as the Unicode standard requires.
std::optional<EncodingIssue> check_utf8(std::string_view text);

// One sentence of advice for an issue: "it looks like Windows-1251 (Cyrillic);
// save it again as UTF-8 (in Excel: Save As > CSV UTF-8)".
std::string encoding_advice(const EncodingIssue& issue);

// Decodes the code point at text[pos] of *valid* UTF-8 and advances pos.
char32_t next_code_point(std::string_view text, std::size_t& pos) noexcept;

// Appends the UTF-8 form of a code point.
void append_utf8(std::string& out, char32_t cp);

// "U+04D9" for messages.
std::string code_point_name(char32_t cp);

}  // namespace assess::data
