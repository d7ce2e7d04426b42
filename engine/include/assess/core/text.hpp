// Small text helpers for messages: cutting a user's text short without
// splitting a UTF-8 character, and quoting it. Plain strings only (no JSON,
// no messages), so any layer may use them.
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

}  // namespace assess
