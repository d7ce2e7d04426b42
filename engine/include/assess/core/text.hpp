// Small text helpers: cutting a user's text short for a message without
// splitting a UTF-8 character, quoting it, and Unicode normalisation form C
// (NFC) for comparing texts. Plain strings only (no JSON, no messages), so
// any layer may use them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace assess {

// How many bytes of a user's text a message shows (one number per kind).
inline constexpr std::size_t kShownValue = 40;  // a value: a cell, a JSON string, an argument's text
inline constexpr std::size_t kShownText = 80;   // an id or text of a document, a code
inline constexpr std::size_t kShownName = 100;  // a name: an op, argument or key
inline constexpr std::size_t kShownFileName = 200;
inline constexpr std::size_t kShownVersion = 20;  // an engine version named by a file
inline constexpr std::size_t kShownDigest = 12;   // a SHA-256 digest: its first hex digits

// The first at most `max_bytes` bytes of s, shortened further so that the
// cut never falls inside a UTF-8 character (a 2-, 3- or 4-byte sequence is
// kept whole or left out whole). No ellipsis is appended. ASCII text gives
// exactly s.substr(0, max_bytes).
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept;

// s as a message shows a user's text: whole when it has at most `max_bytes`
// bytes, else utf8_prefix(s, max_bytes) followed by "..." (the ellipsis is
// appended only when the text was cut).
std::string clipped(std::string_view s, std::size_t max_bytes);

// s between double quotes, as the English of a message quotes a name:
// "\"" + s + "\"" (nothing inside is escaped).
std::string quote(std::string_view s);

// Bytes as base64 (RFC 4648, with = padding, no line breaks): how a response
// carries a binary file (the op dataset's .sav).
std::string base64(std::string_view bytes);

// The bytes of base64 text (the CLI writes the op's .sav from it); what is
// not a base64 digit (the = padding, line breaks) is skipped.
std::string from_base64(std::string_view text);

// ---- Unicode NFC ------------------------------------------------------------------------------
// The engine's own normalisation form C (Unicode Standard Annex #15), with
// tables generated from the Unicode Character Database by
// scripts/dev/gen-unicode-nfc.py (engine/src/core/nfc_data.inc, version in
// unicode_version()): canonical decomposition (recursive; Hangul syllables
// algorithmically), canonical ordering of combining marks by their
// combining class, canonical composition without the composition
// exclusions. Two texts are canonically equivalent (the same letters,
// however an editor or keyboard encoded them: "Й" as U+0419 or as И +
// combining breve U+0306) exactly when their NFC forms are equal bytes.

// The NFC form of UTF-8 text. Text that is already NFC (every ASCII text,
// and Kazakh, Russian or Latin text written with precomposed letters) is
// returned as it is after one pass over its bytes (nfc_quick_check). Bytes
// that are not well-formed UTF-8 are returned unchanged (importers have
// rejected them before).
std::string nfc(std::string_view text);

// The NFC form of a sequence of code points (each must be a Unicode scalar
// value: at most U+10FFFF, not a surrogate).
std::u32string nfc(std::u32string_view text);

// True when the text is certainly NFC (the Quick_Check of UAX #15: no code
// point whose NFC_Quick_Check is No or Maybe, combining marks in canonical
// order); false when it may not be, or is not well-formed UTF-8.
bool nfc_quick_check(std::string_view text);

// The canonical combining class of a code point (0 for starters).
unsigned canonical_combining_class(char32_t cp);

// The full canonical decomposition of a code point (the code point itself
// when it has none).
std::u32string canonical_decomposition(char32_t cp);

// The version of the Unicode Character Database of the NFC tables ("14.0.0").
const char* unicode_version() noexcept;

}  // namespace assess
